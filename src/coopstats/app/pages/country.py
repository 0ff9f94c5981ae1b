"""Country profile: one country's, territory's or organisation's editions, roles and company.

The chosen participant is in the URL as its id (`?country=CHN`, `?country=iom`), whatever the
interface language, so that the map and other pages can link here. A selectbox bound with
`bind="query-params"` would write its display label instead ("China", "中国"), so the URL is
synced by hand: the URL is the source of truth, the widget's on_change writes it.
"""

import streamlit as st

from coopstats.aggregate import Filters
from coopstats.app import charts, state
from coopstats.app.export_panel import export_panel
from coopstats.app.memberships import membership_list
from coopstats.app.text import plain
from coopstats.app.view import answered, ask, current, query
from coopstats.charts import ChartOptions, NothingToShow
from coopstats.figures.captions import profile_sentence
from coopstats.schema import EVENT_KINDS, MODES, ROLES

KEY = state.PARAM_COUNTRY

view = current()
_ = view._
st.title(_("Country profile"))

# Everyone named anywhere in the dataset, so that a link survives filters that hide its target.
everyone = query("participant_names", view.ds.version, Filters(), view.lang, _ds=view.ds)
names = dict(zip(everyone["participant_id"], everyone["name"], strict=True))
# Members of a process that are named at no edition have a profile too: their memberships.
names.update({code: view.name(code) for code in view.ds.membership_participants()
              if code not in names})  # fmt: skip
# The same answer the charts' profile reads: unpickled once per run (see view.answered).
ranked = answered(view.answers, "participant_history", view.ds, Filters(), ())
default = str(ranked["participant_id"].iloc[0])


def _write_url() -> None:
    chosen = st.session_state[KEY]
    if chosen == default:
        st.query_params.pop(KEY, None)
    else:
        st.query_params[KEY] = chosen


requested = st.query_params.get(KEY)
if requested is not None and requested not in names:
    st.warning(
        _("Ignored a link setting: {param} = {value} (expected {expected}).").format(
            param=KEY,
            value=plain(requested),
            expected=_("the id of a participant named in the data, such as CHN or iom"),
        ),
        icon=":material/warning:",
    )
    st.query_params.pop(KEY, None)
    requested = None
target = requested or default
if st.session_state.get(KEY) != target:
    st.session_state[KEY] = target
participant = st.selectbox(
    _("Country, territory or organisation"),
    options=list(names),
    format_func=names.get,
    key=KEY,
    on_change=_write_url,
)
name = names[participant]

row = ask(view, "participant_record", participant)
if row.empty:
    membership_list(view, participant)  # a member named at no selected edition
    st.info(
        plain(profile_sentence(name, None, _))
        + " "
        + _("Widen the years, or clear a filter in the sidebar.")
    )
    st.stop()
record = row.iloc[0].to_dict()
role_labels = {code: _(label) for code, label in ROLES.items()}
roles = view.join([role_labels.get(r, r) for r in str(record["roles"]).split(", ")])
editions = ask(view, "participant_editions", participant)

cols = st.columns(5)
cols[0].metric(
    _("Editions"),
    view.number(record["editions"]),
    help=_("Sub-forums and side meetings count with their edition."),
)
cols[1].metric(_("First year"), view.year(record["first_year"]))
cols[2].metric(_("Last year"), view.year(record["last_year"]))
cols[3].metric(
    _("Highest role"),
    role_labels.get(record["top_role"], record["top_role"]),
    help=_("All roles: {roles}").format(roles=roles),
)
cols[4].metric(
    _("Editions by video"),
    view.number(editions["by_video"].sum()),
    help=_("Editions at which it took part by video at least once."),
)

st.subheader(_("Editions by series and year"))
options = ChartOptions(participant=participant)
charts.show(view.chart("profile", options), key="profile_timeline", view=view)
export_panel(view, "profile", options, key="export_profile_timeline")

st.subheader(_("Events"))
events = ask(view, "participant_events", participant)
st.dataframe(
    events.assign(
        kind=events["kind"].map(lambda k: _(EVENT_KINDS.get(k, k))),
        role=events["role"].map(role_labels),
        mode=events["mode"].map(lambda m: _(MODES.get(m, m))),
    ),
    hide_index=True,
    width="stretch",
    column_order=[
        "title",
        "year",
        "kind",
        "role",
        "mode",
        "source_publisher",
        "source_url",
        "is_mirror",
    ],
    column_config={
        "title": st.column_config.TextColumn(_("Event")),
        "year": st.column_config.NumberColumn(_("Year"), format="%d"),
        "kind": _("Kind"),
        "role": _("Role"),
        "mode": _("Attendance"),
        "source_publisher": _("Source"),
        "source_url": st.column_config.LinkColumn(_("Link"), display_text=r"https?://([^/]+)"),
        "is_mirror": st.column_config.CheckboxColumn(
            _("Mirror copy"), help=_("The source is a copy republished on an unrelated site.")
        ),
    },
)

st.subheader(_("Most often named at the same editions"))
try:
    charts.show(view.chart("co-attendees", options), key="profile_co_attendees", view=view)
    export_panel(view, "co-attendees", options, key="export_profile_co_attendees")
except NothingToShow:
    charts.empty(view, _("co-attendees"))

membership_list(view, participant)
