"""The Map page's chart and the Overview's small map: participants coloured by a measure."""

from __future__ import annotations

import pandas as pd

from coopstats.aggregate import Filters
from coopstats.aggregate.codes import member
from coopstats.charts import labels
from coopstats.charts.chart import Chart, ChartOptions, choose, nothing, source_ids
from coopstats.dataset import Dataset
from coopstats.figures import captions, theme
from coopstats.figures.participation_map import participation_map
from coopstats.i18n import translator

MAP_HEIGHT = 400
OVERVIEW_HEIGHT = 380


def _shown(frame: pd.DataFrame, _, lang: str) -> pd.DataFrame:
    """The map frame with its roles in words: the list per country, and the role group."""
    words = labels.roles(_)
    # A few distinct lists of roles among a few hundred countries: each written once.
    listed = frame["roles"].astype(str).tolist()
    written = {codes: labels.role_list(codes, _, lang) for codes in set(listed)}
    shown = frame.assign(roles=pd.Series([written[codes] for codes in listed],
                                         index=frame.index, dtype="str"))  # fmt: skip
    shown["role_group"] = shown["role_group"].cat.rename_categories(
        [words[code] for code in shown["role_group"].cat.categories]
    )
    return shown


def _table(shown: pd.DataFrame, _) -> pd.DataFrame:
    columns = {"name": _("Country or territory"), "iso3": "ISO-3", "editions": _("Editions"),
               "first_year": _("First year"), "last_year": _("Last year"), "roles": _("Roles")}  # fmt: skip
    return shown[list(columns)].rename(columns=columns)


def _figure(shown: pd.DataFrame, measure: str, hosts: pd.DataFrame | None, height: int, _):
    measures = labels.map_measures(_)
    words = {"colorbar": measures[measure], "editions": _("Editions"),
             "first_year": _("First year"), "last_year": _("Last year"), "roles": _("Roles"),
             "host_city": _("Host city")}  # fmt: skip
    colors = theme.CATEGORICAL if measure == "role" else theme.SEQUENTIAL
    return participation_map(shown, measure=measure, labels=words, colors=colors, hosts=hosts,
                             height=height)  # fmt: skip


def _sources(ds: Dataset, filters: Filters) -> tuple[str, ...]:
    named = ds.participations(filters)
    countries = member(named["participant_type"], ["country", "territory"]).to_numpy()
    cited = named["source_id"][countries]
    return source_ids(cited, ds.events(filters)["source_id"])


def world_map(ds: Dataset, filters: Filters, lang: str, options: ChartOptions) -> Chart:
    """Map page: participants coloured by a measure, dots for the smallest, host cities as stars."""
    _ = translator(lang)
    measure = choose(options.measure, labels.MAP_MEASURES, "measure")
    frame = ds.country_map(filters, lang)
    if frame.empty:
        raise nothing(_("countries and territories"))
    hosts = ds.host_cities(filters)
    placed = hosts.dropna(subset=["lat", "lon"])
    shown = _shown(frame, _, lang)
    summary = ds.event_summary(filters)
    marks = captions.map_marks_sentence(int((~frame["has_polygon"]).sum()), len(placed),
                                        hosts.loc[hosts["lat"].isna(), "city"].tolist(), _)  # fmt: skip
    return Chart(
        name="map",
        figure=_figure(shown, measure, placed, MAP_HEIGHT, _),
        title=_("World map of participants"),
        lead=captions.map_coverage_sentence(summary, len(frame), _),
        summary=marks,
        table=_table(shown, _),
        source_ids=_sources(ds, filters),
        page="map",
        is_map=True,
        page_params={"measure": (measure,)} if measure != labels.MAP_MEASURES[0] else {},
        choices=(f"{_('Colour by')}: {labels.map_measures(_)[measure]}",),
    )


def overview_map(ds: Dataset, filters: Filters, lang: str, options: ChartOptions) -> Chart:
    """Overview page: the small map of editions attended (no host cities)."""
    _ = translator(lang)
    frame = ds.country_map(filters, lang)
    if frame.empty:
        raise nothing(_("countries and territories"))
    history = ds.participant_history(filters)
    editions = ds.events(filters)
    editions = int((editions["kind"] == "edition").sum())
    shown = _shown(frame, _, lang)
    return Chart(
        name="overview-map",
        figure=_figure(shown, "editions", None, OVERVIEW_HEIGHT, _),
        title=_("World map of participants"),
        summary=captions.map_sentence(history, editions, int((~frame["has_polygon"]).sum()), "", _),
        table=_table(shown, _),
        source_ids=_sources(ds, filters),
        page="overview",
        is_map=True,
    )
