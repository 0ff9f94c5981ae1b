"""World map: who took part, coloured by a chosen measure; organisations beside it.

Countries and territories are shaded (or drawn as dots when they have no shape), host cities
are stars, organisations are listed in a side panel. A click on a country, or the selector
under the map, opens its profile with the same filters.
"""

import streamlit as st

from coopstats.app import charts, state, urlstate
from coopstats.app.export_panel import export_panel
from coopstats.app.memberships import membership_section
from coopstats.app.view import ask, current
from coopstats.charts import ChartOptions, NothingToShow, labels
from coopstats.schema import ORGANISATION_TYPES

CARRIED_PARAMS = (state.PARAM_SERIES, state.PARAM_REGION, state.PARAM_TYPE, state.PARAM_ROLE,
                  state.PARAM_LANG)  # fmt: skip
PICK_KEY = "open_country"
PENDING_KEY = "map_open_country"

view = current()
_ = view._


def open_profile(iso3: str) -> None:
    # switch_page clears the URL but for what it is given. The filters kept as ids by urlstate
    # come back from the URL, so they are passed on; years and sub are bound widgets, which
    # Streamlit keeps by itself (and refuses to be given). The map's measure stays behind.
    carried = {k: st.query_params.get_all(k) for k in CARRIED_PARAMS if k in st.query_params}
    st.switch_page(view.pages["country"], query_params={**carried, state.PARAM_COUNTRY: iso3})


def picked_on_map(event: object, known: set[str]) -> str | None:
    """The ISO-3 code of the first clicked country or dot (host-city stars are not countries)."""
    points = (event or {}).get("selection", {}).get("points", [])  # type: ignore[attr-defined]
    for point in points:
        customdata = point.get("customdata") or [None, None]
        code = point.get("location") or (customdata[1] if len(customdata) > 1 else None)
        if code in known:
            return code
    return None


def remember_pick() -> None:
    # Cleared here so that coming back to the map does not reopen the last profile.
    st.session_state[PENDING_KEY] = st.session_state[PICK_KEY]
    st.session_state[PICK_KEY] = None


if pending := st.session_state.pop(PENDING_KEY, None):
    open_profile(pending)

st.title(_("World map of participants"))

measures = labels.map_measures(_)
measure = urlstate.choice(st.segmented_control, _("Colour by"), list(measures), key="measure",
                         default="editions", format_func=measures.get,
                         required=True) or "editions"  # fmt: skip
if measure == labels.MEMBERSHIP:
    membership_section(view)
    st.stop()
options = ChartOptions(measure=measure)

orgs = ask(view, "organisation_participation")
try:
    chart = view.chart("map", options)
except NothingToShow:
    chart = None
if chart is None and orgs.empty:
    charts.empty(view, _("the map"))
    st.stop()

map_column, side = st.columns([3, 1])
with map_column:
    if chart is None:
        charts.empty(view, _("countries and territories"))
    else:
        event = charts.show(chart, key="world_map", on_select="rerun", view=view)
        export_panel(view, "map", options, key="export_world_map")
        frame = ask(view, "country_map", view.lang)
        if clicked := picked_on_map(event, set(frame["iso3"])):
            open_profile(clicked)
        names = dict(zip(frame["iso3"], frame["name"], strict=True))
        st.selectbox(
            _("Open a country profile"),
            options=sorted(names, key=lambda code: str(names[code]).casefold()),
            format_func=lambda code: f"{names[code]} ({code})",
            index=None,
            placeholder=_("Click a country on the map, or choose one here"),
            key=PICK_KEY,
            on_change=remember_pick,
        )
with side:
    st.subheader(_("Organisations named"))
    st.caption(_("International organisations have no territory: they are listed here, not drawn."))
    if orgs.empty:
        st.caption(_("No international organisation is named for these filters."))
    else:
        st.dataframe(
            {
                _("Organisation"): [a if isinstance(a, str) and a else view.name(o)
                                    for a, o in zip(orgs["acronym"], orgs["org_id"], strict=True)],
                _("Editions"): orgs["editions"].tolist(),
                _("Type"): [_(ORGANISATION_TYPES.get(t, t)) for t in orgs["org_type"]],
            },
            hide_index=True,
            width="stretch",
            height=min(38 + 35 * len(orgs), 420),
            key="map_organisations",
        )  # fmt: skip
