"""The store on both engines: seed, read, write as changesets, undo, as-of reads, dump, upgrade."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
import sqlalchemy as sa

from coopstats.errors import DataError
from coopstats.load import load_tables
from coopstats.store import ConflictError, Draft, Store, migrate
from coopstats.store import changesets as changesets_module
from datafactory import valid_rows, write_folder

TABLES = ("sources", "series", "events", "figures", "organisations", "participations",
          "countries", "country_aliases", "cities")  # fmt: skip


@pytest.fixture
def folder(tmp_path):
    return write_folder(tmp_path / "package")


@pytest.fixture
def store(store_url, folder):
    return Store.open(store_url, seed_from=folder)


def participation(**values: object) -> dict[str, object]:
    row = {"event_id": "forum-2024", "iso3": "DEU", "org_id": None, "role": "participant",
           "mode": "in_person", "delegation_of": None, "source_id": "src-a", "notes": None}  # fmt: skip
    return {**row, **values}


def assert_same_tables(left, right, *, any_order: bool = False) -> None:
    for name in TABLES:
        a, b = getattr(left, name), getattr(right, name)
        if any_order:
            a, b = (f.sort_values(list(f.columns[:4])).reset_index(drop=True) for f in (a, b))
        pd.testing.assert_frame_equal(a, b, obj=name)


def test_a_seeded_store_reads_as_the_folder_does(store, folder):
    assert_same_tables(store.load_tables(), load_tables(folder))
    [seeded] = store.history()
    assert seeded.id == store.data_version() == "1"
    assert seeded.kind == "seed" and seeded.changes == sum(len(r) for r in valid_rows().values())


def test_the_bundled_data_round_trip_through_init_and_dump(store_url, tmp_path):
    from coopstats.settings import BUNDLED_DATA_DIR

    bundled = Store.open(store_url)
    dumped = migrate.dump(bundled.engine, tmp_path / "dump")
    assert (tmp_path / "dump" / "datapackage.json").exists()
    assert dumped["participations"] > 100
    assert_same_tables(load_tables(tmp_path / "dump"), load_tables(BUNDLED_DATA_DIR))


def test_a_write_is_one_changeset_with_before_and_after(store):
    draft = Draft()
    draft.put("participations", participation())
    draft.put("events", {**store_event(store, "forum-2024"), "city": "Lyon", "host_iso3": "FRA"})
    made = store.commit(draft, editor="ana", summary="Germany named", source_id="src-a")
    assert made is not None and made.id == "2" and made.changes == 2
    changes = {c.table: c for c in store.changes_of(made.id)}
    assert changes["participations"].before is None
    assert changes["participations"].after["iso3"] == "DEU"
    assert changes["events"].before["city"] == "Lianyungang"
    assert changes["events"].after["city"] == "Lyon"
    tables = store.load_tables()
    assert "DEU" in set(tables.participations["iso3"].dropna())
    [latest, _] = store.history()
    assert (latest.editor, latest.summary, latest.source_id) == ("ana", "Germany named", "src-a")
    # the same put again changes nothing and makes no changeset
    assert store.commit(draft, editor="ana", summary="again") is None


def store_event(store: Store, event_id: str) -> dict[str, object]:
    events = store.load_tables().events
    row = events[events["event_id"] == event_id].iloc[0]
    from coopstats.schema import Event, columns

    return {c: row[c] for c in columns(Event)}


def test_a_bad_write_is_refused_with_the_loaders_message_and_leaves_nothing(store):
    draft = Draft()
    draft.put("participations", participation(iso3="GER"))
    draft.put("participations", participation(iso3="FRA", event_id="nowhere"))
    with pytest.raises(DataError) as caught:
        store.commit(draft, editor="ana", summary="bad")
    messages = [p.message() for p in caught.value.problems]
    assert any("participations row" in m and "GER" in m and "DEU" in m for m in messages)
    assert any("nowhere" in m for m in messages)
    assert store.data_version() == "1"


def test_a_write_that_fails_half_way_leaves_nothing(store, monkeypatch):
    before = store.load_tables()
    real = changesets_module._write_rows

    def fail_after_rows(conn, changes):
        real(conn, changes)
        raise RuntimeError("disk full")

    monkeypatch.setattr(changesets_module, "_write_rows", fail_after_rows)
    draft = Draft()
    draft.put("participations", participation())
    with pytest.raises(RuntimeError):
        store.commit(draft, editor="ana", summary="half")
    assert store.data_version() == "1"
    assert_same_tables(store.load_tables(), before)
    assert store.event_versions(["forum-2024"]) == {"forum-2024": 1}


def test_the_second_of_two_writers_on_one_event_gets_a_conflict(store):
    read_by_both = store.event_versions(["forum-2024"])
    first = Draft()
    first.put("participations", participation())
    store.commit(first, editor="ana", summary="first", expect=read_by_both)
    second = Draft()
    second.put("participations", participation(iso3="CHN"))
    with pytest.raises(ConflictError) as caught:
        store.commit(second, editor="ben", summary="second", expect=read_by_both)
    message = caught.value.problems[0].message()
    assert "forum-2024" in message and "changeset 2 by ana" in message
    assert store.data_version() == "2"
    # nothing lost: reading again and retrying works
    store.commit(second, editor="ben", summary="second",
                 expect=store.event_versions(["forum-2024"]))  # fmt: skip
    assert {"DEU", "CHN"} <= set(store.load_tables().participations.query(
        "event_id == 'forum-2024'")["iso3"])  # fmt: skip


def test_undo_reverts_as_a_new_changeset_and_refuses_when_rows_changed_later(store):
    add = Draft()
    add.put("participations", participation())
    added = store.commit(add, editor="ana", summary="add Germany")
    change = Draft()
    change.put("participations", participation(mode="video"))
    changed = store.commit(change, editor="ben", summary="Germany by video")
    with pytest.raises(DataError) as caught:
        store.undo(added.id, editor="ana")
    message = caught.value.problems[0].message()
    assert f"changeset {changed.id} changed the same rows" in message and "ben" in message
    undone = store.undo(changed.id, editor="ana")
    assert undone.reverts == changed.id and undone.kind == "undo"
    rows = store.load_tables().participations.query("iso3 == 'DEU'")
    assert rows["mode"].tolist() == ["in_person"]
    # the later change is undone: the first can be undone now
    store.undo(added.id, editor="ana")
    assert "DEU" not in set(store.load_tables().participations["iso3"].dropna())


def test_the_data_as_of_a_changeset(store, folder):
    add = Draft()
    add.put("participations", participation())
    add.delete("figures", {"figure_id": "f1"})
    store.commit(add, editor="ana", summary="edit")
    then = store.load_tables(as_of="1")
    # restored rows come after the others: the same rows, maybe in another order
    assert_same_tables(then, load_tables(folder), any_order=True)
    now = store.load_tables()
    assert "f1" not in set(now.figures["figure_id"])


def test_the_history_is_append_only(store):
    with store.engine.connect() as conn, pytest.raises(sa.exc.DatabaseError, match="append-only"):
        conn.execute(sa.text("UPDATE changesets SET editor = 'mallory'"))
    with store.engine.connect() as conn, pytest.raises(sa.exc.DatabaseError, match="append-only"):
        conn.execute(sa.text("DELETE FROM changes"))


def test_upgrade_applies_bundled_corrections_keeps_local_edits_and_lists_conflicts(
    store, folder, tmp_path
):
    local = Draft()
    local.put("events", {**store_event(store, "forum-2024"), "city": "Lyon"})
    store.commit(local, editor="ana", summary="local city")
    newer = valid_rows()
    for row in newer["events.csv"]:
        if row["event_id"] == "forum-2024":
            row["city"] = "Paris"  # the same row: a conflict
        if row["event_id"] == "forum-2023":
            row["title"] = "First forum (corrected)"  # a correction to apply
    newer["figures.csv"] = [r for r in newer["figures.csv"] if r["figure_id"] != "f1"]
    newer_folder = write_folder(tmp_path / "newer", newer)
    result = migrate.upgrade_data(store.engine, newer_folder, editor="coopstats")
    assert result.applied == 2 and result.changeset is not None
    assert [(c.table, json.loads(c.key)) for c in result.conflicts] == [("events", ["forum-2024"])]
    tables = store.load_tables()
    events = tables.events.set_index("event_id")
    assert events.loc["forum-2024", "city"] == "Lyon"
    assert events.loc["forum-2023", "title"] == "First forum (corrected)"
    assert "f1" not in set(tables.figures["figure_id"])
    again = migrate.upgrade_data(store.engine, newer_folder, editor="coopstats")
    assert again.applied == 0 and again.changeset is None


def test_registered_participations_are_never_attendance(store):
    draft = Draft()
    draft.put("participations", participation(status="registered", delegates=3))
    store.commit(draft, editor="ana", summary="registration list")
    tables = store.load_tables()
    assert "DEU" not in set(tables.participations["iso3"].dropna())
    assert tables.registrations["iso3"].tolist() == ["DEU"]
    assert tables.registrations["delegates"].tolist() == [3]


def test_a_new_column_in_the_schema_is_added_by_sync(store):
    with migrate.writing(store.engine).begin() as conn:
        assert migrate.sync_schema(conn) == []


def test_dump_is_refused_nowhere_and_copies_registrations(store, tmp_path):
    draft = Draft()
    draft.put("participations", participation(status="registered", delegates=3))
    store.commit(draft, editor="ana", summary="registration list")
    migrate.dump(store.engine, tmp_path / "out")
    again = load_tables(tmp_path / "out")
    assert again.registrations["delegates"].tolist() == [3]
    shutil.rmtree(tmp_path / "out")
