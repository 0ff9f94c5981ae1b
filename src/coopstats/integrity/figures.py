"""Checks of the reported figures: repeated rows, mirror-only sources, fewer than named."""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from coopstats.errors import Problem
from coopstats.integrity.rows import duplicated, first_rows, row_problems
from coopstats.schema import COUNTRY_METRICS, ORGANISATION_METRICS


def check_figures(figures: pd.DataFrame, sources: pd.DataFrame | None) -> list[Problem]:
    """Figures given twice by one source, and figures whose only sources are mirrors."""
    flag = partial(row_problems, figures, "figures.csv")
    keys = ["event_id", "metric", "scope", "value", "qualifier", "status", "source_id"]
    repeated = duplicated(figures, keys)
    first = first_rows(figures, keys) if repeated.any() else None
    problems = flag(
        repeated,
        "figure_id",
        "duplicate figure",
        None,
        lambda row: (
            f"same event, metric, scope, value, qualifier, status and source as row "
            f"{first[row.name]}; keep one row"
        ),
    )
    if sources is not None:
        mirror = figures["source_id"].map(sources.set_index("source_id")["is_mirror"])
        original = ~mirror.fillna(True).astype(bool)
        groups = [figures[k] for k in ("event_id", "metric", "scope")]
        backed = original.groupby(groups, dropna=False).transform("any")
        problems += flag(
            ~backed,
            "source_id",
            "the only sources of this figure are mirrors",
            None,
            "cite the original publisher's page too (see mirror_of in sources.csv)",
            "warning",
        )
    return problems


def _distinct_per_event(participations: pd.DataFrame, column: str, where: np.ndarray) -> pd.Series:
    """Distinct non-missing values of `column` per event_id among the rows `where` holds.

    Integer codes rather than groupby-nunique on text, which costs seconds at a million rows.
    """
    event, events = pd.factorize(participations["event_id"])
    codes, uniques = pd.factorize(participations[column])
    keep = where & (codes >= 0) & (event >= 0)
    width = len(uniques) + 1
    pairs = pd.unique(event[keep].astype(np.int64) * width + codes[keep])
    counts = np.bincount(pairs // width, minlength=len(events))
    return pd.Series(counts, index=pd.Index(events, dtype=object))


def check_named_counts(figures: pd.DataFrame, participations: pd.DataFrame) -> list[Problem]:
    """Warn where more participants are named than an exact or maximum reported figure allows."""
    # A territory named within another country's delegation is not counted as a country.
    own = participations["delegation_of"].isna().to_numpy()
    countries = _distinct_per_event(participations, "iso3", own)
    organisations = _distinct_per_event(participations, "org_id", np.ones(len(own), dtype=bool))
    of_countries = figures["metric"].isin(COUNTRY_METRICS)
    of_organisations = figures["metric"].isin(ORGANISATION_METRICS)
    named = figures["event_id"].map(countries).astype("float").where(of_countries)
    named = named.fillna(figures["event_id"].map(organisations).astype("float"))
    named = named.where(of_countries | of_organisations)
    firm = figures["qualifier"].isin(["exact", "up_to"]) & (figures["status"] == "reported")
    exceeds = firm & figures["scope"].isna() & (named > figures["value"].astype("float"))
    kinds = pd.Series("countries and territories", index=figures.index).mask(
        of_organisations, "organisations"
    )
    return row_problems(
        figures,
        "figures.csv",
        exceeds,
        "value",
        "fewer than the participants named for this event",
        lambda row: (
            f"at least {int(named[row.name])} ({kinds[row.name]} named in "
            f"participations.csv for {row.event_id})"
        ),
        "check the figure and its qualifier, or the participations of this event",
        "warning",
    )
