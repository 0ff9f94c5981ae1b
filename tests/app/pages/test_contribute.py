"""Editors in the dashboard, through AppTest: read-only by default, sign-in, forms, import, history."""

from __future__ import annotations

import io
import tomllib
from datetime import timedelta
from pathlib import Path

import argon2
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from coopstats.store import Store, editors

ROOT = Path(__file__).resolve().parents[3]
DASHBOARD = str(ROOT / "dashboard.py")
PAGES = ROOT / "src" / "coopstats" / "app" / "pages"
PASSWORD = "correct horse battery"


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A store of its own (seeded from the bundled data) with one editor, ana."""
    monkeypatch.setenv("COOPSTATS_HOME", str(tmp_path))
    monkeypatch.delenv("COOPSTATS_DATA_DIR", raising=False)
    monkeypatch.delenv("COOPSTATS_DATABASE_URL", raising=False)
    monkeypatch.setattr(editors, "_hasher", argon2.PasswordHasher(time_cost=1, memory_cost=64,
                                                                  parallelism=1))  # fmt: skip
    opened = Store.open()
    editors.add(opened.engine, "ana", PASSWORD)
    editors.add(opened.engine, "bo", PASSWORD)
    return opened


def app(**params: str) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def sign_in(
    at: AppTest, name: str = "ana", password: str = PASSWORD, key: str = "signin"
) -> AppTest:
    at.text_input(key=f"{key}_name").input(name)
    at.text_input(key=f"{key}_password").input(password)
    submit = [b for b in at.button if b.label == "Sign in"]
    return submit[0].click().run()


def test_viewers_see_only_the_sign_in_on_editor_pages(store):
    at = app()
    assert not at.exception
    for page in ("contribute.py", "history.py"):
        at.switch_page(str(PAGES / page)).run()
        assert not at.exception
        assert at.title[0].value == "Sign in"
        assert len(at.title) == 1
        assert not at.file_uploader and not at.tabs
        assert at.text_input(key="gate_signin_name")


def test_an_editor_signs_in_and_out_in_the_sidebar(store):
    at = app()
    at = sign_in(at)
    assert not at.exception, [e.value for e in at.exception]
    assert "Signed in as ana" in " ".join(c.value for c in at.sidebar.caption)
    at.switch_page(str(PAGES / "contribute.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Contribute"
    at.button(key="signout").click().run()
    at.switch_page(str(PAGES / "contribute.py")).run()
    assert at.title[0].value == "Sign in"


def test_five_wrong_passwords_lock_the_name(store):
    at = app()
    for _ in range(5):
        at = sign_in(at, password="wrong password!")
    assert "locked" in at.error[-1].value
    at = sign_in(at)
    assert "locked" in at.error[-1].value
    assert "Signed in" not in " ".join(c.value for c in at.sidebar.caption)


def editor_app(page: str = "contribute.py", name: str = "ana") -> AppTest:
    at = sign_in(app(), name=name)
    return at.switch_page(str(PAGES / page)).run()


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_a_form_shows_every_problem_and_saves_nothing_until_valid(store):
    before = store.data_version()
    at = editor_app()
    prefix = "eventform___new__"
    at.text_input(key=f"{prefix}_title").input("Fourth <b>Forum</b> *bold*")
    at.text_input(key=f"{prefix}_start").input("Sept 2024")
    at = button(at, "Save the event").click().run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert any("Nothing was saved" in e for e in errors)
    assert any("start_date" in e.replace("\\", "") for e in errors), errors
    assert store.data_version() == before
    at.text_input(key=f"{prefix}_start").input("2024-09")
    at.selectbox(key=f"{prefix}_precision").set_value("month")
    at = button(at, "Save the event").click().run()
    assert not at.exception
    assert any("Saved as changeset" in s.value for s in at.success), [e.value for e in at.error]
    latest = store.history(limit=1)[0]
    assert latest.editor == "ana" and latest.kind == "add"
    assert store.data_version() != before


def xlsx(rows: list[list[str]]) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame(rows).to_excel(writer, header=False, index=False)
    return buffer.getvalue()


REGISTRATIONS = [
    ["Participants", ""],
    ["Name", "Country / Organization"],
    ["A. Person", "Tuvalu"],
    ["B. Person", "Bhoutan"],
    ["C. Person", "Tuvalu"],
    ["D. Person", "Frnace"],
]


def test_import_with_review_commits_one_changeset(store):
    event = "gfmd-2016"
    before = set(store.load_tables().participations.query("event_id == @event")["participant_id"])
    at = editor_app()
    at.file_uploader(key="import_file_0").set_value(
        ("list.xlsx", xlsx(REGISTRATIONS), "application/octet-stream")
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    assert (
        at.number_input(key=next(k for k in _keys(at) if k.startswith("import_header_"))).value == 2
    )
    review = next(d.value for d in at.dataframe if "first_line" in d.value.columns)
    assert list(review["text"]) == ["Tuvalu", "Bhoutan", "Frnace"]
    commit = button(at, "Commit the import")
    assert commit.disabled  # "Frnace" is not resolved yet
    assert any("Frnace" in w.value and "did you mean" in w.value for w in at.warning)
    unresolved = [s for s in at.selectbox if s.key and s.key.startswith("resolve_")]
    assert len(unresolved) == 1
    unresolved[0].set_value("FRA")
    at.selectbox(key="import_event").set_value(event)
    at = at.run()
    at = button(at, "Commit the import").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Saved as changeset" in s.value for s in at.success), [e.value for e in at.error]
    latest = store.history(limit=1)[0]
    assert latest.kind == "import" and latest.editor == "ana"
    after = set(store.load_tables().participations.query("event_id == @event")["participant_id"])
    assert {"TUV", "BTN", "FRA"} <= after and after - before <= {"TUV", "BTN", "FRA"}


def _keys(at: AppTest) -> list[str]:
    return [w.key for w in at.number_input if w.key]


@pytest.mark.parametrize("name", ["list.xls", "list.xlsm"])
def test_old_workbooks_are_refused_with_a_message(store, name):
    at = editor_app()
    at.file_uploader(key="import_file_0").set_value(
        (name, b"PK...", "application/octet-stream")
    ).run()
    assert any("save it as Excel Workbook (.xlsx)" in e.value.replace("\\", "") for e in at.error)


def test_history_shows_the_diff_and_undoes(store):
    at = editor_app("history.py")
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "History"
    changes = next(d.value for d in at.dataframe if "action" in d.value.columns)
    assert set(changes.columns) >= {"table", "row", "action", "column", "before", "after"}
    # Undo the seed: refused or done, never a traceback; the last changeset is undone here.
    at.checkbox(key="undo_sure").check()
    at = button(at, "Undo").click().run()
    assert not at.exception
    assert at.success or at.error


def test_with_review_required_a_change_waits_for_another_editor(store, monkeypatch):
    monkeypatch.setenv("COOPSTATS_REVIEW", "required")
    before = store.data_version()
    at = editor_app()
    at.selectbox(key="partform_who").set_value("TUV")
    at = button(at, "Save the participant").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("another editor must approve" in s.value for s in at.success), [
        e.value for e in at.error
    ]
    assert store.data_version() == before
    own = editor_app("history.py")
    assert any("Your own change" in c.value for c in own.caption)
    other = editor_app("history.py", name="bo")
    approve = [b for b in other.button if b.label == "Approve"]
    other = approve[0].click().run()
    assert not other.exception, [e.value for e in other.exception]
    latest = store.history(limit=1)[0]
    assert latest.editor == "ana" and "approved by bo" in latest.summary


def test_url_parameters_do_not_sign_in_or_write(store):
    before = store.data_version()
    at = app(editor="ana", token="x", import_commit="true", signout="true", undo_sure="true")
    at.switch_page(str(PAGES / "contribute.py")).run()
    assert at.title[0].value == "Sign in"
    assert store.data_version() == before


def test_the_server_keeps_xsrf_protection_and_the_upload_limit():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["maxUploadSize"] == 10


def test_an_idle_hour_signs_the_editor_out(store):
    at = sign_in(app())
    assert "Signed in as ana" in " ".join(c.value for c in at.sidebar.caption)
    with store.engine.begin() as conn:
        conn.execute(
            editors.editor_sessions.update().values(
                last_seen=editors.now_utc() - timedelta(hours=2)
            )
        )
    at.run()
    assert "Signed in as ana" not in " ".join(c.value for c in at.sidebar.caption)
    at.switch_page(str(PAGES / "history.py")).run()
    assert at.title[0].value == "Sign in"
