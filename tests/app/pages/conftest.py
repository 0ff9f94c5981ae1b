"""Fixtures of the page tests."""

from __future__ import annotations

import argon2
import pytest

from coopstats.store import Store, editors

EDITOR_PASSWORD = "correct horse battery"


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A store of its own (seeded from the bundled data) with two editors, ana and bo."""
    monkeypatch.setenv("COOPSTATS_HOME", str(tmp_path))
    monkeypatch.delenv("COOPSTATS_DATA_DIR", raising=False)
    monkeypatch.delenv("COOPSTATS_DATABASE_URL", raising=False)
    # Fast hashing for tests: the parameters do not change what is checked.
    monkeypatch.setattr(editors, "_hasher", argon2.PasswordHasher(time_cost=1, memory_cost=64,
                                                                  parallelism=1))  # fmt: skip
    opened = Store.open()
    editors.add(opened.engine, "ana", EDITOR_PASSWORD)
    editors.add(opened.engine, "bo", EDITOR_PASSWORD)
    return opened
