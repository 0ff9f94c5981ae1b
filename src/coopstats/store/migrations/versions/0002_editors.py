"""Editors, their sign-in failures and sessions, and changes waiting for a second editor.

Revision ID: 0002_editors
Revises: 0001_store
Create Date: 2026-11-30

The tables are defined in `coopstats.store.editors` and `coopstats.store.review`; see their
docstrings.
"""

from __future__ import annotations

from alembic import op

from coopstats.store import editors, review

revision = "0002_editors"
down_revision = "0001_store"
branch_labels = None
depends_on = None

_TABLES = [*editors.TABLES, review.pending_changes]


def upgrade() -> None:
    editors.metadata.create_all(op.get_bind(), tables=_TABLES)


def downgrade() -> None:
    editors.metadata.drop_all(op.get_bind(), tables=list(reversed(_TABLES)))
