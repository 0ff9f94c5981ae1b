"""A frozen link (`v=`) on the store: the data as of that changeset, and what changed since."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from coopstats.store import Draft, Store

ROOT = Path(__file__).resolve().parents[2]


def test_a_frozen_link_opens_the_data_as_of_its_changeset_and_lists_the_changes_since(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("COOPSTATS_HOME", str(tmp_path))
    store = Store.open(f"sqlite:///{tmp_path / 'coopstats.sqlite'}")
    draft = Draft()
    draft.delete("participations", {"event_id": "gpscfl-2015", "iso3": "RUS", "org_id": None,
                                    "role": "participant"})  # fmt: skip
    store.commit(draft, editor="ana", summary="Russia was not named at the 2015 forum")

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.query_params["v"] = "1"
    at.run()
    assert not at.exception
    notices = " ".join(i.value for i in at.info)
    assert "as of changeset 1" in notices
    assert "Russia was not named at the 2015 forum" in notices and "ana" in notices

    current = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90).run()
    assert not current.exception
    assert "as of changeset" not in " ".join(i.value for i in current.info)
