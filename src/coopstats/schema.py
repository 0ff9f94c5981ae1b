"""One model per tidy table of the dataset, with the controlled vocabularies they use.

Each model's docstring states the grain (what one row is) and the key. Column names are
taken from the models (`Event.event_id`), never retyped. The CSV files in `data/` are the
tables named in `TABLES`; `data/datapackage.json` describes the same tables for other tools,
and a test keeps the two in step.

Codes in vocabularies are stable identifiers written in the CSV files; their English labels
live beside them here so that every layer above shows the same words.
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

# ---------------------------------------------------------------------------
# Controlled vocabularies: code -> English label.

EVENT_KINDS: dict[str, str] = {
    "edition": "edition",
    "sub_forum": "sub-forum",
    "side_meeting": "side meeting",
}

DATE_PRECISIONS: dict[str, str] = {
    "day": "day known",
    "month": "month known",
    "year": "year known",
}

EVENT_FORMATS: dict[str, str] = {
    "in_person": "in person",
    "hybrid": "hybrid (in person and online)",
    "online": "online",
    "unknown": "format not reported",
}

# What a reported figure counts. `counts` says what kind of thing is counted; a figure whose
# `counts` is "combined" mixes countries, regions and organisations and is never a country count.
METRICS: dict[str, dict[str, str]] = {
    "participants": {"label": "participants", "counts": "people"},
    "ministers": {"label": "ministers", "counts": "people"},
    "police_chiefs": {"label": "police chiefs", "counts": "people"},
    "countries": {"label": "countries", "counts": "countries"},
    "countries_and_regions": {"label": "countries and regions", "counts": "countries"},
    "governments": {"label": "governments", "counts": "countries"},
    "organisations": {"label": "international organisations", "counts": "organisations"},
    "countries_and_organisations": {
        "label": "countries and international organisations (combined)",
        "counts": "combined",
    },
    "countries_regions_organisations": {
        "label": "countries, regions and international organisations (combined)",
        "counts": "combined",
    },
    "delegations": {"label": "delegations", "counts": "delegations"},
    "cities": {"label": "cities", "counts": "cities"},
    "companies": {"label": "companies and foundations", "counts": "other"},
    "civil_society_organisations": {"label": "civil-society organisations", "counts": "other"},
}

# The metrics shown as "countries reported" and "organisations reported" in summaries.
COUNTRY_METRICS = tuple(m for m, spec in METRICS.items() if spec["counts"] == "countries")
ORGANISATION_METRICS = ("organisations",)
PARTICIPANT_METRICS = ("participants",)

# How a source qualified a number, with the sign used to show it ("more than 240" -> ">240").
QUALIFIERS: dict[str, dict[str, str]] = {
    "exact": {"label": "exactly", "sign": ""},
    "more_than": {"label": "more than", "sign": ">"},
    "at_least": {"label": "at least", "sign": "≥"},
    "about": {"label": "about", "sign": "~"},
    "nearly": {"label": "nearly", "sign": "~"},
    "up_to": {"label": "up to", "sign": "≤"},
}

# Whether a figure reports attendance after the event, or something said before it.
FIGURE_STATUSES: dict[str, str] = {
    "reported": "reported after the event",
    "pre_event": "announced before the event (not attendance)",
    "invited": "invited (not attendance)",
}

ROLES: dict[str, str] = {
    "host": "host",
    "organiser": "organiser",
    "co_chair": "co-chair",
    "participant": "participant",
    "speaker": "speaker",
    "observer": "observer",
}

MODES: dict[str, str] = {
    "in_person": "in person",
    "video": "by video",
    "unknown": "not reported",
}

ORGANISATION_TYPES: dict[str, str] = {
    "un_system": "UN system",
    "intergovernmental": "intergovernmental",
    "regional": "regional",
    "law_enforcement": "law-enforcement cooperation",
    "ngo_academic": "NGO or academic",
    "mechanism": "mechanism",
}

DOMAINS: dict[str, str] = {
    "public_security": "public security",
    "migration": "migration",
    "refugees": "refugees",
    "law_enforcement": "law enforcement",
    "trafficking_smuggling": "people smuggling and trafficking",
}

# A participant is a sovereign state, a territory (Hong Kong, Macao, Taiwan: the "regions" in
# Chinese official usage "countries (regions)") or an international organisation.
PARTICIPANT_TYPES: dict[str, str] = {
    "country": "country",
    "territory": "territory",
    "organisation": "international organisation",
}

ENTITY_TYPES: dict[str, str] = {"state": "state", "territory": "territory"}

LANGUAGES = ("en", "ar", "zh", "fr", "ru", "es")

# ---------------------------------------------------------------------------
# Patterns shared by several columns.

ID_PATTERN = r"^[a-z0-9][a-z0-9_\-]*$"
ISO3_PATTERN = r"^[A-Z]{3}$"
# ISO 8601 calendar date, possibly reduced to a month or a year.
PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
URL_PATTERN = r"^https?://\S+$"


class _Table(pa.DataFrameModel):
    class Config:
        strict = True
        coerce = True


class SeriesTable(_Table):
    """A forum series (the GFMD, the INTERPOL General Assembly...). One row per series; key: series_id."""

    series_id: Series[str] = pa.Field(unique=True, str_matches=ID_PATTERN)
    name: Series[str]
    short_name: Series[str]
    organiser: Series[str] = pa.Field(nullable=True)
    domain: Series[str] = pa.Field(isin=list(DOMAINS))
    url: Series[str] = pa.Field(nullable=True, str_matches=URL_PATTERN)
    source_id: Series[str]
    notes: Series[str] = pa.Field(nullable=True)


class Event(_Table):
    """An edition of a series, or a sub-forum or side meeting held within an edition.

    One row per event; key: event_id. A sub-forum or side meeting names its edition in
    parent_event_id. Dates are ISO 8601 reduced to what is known (2016-09 when only the month
    is), and date_precision says which.
    """

    event_id: Series[str] = pa.Field(unique=True, str_matches=ID_PATTERN)
    series_id: Series[str]
    parent_event_id: Series[str] = pa.Field(nullable=True)
    kind: Series[str] = pa.Field(isin=list(EVENT_KINDS))
    edition_number: Series[pa.typing.Int64] = pa.Field(nullable=True, ge=1)
    title: Series[str]
    theme: Series[str] = pa.Field(nullable=True)
    start_date: Series[str] = pa.Field(str_matches=PARTIAL_DATE_PATTERN)
    end_date: Series[str] = pa.Field(nullable=True, str_matches=PARTIAL_DATE_PATTERN)
    date_precision: Series[str] = pa.Field(isin=list(DATE_PRECISIONS))
    city: Series[str] = pa.Field(nullable=True)
    host_iso3: Series[str] = pa.Field(nullable=True, str_matches=ISO3_PATTERN)
    format: Series[str] = pa.Field(isin=list(EVENT_FORMATS))
    organiser: Series[str] = pa.Field(nullable=True)
    source_id: Series[str]
    notes: Series[str] = pa.Field(nullable=True)


class Figure(_Table):
    """A number one source reported about one event.

    One row per (event, metric, scope, source); key: figure_id. Several rows for the same
    event, metric and scope are sources that agree or disagree; all are kept. `scope` names a
    subset when the figure is not about the whole event ("government segment", "observers").
    `quote` keeps the source's own words.
    """

    figure_id: Series[str] = pa.Field(unique=True, str_matches=ID_PATTERN)
    event_id: Series[str]
    metric: Series[str] = pa.Field(isin=list(METRICS))
    scope: Series[str] = pa.Field(nullable=True)
    value: Series[pa.typing.Int64] = pa.Field(ge=0)
    qualifier: Series[str] = pa.Field(isin=list(QUALIFIERS))
    status: Series[str] = pa.Field(isin=list(FIGURE_STATUSES))
    source_id: Series[str]
    quote: Series[str] = pa.Field(nullable=True)
    notes: Series[str] = pa.Field(nullable=True)


class Participation(_Table):
    """A named participant in one event, in one role.

    One row per (event, participant, role); key: (event_id, iso3 or org_id, role). Exactly one
    of iso3 (a country or territory) and org_id (an international organisation) is filled.
    `delegation_of` names the country whose delegation a territory's officials came with (Hong
    Kong's Immigration Department in the PRC delegation): they took part, but not as a
    delegation of their own, so they are not counted against a reported number of countries.
    Named participants are a lower bound: sources name a few of those who came.
    """

    event_id: Series[str]
    iso3: Series[str] = pa.Field(nullable=True, str_matches=ISO3_PATTERN)
    org_id: Series[str] = pa.Field(nullable=True)
    role: Series[str] = pa.Field(isin=list(ROLES))
    mode: Series[str] = pa.Field(isin=list(MODES))
    delegation_of: Series[str] = pa.Field(nullable=True, str_matches=ISO3_PATTERN)
    source_id: Series[str]
    notes: Series[str] = pa.Field(nullable=True)


class Organisation(_Table):
    """An international organisation or mechanism. One row per organisation; key: org_id.

    `aliases` holds further names and acronyms in any language, separated by `;`.
    """

    org_id: Series[str] = pa.Field(unique=True, str_matches=ID_PATTERN)
    acronym: Series[str] = pa.Field(nullable=True)
    name_en: Series[str]
    name_ar: Series[str] = pa.Field(nullable=True)
    name_zh: Series[str] = pa.Field(nullable=True)
    name_fr: Series[str] = pa.Field(nullable=True)
    name_ru: Series[str] = pa.Field(nullable=True)
    name_es: Series[str] = pa.Field(nullable=True)
    org_type: Series[str] = pa.Field(isin=list(ORGANISATION_TYPES))
    hq_city: Series[str] = pa.Field(nullable=True)
    hq_iso3: Series[str] = pa.Field(nullable=True, str_matches=ISO3_PATTERN)
    aliases: Series[str] = pa.Field(nullable=True)
    url: Series[str] = pa.Field(nullable=True, str_matches=URL_PATTERN)


class Source(_Table):
    """A published page that reports facts used in the dataset. One row per page; key: source_id.

    `is_mirror` marks a copy republished on an unrelated site; `mirror_of` names the original
    publisher when it is known.
    """

    source_id: Series[str] = pa.Field(unique=True, str_matches=ID_PATTERN)
    url: Series[str] = pa.Field(nullable=True, str_matches=URL_PATTERN)
    title: Series[str]
    publisher: Series[str]
    language: Series[str] = pa.Field(str_matches=r"^[a-z]{2}(-[A-Za-z]+)?$")
    published_date: Series[str] = pa.Field(nullable=True, str_matches=PARTIAL_DATE_PATTERN)
    accessed_date: Series[str] = pa.Field(str_matches=DATE_PATTERN)
    is_mirror: Series[bool]
    mirror_of: Series[str] = pa.Field(nullable=True)
    notes: Series[str] = pa.Field(nullable=True)


class Country(_Table):
    """Reference: a country or territory that can take part. One row per entity; key: iso3.

    Region columns are UN M49 (region and sub-region, with their codes); Taiwan and Kosovo,
    which M49 does not list, are placed as CLDR places them (see data/reference/README.md).
    """

    iso3: Series[str] = pa.Field(unique=True, str_matches=ISO3_PATTERN)
    iso2: Series[str] = pa.Field(str_matches=r"^[A-Z]{2}$")
    numeric: Series[str] = pa.Field(nullable=True, str_matches=r"^\d{3}$")
    name_en: Series[str]
    entity_type: Series[str] = pa.Field(isin=list(ENTITY_TYPES))
    region_code: Series[str] = pa.Field(nullable=True, str_matches=r"^\d{3}$")
    region: Series[str] = pa.Field(nullable=True)
    sub_region_code: Series[str] = pa.Field(nullable=True, str_matches=r"^\d{3}$")
    sub_region: Series[str] = pa.Field(nullable=True)
    lat: Series[float] = pa.Field(nullable=True, in_range={"min_value": -90, "max_value": 90})
    lon: Series[float] = pa.Field(nullable=True, in_range={"min_value": -180, "max_value": 180})
    has_polygon: Series[bool]


class CountryAlias(_Table):
    """Reference: one more name for a country or territory. One row per (alias, language)."""

    alias: Series[str]
    iso3: Series[str] = pa.Field(str_matches=ISO3_PATTERN)
    language: Series[str] = pa.Field(nullable=True)
    note: Series[str] = pa.Field(nullable=True)


class City(_Table):
    """Reference: a point for a city that hosted an event. One row per (city, iso3); key: both.

    `city` is spelled as in events.csv; lat/lon come from GeoNames (see data/reference/README.md).
    `geonames_id` is empty when the source carries no GeoNames id.
    """

    city: Series[str]
    iso3: Series[str] = pa.Field(str_matches=ISO3_PATTERN)
    lat: Series[float] = pa.Field(in_range={"min_value": -90, "max_value": 90})
    lon: Series[float] = pa.Field(in_range={"min_value": -180, "max_value": 180})
    geonames_id: Series[pa.typing.Int64] = pa.Field(nullable=True, ge=1)

    class Config:
        unique = ("city", "iso3")


# File name (under the data folder) -> model. The order is the order of loading and checking.
TABLES: dict[str, type[_Table]] = {
    "sources.csv": Source,
    "series.csv": SeriesTable,
    "events.csv": Event,
    "figures.csv": Figure,
    "organisations.csv": Organisation,
    "participations.csv": Participation,
}

REFERENCE_TABLES: dict[str, type[_Table]] = {
    "reference/countries.csv": Country,
    "reference/country_aliases.csv": CountryAlias,
    "reference/cities.csv": City,
}


def columns(model: type[_Table]) -> list[str]:
    """The column names of a table model, in order."""
    return list(model.to_schema().columns)
