"""The store: a table per table model of schema.py, the append-only history, store facts.

Revision ID: 0001_store
Revises:
Create Date: 2026-11-30

The data tables are made from `coopstats.store.tables`, which derives them from schema.py;
tables and columns added there later are added by `sync_schema` after the migrations (additive
changes only). Structural changes need a revision of their own after this one.
"""

from __future__ import annotations

from alembic import op

from coopstats.store import tables

revision = "0001_store"
down_revision = None
branch_labels = None
depends_on = None

_APPEND_ONLY_SQLITE = """
CREATE TRIGGER {table}_append_only_{action} BEFORE {action} ON {table}
BEGIN SELECT RAISE(ABORT, 'the history is append-only: {table} rows are never changed'); END
"""
_APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION coopstats_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'the history is append-only: % rows are never changed', TG_TABLE_NAME; END
$$ LANGUAGE plpgsql
"""
_APPEND_ONLY_POSTGRES = """
CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
FOR EACH ROW EXECUTE FUNCTION coopstats_append_only()
"""


def upgrade() -> None:
    bind = op.get_bind()
    tables.metadata.create_all(bind)
    if bind.dialect.name == "postgresql":
        op.execute(_APPEND_ONLY_FUNCTION)
        for table in tables.HISTORY_TABLES:
            op.execute(_APPEND_ONLY_POSTGRES.format(table=table))
    else:
        for table in tables.HISTORY_TABLES:
            for action in ("UPDATE", "DELETE"):
                op.execute(_APPEND_ONLY_SQLITE.format(table=table, action=action))


def downgrade() -> None:
    tables.metadata.drop_all(op.get_bind())
