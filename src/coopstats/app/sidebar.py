"""The filters shared by every page, in the sidebar, bound to the URL."""

from __future__ import annotations

import streamlit as st

from coopstats.aggregate import Filters
from coopstats.app import state, urlstate
from coopstats.app.text import plain
from coopstats.dataset import Dataset
from coopstats.i18n import lang_of
from coopstats.schema import EVENT_KINDS, ROLES

TYPE_FILTERS = {
    "all": (),
    "countries": ("country", "territory"),
    "organisations": ("organisation",),
}


def _query_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _region_options(ds: Dataset) -> list[str]:
    countries = ds.tables.countries
    regions = sorted(countries["region"].dropna().unique())
    sub_regions = sorted(countries["sub_region"].dropna().unique())
    return regions + [s for s in sub_regions if s not in regions]


@st.cache_resource(show_spinner=False, max_entries=8)
def _choices(version: str, _ds: Dataset) -> tuple[tuple[int, int], dict[str, str], list[str]]:
    """The year range, series (by short name) and regions the widgets offer for the dataset
    at `version`: read from its tables once, not on every run of every page."""
    events = _ds.tables.events
    year_range = (int(events["year"].min()), int(events["year"].max()))
    series = _ds.tables.series.sort_values("short_name")
    names = dict(zip(series["series_id"].tolist(), series["short_name"].tolist(), strict=True))
    return year_range, names, _region_options(_ds)


def filters(ds: Dataset, _) -> Filters:
    """Draw the filter widgets and return the Filters they say."""
    year_range, series_names, regions = _choices(ds.version, ds)
    lang = lang_of(_)

    ignored = state.check_params(_query_params(), {state.PARAM_SUB: ("true", "false")}, year_range)
    with st.sidebar:
        st.header(_("Filters"))
        notices = st.container()
        years = st.slider(
            _("Years"), *year_range, value=year_range, key=state.PARAM_YEARS, bind="query-params"
        )
        chosen_series = urlstate.choice(
            st.multiselect,
            _("Forum series"),
            list(series_names),
            key=state.PARAM_SERIES,
            default=[],
            ignored=ignored,
            format_func=series_names.get,
            placeholder=_("All series"),
        )
        include_sub = st.checkbox(
            _("Include sub-forums and side meetings"),
            value=True,
            key=state.PARAM_SUB,
            bind="query-params",
        )
        chosen_regions = urlstate.choice(
            st.multiselect,
            _("World region (UN M49)"),
            regions,
            key=state.PARAM_REGION,
            default=[],
            ignored=ignored,
            format_func=lambda region: ds.countries.region_name(region, lang),
            placeholder=_("All regions"),
            help=_(
                "International organisations belong to no region: a region filter leaves them out."
            ),
        )
        type_labels = {
            "all": _("Countries and organisations"),
            "countries": _("Countries and territories"),
            "organisations": _("Organisations"),
        }
        kind = urlstate.choice(
            st.radio,
            _("Participants"),
            list(type_labels),
            key=state.PARAM_TYPE,
            default="all",
            ignored=ignored,
            format_func=type_labels.get,
        )
        roles = urlstate.choice(
            st.multiselect,
            _("Role"),
            list(ROLES),
            key=state.PARAM_ROLE,
            default=[],
            ignored=ignored,
            format_func=lambda r: _(ROLES[r]),
            placeholder=_("All roles"),
        )
    for item in ignored:
        notices.warning(
            _("Ignored a link setting: {param} = {value} (expected {expected}).").format(
                param=plain(item.param),
                value=plain(item.value),
                expected=plain(item.expected_in(_)),
            ),
            icon=":material/warning:",
        )
    return Filters(
        years=None if tuple(years) == year_range else (int(years[0]), int(years[1])),
        series=tuple(chosen_series),
        kinds=tuple(EVENT_KINDS) if include_sub else ("edition",),
        regions=tuple(chosen_regions),
        participant_types=TYPE_FILTERS[kind or "all"],
        roles=tuple(roles),
    )
