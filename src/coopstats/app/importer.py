"""Import a registration list with review: upload, check what was detected, resolve, commit.

The page reads the upload (coopstats.registration), shows the detected header row and
delegation column (both changeable), lists every distinct delegation with its resolution, and
asks the editor to settle the unresolved ones. Choices are widgets keyed by the delegation's
own text, never by row position, so nothing moves when the list is read again. The commit is
one changeset: the participations, and the event and source when they are new.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from coopstats import registration
from coopstats.app import forms
from coopstats.app.staging import show_saved, submit
from coopstats.app.text import plain
from coopstats.app.view import View
from coopstats.contribution import Submission
from coopstats.errors import DataError
from coopstats.schema import MODES, ROLES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LEAVE_OUT = "-"


@st.cache_data(show_spinner=False, max_entries=8)
def _grid(name: str, data: bytes) -> pd.DataFrame:
    return registration.read_grid(name, data)


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _choices(view: View, found: pd.DataFrame) -> dict[str, str | None]:
    """The editor's choice for every unresolved delegation, and for resolved ones left out."""
    _ = view._
    everyone = forms.participant_options(view)
    choices: dict[str, str | None] = {}
    unresolved = found[found["code"].isna()]
    if not unresolved.empty:
        st.markdown(_("**Not resolved: pick the participant, or leave it out**"))
    for row in unresolved.itertuples(index=False):
        suggested = [c for c in row.suggestions if c in everyone]
        options = [None, *suggested, LEAVE_OUT, *[c for c in everyone if c not in suggested]]
        picked = st.selectbox(
            _("“{text}” (line {line}, {rows} rows)").format(
                text=row.text, line=row.first_line, rows=row.rows
            ),
            options=options,
            format_func=lambda c: (
                _("choose…") if c is None
                else _("leave it out") if c == LEAVE_OUT
                else f"{everyone[c]} ({c})"
            ),
            key=f"resolve_{_key(row.text)}",
        )  # fmt: skip
        if picked is not None:
            choices[row.text] = None if picked == LEAVE_OUT else picked
    resolved = found[found["code"].notna()]
    left_out = st.multiselect(
        _("Leave out resolved delegations"),
        options=list(resolved["text"]),
        key="import_leave_out",
        placeholder=_("None"),
    )
    for text in left_out:
        choices[text] = None
    return choices


def import_panel(view: View, editor: str) -> None:
    """The whole import flow, for a signed-in editor."""
    _ = view._
    if show_saved("import"):  # a new list starts afresh
        st.session_state["import_round"] = st.session_state.get("import_round", 0) + 1
    st.download_button(
        _("Download the template (.xlsx)"),
        data=registration.template_bytes(),
        file_name="coopstats-registration-template.xlsx",
        mime=XLSX,
        key="import_template",
    )
    upload = st.file_uploader(
        _("Registration list (CSV or XLSX, at most 10 MB and 100,000 rows)"),
        type=["csv", "xlsx", "xls", "xlsm"],
        max_upload_size=registration.MAX_BYTES // (1024 * 1024),
        key=f"import_file_{st.session_state.get('import_round', 0)}",
    )
    if upload is None:
        return
    try:
        grid = _grid(upload.name, upload.getvalue())
    except DataError as error:
        for problem in error.problems:
            st.error(plain(problem.message()))
        return

    file_key = _key(upload.name + str(upload.size))
    detected = registration.detect_header(grid)
    st.markdown(_("**The top of the file**"))
    top = grid.head(registration.HEADER_SEARCH_ROWS).astype("str")
    # Numbered as lines in the file, as the header row is asked for below.
    st.dataframe(top.set_axis(range(1, len(top) + 1)), width="stretch")
    header_row = st.number_input(
        _("Header row (line number in the file)"),
        min_value=1,
        max_value=min(len(grid), registration.HEADER_SEARCH_ROWS),
        value=detected + 1,
        key=f"import_header_{file_key}",
    )
    frame = registration.with_header(grid, int(header_row) - 1)
    columns = [c for c in frame.columns if c != "_line"]
    guess = registration.detect_delegation_column(frame, view.ds.countries, view.ds.organisations)
    column = st.selectbox(
        _("Delegation column"),
        options=columns,
        index=columns.index(guess) if guess in columns else 0,
        key=f"import_column_{file_key}_{header_row}",
    )
    found = registration.delegations(
        frame, column, view.ds.countries, view.ds.organisations, view.lang
    )
    st.markdown(
        _("**{n} distinct delegations in {rows} rows**").format(
            n=view.number(len(found)), rows=view.number(len(frame))
        )
    )
    st.dataframe(
        found.assign(suggestions=[", ".join(s) for s in found["suggestions"]]).astype("str"),
        hide_index=True,
        width="stretch",
        key="import_review",
        column_config={
            "text": st.column_config.TextColumn(_("In the file")),
            "rows": st.column_config.TextColumn(_("Rows")),
            "first_line": st.column_config.TextColumn(_("First line")),
            "kind": st.column_config.TextColumn(_("Kind")),
            "code": st.column_config.TextColumn(_("Code")),
            "name": st.column_config.TextColumn(_("Resolved as")),
            "suggestions": st.column_config.TextColumn(_("Suggestions")),
        },
    )
    choices = _choices(view, found)

    st.markdown(_("**Where they took part**"))
    event_id, event_rows = forms.event_picker(view, key="import")
    source_id, source_rows = forms.source_picker(view, key="import")
    left, right = st.columns(2)
    role = left.selectbox(_("Role"), list(ROLES), index=list(ROLES).index("participant"),
                          format_func=lambda r: _(ROLES[r]), key="import_role")  # fmt: skip
    mode = right.selectbox(_("Mode"), list(MODES), format_func=lambda m: _(MODES[m]),
                           key="import_mode")  # fmt: skip

    problems = registration.unresolved_problems(found, choices, upload.name, column)
    for problem in problems:
        st.warning(plain(problem.message()))
    rows = registration.participation_rows(
        found, choices, view.ds.countries, event_id=event_id or "", role=role, mode=mode,
        source_id=source_id or "",
    )  # fmt: skip
    st.caption(_("{n} participants will be added.").format(n=view.number(len(rows))))
    if st.button(_("Commit the import"), type="primary", disabled=bool(problems) or not rows,
                 key="import_commit"):  # fmt: skip
        submission = Submission(
            summary=f"import {len(rows)} participants of {event_id} from {upload.name}",
            kind="import",
            source_id=source_id,
            puts=[*source_rows, *event_rows, *(("participations", r) for r in rows)],
        )
        submit(view.store, editor, submission, view.settings.review, _, area="import")
