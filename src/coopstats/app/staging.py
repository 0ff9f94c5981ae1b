"""Staged edits: a form or an import becomes one Submission, checked whole, then written once.

Nothing reaches the store until the whole submission validates with the loader's rules; the
four-part problems are shown beside the form, as plain text. With `COOPSTATS_REVIEW=required`
a valid submission waits for another editor instead of being committed.
"""

from __future__ import annotations

import streamlit as st

from coopstats.app.text import plain
from coopstats.contribution import Submission
from coopstats.errors import DataError
from coopstats.store import Draft, Store
from coopstats.store import review as reviews
from coopstats.store.changesets import validate

_SAVED = "_staging_saved"  # (area, message): said once, on the run after a write


def saved(area: str, message: str) -> None:
    """Rerun now and say `message` in `area` then: the page is drawn again from the data as
    they are after the write, so its lists (events, figures, changesets) include it."""
    st.session_state[_SAVED] = (area, message)
    st.rerun()


def show_saved(area: str) -> bool:
    """Say, once, what the last write made from this area; True when there was something."""
    found = st.session_state.get(_SAVED)
    if not found or found[0] != area:
        return False
    del st.session_state[_SAVED]
    st.success(found[1])
    return True


def draft_of(submission: Submission) -> Draft:
    draft = Draft()
    for table, row in submission.puts:
        draft.put(table, row)
    for table, row in submission.deletes:
        draft.delete(table, row)
    return draft


def show_problems(error: DataError, _) -> None:
    """Every error of a refused submission, one message each, never as Markdown.

    The loader's warnings about other rows (a figure with only mirror sources) are not shown:
    they do not stop a write and are not this editor's to fix here.
    """
    st.error(_("Nothing was saved. Fix these problems and submit again:"))
    for problem in error.problems:
        if problem.severity == "error":
            st.error(plain(problem.message()))


def submit(
    store: Store, editor: str, submission: Submission, review: str, _, area: str | None = None
) -> bool:
    """Validate and write (or queue for review) a submission; say what happened. True if done.

    With an `area`, a success reruns the page and is said there (`show_saved(area)`), so that
    the page shows the data with the write. `editor` must come from this run's session check
    (signin.current_editor), never from a widget or the URL.
    """
    draft = draft_of(submission)
    if not draft:
        st.info(_("Nothing to save: no row changes."))
        return False
    try:
        validate(store.engine, draft)
        if review == "required":
            pending = reviews.submit(store.engine, draft, editor=editor,
                                     summary=submission.summary,
                                     source_id=submission.source_id, kind=submission.kind)  # fmt: skip
            message = _("Saved for review as change {id}: another editor must approve it.")
            _say(area, message.format(id=pending))
            return True
        made = store.commit(draft, editor=editor, summary=submission.summary,
                            source_id=submission.source_id, kind=submission.kind,
                            expect=submission.expect or None)  # fmt: skip
    except DataError as error:
        show_problems(error, _)
        return False
    if made is None:
        st.info(_("Nothing to save: the store already holds exactly these rows."))
        return False
    _say(area, _("Saved as changeset {id} ({n} rows changed).").format(id=made.id, n=made.changes))
    return True


def _say(area: str | None, message: str) -> None:
    if area is None:
        st.success(message)
    else:
        saved(area, message)
