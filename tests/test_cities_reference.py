"""Host cities: every host city of events.csv is placed from GeoNames, and named in other languages."""

from __future__ import annotations

import pandas as pd
import pytest

from coopstats.load import read_table
from coopstats.schema import City, CityName
from coopstats.settings import BUNDLED_DATA_DIR

REFERENCE = BUNDLED_DATA_DIR / "reference"


@pytest.fixture(scope="module")
def cities() -> pd.DataFrame:
    frame, problems = read_table(REFERENCE / "cities.csv", City, name="reference/cities.csv")
    assert [p.message() for p in problems if p.severity == "error"] == []
    return frame.set_index(["city", "iso3"])


def test_every_host_city_is_placed_with_its_geonames_id(cities):
    events = pd.read_csv(BUNDLED_DATA_DIR / "events.csv", dtype=str).dropna(
        subset=["city", "host_iso3"]
    )
    hosts = set(zip(events["city"], events["host_iso3"], strict=True))
    assert hosts <= set(cities.index)
    assert cities["geonames_id"].notna().all()


@pytest.mark.parametrize(
    "city, iso3, geonames_id",
    [
        ("Bali", "IDN", 7290162),  # the venue the sources name: Nusa Dua
        ("Nusa Dua", "IDN", 7290162),
        ("Suzhou", "CHN", 1886760),  # Jiangsu, not Anhui
        ("New York", "USA", 5128581),
        ("Marrakech", "MAR", 2542997),
        ("Marrakesh", "MAR", 2542997),
        ("Geneva", "CHE", 2660646),  # the Swiss city, not a US town
    ],
)
def test_settled_and_ambiguous_cities(cities, city, iso3, geonames_id):
    assert cities.loc[(city, iso3), "geonames_id"] == geonames_id


def test_city_names_validate_and_name_placed_cities(cities):
    names, problems = read_table(REFERENCE / "city_names.csv", CityName)
    assert [p.message() for p in problems if p.severity == "error"] == []
    assert set(zip(names["city"], names["iso3"], strict=True)) <= set(cities.index)
    named = names.set_index(["city", "iso3", "language"])["name"]
    assert named[("Lianyungang", "CHN", "zh")] == "连云港"
    assert named[("Suzhou", "CHN", "zh")] == "苏州"
    assert named[("Marrakech", "MAR", "ar")] == "مراكش"
    assert named[("Vienna", "AUT", "fr")] == "Vienne"
