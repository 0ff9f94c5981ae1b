"""Editors in the store: Argon2 hashes, sign-in, lock after five failures, sessions, resets."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime, timedelta

import argon2
import pytest
import sqlalchemy as sa

from coopstats.errors import DataError
from coopstats.store import Store, editors
from coopstats.store.engine import engine_for

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """Argon2 with its smallest costs: the real ones take about a second a hash here."""
    monkeypatch.setattr(editors, "_hasher", argon2.PasswordHasher(time_cost=1, memory_cost=64,
                                                                  parallelism=1))  # fmt: skip


@pytest.fixture
def engine(store_url):
    """An empty store on SQLite and on PostgreSQL, migrated to head (0002_editors included)."""
    return Store.open(store_url, seed_from=None).engine


@pytest.fixture
def ana(engine):
    editors.add(engine, "ana", PASSWORD, now=T0)
    return engine


def test_passwords_are_stored_as_argon2_hashes_only(ana):
    with ana.connect() as conn:
        stored = conn.execute(sa.select(editors.editors.c.password_hash)).scalar()
        revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    assert revision == "0002_editors"
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_add_refuses_bad_names_short_passwords_and_duplicates(ana):
    with pytest.raises(DataError, match="not a usable editor name"):
        editors.add(ana, "Ana Smith", PASSWORD)
    with pytest.raises(DataError, match="at least 10 characters"):
        editors.add(ana, "bo", "short")
    with pytest.raises(DataError, match=r"already exists.*editors reset ana"):
        editors.add(ana, "ana", PASSWORD)


def test_sign_in_opens_a_session_that_names_the_editor(ana):
    result = editors.sign_in(ana, "ana", PASSWORD, now=T0)
    assert result.ok and result.editor == "ana" and len(result.token) > 30
    assert editors.session_editor(ana, result.token, now=T0) == "ana"
    assert editors.session_editor(ana, "forged-token", now=T0) is None
    assert editors.names(ana)[0]["sessions"] == 1
    editors.sign_out(ana, result.token)
    assert editors.session_editor(ana, result.token, now=T0) is None


def test_a_wrong_name_and_a_wrong_password_look_the_same(ana):
    assert editors.sign_in(ana, "ana", "wrong password!", now=T0).reason == "wrong"
    assert editors.sign_in(ana, "nobody", PASSWORD, now=T0).reason == "wrong"


def test_five_failures_lock_the_name_for_a_minute_even_for_the_right_password(ana):
    for _ in range(4):
        assert editors.sign_in(ana, "ana", "wrong password!", now=T0).reason == "wrong"
    fifth = editors.sign_in(ana, "ana", "wrong password!", now=T0)
    assert fifth.reason == "locked" and fifth.locked_until == T0 + timedelta(minutes=1)
    assert editors.sign_in(ana, "ana", PASSWORD, now=T0 + timedelta(seconds=59)).reason == "locked"
    later = editors.sign_in(ana, "ana", PASSWORD, now=T0 + timedelta(seconds=61))
    assert later.ok
    # A success clears the count: four more failures do not lock.
    for _ in range(4):
        editors.sign_in(ana, "ana", "wrong password!", now=T0 + timedelta(minutes=2))
    assert editors.sign_in(ana, "ana", PASSWORD, now=T0 + timedelta(minutes=2)).ok


def test_unknown_names_are_locked_too(engine):
    for _ in range(5):
        result = editors.sign_in(engine, "ghost", "whatever at all", now=T0)
    assert result.reason == "locked"


def _fail_once(url: str, now: datetime) -> str:
    engine = engine_for(url)
    engine.dispose(close=False)  # a forked child opens connections of its own
    return editors.sign_in(engine, "ana", "wrong password!", now=now).reason


def test_failures_from_several_processes_add_up(ana):
    url = ana.url.render_as_string(hide_password=False)
    with multiprocessing.get_context("fork").Pool(3) as pool:
        reasons = pool.starmap(_fail_once, [(url, T0)] * 5)
    assert sorted(reasons) == ["locked", "wrong", "wrong", "wrong", "wrong"]
    assert editors.sign_in(ana, "ana", PASSWORD, now=T0).reason == "locked"


def test_an_idle_hour_ends_the_session_and_use_keeps_it(ana):
    token = editors.sign_in(ana, "ana", PASSWORD, now=T0).token
    assert editors.session_editor(ana, token, now=T0 + timedelta(minutes=50)) == "ana"
    # Seen at 0:50, so still alive at 1:40.
    assert editors.session_editor(ana, token, now=T0 + timedelta(minutes=100)) == "ana"
    assert editors.session_editor(ana, token, now=T0 + timedelta(minutes=161)) is None
    assert editors.session_editor(ana, token, now=T0 + timedelta(minutes=162)) is None


def test_change_password_keeps_this_session_and_ends_the_others(ana):
    here = editors.sign_in(ana, "ana", PASSWORD, now=T0).token
    there = editors.sign_in(ana, "ana", PASSWORD, now=T0).token
    with pytest.raises(DataError, match="current password is not right"):
        editors.change_password(ana, here, "not the password", "a brand new secret", now=T0)
    with pytest.raises(DataError, match="at least 10"):
        editors.change_password(ana, here, PASSWORD, "tiny", now=T0)
    editors.change_password(ana, here, PASSWORD, "a brand new secret", now=T0)
    assert editors.session_editor(ana, here, now=T0) == "ana"
    assert editors.session_editor(ana, there, now=T0) is None
    assert not editors.sign_in(ana, "ana", PASSWORD, now=T0).ok
    assert editors.sign_in(ana, "ana", "a brand new secret", now=T0).ok


def test_reset_and_remove_end_sessions_and_lift_locks(ana):
    token = editors.sign_in(ana, "ana", PASSWORD, now=T0).token
    for _ in range(5):
        editors.sign_in(ana, "ana", "wrong password!", now=T0)
    editors.reset(ana, "ana", "another long secret", now=T0)
    assert editors.session_editor(ana, token, now=T0) is None
    token = editors.sign_in(ana, "ana", "another long secret", now=T0).token
    editors.remove(ana, "ana")
    assert editors.session_editor(ana, token, now=T0) is None
    assert editors.names(ana) == []
    with pytest.raises(DataError, match="no such editor"):
        editors.remove(ana, "ana")
    with pytest.raises(DataError, match="no such editor"):
        editors.reset(ana, "ana", "another long secret")
