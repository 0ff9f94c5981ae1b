"""Data names in the reader's language, English where none is known."""

from __future__ import annotations

import pandas as pd

from coopstats import Filters
from coopstats.translations import localise_tables, names_in_every_language


def test_english_is_the_dataset_itself(ds):
    assert ds.localised("en") is ds


def test_chinese_titles_series_and_cities_with_english_fallback(ds):
    ds = ds.localised("zh")
    events = ds.tables.events.set_index("event_id")
    assert events.loc["gpscfl-2024", "title"] == "全球公共安全合作论坛（连云港）2024年大会"
    assert events.loc["gpscfl-2024", "city"] == "连云港"
    assert events.loc["gfmd-2007", "title"] == "1st GFMD meeting"  # no Chinese title known
    assert ds.series_names["grf"] == "全球难民论坛"
    assert ds.series_names["gfmd"] == "GFMD"


def test_ids_codes_and_counts_do_not_change(ds):
    english, arabic = ds, ds.localised("ar")
    for table in ("events", "series", "participations", "figures"):
        before, after = getattr(english.tables, table), getattr(arabic.tables, table)
        assert len(before) == len(after)
    pd.testing.assert_series_equal(
        english.tables.events["event_id"], arabic.tables.events["event_id"]
    )
    assert arabic.version.endswith("-ar") and arabic.version != english.version
    assert len(arabic.event_summary(Filters())) == len(english.event_summary(Filters()))


def test_two_spellings_of_one_city_become_one_host_city_in_arabic(ds):
    ds = ds.localised("ar")
    hosts = ds.host_cities(Filters())
    assert not hosts.duplicated(["city", "iso3"]).any()
    assert "مراكش" in set(hosts["city"])
    assert hosts[hosts["city"] == "مراكش"][["lat", "lon"]].notna().all().all()


def test_localise_does_not_change_its_input(ds):
    tables = ds.tables
    before = tables.events.copy()
    localise_tables(tables, "zh")
    pd.testing.assert_frame_equal(tables.events, before)


def test_names_in_every_language_include_english_and_translations(ds):
    names = names_in_every_language(ds.tables)
    gpscfl = names[(names["subject"] == "series") & (names["subject_id"] == "gpscfl")]
    assert {"en", "zh"} <= set(gpscfl["language"])
    assert not names.duplicated().any()
