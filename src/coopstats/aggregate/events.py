"""Per-event summaries: what sources reported beside who is named.

Named participants are a lower bound, never the total; reported figures never add across
levels (a sub-forum's attendees are also its conference's attendees).
"""

from __future__ import annotations

import pandas as pd

from coopstats.aggregate.reported import figure_ranges, headline_range
from coopstats.schema import COUNTRY_METRICS, ORGANISATION_METRICS, PARTICIPANT_METRICS

COMBINED_METRICS = ("countries_regions_organisations", "countries_and_organisations")


def named_counts(participations: pd.DataFrame) -> pd.DataFrame:
    """How many distinct participants each event names, by type.

    Grain: one row per event_id with at least one named participant. Columns: event_id,
    named_countries (countries and territories that came as a delegation of their own, the
    number to set beside a reported count of countries), named_territories,
    named_in_delegations (territories named within another's delegation), named_organisations,
    named_by_video (distinct participants with a video role).
    """
    if participations.empty:
        return pd.DataFrame(
            columns=["event_id", "named_countries", "named_territories", "named_in_delegations",
                     "named_organisations", "named_by_video"]
        )  # fmt: skip
    p = participations
    is_country = p["participant_type"].isin(["country", "territory"])
    own_delegation = p["delegation_of"].isna()
    frame = pd.DataFrame(
        {
            "event_id": p["event_id"],
            "country": p["participant_id"].where(is_country & own_delegation),
            "in_delegation": p["participant_id"].where(is_country & ~own_delegation),
            "territory": p["participant_id"].where(p["participant_type"] == "territory"),
            "organisation": p["participant_id"].where(p["participant_type"] == "organisation"),
            "video": p["participant_id"].where(p["mode"] == "video"),
        }
    )
    out = frame.groupby("event_id", sort=True).agg(
        named_countries=("country", "nunique"),
        named_territories=("territory", "nunique"),
        named_in_delegations=("in_delegation", "nunique"),
        named_organisations=("organisation", "nunique"),
        named_by_video=("video", "nunique"),
    )
    return out.reset_index()


def event_summary(
    events: pd.DataFrame, figures: pd.DataFrame, participations: pd.DataFrame
) -> pd.DataFrame:
    """Each event's reported figures (after the event, whole event) beside its named participants.

    Grain: one row per event in `events`, in the order given. Columns: event_id, series_id,
    edition_id, kind, year, title, participants_label, countries_label, countries_metric,
    countries_min, countries_max, organisations_label, organisations_min, organisations_max,
    combined_label, pre_event_label, conflict (any reported metric has disagreeing sources),
    named_countries, named_territories, named_in_delegations, named_organisations, named_by_video,
    unnamed_countries_at_least (reported minimum minus named; NA when nothing was reported).
    Labels are "" when nothing was reported; an unknown stays unknown.
    """
    ranges = figure_ranges(figures[figures["event_id"].isin(events["event_id"])])
    base = events[["event_id", "series_id", "edition_id", "kind", "year", "title"]].reset_index(
        drop=True
    )

    def headline(metrics: tuple[str, ...], prefix: str) -> pd.DataFrame:
        h = headline_range(ranges, metrics)
        return h.rename(
            columns={
                "label": f"{prefix}_label",
                "value_min": f"{prefix}_min",
                "value_max": f"{prefix}_max",
                "metric": f"{prefix}_metric",
                "conflict": f"{prefix}_conflict",
            }
        ).drop(columns=["source_ids"])

    out = base
    for metrics, prefix in (
        (PARTICIPANT_METRICS, "participants"),
        (COUNTRY_METRICS, "countries"),
        (ORGANISATION_METRICS, "organisations"),
        (COMBINED_METRICS, "combined"),
    ):
        out = out.merge(headline(metrics, prefix), on="event_id", how="left")

    pre = ranges[(ranges["status"] != "reported") & (ranges["scope"] == "")]
    pre_label = (
        pre.assign(text=pre["label"] + " " + pre["metric"])
        .groupby("event_id")["text"]
        .agg(lambda s: "; ".join(s))
        .rename("pre_event_label")
    )
    out = out.merge(pre_label, left_on="event_id", right_index=True, how="left")

    named = named_counts(participations[participations["event_id"].isin(events["event_id"])])
    out = out.merge(named, on="event_id", how="left")
    named_cols = ("named_countries", "named_territories", "named_in_delegations",
                  "named_organisations", "named_by_video")  # fmt: skip
    for col in named_cols:
        out[col] = out[col].fillna(0).astype("int64")
    conflict_cols = [c for c in out.columns if c.endswith("_conflict")]
    out["conflict"] = out[conflict_cols].fillna(False).astype(bool).any(axis=1)
    out["unnamed_countries_at_least"] = (
        (out["countries_min"] - out["named_countries"]).clip(lower=0).astype("Int64")
    )
    for col in ("countries_min", "countries_max", "organisations_min", "organisations_max"):
        out[col] = out[col].astype("Int64")
    for col in (
        "participants_label", "countries_label", "organisations_label", "combined_label",
        "pre_event_label", "countries_metric",
    ):  # fmt: skip
        out[col] = out[col].fillna("")
    return out[
        [
            "event_id", "series_id", "edition_id", "kind", "year", "title",
            "participants_label", "countries_label", "countries_metric", "countries_min",
            "countries_max", "organisations_label", "organisations_min", "organisations_max",
            "combined_label", "pre_event_label", "conflict", "named_countries",
            "named_territories", "named_in_delegations", "named_organisations", "named_by_video",
            "unnamed_countries_at_least",
        ]
    ]  # fmt: skip
