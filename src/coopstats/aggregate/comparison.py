"""Editions side by side: which editions a comparison can pick, and their reported figures
per measure beside named counts (the measures and the timeline rows of aggregate/timeline.py).
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from coopstats.aggregate.codes import member
from coopstats.aggregate.reported import HEADLINE_COLUMNS
from coopstats.aggregate.timeline import ANNOUNCED_COLUMNS, MEASURES, named_by_measure


def comparison_choices(
    editions: pd.DataFrame, series: pd.DataFrame, series_order: tuple[str, ...] = ()
) -> pd.DataFrame:
    """The editions a comparison can pick from, with short unique labels and a default pair.

    Grain: one row per edition, sorted by series name then start. Columns: edition_id,
    series_id, series_name, year, start, title, label (short: "GFMD 2024", with the edition number or
    a counter when a series holds two editions in a year), option ("GFMD 2018 · 11th GFMD
    Summit": the label, then the title, for pickers), default
    (the latest two editions of the first series with at least two editions; series in
    `series_order` come first, then by name).
    """
    # A few hundred editions: labelled in plain Python over lists (pandas' sort, group-by and
    # concatenations of Arrow text took 9 ms for 650 editions, this takes about one).
    names = dict(zip(series["series_id"].tolist(), series["short_name"].tolist(), strict=True))
    ids = editions["event_id"].tolist()
    series_ids = editions["series_id"].tolist()
    series_name = [n if isinstance(n := names.get(s), str) else s for s in series_ids]
    start = editions["start"].to_numpy()
    missing = np.isnat(start)
    when = start.astype("int64")
    order = sorted(range(len(ids)), key=lambda i: (series_name[i], bool(missing[i]),
                                                   0 if missing[i] else int(when[i]), ids[i]))  # fmt: skip
    years = editions["year"].to_numpy()[order]
    numbers = editions["edition_number"].tolist()
    titles = editions["title"].tolist()
    plain = [f"{series_name[i]} {year}" for i, year in zip(order, years.tolist(), strict=True)]
    times = Counter(plain)
    seen: Counter[str] = Counter()
    label = []
    for i, text in zip(order, plain, strict=True):
        seen[text] += 1
        if times[text] > 1:  # two editions of a series in one year: the number, or a counter
            number = numbers[i]
            text = f"{text} ({number if isinstance(number, int) else '#' + str(seen[text])})"
        label.append(text)
    option = [f"{text} · {titles[i]}" if isinstance(titles[i], str) else None
              for i, text in zip(order, label, strict=True)]  # fmt: skip

    sorted_series = [series_ids[i] for i in order]
    sizes = Counter(sorted_series)
    eligible = [s for s in dict.fromkeys(sorted_series) if sizes[s] >= 2]
    preferred = [s for s in series_order if s in eligible] + eligible
    default_ids: list[str] = []
    if preferred:
        default_ids = [ids[i] for i in order if series_ids[i] == preferred[0]][-2:]
    return pd.DataFrame({
        "edition_id": pd.Series([ids[i] for i in order], dtype="str"),
        "series_id": pd.Series(sorted_series, dtype="str"),
        "series_name": pd.Series([series_name[i] for i in order], dtype="str"),
        "year": years,
        "start": start[order],
        "title": pd.Series([titles[i] for i in order], dtype="str"),
        "label": pd.Series(label, dtype="str"),
        "option": pd.Series(option, dtype="str"),
        "default": np.array([ids[i] in default_ids for i in order], dtype=bool),
    })  # fmt: skip


def edition_comparison(
    timeline: pd.DataFrame,
    participations: pd.DataFrame,
    choices: pd.DataFrame,
    edition_ids: list[str],
) -> pd.DataFrame:
    """Reported figures and named counts of some editions, side by side, in the order given.

    `timeline` is `edition_timeline` of the selected events, `choices` `comparison_choices`.
    Grain: one row per (edition, measure). Reported values are the edition's own (a
    sub-forum's figures are not added in); named counts fold in the edition's sub-forums and
    side meetings, as the presence matrix does. Columns: position (0-based order given),
    edition_id, label (the edition's short label), title, year, measure, metric, value_min,
    value_max, qualifier, qualifiers_min, qualifiers_max, conflict, announced_min,
    announced_max, announced_qualifiers_min, announced_qualifiers_max, named. Unknown ids are
    left out.
    """
    # A few rows out of a timeline of every selected event: found with one mask, put in order
    # and taken once, and joined to their counts and labels through dicts. Each pandas step
    # on a frame of two dozen columns costs about a millisecond whatever its rows; this
    # function took 30 ms at 10^5 in merges, assignments and a sort of a dozen rows.
    found = np.flatnonzero(
        (timeline["kind"] == "edition").to_numpy(dtype=bool)
        & member(timeline["event_id"], edition_ids).to_numpy()
    )
    position = {e: i for i, e in enumerate(dict.fromkeys(edition_ids))}
    order = {m: i for i, m in enumerate(MEASURES)}
    ids = timeline["event_id"].take(found).tolist()
    measures = timeline["measure"].take(found).tolist()
    ranked = sorted(
        range(len(found)), key=lambda i: (position[ids[i]], order.get(measures[i], len(order)))
    )
    ids, measures = [ids[i] for i in ranked], [measures[i] for i in ranked]
    kept = ["event_id", "measure", *HEADLINE_COLUMNS, *ANNOUNCED_COLUMNS]
    rows = timeline[kept].take(found[ranked]).reset_index(drop=True)
    # The three columns counted, of the compared editions' rows only (not every column).
    at = member(participations["edition_id"], edition_ids).to_numpy()
    selected = participations[["edition_id", "participant_id", "participant_type"]][at]
    counts = {m: series.to_dict() for m, series in named_by_measure(selected, "edition_id").items()}
    # An edition named nobody of a measure has 0 of it; people are never named (missing).
    named = [
        counts[m].get(e, 0) if m in counts else (None if m == "participants" else 0)
        for e, m in zip(ids, measures, strict=True)
    ]
    return pd.DataFrame({
        "position": np.array([position[e] for e in ids], dtype=np.int64),
        "edition_id": rows["event_id"],
        **{c: _looked_up(choices, c, ids) for c in ("label", "title", "year")},
        **{c: rows[c] for c in ("measure", *HEADLINE_COLUMNS, *ANNOUNCED_COLUMNS)},
        "named": pd.array(named, dtype="Int64"),
    })  # fmt: skip


def _looked_up(
    table: pd.DataFrame, column: str, ids: list[str]
) -> pd.api.extensions.ExtensionArray:
    """`table[column]` of each of `ids` (by edition_id), in the column's type; missing where an
    id is not in `table` (then in the type pandas infers, as a left merge gives)."""
    of = dict(zip(table["edition_id"].tolist(), table[column].tolist(), strict=True))
    values = [of.get(e) for e in ids]
    if all(e in of for e in ids):
        return pd.array(values, dtype=table[column].dtype)
    return pd.Series(values).array
