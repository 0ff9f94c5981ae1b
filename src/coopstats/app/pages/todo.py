"""Research to-do list: for each event, what a researcher still has to find. Open to everyone.

`?event=ID` opens one event's card: what it misses, its figures with their sources and who is
named. Text from the data is shown through `plain` or inside tables, never as Markdown.
"""

from urllib.parse import urlencode

import streamlit as st

from coopstats.aggregate.todo import MISSING, ORDERS, sort_todo, todo_counts, with_missing
from coopstats.app.text import plain
from coopstats.app.view import View, ask, current
from coopstats.errors import DataError

PARAM_EVENT = "event"


def event_link(view: View, event_id: str) -> str:
    """A relative link to this page showing one event, keeping the URL's other settings."""
    params = {k: st.query_params.get_all(k) for k in st.query_params if k != PARAM_EVENT}
    return "todo?" + urlencode({**params, PARAM_EVENT: event_id}, doseq=True)


def event_card(view: View, event_id: str) -> None:
    """One event: what it misses, its figures with sources, and who is named."""
    _ = view._
    try:
        event = view.ds.event(event_id)
    except DataError:
        st.warning(_("No event has the id {event_id}.").format(event_id=plain(event_id)))
        return
    st.subheader(plain(event["title"]))
    st.caption(plain(f"{event_id} · {event['start_date']} · {event['city'] or ''}"))
    todo = ask(view, "research_todo")
    row = todo[todo["event_id"] == event_id]
    missing = row.iloc[0]["missing"] if not row.empty else ()
    if missing:
        st.markdown(_("**Still to find:**"))
        st.markdown("\n".join(f"- {plain(_(MISSING[code]))}" for code in missing))
    else:
        st.success(_("Nothing on the to-do list for this event."))
    figures = view.ds.figures_of(event_id)
    st.markdown(_("**Reported figures**"))
    if figures.empty:
        st.info(_("No figure found yet: unknown."))
    else:
        columns = ["metric", "scope", "value", "qualifier", "status", "publisher", "url",
                   "is_mirror", "quote"]  # fmt: skip
        st.dataframe(figures[columns], hide_index=True, width="stretch",
                     column_config={"url": st.column_config.LinkColumn(_("Link"))})  # fmt: skip
    named = view.ds.named_of(event_id, view.lang)
    st.markdown(_("**Named participants** ({n})").format(n=view.number(len(named))))
    if not named.empty:
        st.dataframe(named[["name", "participant_id", "role", "mode", "source_id"]],
                     hide_index=True, width="stretch")  # fmt: skip
    if st.button(_("Back to the list"), key="todo_back"):
        st.query_params.pop(PARAM_EVENT, None)
        st.rerun()


view = current()
_ = view._
st.title(_("Research to-do list"))
st.caption(
    _(
        "What each event still misses, for the filters in the sidebar: the researchers' queue "
        "of work. Open an event to see its figures and sources."
    )
)

requested = st.query_params.get(PARAM_EVENT)
if requested:
    event_card(view, requested)
    st.stop()

todo = ask(view, "research_todo")
labels = {code: _(label) for code, label in MISSING.items()}
left, right = st.columns(2)
with left:
    chosen = st.multiselect(
        _("Missing"),
        options=list(MISSING),
        format_func=labels.get,
        key="todo_missing",
        placeholder=_("Anything"),
    )
with right:
    order = st.selectbox(
        _("Sort"),
        options=list(ORDERS),
        format_func=lambda code: _(ORDERS[code][0]),
        key="todo_sort",
    )
shown = with_missing(sort_todo(todo, order), tuple(chosen))

counts = todo_counts(todo)
st.caption(
    " · ".join(
        f"{plain(labels[c])}: {view.number(n)}"
        for c, n in zip(counts["code"], counts["events"], strict=True)
    )
)
if shown.empty:
    st.info(_("Nothing missing for these filters."))
    st.stop()

table = shown[["year", "title", "series_id", "n_missing"]].assign(
    missing=["; ".join(labels[c] for c in codes) for codes in shown["missing"]],
    link=[event_link(view, e) for e in shown["event_id"]],
    series_id=[view.series_name(s) for s in shown["series_id"]],
)
st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    key="todo_table",
    column_config={
        "year": st.column_config.NumberColumn(_("Year"), format="%d"),
        "title": st.column_config.TextColumn(_("Event"), width="large"),
        "series_id": st.column_config.TextColumn(_("Series")),
        "n_missing": st.column_config.NumberColumn(_("Gaps")),
        "missing": st.column_config.TextColumn(_("Missing"), width="large"),
        "link": st.column_config.LinkColumn(_("Open"), display_text=_("open")),
    },
)
st.caption(_("{n} events.").format(n=view.number(len(shown))))
