"""A minimal valid data folder, written from inline rows, for loader and integrity tests.

Tests copy `valid_rows()`, break one thing and write the folder with `write_folder`. The
reference tables are tiny and fake-ish (real ISO codes, made-up coordinates) so that the tests
do not depend on the bundled data.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from coopstats.schema import (
    OPTIONAL_COLUMNS,
    OPTIONAL_REFERENCE_TABLES,
    OPTIONAL_TABLES,
    REFERENCE_TABLES,
    TABLES,
    columns,
)

Rows = dict[str, list[dict[str, str]]]


def valid_rows() -> Rows:
    """File name -> rows (dicts of column -> text) of a small dataset that loads cleanly."""
    source = {
        "url": "https://example.org/a",
        "publisher": "Example Ministry",
        "language": "en",
        "published_date": "",
        "accessed_date": "2024-05-01",
        "mirror_of": "",
        "notes": "",
    }
    event = {
        "parent_event_id": "",
        "kind": "edition",
        "theme": "",
        "date_precision": "day",
        "end_date": "",
        "city": "Lianyungang",
        "host_iso3": "CHN",
        "format": "in_person",
        "organiser": "",
        "source_id": "src-a",
        "notes": "",
    }
    figure = {
        "scope": "",
        "qualifier": "exact",
        "status": "reported",
        "source_id": "src-a",
        "quote": "",
        "notes": "",
    }
    taking_part = {
        "org_id": "",
        "role": "participant",
        "mode": "in_person",
        "source_id": "src-a",
        "notes": "",
    }
    country = {
        "region_code": "",
        "region": "",
        "sub_region_code": "",
        "sub_region": "",
        "has_polygon": "true",
    }
    return {
        "sources.csv": [
            {**source, "source_id": "src-a", "title": "Forum opens", "is_mirror": "false"},
            {**source, "source_id": "src-b", "title": "Forum closes", "is_mirror": "false"},
            {
                **source,
                "source_id": "src-m",
                "title": "Copy",
                "is_mirror": "true",
                "url": "https://mirror.example.net/a",
                "publisher": "Mirror",
            },
        ],
        "series.csv": [
            {
                "series_id": "forum",
                "name": "Example Forum",
                "short_name": "EF",
                "organiser": "",
                "domain": "public_security",
                "url": "",
                "source_id": "src-a",
                "notes": "",
            },
        ],
        "events.csv": [
            {
                **event,
                "event_id": "forum-2023",
                "series_id": "forum",
                "edition_number": "1",
                "title": "First forum",
                "start_date": "2023-09-11",
                "end_date": "2023-09-12",
            },
            {
                **event,
                "event_id": "forum-2024",
                "series_id": "forum",
                "edition_number": "2",
                "title": "Second forum",
                "start_date": "2024-09",
                "date_precision": "month",
            },
            {
                **event,
                "event_id": "forum-2023-side",
                "series_id": "forum",
                "edition_number": "",
                "kind": "side_meeting",
                "parent_event_id": "forum-2023",
                "title": "Side meeting",
                "start_date": "2023-09-11",
            },
        ],
        "figures.csv": [
            {
                **figure,
                "figure_id": "f1",
                "event_id": "forum-2023",
                "metric": "countries",
                "value": "3",
            },
            {
                **figure,
                "figure_id": "f2",
                "event_id": "forum-2023",
                "metric": "countries",
                "value": "100",
                "qualifier": "more_than",
                "source_id": "src-b",
                "quote": 'more than 100 countries, "and more"',
            },
            {
                **figure,
                "figure_id": "f3",
                "event_id": "forum-2024",
                "metric": "participants",
                "value": "1200",
                "qualifier": "about",
            },
        ],
        "organisations.csv": [
            {
                "org_id": "interpol",
                "acronym": "INTERPOL",
                "name_en": "INTERPOL",
                "name_ar": "الإنتربول",
                "name_zh": "国际刑警组织",
                "name_fr": "",
                "name_ru": "",
                "name_es": "",
                "org_type": "law_enforcement",
                "hq_city": "Lyon",
                "hq_iso3": "FRA",
                "aliases": "ICPO",
                "url": "",
            },
        ],
        "participations.csv": [
            {**taking_part, "event_id": "forum-2023", "iso3": "CHN", "role": "host"},
            {**taking_part, "event_id": "forum-2023", "iso3": "FRA"},
            {**taking_part, "event_id": "forum-2023", "iso3": "HKG"},
            {**taking_part, "event_id": "forum-2023", "iso3": "", "org_id": "interpol"},
            {**taking_part, "event_id": "forum-2024", "iso3": "FRA", "mode": "video"},
        ],
        "reference/countries.csv": [
            {
                **country,
                "iso3": "CHN",
                "iso2": "CN",
                "numeric": "156",
                "name_en": "China",
                "entity_type": "state",
                "lat": "35.0",
                "lon": "103.0",
            },
            {
                **country,
                "iso3": "FRA",
                "iso2": "FR",
                "numeric": "250",
                "name_en": "France",
                "entity_type": "state",
                "lat": "46.0",
                "lon": "2.0",
            },
            {
                **country,
                "iso3": "HKG",
                "iso2": "HK",
                "numeric": "344",
                "name_en": "Hong Kong",
                "entity_type": "territory",
                "lat": "22.3",
                "lon": "114.2",
            },
            {
                **country,
                "iso3": "DEU",
                "iso2": "DE",
                "numeric": "276",
                "name_en": "Germany",
                "entity_type": "state",
                "lat": "51.0",
                "lon": "10.0",
            },
        ],
        "reference/cities.csv": [
            {
                "city": "Lianyungang",
                "iso3": "CHN",
                "lat": "34.6",
                "lon": "119.2",
                "geonames_id": "",
            },
            {"city": "Lyon", "iso3": "FRA", "lat": "45.7", "lon": "4.8", "geonames_id": "2996944"},
        ],
        "reference/country_aliases.csv": [
            {"alias": "Chine", "iso3": "CHN", "language": "fr", "note": ""},
            {"alias": "香港", "iso3": "HKG", "language": "zh", "note": ""},
        ],
    }


def csv_text(name: str, rows: list[dict[str, str]], header: list[str] | None = None) -> str:
    """The CSV text of one table: the model's columns (or `header`) then the rows."""
    model = {**TABLES, **OPTIONAL_TABLES, **REFERENCE_TABLES, **OPTIONAL_REFERENCE_TABLES}[name]
    # Optional columns (schema.OPTIONAL_COLUMNS) only when a row fills them, as older files.
    optional = OPTIONAL_COLUMNS.get(model, {})
    header = header or [
        c for c in columns(model) if c not in optional or any(c in row for row in rows)
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([row.get(column, "") for column in header] for row in rows)
    return out.getvalue()


def write_folder(root: Path, rows: Rows | None = None) -> Path:
    """Write every table of `rows` (default: valid_rows()) under root/data; return that folder."""
    folder = root / "data"
    for name, table in (rows or valid_rows()).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(csv_text(name, table), encoding="utf-8")
    return folder
