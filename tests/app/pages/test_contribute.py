"""Editors in the dashboard, through AppTest: read-only by default, sign-in, forms, import, history."""

from __future__ import annotations

import io
import tomllib
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from coopstats.app import session_cookie, signin
from coopstats.store import Draft, Store, editors

from .conftest import EDITOR_PASSWORD

ROOT = Path(__file__).resolve().parents[3]
DASHBOARD = str(ROOT / "dashboard.py")
PAGES = ROOT / "src" / "coopstats" / "app" / "pages"
PASSWORD = EDITOR_PASSWORD


def app(**params: str) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def sign_in(
    at: AppTest, name: str = "ana", password: str = PASSWORD, key: str = "signin"
) -> AppTest:
    if key == "signin":  # the sidebar's form is drawn once its expander is open
        at.session_state[signin.SECTION_KEY] = True
        at = at.run()
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


def test_the_sidebar_sign_in_form_is_drawn_only_once_opened(store):
    at = app()
    assert [e.label for e in at.sidebar.expander] == ["Sign in to contribute"]
    keys = {t.key for t in at.text_input}
    assert "signin_name" not in keys and "signin_password" not in keys
    assert not [b for b in at.button if b.label == "Sign in"]
    at.session_state[signin.SECTION_KEY] = True  # what a click on the expander sets
    at = at.run()
    assert at.text_input(key="signin_name") and at.text_input(key="signin_password")
    assert [b for b in at.button if b.label == "Sign in"]


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


DATA_TABLES = ("events", "figures", "participations", "registrations", "sources")


def data_rows(store: Store) -> dict[str, pd.DataFrame]:
    """The store's data tables, rows in a stable order, for comparing two states."""
    tables = store.load_tables()
    out = {}
    for name in DATA_TABLES:
        frame = getattr(tables, name)
        out[name] = frame.sort_values(list(frame.columns[:4]), kind="stable").reset_index(drop=True)
    return out


def a_changeset_of_every_kind(store: Store) -> str:
    """One changeset that updates a figure, inserts a participation and deletes another."""
    tables = store.load_tables()
    figure = tables.figures.iloc[0].to_dict()
    gone = tables.participations.iloc[0]
    draft = Draft()
    draft.put("figures", {**figure, "value": int(figure["value"]) + 1})
    draft.put("participations", {"event_id": figure["event_id"], "iso3": "TUV", "org_id": None,
                                 "role": "observer", "mode": "video", "delegation_of": None,
                                 "source_id": figure["source_id"], "notes": None,
                                 "delegates": None, "status": "attended"})  # fmt: skip
    draft.delete("participations", gone.to_dict())
    return store.commit(draft, editor="ana", summary="three changes", kind="edit").id


def test_history_shows_the_diff_and_undo_restores_the_rows_as_a_changeset_of_its_own(store):
    before = data_rows(store)
    target = a_changeset_of_every_kind(store)
    assert not data_rows(store)["figures"].equals(before["figures"])
    at = editor_app("history.py", name="bo")
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "History"
    at.selectbox(key="history_changeset").set_value(target).run()
    changes = next(d.value for d in at.dataframe if "action" in d.value.columns)
    assert set(changes.columns) >= {"table", "row", "action", "column", "before", "after"}
    assert set(changes["action"]) == {"insert", "update", "delete"}
    at.checkbox(key="undo_sure").check()
    at = button(at, "Undo").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Undone as changeset" in s.value for s in at.success), [e.value for e in at.error]
    # The undo is a changeset of its own, in the name of the editor who undid it, listed at once.
    undo = store.history(limit=1)[0]
    listed = next(d.value for d in at.dataframe if "reverts" in d.value.columns)
    assert listed.iloc[0][["id", "editor", "kind"]].tolist() == [undo.id, "bo", "undo"]
    assert (undo.kind, undo.editor, undo.reverts) == ("undo", "bo", target)
    assert undo.id != target and undo.changes == 3
    # The data are again exactly as they were before the undone changeset.
    after = data_rows(store)
    for name in DATA_TABLES:
        pd.testing.assert_frame_equal(after[name], before[name], obj=name)


def test_undo_is_refused_when_a_later_changeset_changed_the_same_rows(store):
    figure = store.load_tables().figures.iloc[0].to_dict()
    first, later = Draft(), Draft()
    first.put("figures", {**figure, "value": int(figure["value"]) + 1})
    target = store.commit(first, editor="ana", summary="a new value", kind="edit").id
    later.put("figures", {**figure, "value": int(figure["value"]) + 1, "notes": "checked"})
    blocking = store.commit(later, editor="bo", summary="a note", kind="edit").id
    version = store.data_version()
    at = editor_app("history.py")
    at.selectbox(key="history_changeset").set_value(target).run()
    at.checkbox(key="undo_sure").check()
    at = button(at, "Undo").click().run()
    assert not at.exception, [e.value for e in at.exception]
    message = next(e.value for e in at.error if "cannot be undone" in e.value).replace("\\", "")
    # What failed, where, expected against found, and a hint; naming the later changeset.
    assert (
        f"changeset {target} cannot be undone: changeset {blocking} changed the same rows"
        in message
    )
    assert message.startswith("column ID: ") and f"got '{target}'" in message
    assert f"expected no later change to its rows; changeset {blocking} by bo" in message
    assert f"Hint: undo changeset {blocking} first" in message
    assert store.data_version() == version


def test_with_review_required_a_change_waits_for_another_editor(store, monkeypatch):
    monkeypatch.setenv("COOPSTATS_REVIEW", "required")
    before = store.data_version()
    at = editor_app()
    at.selectbox(key="partform_event").set_value("gfmd-2016").run()
    at.selectbox(key="partform_gfmd-2016___new___who").set_value("TUV")
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


def test_served_with_the_cookie_route_the_page_posts_a_one_time_code_not_the_token(
    store, monkeypatch
):
    handoffs = session_cookie.Handoffs()
    handoffs.served = True
    monkeypatch.setattr(session_cookie, "HANDOFFS", handoffs)
    at = sign_in(app())
    assert "Signed in as ana" in " ".join(c.value for c in at.sidebar.caption)
    [(code, (token, _until))] = handoffs._waiting.items()
    scripts = [h.proto.body for h in at.get("html") if "coopstats/session" in h.proto.body]
    assert len(scripts) == 1 and code in scripts[0] and "'POST'" in scripts[0]
    assert token not in scripts[0] and "document.cookie" not in scripts[0]
    at.button(key="signout").click().run()
    scripts = [h.proto.body for h in at.get("html") if "coopstats/session" in h.proto.body]
    assert len(scripts) == 1 and "'DELETE'" in scripts[0] and token not in scripts[0]
    assert editors.session_editor(store.engine, token) is None
