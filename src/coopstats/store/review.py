"""Second-editor review: with `COOPSTATS_REVIEW=required`, a change waits until another approves it.

A change submitted for review is kept whole in `pending_changes` (made by the Alembic revision
`0002_editors`): its draft as JSON, who submitted it, the summary and the source. Nothing of it
touches the data tables, so viewers never see it. Another editor approves it (then it is
committed as one changeset in the submitter's name, the summary saying who approved) or
rejects it with a reason. The submitter can neither approve nor reject their own change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from coopstats.errors import DataError, Problem
from coopstats.store.changesets import Changeset, Draft, diff, record, validate
from coopstats.store.editors import aware, metadata, now_utc
from coopstats.store.engine import writing

MODES = ("off", "required")

pending_changes = sa.Table(
    "pending_changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("editor", sa.Text, nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("source_id", sa.Text),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("draft", sa.Text, nullable=False),
    # pending, approved or rejected
    sa.Column("status", sa.Text, nullable=False, server_default="pending"),
    sa.Column("reviewer", sa.Text),
    sa.Column("reviewed", sa.DateTime(timezone=True)),
    sa.Column("reason", sa.Text),
    sa.Column("changeset_id", sa.Integer),
)


@dataclass(frozen=True)
class Pending:
    """One change waiting for (or past) review."""

    id: str
    created: datetime
    editor: str
    summary: str
    source_id: str | None
    kind: str
    draft: Draft
    status: str


def _dump(draft: Draft) -> str:
    return json.dumps({"puts": draft.puts, "deletes": draft.deletes}, ensure_ascii=False,
                      default=str)  # fmt: skip


def _load(text: str) -> Draft:
    data = json.loads(text)
    return Draft(puts=[tuple(p) for p in data["puts"]],  # type: ignore[misc]
                 deletes=[tuple(d) for d in data["deletes"]])  # fmt: skip


def submit(engine: sa.Engine, draft: Draft, *, editor: str, summary: str,
           source_id: str | None, kind: str) -> str:  # fmt: skip
    """Keep a change for review; its id."""
    with writing(engine).begin() as conn:
        new_id = conn.execute(
            pending_changes.insert()
            .values(created=now_utc(), editor=editor, summary=summary, source_id=source_id,
                    kind=kind, draft=_dump(draft), status="pending")
            .returning(pending_changes.c.id)
        ).scalar_one()  # fmt: skip
    return str(new_id)


def waiting(engine: sa.Engine) -> list[Pending]:
    """The changes waiting for review, oldest first."""
    query = (
        sa.select(pending_changes)
        .where(pending_changes.c.status == "pending")
        .order_by(pending_changes.c.id)
    )
    with engine.connect() as conn:
        return [
            Pending(str(r.id), aware(r.created), r.editor, r.summary, r.source_id, r.kind,
                    _load(r.draft), r.status)
            for r in conn.execute(query)
        ]  # fmt: skip


def _claim(conn: sa.Connection, pending_id: str, reviewer: str) -> sa.Row:
    row = conn.execute(
        sa.select(pending_changes).where(pending_changes.c.id == int(pending_id))
    ).first()
    if row is None or row.status != "pending":
        raise DataError([Problem("no change waits for review under this id", column="id",
                                 value=pending_id, hint="another editor may have reviewed it")])  # fmt: skip
    if row.editor == reviewer:
        raise DataError([Problem("an editor cannot review their own change", column="reviewer",
                                 value=reviewer, expected="another editor",
                                 hint="ask another editor to review it")])  # fmt: skip
    return row


def approve(engine: sa.Engine, pending_id: str, *, reviewer: str) -> Changeset | None:
    """Commit a waiting change in its submitter's name, as one changeset; mark it approved.

    A DataError (nothing written) when the change no longer validates or conflicts.
    """
    with engine.connect() as conn:
        draft = _load(_claim(conn, pending_id, reviewer).draft)
    validate(engine, draft)
    # The claim, the rows, their history and the approval in one transaction: two reviewers
    # approving at once write the change once.
    with writing(engine).begin() as conn:
        row = _claim(conn, pending_id, reviewer)
        changes = diff(conn, draft)
        made = None
        if changes:
            made = record(conn, changes, editor=row.editor, kind=row.kind,
                          summary=f"{row.summary} (approved by {reviewer})",
                          source_id=row.source_id)  # fmt: skip
        conn.execute(
            pending_changes.update()
            .where(pending_changes.c.id == int(pending_id))
            .values(status="approved", reviewer=reviewer, reviewed=now_utc(),
                    changeset_id=int(made.id) if made else None)
        )  # fmt: skip
    return made


def reject(engine: sa.Engine, pending_id: str, *, reviewer: str, reason: str) -> None:
    """Mark a waiting change rejected, with the reviewer's reason; nothing is written."""
    if not reason.strip():
        raise DataError([Problem("a rejection needs a reason", column="reason",
                                 hint="say what to change, so the submitter can fix it")])  # fmt: skip
    with writing(engine).begin() as conn:
        _claim(conn, pending_id, reviewer)
        conn.execute(
            pending_changes.update()
            .where(pending_changes.c.id == int(pending_id))
            .values(status="rejected", reviewer=reviewer, reviewed=now_utc(), reason=reason)
        )
