"""Editors: who may write from the browser, how they sign in, and how guessing is stopped.

Three tables, made by the Alembic revision `0002_editors` (after the store's own):

- `editors`: one row per editor; the password only as an Argon2id hash (argon2-cffi);
- `sign_in_failures`: failed attempts per name. Five in a row lock that name for a minute.
  The count lives here, in the store, so the lock holds on every server process;
- `editor_sessions`: one row per signed-in browser, keyed by the SHA-256 of a random token
  (the browser keeps the token in a cookie; the store never sees it). A session ends when its
  editor signs out, is removed or has a new password set, after an idle hour, and at the
  latest twelve hours after the sign-in.

Every function takes the engine and a `now` (tests pass their own clock); each write is one
transaction (on SQLite a `BEGIN IMMEDIATE` one, so concurrent processes queue, never lose a count).
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import argon2
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from coopstats.errors import DataError, Problem
from coopstats.store.engine import writing

MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=1)
IDLE_LIMIT = timedelta(hours=1)
# However active, a session ends this long after its sign-in (the browser's cookie too).
MAX_SESSION = timedelta(hours=12)
# A session's last_seen is written at most this often: a rerun of a page does not write.
TOUCH_EVERY = timedelta(minutes=1)
MIN_PASSWORD = 10
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.\-]{1,39}$")

metadata = sa.MetaData()

editors = sa.Table(
    "editors",
    metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("password_changed", sa.DateTime(timezone=True), nullable=False),
)

sign_in_failures = sa.Table(
    "sign_in_failures",
    metadata,
    # Not a foreign key: unknown names are counted and locked too, so that a lock says
    # nothing about whether a name exists.
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("locked_until", sa.DateTime(timezone=True)),
)

editor_sessions = sa.Table(
    "editor_sessions",
    metadata,
    sa.Column("token_hash", sa.Text, primary_key=True),
    sa.Column("editor", sa.Text, sa.ForeignKey("editors.name", ondelete="CASCADE"), nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Index("editor_sessions_editor", "editor"),
)

TABLES = (editors, sign_in_failures, editor_sessions)

# argon2-cffi's defaults (RFC 9106's second recommendation: Argon2id, 64 MiB, 3 passes).
_hasher = argon2.PasswordHasher()


@functools.cache
def _dummy_hash(hasher: argon2.PasswordHasher) -> str:
    """Checked when the name is unknown, so that a wrong name takes as long as a wrong password."""
    return hasher.hash("not a password of anyone")


@dataclass(frozen=True)
class SignIn:
    """The outcome of one attempt: `editor` and `token` when it worked, else why not.

    `reason` is "ok", "wrong" (name or password: never which) or "locked" (then
    `locked_until` says until when).
    """

    reason: str
    editor: str | None = None
    token: str | None = None
    locked_until: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.reason == "ok"


def now_utc() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime | None) -> datetime | None:
    """A datetime read from the store, in UTC."""
    # SQLite gives back naive datetimes for timezone-aware columns: they were stored in UTC.
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_name(name: str) -> str:
    """The name, or a DataError saying what a name may be."""
    if not NAME_PATTERN.match(name or ""):
        raise DataError([Problem(
            "not a usable editor name", column="NAME", value=name,
            expected="2 to 40 characters: lower-case letters, digits, '.', '_' or '-', "
                     "starting with a letter or digit",
            hint="e.g. ana or j.smith",
        )])  # fmt: skip
    return name


def check_password(password: str) -> str:
    """The password, or a DataError when it is too short."""
    if len(password or "") < MIN_PASSWORD:
        raise DataError([Problem(
            "password too short", column="password", value=f"{len(password or '')} characters",
            expected=f"at least {MIN_PASSWORD} characters",
            hint="a few unrelated words make a long password that is easy to type",
        )])  # fmt: skip
    return password


def _unknown(name: str) -> DataError:
    return DataError([Problem("no such editor", column="NAME", value=name,
                              hint="`coopstats editors list` names them")])  # fmt: skip


# -- managing editors (the `coopstats editors` commands) ------------------------------------


def add(engine: sa.Engine, name: str, password: str, now: datetime | None = None) -> None:
    """Add an editor; a DataError when the name is taken or the name or password unusable."""
    check_name(name)
    check_password(password)
    now = now or now_utc()
    with writing(engine).begin() as conn:
        if conn.execute(sa.select(editors.c.name).where(editors.c.name == name)).first():
            raise DataError([Problem("editor already exists", column="NAME", value=name,
                                     hint=f"`coopstats editors reset {name}` sets a new password")])  # fmt: skip
        conn.execute(editors.insert().values(name=name, password_hash=_hasher.hash(password),
                                             created=now, password_changed=now))  # fmt: skip


def names(engine: sa.Engine) -> list[dict[str, object]]:
    """Every editor: name, created, password_changed, open sessions; sorted by name."""
    sessions = (
        sa.select(editor_sessions.c.editor, sa.func.count().label("sessions"))
        .group_by(editor_sessions.c.editor)
        .subquery()
    )
    query = (
        sa.select(editors.c.name, editors.c.created, editors.c.password_changed,
                  sa.func.coalesce(sessions.c.sessions, 0).label("sessions"))
        .outerjoin(sessions, sessions.c.editor == editors.c.name)
        .order_by(editors.c.name)
    )  # fmt: skip
    with engine.connect() as conn:
        return [
            {"name": r.name, "created": aware(r.created),
             "password_changed": aware(r.password_changed), "sessions": int(r.sessions)}
            for r in conn.execute(query)
        ]  # fmt: skip


def remove(engine: sa.Engine, name: str) -> None:
    """Remove an editor and end their sessions; their changesets keep their name."""
    with writing(engine).begin() as conn:
        conn.execute(editor_sessions.delete().where(editor_sessions.c.editor == name))
        if conn.execute(editors.delete().where(editors.c.name == name)).rowcount == 0:
            raise _unknown(name)


def reset(engine: sa.Engine, name: str, password: str, now: datetime | None = None) -> None:
    """Set a new password, end the editor's sessions and lift any lock on the name."""
    check_password(password)
    now = now or now_utc()
    with writing(engine).begin() as conn:
        done = conn.execute(
            editors.update()
            .where(editors.c.name == name)
            .values(password_hash=_hasher.hash(password), password_changed=now)
        )
        if done.rowcount == 0:
            raise _unknown(name)
        conn.execute(editor_sessions.delete().where(editor_sessions.c.editor == name))
        conn.execute(sign_in_failures.delete().where(sign_in_failures.c.name == name))


# -- signing in and out -----------------------------------------------------------------------


def _insert(conn: sa.Connection):
    """An INSERT into sign_in_failures that can say ON CONFLICT (SQLite and PostgreSQL)."""
    module = postgresql if conn.dialect.name == "postgresql" else sqlite
    return module.insert(sign_in_failures)


def _verify(stored: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored or _dummy_hash(_hasher), password) and stored is not None
    except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
        return False


def sign_in(engine: sa.Engine, name: str, password: str, now: datetime | None = None) -> SignIn:
    """Check a name and password; on success open a session and return its token.

    While a name is locked no password is checked (not even the right one). The fifth failure
    in a row locks the name for LOCK_FOR; a success clears the count.
    """
    now = now or now_utc()
    name = (name or "").strip()
    with writing(engine).begin() as conn:
        # The name's row exists before it is read, and is read locked (FOR UPDATE on
        # PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises writers), so attempts on
        # several processes at once each see the count the one before left.
        conn.execute(_insert(conn).values(name=name, failures=0, locked_until=None)
                     .on_conflict_do_nothing(index_elements=["name"]))  # fmt: skip
        failed = conn.execute(
            sa.select(sign_in_failures).where(sign_in_failures.c.name == name).with_for_update()
        ).one()
        locked_until = aware(failed.locked_until)
        if locked_until is not None and locked_until > now:
            return SignIn("locked", locked_until=locked_until)
        stored = conn.execute(
            sa.select(editors.c.password_hash).where(editors.c.name == name)
        ).scalar()
        if _verify(stored, password):
            conn.execute(sign_in_failures.delete().where(sign_in_failures.c.name == name))
            if _hasher.check_needs_rehash(stored):
                conn.execute(editors.update().where(editors.c.name == name)
                             .values(password_hash=_hasher.hash(password)))  # fmt: skip
            token = secrets.token_urlsafe(32)
            conn.execute(editor_sessions.insert().values(
                token_hash=_token_hash(token), editor=name, created=now, last_seen=now))  # fmt: skip
            return SignIn("ok", editor=name, token=token)
        # A lock that has run out starts a new count.
        count = 1 if locked_until is not None else failed.failures + 1
        lock = now + LOCK_FOR if count >= MAX_FAILURES else None
        conn.execute(sign_in_failures.update().where(sign_in_failures.c.name == name)
                     .values(failures=0 if lock else count, locked_until=lock))  # fmt: skip
        return SignIn("locked" if lock else "wrong", locked_until=lock)


def session_editor(engine: sa.Engine, token: str | None, now: datetime | None = None) -> str | None:
    """The editor a session token belongs to, or None (unknown, ended, idle past IDLE_LIMIT or
    older than MAX_SESSION).

    An idle session is ended here; an active one has its last_seen moved on (at most once
    per TOUCH_EVERY, so reading pages does not write on every rerun).
    """
    if not token:
        return None
    now = now or now_utc()
    key = _token_hash(token)
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(
                editor_sessions.c.editor, editor_sessions.c.created, editor_sessions.c.last_seen
            ).where(editor_sessions.c.token_hash == key)
        ).first()
    if row is None:
        return None
    last_seen = aware(row.last_seen)
    if now - last_seen > IDLE_LIMIT or now - aware(row.created) > MAX_SESSION:
        sign_out(engine, token)
        return None
    if now - last_seen > TOUCH_EVERY:
        with writing(engine).begin() as conn:
            conn.execute(editor_sessions.update().where(editor_sessions.c.token_hash == key)
                         .values(last_seen=now))  # fmt: skip
    return row.editor


def sign_out(engine: sa.Engine, token: str | None) -> None:
    """End one session (nothing happens for an unknown token)."""
    if not token:
        return
    with writing(engine).begin() as conn:
        conn.execute(editor_sessions.delete().where(
            editor_sessions.c.token_hash == _token_hash(token)))  # fmt: skip


def change_password(
    engine: sa.Engine, token: str, old: str, new: str, now: datetime | None = None
) -> None:
    """A signed-in editor sets a new password, giving the old one.

    Their other sessions end; this one stays. A DataError says what was wrong.
    """
    now = now or now_utc()
    name = session_editor(engine, token, now)
    if name is None:
        raise DataError([Problem("not signed in", column="session",
                                 hint="sign in again, then change the password")])  # fmt: skip
    check_password(new)
    with writing(engine).begin() as conn:
        stored = conn.execute(
            sa.select(editors.c.password_hash).where(editors.c.name == name)
        ).scalar()
        if not _verify(stored, old):
            raise DataError([Problem("the current password is not right", column="current password",
                                     hint="type it again; ask for a reset if it is lost")])  # fmt: skip
        conn.execute(editors.update().where(editors.c.name == name)
                     .values(password_hash=_hasher.hash(new), password_changed=now))  # fmt: skip
        conn.execute(editor_sessions.delete().where(
            (editor_sessions.c.editor == name) & (editor_sessions.c.token_hash != _token_hash(token))
        ))  # fmt: skip
