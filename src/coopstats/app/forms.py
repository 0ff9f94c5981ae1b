"""Editors' forms: an event, a figure with its source, a named participant, a retraction.

Each form is an `st.form`: its values reach the script only when it is submitted, become one
Submission (coopstats.contribution) and are validated whole before anything is written
(app/staging.py). An existing row is edited by choosing it by its key, never by its position
in a table. Text typed by editors is shown back only as plain text or inside tables.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from coopstats.app.staging import show_saved, submit
from coopstats.app.view import View
from coopstats.contribution import (
    Submission,
    event_row,
    figure_row,
    participation_row,
    retraction,
    source_row,
)
from coopstats.schema import (
    DATE_PRECISIONS,
    EVENT_FORMATS,
    EVENT_KINDS,
    FIGURE_STATUSES,
    METRICS,
    MODES,
    PARTICIPATION_STATUSES,
    QUALIFIERS,
    ROLES,
)

NEW = "__new__"


def _text(value: object) -> str:
    """A cell as the text of an input ("" when empty)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def participant_options(view: View) -> dict[str, str]:
    """Every country, territory and organisation: code -> "name", countries first, by name."""
    countries = view.ds.tables.countries["iso3"]
    orgs = view.ds.tables.organisations["org_id"]
    named = {c: view.ds.countries.display_name(c, view.lang) for c in countries}
    named = dict(sorted(named.items(), key=lambda item: item[1].casefold()))
    org_names = {o: view.ds.organisations.display_name(o, view.lang) for o in orgs}
    return {**named, **dict(sorted(org_names.items(), key=lambda item: item[1].casefold()))}


def _event_label(view: View) -> Callable[[str], str]:
    events = view.ds.tables.events.set_index("event_id")

    def label(event_id: str) -> str:
        if event_id == NEW:
            return view._("A new event…")
        return f"{events.at[event_id, 'start_date']} · {events.at[event_id, 'title']} ({event_id})"

    return label


def _events_newest_first(view: View) -> list[str]:
    events = view.ds.tables.events.sort_values(["start", "event_id"], ascending=[False, True])
    return list(events["event_id"])


def event_fields(view: View, key: str, current: dict | None = None) -> dict[str, object]:
    """The widgets of an event (inside or outside a form); their values as an events row."""
    _ = view._
    current = current or {}
    ds = view.ds
    series = list(ds.tables.series["series_id"])
    editions = list(ds.tables.events.loc[ds.tables.events["kind"] == "edition", "event_id"])
    countries = {c: ds.countries.display_name(c, view.lang) for c in ds.tables.countries["iso3"]}
    sources = list(ds.tables.sources["source_id"])

    def pick(label, options, value, fmt=str, **kw):
        index = options.index(value) if value in options else 0
        return st.selectbox(
            label, options, index=index, format_func=fmt, key=f"{key}_{kw.pop('name')}", **kw
        )

    values = {
        "event_id": current.get("event_id"),
        "series_id": pick(_("Series"), series, current.get("series_id"), view.series_name, name="series"),
        "kind": pick(_("Kind"), list(EVENT_KINDS), current.get("kind"), lambda k: _(EVENT_KINDS[k]), name="kind"),
        "parent_event_id": pick(_("Part of (for a sub-forum or side meeting)"), [None, *editions],
                                current.get("parent_event_id"), lambda e: "—" if e is None else e, name="parent"),
        "edition_number": st.number_input(_("Edition number"), min_value=1, value=int(current["edition_number"]) if _text(current.get("edition_number")) else None, key=f"{key}_number"),
        "title": st.text_input(_("Title"), value=_text(current.get("title")), key=f"{key}_title"),
        "theme": st.text_input(_("Theme"), value=_text(current.get("theme")), key=f"{key}_theme"),
        "start_date": st.text_input(_("Start date (2024-09-11, 2024-09 or 2024)"), value=_text(current.get("start_date")), key=f"{key}_start"),
        "end_date": st.text_input(_("End date (optional)"), value=_text(current.get("end_date")), key=f"{key}_end"),
        "date_precision": pick(_("Date known to the"), list(DATE_PRECISIONS), current.get("date_precision"), lambda p: _(DATE_PRECISIONS[p]), name="precision"),
        "city": st.text_input(_("City"), value=_text(current.get("city")), key=f"{key}_city"),
        "host_iso3": pick(_("Host country"), [None, *countries], current.get("host_iso3"), lambda c: "—" if c is None else f"{countries[c]} ({c})", name="host"),
        "format": pick(_("Format"), list(EVENT_FORMATS), current.get("format"), lambda f: _(EVENT_FORMATS[f]), name="format"),
        "organiser": st.text_input(_("Organiser"), value=_text(current.get("organiser")), key=f"{key}_organiser"),
        "source_id": pick(_("Source of these facts"), sources, current.get("source_id"), name="event_source"),
        "notes": st.text_area(_("Notes"), value=_text(current.get("notes")), key=f"{key}_notes"),
    }  # fmt: skip
    return event_row(values)


def event_picker(view: View, key: str) -> tuple[str | None, list[tuple[str, dict]]]:
    """Pick an event, or describe a new one: (event id, rows to put for a new event)."""
    _ = view._
    chosen = st.selectbox(_("Event"), [*_events_newest_first(view), NEW],
                          format_func=_event_label(view), key=f"{key}_event")  # fmt: skip
    if chosen != NEW:
        return chosen, []
    with st.container(border=True):
        row = event_fields(view, key=f"{key}_newevent")
    return row["event_id"], [("events", row)]


def source_fields(view: View, key: str) -> dict[str, object]:
    """The widgets of a new source; their values as a sources row."""
    _ = view._
    values = {
        "url": st.text_input(_("Source URL"), key=f"{key}_url"),
        "title": st.text_input(_("Source title"), key=f"{key}_stitle"),
        "publisher": st.text_input(_("Publisher"), key=f"{key}_publisher"),
        "language": st.text_input(_("Language of the source (en, fr, zh...)"), value="en", key=f"{key}_language"),
        "published_date": st.text_input(_("Published (optional: 2024-09-11, 2024-09 or 2024)"), key=f"{key}_published"),
        "accessed_date": st.date_input(_("Accessed"), value=date.today(), key=f"{key}_accessed"),
        "is_mirror": st.checkbox(_("A copy republished elsewhere (mirror)"), key=f"{key}_mirror"),
    }  # fmt: skip
    return source_row(values)


def source_picker(
    view: View, key: str, current: str | None = None
) -> tuple[str | None, list[tuple[str, dict]]]:
    """Pick a source (`current` first chosen), or describe a new one: (source id, rows to put
    for a new source)."""
    _ = view._
    sources = view.ds.tables.sources.sort_values("accessed_date", ascending=False)
    titles = dict(zip(sources["source_id"], sources["title"], strict=True))
    options = [*titles, NEW]
    chosen = st.selectbox(
        _("Source"), options, index=options.index(current) if current in titles else 0,
        format_func=lambda s: _("A new source…") if s == NEW else f"{titles[s]} ({s})",
        key=f"{key}_source",
    )  # fmt: skip
    if chosen != NEW:
        return chosen, []
    with st.container(border=True):
        row = source_fields(view, key=f"{key}_newsource")
    return row["source_id"], [("sources", row)]


def event_form(view: View, editor: str) -> None:
    _ = view._
    show_saved("event")
    chosen = st.selectbox(_("Event to edit"), [NEW, *_events_newest_first(view)],
                          format_func=_event_label(view), key="eventform_pick")  # fmt: skip
    current = None
    if chosen != NEW:
        current = view.ds.tables.events.set_index("event_id").loc[chosen].to_dict()
        current["event_id"] = chosen
    with st.form(key=f"eventform_{chosen}"):
        row = event_fields(view, key=f"eventform_{chosen}", current=current)
        if st.form_submit_button(_("Save the event"), type="primary"):
            verb = "add" if current is None else "edit"
            submit(view.store, editor, Submission(summary=f"{verb} event {row['event_id']}",
                                                  kind=verb, source_id=row["source_id"],
                                                  puts=[("events", row)]),
                   view.settings.review, _, area="event")  # fmt: skip


def figure_form(view: View, editor: str) -> None:
    _ = view._
    show_saved("figure")
    event_id = st.selectbox(_("Event"), _events_newest_first(view),
                            format_func=_event_label(view), key="figureform_event")  # fmt: skip
    figures = view.ds.figures_of(event_id)
    existing = dict(
        zip(
            figures["figure_id"],
            figures["metric"] + " " + figures["value"].astype(str),
            strict=True,
        )
    )
    chosen = st.selectbox(_("Figure to edit"), [NEW, *existing],
                          format_func=lambda f: _("A new figure…") if f == NEW else f"{existing[f]} ({f})",
                          key="figureform_pick")  # fmt: skip
    current = {} if chosen == NEW else figures.set_index("figure_id").loc[chosen].to_dict()
    # The widgets' keys name the figure: choosing another one shows its own values (a widget
    # keeps its value under the same key, whatever default it is given).
    key = f"figureform_{chosen}"
    source_id, source_rows = source_picker(view, key=key, current=current.get("source_id"))
    with st.form(key=f"{key}_form"):
        metric = st.selectbox(
            _("Metric"),
            list(METRICS),
            index=list(METRICS).index(current["metric"]) if current else 0,
            format_func=lambda m: _(METRICS[m]["label"]),
            key=f"{key}_metric",
        )
        scope = st.text_input(
            _("Scope (when the figure is about a part of the event)"),
            value=_text(current.get("scope")),
            key=f"{key}_scope",
        )
        value = st.number_input(
            _("Value"),
            min_value=0,
            step=1,
            value=int(current["value"]) if current else 0,
            key=f"{key}_value",
        )
        qualifier = st.selectbox(
            _("Qualifier"),
            list(QUALIFIERS),
            index=list(QUALIFIERS).index(current["qualifier"]) if current else 0,
            format_func=lambda q: _(QUALIFIERS[q]["label"]),
            key=f"{key}_qualifier",
        )
        status = st.selectbox(
            _("Status"),
            list(FIGURE_STATUSES),
            index=list(FIGURE_STATUSES).index(current["status"]) if current else 0,
            format_func=lambda s: _(FIGURE_STATUSES[s]),
            key=f"{key}_status",
        )
        quote = st.text_area(
            _("The source's own words"), value=_text(current.get("quote")), key=f"{key}_quote"
        )
        notes = st.text_area(_("Notes"), value=_text(current.get("notes")), key=f"{key}_notes")
        if st.form_submit_button(_("Save the figure"), type="primary"):
            row = figure_row(
                {
                    "figure_id": None if chosen == NEW else chosen,
                    "event_id": event_id,
                    "metric": metric,
                    "scope": scope,
                    "value": int(value),
                    "qualifier": qualifier,
                    "status": status,
                    "source_id": source_id,
                    "quote": quote,
                    "notes": notes,
                }
            )
            verb = "add" if chosen == NEW else "edit"
            submit(view.store, editor, Submission(summary=f"{verb} figure {row['figure_id']}",
                                                  kind=verb, source_id=source_id,
                                                  puts=[*source_rows, ("figures", row)]),
                   view.settings.review, _, area="figure")  # fmt: skip


def _participations_of(view: View, event_id: str) -> dict[str, dict]:
    """The named participants of an event: "participant_id|role" -> its row."""
    rows = view.ds.tables.participations
    rows = rows[rows["event_id"] == event_id]
    return {f"{r['participant_id']}|{r['role']}": r.to_dict() for _i, r in rows.iterrows()}


def participant_form(view: View, editor: str) -> None:
    _ = view._
    show_saved("participant")
    everyone = participant_options(view)
    event_id = st.selectbox(_("Event"), _events_newest_first(view),
                            format_func=_event_label(view), key="partform_event")  # fmt: skip
    named = _participations_of(view, event_id)
    chosen = st.selectbox(
        _("Participant to edit"), [NEW, *named],
        format_func=lambda p: _("A new participant…") if p == NEW
        else f"{view.name(p.split('|')[0])} · {_(ROLES[p.split('|')[1]])}",
        key="partform_pick",
    )  # fmt: skip
    current = named.get(chosen, {})
    # The participant and role are the row's key: an edit keeps them (retract, then add, to
    # change them). Keys name the chosen row, so that its own values are shown.
    key = f"partform_{event_id}_{chosen}"
    source_id, source_rows = source_picker(view, key=key, current=current.get("source_id"))
    with st.form(key=f"{key}_form"):
        who = st.selectbox(
            _("Participant"),
            list(everyone),
            index=list(everyone).index(current["participant_id"]) if current else 0,
            format_func=lambda c: f"{everyone[c]} ({c})",
            disabled=bool(current),
            key=f"{key}_who",
        )
        role = st.selectbox(
            _("Role"),
            list(ROLES),
            index=list(ROLES).index(current.get("role", "participant")),
            format_func=lambda r: _(ROLES[r]),
            disabled=bool(current),
            key=f"{key}_role",
        )
        mode = st.selectbox(
            _("Mode"),
            list(MODES),
            index=list(MODES).index(current.get("mode", "in_person")),
            format_func=lambda m: _(MODES[m]),
            key=f"{key}_mode",
        )
        delegations = [None, *view.ds.tables.countries["iso3"]]
        within = st.selectbox(
            _("Within the delegation of (for a territory's officials)"),
            delegations,
            index=delegations.index(current.get("delegation_of"))
            if current.get("delegation_of") in delegations else 0,
            format_func=lambda c: "—" if c is None else f"{everyone.get(c, c)} ({c})",
            key=f"{key}_within",
        )  # fmt: skip
        notes = st.text_area(_("Notes"), value=_text(current.get("notes")), key=f"{key}_notes")
        if st.form_submit_button(_("Save the participant"), type="primary"):
            is_country = view.ds.countries.is_known(who)
            row = participation_row(
                {
                    "event_id": event_id,
                    "iso3": who if is_country else None,
                    "org_id": None if is_country else who,
                    "role": role,
                    "mode": mode,
                    "delegation_of": within,
                    "source_id": source_id,
                    "notes": notes,
                    # What a list import recorded stays as it was.
                    "delegates": None if pd.isna(current.get("delegates")) else current.get("delegates"),
                    "status": current.get("status") or "attended",
                }
            )  # fmt: skip
            verb = "edit" if current else "add"
            summary = (f"edit {who} as {role} of {event_id}" if current
                       else f"name {who} as {role} of {event_id}")  # fmt: skip
            submit(view.store, editor, Submission(summary=summary, kind=verb, source_id=source_id,
                                                  puts=[*source_rows, ("participations", row)]),
                   view.settings.review, _, area="participant")  # fmt: skip


def _named_rows(tables, event_id: str) -> pd.DataFrame:
    """The participations of an event, attended and registered."""
    rows = pd.concat([tables.participations, tables.registrations], ignore_index=True)
    return rows[rows["event_id"] == event_id]


def retract_form(view: View, editor: str) -> None:
    _ = view._
    show_saved("retract")
    what = st.radio(_("Retract"), ["figures", "participations", "events"], horizontal=True,
                    format_func={"figures": _("a figure"), "participations": _("a named participant"),
                                 "events": _("an event")}.get, key="retract_kind")  # fmt: skip
    event_id = st.selectbox(_("Event"), _events_newest_first(view),
                            format_func=_event_label(view), key="retract_event")  # fmt: skip
    tables = view.ds.tables
    dependants: list[tuple[str, dict]] = []
    if what == "figures":
        rows = tables.figures[tables.figures["event_id"] == event_id]
        labels = {
            r["figure_id"]: f"{r['metric']} {r['value']} ({r['figure_id']})"
            for _i, r in rows.iterrows()
        }
    elif what == "participations":
        # Rows from a registration list too: they are kept apart from attendance in the data.
        rows = _named_rows(tables, event_id)
        labels = {
            f"{r['participant_id']}|{r['role']}": " · ".join(
                [view.name(r["participant_id"]), _(ROLES[r["role"]])]
                + ([_(PARTICIPATION_STATUSES["registered"])] if r["status"] == "registered" else [])
            )
            for _i, r in rows.iterrows()
        }
    else:
        rows = tables.events[
            (tables.events["event_id"] == event_id) | (tables.events["parent_event_id"] == event_id)
        ]
        labels = {event_id: _event_label(view)(event_id)}
    if not labels:
        st.info(_("Nothing of this kind to retract for this event."))
        return
    with st.form(key=f"retract_{what}_{event_id}"):
        chosen = st.selectbox(_("Which"), list(labels), format_func=labels.get, key="retract_which")
        reason = st.text_input(_("Reason (kept in the history)"), key="retract_reason")
        if st.form_submit_button(_("Retract"), type="primary"):
            if not reason.strip():
                st.error(_("Give a reason: it is kept in the history."))
                return
            if what == "figures":
                row = {"figure_id": chosen}
            elif what == "participations":
                match = rows[(rows["participant_id"] + "|" + rows["role"]) == chosen].iloc[0]
                row = {
                    "event_id": event_id,
                    "iso3": match["iso3"],
                    "org_id": match["org_id"],
                    "role": match["role"],
                }
            else:
                row = {"event_id": event_id}
                if (rows["event_id"] != event_id).any():
                    st.error(_("This event has sub-forums or side meetings: retract them first."))
                    return
                dependants = [
                    ("figures", {"figure_id": f})
                    for f in tables.figures.loc[tables.figures["event_id"] == event_id, "figure_id"]
                ]
                part = _named_rows(tables, event_id)
                dependants += [
                    (
                        "participations",
                        {
                            "event_id": event_id,
                            "iso3": p["iso3"],
                            "org_id": p["org_id"],
                            "role": p["role"],
                        },
                    )
                    for _i, p in part.iterrows()
                ]
            submit(
                view.store,
                editor,
                retraction(what, row, reason, dependants),
                view.settings.review,
                _,
                area="retract",
            )
