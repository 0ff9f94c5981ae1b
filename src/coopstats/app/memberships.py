"""The map's membership measure: who belongs to the membership-based processes, never who came.

Called by the Map page when `?measure=membership`. The series filter narrows the processes;
series without membership are left out and named; filters that do not apply say so.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from coopstats.app import charts
from coopstats.app.view import View, ask
from coopstats.schema import EVENT_KINDS, MEMBERSHIP_STATUSES


def membership_section(view: View) -> None:
    """The membership map with its captions, summary and table."""
    _ = view._
    ds, filters = view.ds, view.filters
    processes = ds.membership_processes()
    year = ds.membership_year(filters)
    chosen = [s for s in filters.series if s in processes] if filters.series else processes
    left_out = [s for s in (filters.series or list(ds.series_names)) if s not in processes]
    frame = ask(view, "membership_map", view.lang)
    st.caption(_("A membership is not attendance: members that never came to an edition are "
                 "counted here, and this map never counts who came."))  # fmt: skip
    if left_out:
        names = view.join([view.series_name(s) for s in left_out])
        st.caption(_("Left out, because they have no membership: {series}.").format(series=names))
    not_applying = []
    if filters.roles:
        not_applying.append(_("role"))
    if set(filters.kinds) != set(EVENT_KINDS):
        not_applying.append(_("sub-forums and side meetings"))
    if not_applying:
        st.caption(_("These filters do not apply to memberships: {filters}.").format(
            filters=view.join(not_applying)))  # fmt: skip
    if filters.participant_types and set(filters.participant_types) == {"organisation"}:
        st.caption(_("Organisations that are members are listed in their profiles, not drawn."))
    if frame.empty:
        charts.empty(view, _("memberships"))
        return
    members = frame[frame["processes"] > 0]
    summary = _(
        "At the end of {year}, {countries} countries and territories belong to at least one of "
        "{processes} membership-based processes."
    ).format(year=view.year(year), countries=view.number(len(members)),
             processes=view.number(len(chosen)))  # fmt: skip
    undated = int(frame["undated"].sum())
    if undated:
        st.caption(_("{count} of them belong to a process whose source gives no start year: they "
                     "are counted from the earliest year known for that process.").format(
                         count=view.number(undated)))  # fmt: skip
    fig = charts.membership_map(view, frame, height=440)
    table = frame[["name", "iso3", "processes", "member_of", "observer_of"]].rename(
        columns={"name": _("Country or territory"), "iso3": "ISO-3",
                 "processes": _("Member of (number)"), "member_of": _("Member of"),
                 "observer_of": _("Observer in")})  # fmt: skip
    charts.show(fig, key="membership_map", summary=summary, table=table, is_map=True, view=view)


def membership_list(view: View, participant_id: str) -> None:
    """A profile's memberships: process, status, years and source. Not attendance."""
    _ = view._
    rows = view.ds.memberships_of(participant_id)
    st.subheader(_("Memberships"))
    if rows.empty:
        st.caption(_("No membership of a membership-based process is recorded."))
        return
    st.caption(_("Standings in a process, from its member lists: not attendance."))
    sources = view.ds.tables.sources.set_index("source_id")["url"]
    unknown = "—"
    st.dataframe(
        {
            _("Process"): [view.series_name(s) for s in rows["series_id"]],
            _("Status"): [_(MEMBERSHIP_STATUSES[s]["label"]) for s in rows["status"]],
            _("Since"): [unknown if pd.isna(y) else view.year(y) for y in rows["start_year"]],
            _("Until"): [unknown if pd.isna(y) else view.year(y) for y in rows["end_year"]],
            _("Source"): [sources.get(s) for s in rows["source_id"]],
        },
        hide_index=True,
        width="stretch",
        column_config={_("Source"): st.column_config.LinkColumn()},
        key="profile_memberships",
    )
