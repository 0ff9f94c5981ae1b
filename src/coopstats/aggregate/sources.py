"""Which sources stand behind a selection: its events, their figures and named participations."""

from __future__ import annotations

import pandas as pd

from coopstats.aggregate.codes import member


def sources_of(sources: pd.DataFrame, source_ids: pd.Series | list[str]) -> pd.DataFrame:
    """The sources with some ids (missing ids ignored).

    Grain: one row per source (the sources table's columns), sorted by publisher, then
    source_id.
    """
    ids = pd.unique(pd.Series(source_ids, dtype="str").dropna())
    out = sources[member(sources["source_id"], ids)]
    return out.sort_values(["publisher", "source_id"], kind="stable").reset_index(drop=True)


def sources_cited(
    events: pd.DataFrame, figures: pd.DataFrame, cited: pd.Index | pd.Series, sources: pd.DataFrame
) -> pd.DataFrame:
    """Every source that the selected `events`, their figures and named participations cite.

    `figures` may be the whole table: only the figures of `events` count. `cited`: the source
    ids the selected participations cite (filters.selected_values). Grain and order: as
    sources_of.
    """
    # The figures' one column it reads, not a copy of every column of their rows.
    of_figures = figures["source_id"][member(figures["event_id"], events["event_id"]).to_numpy()]
    # Distinct values per column first: a million named participations cite a few thousand
    # sources, and a Python set of a million strings takes seconds.
    ids = pd.concat(
        [
            pd.Series(pd.unique(column.dropna()), dtype="str")
            for column in (events["source_id"], of_figures, pd.Series(cited))
        ],
        ignore_index=True,
    )
    return sources_of(sources, ids)


def figures_with_sources(figures: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Figures beside the publisher, address, language, dates and mirror flag of their source.

    Grain: one row per figure. Columns: the figures' and publisher, url, language,
    accessed_date, published_date, is_mirror. Sorted by status, metric, value, source_id.
    """
    columns = ["source_id", "publisher", "url", "language", "accessed_date", "published_date",
               "is_mirror"]  # fmt: skip
    out = figures.merge(sources[columns], on="source_id", how="left")
    return out.sort_values(["status", "metric", "value", "source_id"], kind="stable").reset_index(
        drop=True
    )
