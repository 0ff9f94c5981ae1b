"""Each correction of the bundled data, pinned by a test that fails on the data before it.

Every case names the correction it pins (see data/CHANGELOG.md for the source of each). The
tables are read as text, as in tests/test_bundled_data.py, so that what is tested is what is
written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).resolve().parents[2] / "data"

Tables = dict[str, pd.DataFrame]


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def t() -> Tables:
    return {n: read(n) for n in ("figures", "events", "sources", "participations", "series")}


def figure(t: Tables, figure_id: str) -> pd.Series:
    rows = t["figures"][t["figures"]["figure_id"] == figure_id]
    assert len(rows) == 1, f"figure {figure_id} is missing"
    return rows.iloc[0]


def figures_of(t: Tables, event_id: str, **where: str) -> pd.DataFrame:
    rows = t["figures"][t["figures"]["event_id"] == event_id]
    for column, value in where.items():
        rows = rows[rows[column] == value]
    return rows


def source(t: Tables, source_id: str) -> pd.Series:
    rows = t["sources"][t["sources"]["source_id"] == source_id]
    assert len(rows) == 1, f"source {source_id} is missing"
    return rows.iloc[0]


def roles(t: Tables, event_id: str, participant: str) -> dict[str, str]:
    rows = t["participations"]
    rows = rows[
        (rows["event_id"] == event_id)
        & ((rows["iso3"] == participant) | (rows["org_id"] == participant))
    ]
    return dict(zip(rows["role"], rows["mode"], strict=True))


def gpscfl_2023_global_times_counts_countries_and_regions(t: Tables) -> None:
    row = figure(t, "gpscfl-2023-countries-and-regions-gt")
    assert (row["metric"], row["value"], row["qualifier"]) == (
        "countries_and_regions",
        "50",
        "about",
    )
    combined = figures_of(t, "gpscfl-2023", source_id="globaltimes-1298485",
                          metric="countries_regions_organisations")  # fmt: skip
    assert combined.empty


def gpscfl_2018_thirty_countries_and_organisations_is_combined(t: Tables) -> None:
    rows = figures_of(t, "gpscfl-2018", source_id="lygdaily-2018-tcgxipo")
    assert set(rows["metric"]) == {"countries_and_organisations"}


def gpscfl_2024_tourism_safety_figures_are_invitations(t: Tables) -> None:
    rows = figures_of(t, "gpscfl-2024-tourism-safety", source_id="neamco-37554267")
    assert len(rows) == 2 and set(rows["status"]) == {"invited"}
    assert rows["quote"].str.contains("邀请").all()


def jin_bai_is_nearly_not_about(t: Tables) -> None:
    row = figure(t, "gpscfl-2024-law-enforcement-capacity-participants-chinese-experts-thepaper")
    assert row["qualifier"] == "nearly" and "近百" in row["quote"]


def gpscfl_2024_global_times_more_than_2100(t: Tables) -> None:
    row = figure(t, "gpscfl-2024-participants-gt")
    assert (row["value"], row["qualifier"]) == ("2100", "more_than")


def gfmd_2020_delegates_exact_countries_approximate(t: Tables) -> None:
    assert figure(t, "gfmd-2020-participants-map")["qualifier"] == "exact"
    assert figure(t, "gfmd-2020-countries-map")["qualifier"] == "about"


def rabat_2018_keeps_organiser_and_press_versions(t: Tables) -> None:
    rows = figures_of(t, "rabat-process-2018", metric="countries")
    by_source = {
        s: dict(zip(g["scope"], g["value"], strict=True)) for s, g in rows.groupby("source_id")
    }
    assert by_source["rabat-ministerial-2018"] == {
        "African countries": "28",
        "European countries": "27",
    }
    assert by_source["lemagazinedumanager-20300"] == {
        "": "58",
        "African countries": "27",
        "European countries": "31",
    }


def ministers_and_senior_officials_is_its_own_metric(t: Tables) -> None:
    row = figure(t, "rabat-process-2022-ministers-and-senior-officials-rabat")
    assert (row["metric"], row["value"], row["scope"]) == (
        "ministers_and_senior_officials",
        "15",
        "",
    )
    ministers = t["figures"][t["figures"]["metric"] == "ministers"]
    mixed = ministers["quote"].str.contains("officials|vice-minist", case=False)
    assert not mixed.any(), ministers[mixed]["figure_id"].tolist()


def gfmd_2024_france_chaired_switzerland_hosted(t: Tables) -> None:
    assert roles(t, "gfmd-2024", "FRA") == {"co_chair": "in_person"}
    event = t["events"].set_index("event_id").loc["gfmd-2024"]
    hosts = t["participations"][(t["participations"]["event_id"] == "gfmd-2024")
                                & (t["participations"]["role"] == "host")]  # fmt: skip
    assert hosts.empty or set(hosts["iso3"]) == {event["host_iso3"]}


@pytest.mark.parametrize(
    "event_id, org_id", [("gpscfl-2024-migration", "iom"), ("gpscfl-2025-migration", "iom"),
                         ("gpscfl-2025-migration", "unhcr")],
)  # fmt: skip
def test_video_speakers_at_the_migration_sub_forums_are_speakers(t, event_id, org_id):
    assert roles(t, event_id, org_id) == {"speaker": "video"}


def gpscfl_2022_host_attends_in_person(t: Tables) -> None:
    assert roles(t, "gpscfl-2022", "CHN") == {"host": "in_person", "speaker": "video"}


def gfmd_2010_no_participants_from_the_opening_day_source(t: Tables) -> None:
    rows = t["participations"][t["participations"]["event_id"] == "gfmd-2010"]
    assert set(rows["org_id"]) == {""}, "organisations named only before the government segment"


def gfmd_2015_countries_and_organisations_are_the_concluding_plenarys(t: Tables) -> None:
    rows = figures_of(t, "gfmd-2015", source_id="gfmd-org-2015-10-19")
    assert set(rows["scope"]) == {"concluding plenary"}


def gfmd_2015_turkish_release_is_in_german(t: Tables) -> None:
    assert source(t, "tr-mfa-stuttgart-243278")["language"] == "de"


def grf_2019_at_least_not_more_than(t: Tables) -> None:
    for figure_id in ("grf-2019-companies-unhcr", "grf-2019-civil-society-organisations-unhcr"):
        assert figure(t, figure_id)["qualifier"] == "at_least"


def gpscfl_2024_migration_six_organisations_from_the_page_that_counts_them(t: Tables) -> None:
    rows = figures_of(t, "gpscfl-2024-migration", metric="organisations")
    assert "nia-en-173168" not in set(rows["source_id"]), "the chair's statement lists, not counts"
    news = rows[rows["source_id"] == "nia-en-172715"]
    assert len(news) == 1 and "six" in news["quote"].iloc[0]


def lancang_mekong_2024_forum_was_hybrid(t: Tables) -> None:
    assert t["events"].set_index("event_id").at["lancang-mekong-2024", "format"] == "hybrid"


def aggregator_copies_are_mirrors(t: Tables) -> None:
    for source_id in ("fx361-7649106", "fx361-12681513", "xinhua-zh-2023"):
        row = source(t, source_id)
        assert row["is_mirror"] == "true" and row["mirror_of"], source_id


def xinhua_2023_has_its_url(t: Tables) -> None:
    assert source(t, "xinhua-zh-2023")["url"].startswith("http")


def gpscfl_2017_dates_are_known(t: Tables) -> None:
    event = t["events"].set_index("event_id").loc["gpscfl-2017"]
    assert (event["start_date"], event["end_date"]) == ("2017-12-11", "2017-12-13")


def gfmd_2007_countries_are_the_government_meetings(t: Tables) -> None:
    rows = figures_of(t, "gfmd-2007", source_id="un-a-c2-62-2-vdocuments")
    scoped = rows[rows["metric"].isin(["countries", "organisations"])]
    assert set(scoped["scope"]) == {"government meeting"}


def lancang_mekong_2016_six_countries_are_the_members(t: Tables) -> None:
    rows = figures_of(t, "lancang-mekong-2016", metric="countries")
    assert set(rows["scope"]) == {"members"}


CORRECTIONS: list[Callable[[Tables], None]] = [
    gpscfl_2023_global_times_counts_countries_and_regions,
    gpscfl_2018_thirty_countries_and_organisations_is_combined,
    gpscfl_2024_tourism_safety_figures_are_invitations,
    jin_bai_is_nearly_not_about,
    gpscfl_2024_global_times_more_than_2100,
    gfmd_2020_delegates_exact_countries_approximate,
    rabat_2018_keeps_organiser_and_press_versions,
    ministers_and_senior_officials_is_its_own_metric,
    gfmd_2024_france_chaired_switzerland_hosted,
    gpscfl_2022_host_attends_in_person,
    gfmd_2010_no_participants_from_the_opening_day_source,
    gfmd_2015_countries_and_organisations_are_the_concluding_plenarys,
    gfmd_2015_turkish_release_is_in_german,
    grf_2019_at_least_not_more_than,
    gpscfl_2024_migration_six_organisations_from_the_page_that_counts_them,
    lancang_mekong_2024_forum_was_hybrid,
    aggregator_copies_are_mirrors,
    xinhua_2023_has_its_url,
    gpscfl_2017_dates_are_known,
    gfmd_2007_countries_are_the_government_meetings,
    lancang_mekong_2016_six_countries_are_the_members,
]


@pytest.mark.parametrize("correction", CORRECTIONS, ids=lambda c: c.__name__)
def test_correction(t, correction):
    correction(t)


def test_figures_of_re_read_pages_carry_the_sources_own_words(t):
    """A page re-read from a stored copy gives every figure taken from it a quote."""
    reread = set(t["sources"].loc[t["sources"]["accessed_date"] == "2026-11-30", "source_id"])
    rows = t["figures"][t["figures"]["source_id"].isin(reread)]
    missing = rows[rows["quote"] == ""]
    assert missing.empty, missing["figure_id"].tolist()
