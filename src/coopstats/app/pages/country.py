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
from coopstats.app.view import ask, current, query
from coopstats.export.catalogue import ChartOptions
from coopstats.figures import theme
from coopstats.figures.captions import co_attendees_sentence, profile_sentence
from coopstats.figures.profile import co_attendees_bar, participant_timeline
from coopstats.schema import EVENT_KINDS, MODES, PARTICIPANT_TYPES, ROLES

KEY = state.PARAM_COUNTRY
TOP_CO_ATTENDEES = 15

view = current()
_ = view._
st.title(_("Country profile"))

# Everyone named anywhere in the dataset, so that a link survives filters that hide its target.
everyone = query("participant_names", view.ds.version, Filters(), view.lang, _ds=view.ds)
names = dict(zip(everyone["participant_id"], everyone["name"], strict=True))
# Members of a process that are named at no edition have a profile too: their memberships.
names.update({code: view.name(code) for code in view.ds.membership_participants()
              if code not in names})  # fmt: skip
ranked = query("participant_history", view.ds.version, Filters(), _ds=view.ds)
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

history = ask(view, "participant_history")
row = history[history["participant_id"] == participant]
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
summary = profile_sentence(name, {**record, "roles": roles}, _)

st.subheader(_("Editions by series and year"))
# Okabe-Ito without its yellow, which is too pale for small markers on white.
selected_events = ask(view, "events")
fig = participant_timeline(
    editions,
    series_names={s: view.series_name(s) for s in editions["series_id"]},
    role_labels=role_labels,
    colors=theme.ROLE_COLORS,
    edition_titles=dict(zip(selected_events["event_id"], selected_events["title"], strict=True)),
    labels={
        "year": _("Year"),
        "series": _("Series"),
        "roles": _("Roles"),
        "events": _("Events named at (sub-forums included)"),
        "by_video": _("By video"),
        "video_marker": _("By video (open marker)"),
        "yes": _("yes"),
        "no": _("no"),
    },
)
charts.show(fig, key="profile_timeline", summary=summary, view=view)
export_panel(view, "profile", ChartOptions(participant=participant), key="export_profile_timeline")

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
co = ask(view, "co_attendees", participant)
if co.empty:
    charts.empty(view, _("co-attendees"))
else:
    top = co.head(TOP_CO_ATTENDEES)
    co_names = {p: view.name(p) for p in top["participant_id"]}
    fig = co_attendees_bar(
        top,
        names=co_names,
        type_labels={code: _(label) for code, label in PARTICIPANT_TYPES.items()},
        colors=theme.PARTICIPANT_TYPE_COLORS,
        labels={"shared_editions": _("Editions in common")},
    )
    charts.show(
        fig,
        key="profile_co_attendees",
        summary=co_attendees_sentence(co, name, co_names, int(record["editions"]), _),
        table=top.assign(
            name=[co_names[p] for p in top["participant_id"]],
            participant_type=[_(PARTICIPANT_TYPES.get(t, t)) for t in top["participant_type"]],
        )[["name", "participant_id", "participant_type", "shared_editions"]].rename(
            columns={
                "name": _("Name"),
                "participant_id": _("Code"),
                "participant_type": _("Type"),
                "shared_editions": _("Editions in common"),
            }
        ),
        view=view,
    )
    export_panel(
        view,
        "co-attendees",
        ChartOptions(participant=participant),
        key="export_profile_co_attendees",
    )

membership_list(view, participant)
