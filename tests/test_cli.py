"""The `coopstats` command on the bundled data and on bad input."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from coopstats.cli import main
from coopstats.settings import BUNDLED_DATA_DIR

MIGRATION_2025 = "gpscfl-2025-migration"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_bundled_data_exits_zero(capsys):
    code, out, _ = run(capsys, "validate", str(BUNDLED_DATA_DIR))
    assert code == 0
    assert "valid (0 errors" in out


def test_validate_json_lists_every_problem(tmp_path, capsys):
    bad = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA_DIR, bad)
    figures = bad / "figures.csv"
    text = figures.read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    first = text[1].split(",")
    first[header.index("qualifier")] = "over"
    second = text[2].split(",")
    second[header.index("value")] = "-3"
    figures.write_text("\n".join([text[0], ",".join(first), ",".join(second), *text[3:]]) + "\n")
    code, out, _ = run(capsys, "validate", str(bad), "--json")
    assert code == 1
    report = json.loads(out)
    assert report["valid"] is False
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    assert {(p["file"], p["row"], p["column"]) for p in errors} >= {
        ("figures.csv", 2, "qualifier"),
        ("figures.csv", 3, "value"),
    }
    qualifier = next(p for p in errors if p["column"] == "qualifier")
    assert qualifier["value"] == "over"
    assert qualifier["hint"]


def test_events_filters_by_series_and_year(capsys):
    code, out, _ = run(capsys, "events", "--series", "gpscfl", "--year", "2025", "--json")
    assert code == 0
    events = json.loads(out)
    assert {e["series_id"] for e in events} == {"gpscfl"}
    assert {e["year"] for e in events} == {2025}
    assert MIGRATION_2025 in {e["event_id"] for e in events}


def test_summary_of_the_2025_migration_sub_forum(capsys):
    code, out, _ = run(capsys, "summary", MIGRATION_2025)
    assert code == 0
    assert "2025-09-17 to 2025-09-18, Lianyungang" in out
    assert "participants: >240 / ~240" in out
    assert "countries: 50–51" in out
    assert "organisations: 5" in out
    assert "http://ar.nia.gov.cn/n32827/c185332/content.html" in out
    assert "(by video)" in out
    assert "named: 6 countries or territories (and 1 within another's delegation)" in out


def test_summary_json_keeps_both_conflicting_sources(capsys):
    code, out, _ = run(capsys, "summary", MIGRATION_2025, "--json")
    assert code == 0
    report = json.loads(out)
    countries = [f for f in report["figures"] if f["metric"] == "countries_and_regions"]
    assert {f["value"] for f in countries} == {50, 51}
    assert len({f["source_id"] for f in countries}) >= 2
    named = {n["participant_id"] for n in report["named"]}
    assert {"CHN", "USA", "RUS", "MNG", "SLB", "PER", "iom", "unhcr", "unodc"} <= named
    assert report["event"]["parent_event_id"] == "gpscfl-2025"
    # Hong Kong came within the PRC delegation: named, but not counted as a country of its own.
    assert report["summary"]["named_countries"] == 6
    assert report["summary"]["named_in_delegations"] == 1
    assert report["summary"]["named_organisations"] == 3


def test_summary_unknown_event_exits_two_with_a_hint(capsys):
    code, _, err = run(capsys, "summary", "gpscfl-2025-migratoin")
    assert code == 2
    assert "unknown event" in err
    assert "did you mean gpscfl-2025-migration" in err
    assert "Traceback" not in err


def test_resolve_json(capsys):
    code, out, _ = run(capsys, "resolve", "الصّين", "Russie", "中国香港", "OIM", "Mars", "--json")
    results = json.loads(out)
    assert [r["iso3"] for r in results] == ["CHN", "RUS", "HKG", None, None]
    assert results[3]["org_id"] == "iom"
    assert results[4]["kind"] is None
    assert code == 1  # one input did not resolve


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_data_writes_the_filtered_aggregation(tmp_path, capsys, suffix):
    output = tmp_path / f"events{suffix}"
    code, out, err = run(
        capsys,
        "export-data",
        "events",
        "--series",
        "gfmd",
        "--years",
        "2015-2020",
        "-o",
        str(output),
    )
    assert code == 0
    frame = pd.read_csv(output) if suffix == ".csv" else pd.read_excel(output, sheet_name="events")
    assert set(frame["series_id"]) == {"gfmd"}
    assert frame["year"].between(2015, 2020).all()
    assert f"wrote {len(frame)} rows" in out
    if suffix == ".xlsx":
        about = pd.read_excel(output, sheet_name="about")
        assert "filter: Years" in set(about["field"])
        assert {"how to cite", "licence", "data last changed"} <= set(about["field"])
    else:  # the CSV holds the table alone; how to cite it is printed beside
        assert "How to cite: coopstats" in err


def test_export_data_rejects_unknown_format_without_writing(tmp_path, capsys):
    output = tmp_path / "events.pdf"
    code, _, err = run(capsys, "export-data", "events", "-o", str(output))
    assert code == 2
    assert "expected a file ending in .csv or .xlsx" in err
    assert not output.exists()


def test_export_data_list(capsys):
    code, out, _ = run(capsys, "export-data", "--list")
    assert code == 0
    assert "event-summary" in out


def test_bad_data_folder_gives_problems_not_traceback(tmp_path, capsys):
    empty = tmp_path / "nothing"
    empty.mkdir()
    code, _, err = run(capsys, "--data", str(empty), "events")
    assert code == 2
    assert "events.csv" in err
    assert "Traceback" not in err


def test_every_command_is_documented_in_the_readme():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for command in ("validate", "events", "summary", "resolve", "export-data", "extract"):
        assert f"coopstats {command}" in readme


def test_extract_prints_the_draft_document_as_json(capsys):
    item = Path(__file__).parent / "fixtures" / "extraction" / "ar-nia-2025-migration-subforum.txt"
    assert main(["extract", str(item), "--published", "2025-10-14", "--json"]) == 0
    draft = json.loads(capsys.readouterr().out)
    assert draft["language"] == "ar"
    assert draft["records"][0]["event"]["matched_event_id"] == "gpscfl-2025-migration"


def test_extract_reads_standard_input_as_text(capsys, monkeypatch):
    text = "The 9th GFMD Summit opened in Dhaka with 800 delegates from 150 countries."
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assert main(["extract", "-", "--published", "2016-12-10"]) == 0
    out = capsys.readouterr().out
    assert "matched event id: gfmd-2016" in out
    assert "participants 800 (reported)" in out


def test_extract_refuses_a_bad_publication_date(capsys):
    assert main(["extract", "-", "--published", "2025-13-01"]) == 2
    assert "expected YYYY-MM-DD" in capsys.readouterr().err


def test_summary_in_chinese_gives_the_chinese_title_and_city(capsys):
    code, out, _ = run(capsys, "summary", "gpscfl-2024", "--lang", "zh")
    assert code == 0
    assert out.startswith("全球公共安全合作论坛（连云港）2024年大会 (gpscfl-2024)")
    assert "连云港" in out
