"""Organisations: which international organisations attended which editions, by type."""

import streamlit as st

from coopstats.app import charts
from coopstats.app.export_panel import export_panel
from coopstats.app.view import ask, current
from coopstats.export.catalogue import ChartOptions
from coopstats.figures import theme
from coopstats.figures.captions import organisation_types_sentence
from coopstats.figures.organisations import organisation_editions_bar, organisation_matrix
from coopstats.schema import ORGANISATION_TYPES, ROLES

view = current()
_ = view._
st.title(_("International organisations"))
st.caption(
    _(
        "Which international organisations are named at which editions, by type. Sources name "
        "only some of those who came: a lower bound, never the total."
    )
)

type_labels = {code: _(label) for code, label in ORGANISATION_TYPES.items()}
type_colors = theme.ORGANISATION_TYPE_COLORS
chosen = st.pills(
    _("Organisation type"),
    options=list(ORGANISATION_TYPES),
    format_func=type_labels.get,
    selection_mode="multi",
    key="orgtype",
    bind="query-params",
    help=_("Choose none to see every type."),
)
types = tuple(chosen or ())

orgs = ask(view, "organisations_by_type", types)
years = ask(view, "organisation_years", types)
if orgs.empty:
    charts.empty(view, _("international organisations"))
    st.stop()

names = {o: view.ds.organisations.acronym(o) or view.name(o) for o in orgs["org_id"]}
series_names = {s: view.series_name(s) for s in view.ds.tables.series["series_id"]}
role_labels = {code: _(label) for code, label in ROLES.items()}
summary = organisation_types_sentence(orgs, names, _)
columns = {
    "acronym": _("Acronym"),
    "name": _("Name"),
    "org_type": _("Type"),
    "editions": _("Editions"),
    "events": _("Events"),
    "first_year": _("First year"),
    "last_year": _("Last year"),
    "series_ids": _("Series"),
    "roles": _("Roles"),
    "by_video": _("By video at least once"),
}
table = orgs.assign(
    name=[view.name(o) for o in orgs["org_id"]],
    org_type=orgs["org_type"].map(type_labels),
    roles=[
        view.join([role_labels.get(r, r) for r in str(v).split(", ") if r]) for v in orgs["roles"]
    ],
)[list(columns)].rename(columns=columns)

by_year, per_org = st.tabs([_("By year"), _("Editions per organisation")])
with by_year:
    fig = organisation_matrix(
        years,
        names=names,
        type_labels=type_labels,
        colors=type_colors,
        series_names=series_names,
        role_labels=role_labels,
        labels={
            "year": _("Year"),
            "editions": _("Editions that year"),
            "series": _("Series"),
            "roles": _("Roles"),
            "type": _("Type"),
            "by_video": _("By video (open marker)"),
        },
    )
    charts.show(fig, key="organisations_matrix", summary=summary, table=table, view=view)
    export_panel(
        view, "organisations", ChartOptions(org_types=types), key="export_organisations_matrix"
    )
with per_org:
    fig = organisation_editions_bar(
        orgs,
        names=names,
        type_labels=type_labels,
        colors=type_colors,
        labels={
            "editions": _("Editions attended"),
            "type": _("Type"),
            "by_video": _("By video at least once"),
            "yes": _("yes"),
            "no": _("no"),
        },
    )
    charts.show(fig, key="organisations_bar", summary=summary, table=table, view=view)
    export_panel(
        view, "organisations-bar", ChartOptions(org_types=types), key="export_organisations_bar"
    )
