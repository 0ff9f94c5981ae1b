"""Finding a country, organisation, series or event by any of its names."""

from __future__ import annotations

import pandas as pd
import pytest

from coopstats.directory import find, name_keys


@pytest.fixture(scope="module")
def keys(ds) -> pd.DataFrame:
    return name_keys(ds.tables, ds.countries, ds.organisations)


def test_keys_have_no_duplicates_and_cover_every_kind(keys):
    assert not keys.duplicated().any()
    assert set(keys["kind"]) == {"country", "organisation", "series", "event"}


@pytest.mark.parametrize(
    "text, kind, target",
    [
        ("中国", "country", "CHN"),
        ("Chine", "country", "CHN"),
        ("الصين", "country", "CHN"),
        ("Россия", "country", "RUS"),
        ("interpol", "organisation", "interpol"),
        ("الإنتربول", "organisation", "interpol"),
        ("OIM", "organisation", "iom"),
        ("全球难民论坛", "series", "grf"),
        ("国际刑警组织全体大会", "series", "interpol-ga"),
        ("GFMD", "series", "gfmd"),
        ("第九十届", "event", "interpol-ga-2022"),
        ("الدورة الـ 92", "event", "interpol-ga-2024"),
    ],
)
def test_a_name_in_any_language_finds_its_thing_first(keys, text, kind, target):
    found = find(keys, text)
    assert (found.loc[0, "kind"], found.loc[0, "target_id"]) == (kind, target)


def test_results_are_ranked_and_limited(keys):
    found = find(keys, "interpol", limit=3)
    assert len(found) == 3
    assert found["rank"].is_monotonic_increasing
    assert not found.duplicated(["kind", "target_id"]).any()


@pytest.mark.parametrize("text", ["", " ", "x", "zzzzqqq"])
def test_short_or_unknown_text_finds_nothing(keys, text):
    found = find(keys, text)
    assert found.empty and list(found.columns) == ["kind", "target_id", "match", "rank"]


def test_find_on_inline_keys():
    keys = pd.DataFrame(
        {"kind": ["country", "series", "event"], "target_id": ["AAA", "s1", "e1"],
         "key": ["alphaland", "alpha forum", "2nd alpha forum"]}
    )  # fmt: skip
    found = find(keys, "Alpha")
    assert found["target_id"].tolist() == ["AAA", "s1", "e1"]
    assert found["rank"].tolist() == [1, 1, 2]
