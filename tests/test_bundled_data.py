"""Checks over the bundled dataset in data/: shape, keys, references and the facts it must get right.

Reads the CSV files as text (no coercion) so that what is tested is what is written; uses only
pandas and the table models in coopstats.schema.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from coopstats import schema

DATA = Path(__file__).resolve().parents[1] / "data"
ACCESSED = "2026-11-28"

MIGRATION_2025 = "gpscfl-2025-migration"
FOUNDING_SOURCE = "nia-ar-185332"


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return {name.removesuffix(".csv"): read(name) for name in schema.TABLES}


# -- shape ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, model", list(schema.TABLES.items()))
def test_columns_are_the_schema_columns_in_order(name, model):
    header = list(read(name).columns)
    optional = schema.OPTIONAL_COLUMNS.get(model, {})
    assert header == [c for c in schema.columns(model) if c in header or c not in optional]


@pytest.mark.parametrize("name", list(schema.TABLES))
def test_file_is_utf8_without_bom_and_not_empty(name):
    raw = (DATA / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{name} starts with a byte-order mark"
    raw.decode("utf-8")
    assert len(read(name)) > 0


@pytest.mark.parametrize("name, model", list(schema.TABLES.items()))
def test_table_validates_against_its_model(name, model):
    frame = read(name).replace("", None)
    for column, default in schema.OPTIONAL_COLUMNS.get(model, {}).items():
        if column not in frame.columns:
            frame[column] = default or None
    model.validate(frame[schema.columns(model)], lazy=True)


def test_is_mirror_is_literally_true_or_false(tables):
    # The model coerces to bool, and any non-empty string coerces to True: check the text itself.
    assert set(tables["sources"]["is_mirror"]) <= {"true", "false"}


def test_mirror_of_is_filled_exactly_for_mirrors(tables):
    sources = tables["sources"]
    mirrors = sources["is_mirror"] == "true"
    assert (sources.loc[mirrors, "mirror_of"] != "").all()
    assert (sources.loc[~mirrors, "mirror_of"] == "").all()


def test_every_source_has_provenance(tables):
    sources = tables["sources"]
    for column in ("title", "publisher", "language"):
        assert (sources[column] != "").all(), f"a source has no {column}"
    # Transcribed sources carry the transcription date; sources read later, their reading date.
    # Transcribed sources carry the transcription date; sources read later (from a stored copy of
    # the page, data/README.md "Access dates") carry their reading date and say how they were read.
    read_later = sources["notes"].str.contains("from a stored copy")
    assert (sources.loc[~read_later, "accessed_date"] == ACCESSED).all()
    assert (sources.loc[read_later, "accessed_date"] >= ACCESSED).all()


@pytest.mark.parametrize("column", ["edition_number"])
def test_integer_columns_hold_digits_only(tables, column):
    values = tables["events"][column]
    assert values[values != ""].str.fullmatch(r"[1-9]\d*").all()


def test_figure_values_are_whole_numbers(tables):
    assert tables["figures"]["value"].str.fullmatch(r"\d+").all()


# -- keys ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "table, key",
    [
        ("sources", ["source_id"]),
        ("series", ["series_id"]),
        ("events", ["event_id"]),
        ("figures", ["figure_id"]),
        ("figures", ["event_id", "metric", "scope", "source_id"]),
        ("organisations", ["org_id"]),
        ("participations", ["event_id", "iso3", "org_id", "role"]),
    ],
)
def test_no_duplicate_keys(tables, table, key):
    dupes = tables[table][tables[table].duplicated(key, keep=False)]
    assert dupes.empty, f"duplicate {key} in {table}:\n{dupes[key]}"


def test_participation_names_exactly_one_participant(tables):
    rows = tables["participations"]
    bad = rows[(rows["iso3"] != "") == (rows["org_id"] != "")]
    assert bad.empty, bad


# -- references --------------------------------------------------------------------------------


@pytest.mark.parametrize("table", ["series", "events", "figures", "participations"])
def test_source_ids_exist(tables, table):
    known = set(tables["sources"]["source_id"])
    missing = set(tables[table]["source_id"]) - known
    assert not missing, f"{table} cites unknown sources {sorted(missing)}"


def test_event_series_exist(tables):
    missing = set(tables["events"]["series_id"]) - set(tables["series"]["series_id"])
    assert not missing


@pytest.mark.parametrize("table", ["figures", "participations"])
def test_event_ids_exist(tables, table):
    missing = set(tables[table]["event_id"]) - set(tables["events"]["event_id"])
    assert not missing


def test_parents_are_editions_of_the_same_series(tables):
    events = tables["events"].set_index("event_id")
    children = events[events["parent_event_id"] != ""]
    for event_id, row in children.iterrows():
        parent = row["parent_event_id"]
        assert parent in events.index, f"{event_id}: unknown parent {parent}"
        assert events.at[parent, "kind"] == "edition", (
            f"{event_id}: parent {parent} is not an edition"
        )
        assert events.at[parent, "series_id"] == row["series_id"], (
            f"{event_id}: parent in another series"
        )


def test_only_editions_have_no_parent(tables):
    events = tables["events"]
    assert ((events["kind"] == "edition") == (events["parent_event_id"] == "")).all()


def test_participation_organisations_exist(tables):
    used = set(tables["participations"]["org_id"]) - {""}
    missing = used - set(tables["organisations"]["org_id"])
    assert not missing, f"unknown org_id {sorted(missing)}"


def test_participation_countries_are_in_the_reference_table(tables):
    reference = DATA / "reference" / "countries.csv"
    if not reference.exists():
        pytest.skip("data/reference/countries.csv not present")
    known = set(read("reference/countries.csv")["iso3"])
    used = set(tables["participations"]["iso3"]) | set(tables["events"]["host_iso3"])
    missing = used - {""} - known
    assert not missing, f"unknown iso3 {sorted(missing)}"


# -- dates -------------------------------------------------------------------------------------

DATE_LENGTHS = {"day": 10, "month": 7, "year": 4}


def test_start_date_matches_its_precision(tables):
    events = tables["events"]
    lengths = events["date_precision"].map(DATE_LENGTHS)
    bad = events[events["start_date"].str.len() != lengths]
    assert bad.empty, bad[["event_id", "start_date", "date_precision"]]


def test_end_date_is_not_before_start_date(tables):
    events = tables["events"]
    dated = events[events["end_date"] != ""]
    assert (dated["end_date"] >= dated["start_date"]).all()


def test_lianyungang_editions_cover_every_year_in_the_notes(tables):
    events = tables["events"]
    editions = events[(events["series_id"] == "gpscfl") & (events["kind"] == "edition")]
    years = set(editions["start_date"].str[:4])
    assert years == {"2015", "2016", "2017", "2018", "2020", "2022", "2023", "2024", "2025"}


# -- honesty of statuses -------------------------------------------------------------------------

PRE_EVENT_WORDS = ("invited", "expected", "pre-event", "before the event", "before the summit")


def test_no_reported_figure_carries_a_pre_event_phrase(tables):
    figures = tables["figures"]
    text = (figures["quote"] + " " + figures["notes"]).str.lower()
    flagged = text.apply(lambda t: any(word in t for word in PRE_EVENT_WORDS))
    bad = figures[flagged & (figures["status"] == "reported")]
    assert bad.empty, bad[["figure_id", "quote", "notes"]]


def test_technewstab_invitation_figures_are_invited_not_reported(tables):
    figures = tables["figures"]
    rows = figures[figures["source_id"] == "technewstab-2025"]
    assert len(rows) == 3
    assert (rows["status"] == "invited").all()


# -- the 2025 Migration Management Cooperation Sub-Forum ----------------------------------------


def test_migration_2025_event(tables):
    events = tables["events"].set_index("event_id")
    event = events.loc[MIGRATION_2025]
    assert event["kind"] == "sub_forum"
    assert event["parent_event_id"] == "gpscfl-2025"
    assert events.at["gpscfl-2025", "kind"] == "edition"
    assert (event["start_date"], event["end_date"], event["date_precision"]) == (
        "2025-09-17",
        "2025-09-18",
        "day",
    )
    assert event["city"] == "Lianyungang"
    assert event["host_iso3"] == "CHN"
    assert event["source_id"] == FOUNDING_SOURCE


def migration_figures(tables, metric: str) -> set[tuple[int, str, str]]:
    figures = tables["figures"]
    rows = figures[(figures["event_id"] == MIGRATION_2025) & (figures["metric"] == metric)]
    assert (rows["status"] == "reported").all()
    assert (rows["scope"] == "").all()
    return {
        (int(v), q, s)
        for v, q, s in zip(rows["value"], rows["qualifier"], rows["source_id"], strict=True)
    }


def test_migration_2025_participants(tables):
    assert migration_figures(tables, "participants") == {
        (240, "more_than", "nia-ar-185332"),
        (240, "about", "nia-en-185264"),
        (240, "more_than", "nia-en-185410"),
        (240, "more_than", "thepaper-31627597"),
        (240, "more_than", "nia-ar-185457"),
    }


def test_migration_2025_countries_keep_both_50_and_51(tables):
    rows = migration_figures(tables, "countries_and_regions")
    assert rows == {
        (50, "exact", "nia-ar-185332"),
        (50, "exact", "nia-en-185264"),
        (50, "exact", "thepaper-31627597"),
        (51, "exact", "nia-en-185410"),
        (51, "exact", "nia-ar-185457"),
    }
    sources_50 = {s for v, _, s in rows if v == 50}
    sources_51 = {s for v, _, s in rows if v == 51}
    assert sources_50.isdisjoint(sources_51)


def test_migration_2025_organisations_and_quotes(tables):
    assert migration_figures(tables, "organisations") == {
        (5, "exact", "nia-ar-185332"),
        (5, "exact", "nia-en-185410"),
        (5, "exact", "nia-ar-185457"),
    }
    figures = tables["figures"].set_index("figure_id")
    assert figures.at["gpscfl-2025-migration-participants-nia-ar", "quote"] == "أكثر من 240 شخصًا"
    assert (
        figures.at["gpscfl-2025-migration-participants-nia-en", "quote"]
        == "Approximately 240 attendees"
    )
    assert (
        figures.at["gpscfl-2025-migration-organisations-nia-en-chair", "quote"]
        == "five international organizations and multilateral mechanisms"
    )


def test_migration_2025_sources(tables):
    sources = tables["sources"].set_index("source_id")
    assert sources.at["nia-ar-185332", "url"] == "http://ar.nia.gov.cn/n32827/c185332/content.html"
    assert (
        sources.at["nia-en-185264", "url"] == "https://en.nia.gov.cn/n147413/c185264/content.html"
    )
    assert (
        sources.at["nia-en-185410", "url"] == "https://en.nia.gov.cn/n147413/c185410/content.html"
    )
    assert sources.at["nia-en-185410", "published_date"] == "2025-10-14"
    assert sources.at["nia-ar-185457", "url"] == "http://ar.nia.gov.cn/n32827/c185457/content.html"
    assert sources.at["nia-ar-185332", "language"] == "ar"


def test_migration_2025_named_participants(tables):
    rows = tables["participations"]
    named = rows[(rows["event_id"] == MIGRATION_2025) & (rows["source_id"] == FOUNDING_SOURCE)]
    ids = set(named["iso3"]) | set(named["org_id"])
    assert ids - {""} == {"CHN", "USA", "RUS", "MNG", "SLB", "PER", "iom", "unhcr", "unodc"}
    by_id = {
        (i or o): (role, mode)
        for i, o, role, mode in named[["iso3", "org_id", "role", "mode"]].values
    }
    assert by_id["CHN"][0] == "host"
    for iso3 in ("USA", "RUS", "MNG", "SLB", "PER"):
        assert by_id[iso3] == ("participant", "in_person")
    assert by_id["iom"][1] == "video"
    assert by_id["unhcr"][1] == "video"
    assert by_id["unodc"][1] == "unknown"


def test_migration_2025_hong_kong_as_part_of_the_prc_delegation(tables):
    rows = tables["participations"]
    hkg = rows[(rows["event_id"] == MIGRATION_2025) & (rows["iso3"] == "HKG")]
    assert len(hkg) == 1
    assert hkg["source_id"].iloc[0] == "hkong-48556"
    assert "delegation" in hkg["notes"].iloc[0]
