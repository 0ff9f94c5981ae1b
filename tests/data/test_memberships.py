"""The member lists added to the bundled data, each pinned to its source.

One case per process whose list was completed (see data/CHANGELOG.md); each fails on the data
before the list was entered. The tables are read as text, as in tests/data/test_corrections.py.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).resolve().parents[2] / "data"

# IOM's page on the Bali Process (iom-bali-process): "Member States (45 States)", 44 named.
BALI_MEMBERS = set(
    [
        "AFG",
        "AUS",
        "BGD",
        "BTN",
        "BRN",
        "KHM",
        "CHN",
        "PRK",
        "FJI",
        "NCL",
        "HKG",
        "IND",
        "IDN",
        "IRN",
        "IRQ",
        "JPN",
        "JOR",
        "KIR",
        "LAO",
        "MAC",
        "MYS",
        "MNG",
        "MDV",
        "NRU",
        "NPL",
        "NZL",
        "PAK",
        "PLW",
        "PNG",
        "PHL",
        "KOR",
        "WSM",
        "SGP",
        "SLB",
        "LKA",
        "SYR",
        "THA",
        "TLS",
        "TON",
        "TUR",
        "ARE",
        "USA",
        "VUT",
        "VNM",
    ]
)
# The four of its "Observer States (17 States)" the stored copy names.
BALI_OBSERVERS = {"NLD", "RUS", "ZAF", "GBR"}
# The Prague Process's page (pragueprocess-states-partners): "As of 2018, the following 50
# states are participants", 49 named.
PRAGUE_MEMBERS = set(
    [
        "ALB",
        "ARM",
        "AUT",
        "AZE",
        "BLR",
        "BEL",
        "BIH",
        "BGR",
        "HRV",
        "CYP",
        "CZE",
        "DNK",
        "EST",
        "FIN",
        "FRA",
        "GEO",
        "DEU",
        "GRC",
        "HUN",
        "IRL",
        "ITA",
        "KAZ",
        "XKX",
        "KGZ",
        "LVA",
        "LIE",
        "LTU",
        "LUX",
        "MKD",
        "MLT",
        "MNE",
        "NLD",
        "NOR",
        "POL",
        "PRT",
        "MDA",
        "ROU",
        "RUS",
        "SRB",
        "SVK",
        "SVN",
        "ESP",
        "SWE",
        "CHE",
        "TJK",
        "TUR",
        "TKM",
        "UKR",
        "UZB",
    ]
)


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def memberships() -> pd.DataFrame:
    return read("memberships")


def states(memberships: pd.DataFrame, series_id: str, status: str) -> set[str]:
    rows = memberships[(memberships["series_id"] == series_id) & (memberships["status"] == status)]
    return set(rows["iso3"]) - {""}


def test_lists_have_the_length_their_sources_name():
    assert (len(BALI_MEMBERS), len(PRAGUE_MEMBERS)) == (44, 49)


def test_bali_process_member_states_are_the_44_iom_names(memberships):
    assert states(memberships, "bali-process", "full_member") == BALI_MEMBERS


def test_bali_process_observer_states_named_in_the_stored_copy(memberships):
    assert states(memberships, "bali-process", "observer") == BALI_OBSERVERS


def test_bali_process_rows_from_iom_cite_it_with_the_name_as_written(memberships):
    rows = memberships[memberships["source_id"] == "iom-bali-process"]
    assert len(rows) == 44  # 40 members and 4 observers; the 4 earlier rows keep their sources
    assert rows["notes"].str.contains("'").all()
    prk = rows[rows["iso3"] == "PRK"].iloc[0]
    assert "'DPR Korea'" in prk["notes"] and prk["start_year"] == ""


def test_bali_process_earlier_rows_keep_their_sources_and_years(memberships):
    rows = memberships[memberships["series_id"] == "bali-process"].set_index("iso3")
    assert rows.loc["AUS", "source_id"] == "baliprocess-about"
    assert rows.loc["AUS", "start_year"] == "2002"
    assert rows.loc["THA", "source_id"] == "dfat-bali-consultation-2017"


def test_prague_process_is_a_series_with_a_source():
    series = read("series").set_index("series_id")
    assert series.loc["prague-process", "source_id"] == "pragueprocess-states-partners"
    events = read("events")
    assert not (events["series_id"] == "prague-process").any()  # membership only


def test_prague_process_participants_are_the_49_named(memberships):
    assert states(memberships, "prague-process", "full_member") == PRAGUE_MEMBERS
    rows = memberships[memberships["series_id"] == "prague-process"]
    assert set(rows["source_id"]) == {"pragueprocess-states-partners"}
    assert dict(zip(rows["iso3"], rows["start_year"], strict=True))["BLR"] == "2010"
    assert (rows["start_year"] != "").sum() == 1


@pytest.mark.parametrize("source_id", ["iom-bali-process", "pragueprocess-states-partners"])
def test_new_sources_say_how_they_were_read(source_id):
    sources = read("sources").set_index("source_id")
    row = sources.loc[source_id]
    assert row["url"].startswith("https://")
    assert row["accessed_date"] == "2026-11-30"
    assert "stored copy" in row["notes"]


@pytest.mark.parametrize("iso3", ["RUS", "BLR"])
def test_prague_process_russia_and_belarus_not_invited_in_2022_but_not_ended(memberships, iso3):
    row = memberships[
        (memberships["series_id"] == "prague-process") & (memberships["iso3"] == iso3)
    ].iloc[0]
    assert "ceskenoviny-2022-prague-process" in row["notes"]
    assert row["end_year"] == ""  # no source says their participation ended
