"""`coopstats add DRAFT.json`: a draft document becomes one changeset; the schema is documented."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from coopstats.cli import main
from coopstats.drafts import DRAFT_SCHEMA
from coopstats.store import Store

ROOT = Path(__file__).resolve().parents[2]
DRAFT = ROOT / "tests" / "fixtures" / "draft-record.json"


@pytest.fixture
def run(store_url, monkeypatch, capsys):
    monkeypatch.setenv("COOPSTATS_DATABASE_URL", store_url)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    run.store = lambda: Store.open(store_url)
    return run


def test_the_documented_schema_is_the_one_checked():
    text = (ROOT / "docs" / "draft-record.md").read_text(encoding="utf-8")
    block = re.findall(r"```json\n(.*?)```", text, re.S)[-1]
    assert json.loads(block) == DRAFT_SCHEMA


def test_a_draft_adds_events_figures_and_participants_as_one_changeset(run):
    code, out, _ = run("add", str(DRAFT), "--dry-run", "--json")
    assert code == 0 and json.loads(out)["changeset"] is None
    assert run.store().data_version() == "1"
    code, out, _ = run("add", str(DRAFT), "--json", "--editor", "ana")
    report = json.loads(out)
    assert code == 0 and report["changeset"] == "2"
    assert report["events"]["added"] == ["gpscfl-2031", "gpscfl-2031-migration-sub-forum"]
    assert report["kept_out"] == ["FRA (invited, gpscfl-2031)"]
    tables = run.store().load_tables()
    sub = tables.events.set_index("event_id").loc["gpscfl-2031-migration-sub-forum"]
    assert sub["parent_event_id"] == "gpscfl-2031" and sub["kind"] == "sub_forum"
    named = tables.participations.query("event_id == 'gpscfl-2031'")
    assert named["iso3"].tolist() == ["CHN"]  # France was only invited
    figure = tables.figures.query("event_id == 'gpscfl-2031'").iloc[0]
    assert (figure["value"], figure["qualifier"], figure["source_id"]) == (
        500, "more_than", report["source_id"])  # fmt: skip
    [latest, *_] = run.store().history()
    assert (latest.editor, latest.kind, latest.source_id) == ("ana", "add", report["source_id"])
    # the same document again changes nothing it already holds
    again = json.loads(run("add", str(DRAFT), "--json")[1])
    assert again["events"]["updated"] == []


def test_a_draft_updates_a_matched_event_with_the_fields_it_gives(run, ds, tmp_path):
    document = json.loads(DRAFT.read_text(encoding="utf-8"))
    event = document["records"][0]["event"]
    event.update(matched_event_id="gfmd-2016", series_id=None, title=None, start_date=None,
                 end_date=None, edition_number=None, city="Dhaka", host_iso3=None)  # fmt: skip
    document["records"] = document["records"][:1]
    tmp = tmp_path / "draft.json"
    tmp.write_text(json.dumps(document), encoding="utf-8")
    code, out, _ = run("add", str(tmp), "--json")
    report = json.loads(out)
    assert code == 0 and report["events"]["updated"] == ["gfmd-2016"]
    events = run.store().load_tables().events.set_index("event_id")
    assert events.loc["gfmd-2016", "city"] == "Dhaka"
    assert events.loc["gfmd-2016", "title"] == ds.event("gfmd-2016")["title"]


def test_a_bad_document_is_refused_with_every_problem_and_nothing_written(run, tmp_path):
    document = json.loads(DRAFT.read_text(encoding="utf-8"))
    document["records"][0]["figures"][0]["qualifier"] = "roughly"
    document["records"][0]["participants"][0]["role"] = "guest"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    code, _, err = run("add", str(path))
    assert code == 2
    assert "records/0/figures/0/qualifier" in err and "records/0/participants/0/role" in err
    assert "Hint: see docs/draft-record.md" in err
    document = json.loads(DRAFT.read_text(encoding="utf-8"))
    document["records"][0]["event"]["series_id"] = "no-such-series"
    path.write_text(json.dumps(document), encoding="utf-8")
    code, _, err = run("add", str(path))
    assert code == 2 and "no-such-series" in err
    assert run.store().data_version() == "1"
