"""Country names as real lists write them: inverted, abbreviated, parenthesised, SAR forms, endonyms."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from coopstats.countries import normalise
from coopstats.name_forms import loose_key, loose_keys
from coopstats.resolution import resolve

NAMES = Path(__file__).parent / "fixtures" / "list-names.csv"
ROWS = list(csv.DictReader(NAMES.open(encoding="utf-8")))


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['form']}:{r['code']}" for r in ROWS])
def test_list_forms_resolve(ds, row):
    found = resolve(row["name"], ds.countries, ds.organisations)
    assert found.iso3 == row["code"], row


@pytest.mark.parametrize(
    "name",
    ["Niger", "Nigeria", "Sudan", "South Sudan", "Guinea", "Equatorial Guinea", "Dominica",
     "Dominican Republic", "Congo - Brazzaville"],
)  # fmt: skip
def test_exact_names_keep_their_own_country(ds, name):
    assert ds.countries.get(name) == ds.countries.get(name, loose=False) is not None


def test_a_loose_key_shared_by_two_countries_resolves_to_nothing(ds):
    # "Korea" alone names two countries: never guessed. "Congo (the)" is ISO's own short name
    # of the Republic of the Congo (the other is "Congo (the Democratic Republic of the)").
    assert ds.countries.get("Korea") is None
    assert resolve("Korea", ds.countries, ds.organisations).iso3 is None
    assert resolve("Congo (the)", ds.countries, ds.organisations).iso3 == "COG"


def test_organisations_win_over_loose_country_forms(ds):
    assert resolve("OIM", ds.countries, ds.organisations).org_id == "iom"


def test_loose_keys_drop_linking_words_and_sort():
    assert loose_key(normalise("Republic of Korea")) == loose_key(normalise("Korea, Republic of"))
    assert "korea republic" in loose_keys("Korea, Rep.", normalise)
    assert loose_key(normalise("China, Hong Kong SAR")) == "hong kong"
