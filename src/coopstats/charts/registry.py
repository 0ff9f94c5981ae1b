"""The registry: every chart a user can see or export, by name.

    chart = build_chart(ds, "timeline", filters, "fr", ChartOptions(measure="countries"))

Pages, the export panel, the embed view (`?embed=true&chart=NAME`), the briefing pack and
`coopstats export` all build their charts here, so a chart is the same wherever it appears.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from coopstats.aggregate import Filters
from coopstats.charts import compare, country, memberships, organisations, timeline, world_map
from coopstats.charts.chart import Chart, ChartOptions, ChartSpec
from coopstats.charts.labels import MAP_MEASURES, TIMELINE_MEASURES
from coopstats.dataset import Dataset
from coopstats.errors import DataError, Problem
from coopstats.figures import theme
from coopstats.schema import ORGANISATION_TYPES

CHARTS: dict[str, ChartSpec] = {
    spec.name: spec
    for spec in (
        ChartSpec("map", "world map of participants (--measure editions|last_year|role)", "map",
                  world_map.world_map),
        ChartSpec("membership-map",
                  "world map of memberships: processes each country belongs to", "map",
                  memberships.membership_map),
        ChartSpec("overview-map", "the Overview's small map of editions attended", "overview",
                  world_map.overview_map),
        ChartSpec("timeline",
                  "reported figures per edition (--measure participants|countries|organisations)",
                  "timeline", timeline.timeline),
        ChartSpec("cumulative", "named participants per edition and distinct so far", "timeline",
                  timeline.cumulative),
        ChartSpec("compare", "two to six editions side by side (--edition, repeatable)",
                  "compare", compare.comparison),
        ChartSpec("presence", "who is named at which edition compared", "compare",
                  compare.presence),
        ChartSpec("changes", "returning and new participants between editions compared",
                  "compare", compare.changes),
        ChartSpec("overlap", "overlap of named participants between editions compared",
                  "compare", compare.overlap),
        ChartSpec("organisations", "organisations by year (--org-type, repeatable)",
                  "organisations", organisations.organisations_by_year),
        ChartSpec("organisations-bar", "editions attended per organisation", "organisations",
                  organisations.organisations_bar),
        ChartSpec("profile", "one participant's editions (--participant ID)", "country",
                  country.profile_timeline),
        ChartSpec("co-attendees", "most often named beside one participant (--participant ID)",
                  "country", country.co_attendees),
    )
}  # fmt: skip


def build_chart(
    ds: Dataset,
    name: str,
    filters: Filters = Filters(),
    lang: str = "en",
    options: ChartOptions = ChartOptions(),
) -> Chart:
    """The chart called `name`, drawn with the theme. DataError when unknown or empty."""
    if name not in CHARTS:
        raise DataError([Problem("unknown chart", column="CHART", value=name,
                                 expected="one of: " + ", ".join(CHARTS),
                                 hint="`coopstats export --list` names them")])  # fmt: skip
    chart = CHARTS[name].build(ds, filters, lang, options)
    theme.themed(chart.figure)
    return chart


def options_from_params(
    ds: Dataset, name: str, params: Mapping[str, Iterable[str]]
) -> ChartOptions:
    """A chart's page choices read back from its URL (codes, as the page's widgets write them).

    Unknown values are dropped, as the page's own widgets drop them.
    """
    values = {k: tuple(v) for k, v in params.items()}
    page = CHARTS[name].page if name in CHARTS else ""

    def first(key: str, allowed: Iterable[str]) -> str | None:
        return next((v for v in values.get(key, ()) if v in set(allowed)), None)

    measure = None
    if page == "map":
        measure = first("measure", MAP_MEASURES)
    elif name == "timeline":
        measure = first("measure", TIMELINE_MEASURES)
    editions: tuple[str, ...] = ()
    if page == "compare":
        known = set(ds.tables.events["event_id"])
        editions = tuple(e for e in values.get("editions", ()) if e in known)
    org_types: tuple[str, ...] = ()
    if page == "organisations":
        org_types = tuple(t for t in values.get("orgtype", ()) if t in ORGANISATION_TYPES)
    participant = (
        first("country", ds.tables.participations["participant_id"]) if page == "country" else None
    )
    return ChartOptions(measure=measure, editions=editions, org_types=org_types,
                        participant=participant)  # fmt: skip
