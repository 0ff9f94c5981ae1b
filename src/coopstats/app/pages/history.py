"""History: every changeset with who, when and what, its changes cell by cell, and undo.

For editors only (the page shows the sign-in otherwise). With `COOPSTATS_REVIEW=required`,
changes waiting for a second editor are listed first, to approve or reject.
"""

import pandas as pd
import streamlit as st

from coopstats.app import signin
from coopstats.app.staging import saved, show_problems, show_saved
from coopstats.app.text import plain
from coopstats.app.view import current
from coopstats.contribution import diff_table
from coopstats.errors import DataError
from coopstats.store import review as reviews

view = current()
_ = view._
editor = signin.gate(view.store, view.editor, _)
store = view.store
st.title(_("History"))
st.caption(
    _(
        "Every change to the data, newest first: who made it, when, and what it changed. An "
        "undo is a new changeset; nothing is ever erased from the history."
    )
)

if view.settings.review == "required":
    st.subheader(_("Waiting for review"))
    waiting = reviews.waiting(store.engine)
    if not waiting:
        st.caption(_("No change waits for review."))
    for item in waiting:
        with st.container(border=True):
            st.text(f"#{item.id} · {item.created:%Y-%m-%d %H:%M} UTC · {item.editor}")
            st.text(item.summary)
            rows = [{"action": "put", "table": t, **r} for t, r in item.draft.puts] + [
                {"action": "delete", "table": t, **r} for t, r in item.draft.deletes
            ]
            st.dataframe(pd.DataFrame(rows).astype("str"), hide_index=True, width="stretch")
            if item.editor == editor:
                st.caption(_("Your own change: another editor reviews it."))
                continue
            left, right = st.columns(2)
            if left.button(_("Approve"), key=f"approve_{item.id}"):
                try:
                    made = reviews.approve(store.engine, item.id, reviewer=editor)
                except DataError as error:
                    show_problems(error, _)
                else:
                    st.success(_("Approved: changeset {id}.").format(id=made.id if made else "-"))
            with right.form(key=f"reject_{item.id}"):
                reason = st.text_input(_("Reason"), key=f"reject_reason_{item.id}")
                if st.form_submit_button(_("Reject")):
                    try:
                        reviews.reject(store.engine, item.id, reviewer=editor, reason=reason)
                    except DataError as error:
                        show_problems(error, _)
                    else:
                        st.success(_("Rejected."))

st.subheader(_("Changesets"))
changesets = store.history(limit=500)
if not changesets:
    st.info(_("No changeset yet."))
    st.stop()
table = pd.DataFrame([c.as_dict() for c in changesets])
table["time"] = [c.time.strftime("%Y-%m-%d %H:%M:%S") for c in changesets]
st.dataframe(
    table[["id", "time", "editor", "kind", "summary", "source_id", "changes", "reverts"]],
    hide_index=True,
    width="stretch",
    column_config={
        "id": st.column_config.TextColumn(_("Changeset")),
        "time": st.column_config.TextColumn(_("When (UTC)")),
        "editor": st.column_config.TextColumn(_("Editor")),
        "kind": st.column_config.TextColumn(_("Kind")),
        "summary": st.column_config.TextColumn(_("What"), width="large"),
        "source_id": st.column_config.TextColumn(_("Source")),
        "changes": st.column_config.NumberColumn(_("Rows")),
        "reverts": st.column_config.TextColumn(_("Undoes")),
    },
)

by_id = {c.id: c for c in changesets}
chosen = st.selectbox(
    _("Changeset to look at"),
    options=list(by_id),
    format_func=lambda i: f"{i} · {by_id[i].editor} · {by_id[i].summary[:80]}",
    key="history_changeset",
)
changes = diff_table(store.changes_of(chosen))
st.caption(_("Changeset {id}: {n} changed cells.").format(id=chosen, n=view.number(len(changes))))
if changes:
    st.dataframe(pd.DataFrame(changes).astype("str"), hide_index=True, width="stretch",
                 key="history_diff")  # fmt: skip

show_saved("undo")
with st.form(key="undo_form"):
    st.markdown(_("**Undo changeset {id}**").format(id=plain(chosen)))
    sure = st.checkbox(_("I want to undo this changeset"), key="undo_sure")
    if st.form_submit_button(_("Undo")):
        if not sure:
            st.warning(_("Tick the box to confirm."))
        else:
            try:
                made = store.undo(chosen, editor=editor)
            except DataError as error:
                show_problems(error, _)
            else:
                saved("undo", _("Undone as changeset {id}.").format(id=made.id))
