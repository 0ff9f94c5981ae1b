"""`coopstats import participants`: detection, resolution, the JSON report, bad input, privacy."""

from __future__ import annotations

import json
import uuid
import zipfile

import openpyxl
import pytest

from coopstats.cli import main
from coopstats.store import Store

EVENT = "gpscfl-2024"
PEOPLE = ["Jean Dupont", "Marie Curie", "Hans Muster", "Lee Min", "Ivan Petrov", "Wang Wei"]
LIST = [
    ["Registration list — Forum 2024", "", "", ""],
    ["", "", "", ""],
    ["Name", "Position", "Delegation", "E-mail"],
    ["Jean Dupont", "Minister", "France", "jd@example.org"],
    ["Marie Curie", "Adviser", "France", "mc@example.org"],
    ["Hans Muster", "Director", "Deutschland", "hm@example.org"],
    ["Lee Min", "Officer", "Korea, Rep.", "lm@example.org"],
    ["Ivan Petrov", "Officer", "Россия", "ip@example.org"],
    ["Wang Wei", "Officer", "Interpreters", "ww@example.org"],
]


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)]
)
def home(request, tmp_path_factory):
    """The store these tests share, on each engine: an SQLite file, or a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('home') / 'coopstats.sqlite'}"
    server = request.getfixturevalue("postgres_server")
    return server.create_database(f"t{uuid.uuid4().hex[:12]}")


@pytest.fixture
def run(home, monkeypatch, capsys):
    monkeypatch.setenv("COOPSTATS_DATABASE_URL", home)
    monkeypatch.setenv("COOPSTATS_EDITOR", "tester")

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def version(home) -> str:
    return Store.open(home).data_version()


def write_csv(path, rows, encoding="utf-8"):
    text = "\n".join(",".join(f'"{c}"' if "," in c else c for c in row) for row in rows) + "\n"
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_list_is_resolved_folded_and_refused_until_every_name_is_mapped(
    run, home, tmp_path, suffix
):
    path = tmp_path / f"list.{suffix}"
    (write_csv if suffix == "csv" else write_xlsx)(path, LIST)
    before = version(home)
    args = ["import", "participants", str(path), "--event", EVENT, "--source-title",
            "Registration desk list", "--json"]  # fmt: skip
    code, out, _ = run(*args)
    report = json.loads(out)
    assert code == 1 and report["changeset"] is None and version(home) == before
    assert {r["input"]: (r["iso3"], r["rows"]) for r in report["resolved"]} == {
        "France": ("FRA", 2), "Deutschland": ("DEU", 1), "Korea, Rep.": ("KOR", 1),
        "Россия": ("RUS", 1),
    }  # fmt: skip
    assert [u["input"] for u in report["unresolved"]] == ["Interpreters"]
    assert set(report["unresolved"][0]["suggestions"][0]) == {"code", "name"}
    code, out, _ = run(*args, "--map", "Interpreters=skip", "--dry-run")
    report = json.loads(out)
    assert code == 0 and report["changeset"] is None and version(home) == before
    code, out, _ = run(*args, "--map", "Interpreters=skip")
    report = json.loads(out)
    assert code == 0 and report["changeset"] == version(home)
    assert set(report) == {"resolved", "unresolved", "added", "updated", "changeset"}
    assert report["added"] + report["updated"] == 4
    tables = Store.open(home).load_tables()
    rows = tables.participations.query(f"event_id == '{EVENT}' and iso3 == 'FRA'")
    assert rows["delegates"].max() == 2
    # undo leaves the store as it was, for the next case
    run("undo", report["changeset"])


def test_a_registration_list_is_never_attendance_and_its_count_is_pre_event(run, home, tmp_path):
    path = write_csv(tmp_path / "list.csv", LIST)
    code, out, _ = run("import", "participants", str(path), "--event", EVENT, "--list-kind",
                       "registration", "--source-title", "Pre-registration", "--map",
                       "Interpreters=skip", "--json")  # fmt: skip
    assert code == 0
    store = Store.open(home)
    tables = store.load_tables()
    assert "DEU" in set(tables.registrations.query(f"event_id == '{EVENT}'")["iso3"])
    assert "DEU" not in set(tables.participations.query(f"event_id == '{EVENT}'")["iso3"])
    figure = tables.figures[tables.figures["source_id"] == "list-gpscfl-2024-pre-registration"]
    assert figure[["metric", "value", "status"]].values.tolist() == [
        ["participants", 5, "pre_event"]
    ]
    run("undo", json.loads(out)["changeset"])


def test_personal_data_are_never_shown_stored_or_dumped(run, home, tmp_path):
    path = write_csv(tmp_path / "list.csv", LIST)
    code, out, err = run("import", "participants", str(path), "--event", EVENT, "--column",
                         "Name", "--source-title", "List")  # fmt: skip
    assert code == 2 and "looks like names of people" in err and "--column" in err
    for person in PEOPLE:
        assert person not in out + err
    code, out, err = run("import", "participants", str(path), "--event", EVENT,
                         "--source-title", "List", "--map", "Interpreters=skip")  # fmt: skip
    assert code == 0
    run("db", "dump", str(tmp_path / "dump"))
    dumped = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "dump").rglob("*.csv"))
    history = run("history", "--json")[1]
    for person in PEOPLE:
        assert person not in out + err + dumped + history
    assert "example.org" not in dumped
    run("undo", json.loads(run("history", "--json")[1])[0]["id"])


def zip_bomb(path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 30_000_000)
    return path


def macros(path):
    write_xlsx(path, [["Delegation"], ["France"]])
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\0" * 100)
    return path


def formulas(path):
    return write_xlsx(path, [["Delegation"], ["France"], ['=HYPERLINK("http://x")']])


def encrypted(path):
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    return path


BAD = {
    "empty sheet": ("list.csv", lambda p: p.write_text("\n\n", encoding="utf-8"), "is empty"),
    "empty workbook": ("list.xlsx", lambda p: write_xlsx(p, []), "is empty"),
    "no delegation column": (
        "list.csv",
        lambda p: write_csv(p, [["Name", "Position"], *[[n, "Officer"] for n in PEOPLE]]),
        "no column of delegations",
    ),
    "too many rows": (
        "list.csv",
        lambda p: write_csv(p, [["Delegation"]] + [["France"]] * 100_021),
        "too many rows",
    ),
    "xlsm": ("list.xlsm", lambda p: p.write_bytes(b"PK\x03\x04"), ".xlsm"),
    "xls": ("list.xls", lambda p: encrypted(p), "save it as"),
    "password": ("list.xlsx", encrypted, "password-protected"),
    "macros in a .xlsx": ("list.xlsx", lambda p: macros(p), "macros"),
    "zip bomb": ("list.xlsx", zip_bomb, "zip bomb"),
    "formulas": ("list.xlsx", formulas, "formulas"),
    "csv formulas": ("list.csv", lambda p: write_csv(p, [["Delegation"], ["=1+2"]]), "formulas"),
    "broken encoding": (
        "list.csv",
        lambda p: write_csv(p, [["Délégation"], ["Côte d'Ivoire"]], encoding="cp1252"),
        "not UTF-8",
    ),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_gets_a_four_part_error_and_nothing_is_written(run, home, tmp_path, case):
    name, make, words = BAD[case]
    path = tmp_path / name
    make(path)
    before = version(home)
    code, out, err = run("import", "participants", str(path), "--event", EVENT,
                         "--source-title", "List")  # fmt: skip
    assert code == 2, (out, err)
    assert words in err
    assert name in err  # where
    assert "Hint:" in err  # what to do
    assert version(home) == before
    for person in PEOPLE:
        assert person not in err


def test_the_csv_mode_refuses_writes_clearly(run, tmp_path):
    from coopstats.settings import BUNDLED_DATA_DIR

    path = write_csv(tmp_path / "list.csv", LIST)
    for argv in (["--data", str(BUNDLED_DATA_DIR), "import", "participants", str(path),
                  "--event", EVENT],
                 ["import", "participants", str(path), "--event", EVENT, "--data",
                  str(BUNDLED_DATA_DIR)],
                 ["undo", "1", "--data", str(BUNDLED_DATA_DIR)]):  # fmt: skip
        code, _, err = run(*argv)
        assert code == 2 and "read-only" in err and "COOPSTATS_DATA_DIR" in err


def test_global_options_are_accepted_after_the_subcommand(run):
    from coopstats.settings import BUNDLED_DATA_DIR

    code, out, _ = run("events", "--series", "gfmd", "--data", str(BUNDLED_DATA_DIR), "--json")
    assert code == 0 and json.loads(out)[0]["series_id"] == "gfmd"


def test_history_lists_changesets_newest_first_as_json(run):
    code, out, _ = run("history", "--json")
    entries = json.loads(out)
    assert code == 0 and entries[-1]["id"] == "1"
    assert set(entries[0]) == {"id", "time", "editor", "summary", "source_id", "changes"}
    assert isinstance(entries[0]["id"], str) and "T" in entries[0]["time"]
    ids = [int(e["id"]) for e in entries]
    assert ids == sorted(ids, reverse=True)
