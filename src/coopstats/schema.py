"""One model per tidy table of the dataset, with the controlled vocabularies they use.

Each model's docstring states the grain (what one row is) and the key. Column names are
taken from the models (`Event.event_id`), never retyped. The CSV files in `data/` are the
tables named in `TABLES`; `data/datapackage.json` describes the same tables for other tools,
and a test keeps the two in step.

Codes in vocabularies are stable identifiers written in the CSV files; their English labels
live beside them here so that every layer above shows the same words.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Iterator

import pandera.pandas as pa
from pandera.typing import Series

from coopstats.i18n import N_

# ---------------------------------------------------------------------------
# Controlled vocabularies: code -> English label. Labels are marked with N_ for the catalogues
# (coopstats.i18n) and translated where they are shown: `_(ROLES[code])`.

EVENT_KINDS: dict[str, str] = {
    "edition": N_("edition"),
    "sub_forum": N_("sub-forum"),
    "side_meeting": N_("side meeting"),
}

DATE_PRECISIONS: dict[str, str] = {
    "day": N_("day known"),
    "month": N_("month known"),
    "year": N_("year known"),
}

EVENT_FORMATS: dict[str, str] = {
    "in_person": N_("in person"),
    "hybrid": N_("hybrid (in person and online)"),
    "online": N_("online"),
    "unknown": N_("format not reported"),
}

# What a reported figure counts. `counts` says what kind of thing is counted; a figure whose
# `counts` is "combined" mixes countries, regions and organisations and is never a country count.
METRICS: dict[str, dict[str, str]] = {
    "participants": {"label": N_("participants"), "counts": "people"},
    "ministers": {"label": N_("ministers"), "counts": "people"},
    # "Ministers and senior officials" (Rabat Process) counts more than ministers: its own metric.
    "ministers_and_senior_officials": {
        "label": N_("ministers and senior officials"),
        "counts": "people",
    },
    "police_chiefs": {"label": N_("police chiefs"), "counts": "people"},
    "countries": {"label": N_("countries"), "counts": "countries"},
    "countries_and_regions": {"label": N_("countries and regions"), "counts": "countries"},
    "governments": {"label": N_("governments"), "counts": "countries"},
    "organisations": {"label": N_("international organisations"), "counts": "organisations"},
    "countries_and_organisations": {
        "label": N_("countries and international organisations (combined)"),
        "counts": "combined",
    },
    "countries_regions_organisations": {
        "label": N_("countries, regions and international organisations (combined)"),
        "counts": "combined",
    },
    "delegations": {"label": N_("delegations"), "counts": "delegations"},
    "cities": {"label": N_("cities"), "counts": "cities"},
    "companies": {"label": N_("companies and foundations"), "counts": "other"},
    "civil_society_organisations": {"label": N_("civil-society organisations"), "counts": "other"},
}

# The metrics shown as "countries reported" and "organisations reported" in summaries.
COUNTRY_METRICS = tuple(m for m, spec in METRICS.items() if spec["counts"] == "countries")
ORGANISATION_METRICS = ("organisations",)
PARTICIPANT_METRICS = ("participants",)

# How a source qualified a number, with the sign used to show it ("more than 240" -> ">240").
QUALIFIERS: dict[str, dict[str, str]] = {
    "exact": {"label": N_("exactly"), "sign": ""},
    "more_than": {"label": N_("more than"), "sign": ">"},
    "at_least": {"label": N_("at least"), "sign": "≥"},
    "about": {"label": N_("about"), "sign": "~"},
    "nearly": {"label": N_("nearly"), "sign": "~"},
    "up_to": {"label": N_("up to"), "sign": "≤"},
}

# Whether a figure reports attendance after the event, or something said before it.
FIGURE_STATUSES: dict[str, str] = {
    "reported": N_("reported after the event"),
    "pre_event": N_("announced before the event (not attendance)"),
    "invited": N_("invited (not attendance)"),
}

ROLES: dict[str, str] = {
    "host": N_("host"),
    "organiser": N_("organiser"),
    "co_chair": N_("co-chair"),
    "participant": N_("participant"),
    "speaker": N_("speaker"),
    "observer": N_("observer"),
}

# Whether a named participation is attendance or only a registration before the event (from a
# registration list): a registered participation is never shown as attendance.
PARTICIPATION_STATUSES: dict[str, str] = {
    "attended": N_("attended"),
    "registered": N_("registered before the event (not attendance)"),
}

MODES: dict[str, str] = {
    "in_person": N_("in person"),
    "video": N_("by video"),
    "unknown": N_("not reported"),
}

ORGANISATION_TYPES: dict[str, str] = {
    "un_system": N_("UN system"),
    "intergovernmental": N_("intergovernmental"),
    "regional": N_("regional"),
    "law_enforcement": N_("law-enforcement cooperation"),
    "ngo_academic": N_("NGO or academic"),
    "mechanism": N_("mechanism"),
}

DOMAINS: dict[str, str] = {
    "public_security": N_("public security"),
    "migration": N_("migration"),
    "refugees": N_("refugees"),
    "law_enforcement": N_("law enforcement"),
    "trafficking_smuggling": N_("people smuggling and trafficking"),
}

# A participant is a sovereign state, a territory (Hong Kong, Macao, Taiwan: the "regions" in
# Chinese official usage "countries (regions)") or an international organisation.
PARTICIPANT_TYPES: dict[str, str] = {
    "country": N_("country"),
    "territory": N_("territory"),
    "organisation": N_("international organisation"),
}

ENTITY_TYPES: dict[str, str] = {"state": "state", "territory": "territory"}

LANGUAGES = ("en", "ar", "zh", "fr", "ru", "es")

# A state's or organisation's standing in a membership-based process, modelled on the Correlates
# of War IGO dataset (Pevehouse et al., version 3): its codes 1, 2 and 3. CoW's 0 (no membership)
# is the absence of a row, and its -1 (state not in the system) does not arise here.
MEMBERSHIP_STATUSES: dict[str, dict[str, object]] = {
    "full_member": {"label": N_("full member"), "cow_code": 1},
    "associate_member": {"label": N_("associate member"), "cow_code": 2},
    "observer": {"label": N_("observer"), "cow_code": 3},
}

# What a translated name names, and which of its columns it translates.
NAME_FIELDS: dict[str, tuple[str, ...]] = {
    "series": ("name", "short_name"),
    "event": ("title",),
}

# Where a city's name in a language comes from: the Unicode CLDR exemplar city names (tagged
# by language) or GeoNames' alternate names (untagged; chosen by script, see the README).
CITY_NAME_ORIGINS: dict[str, str] = {"cldr": "Unicode CLDR", "geonames": "GeoNames"}

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
    Named participants are a lower bound: sources name a few of those who came. `delegates`
    is how many people the delegation counted when a list of participants says so; `status`
    is `attended` unless the row comes from a registration list (`registered`).
    """

    event_id: Series[str]
    iso3: Series[str] = pa.Field(nullable=True, str_matches=ISO3_PATTERN)
    org_id: Series[str] = pa.Field(nullable=True)
    role: Series[str] = pa.Field(isin=list(ROLES))
    mode: Series[str] = pa.Field(isin=list(MODES))
    delegation_of: Series[str] = pa.Field(nullable=True, str_matches=ISO3_PATTERN)
    source_id: Series[str]
    notes: Series[str] = pa.Field(nullable=True)
    delegates: Series[pa.typing.Int64] = pa.Field(nullable=True, ge=1)
    status: Series[str] = pa.Field(isin=list(PARTICIPATION_STATUSES))


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


class Membership(_Table):
    """A state's, territory's or organisation's standing in one membership-based process.

    One row per (series_id, iso3 or org_id, status, start_year); key: all four. Exactly one of
    iso3 and org_id is filled. `status` follows the Correlates of War IGO codes (full member 1,
    associate member 2, observer 3; see data/README.md). `start_year` is the year the standing
    began and `end_year` the year it ended (the participant is no longer in it at the end of
    that year); either is empty when no source gives it. A process without a series of its own
    events still has a row in series.csv. Membership is not attendance.
    """

    series_id: Series[str]
    iso3: Series[str] = pa.Field(nullable=True, str_matches=ISO3_PATTERN)
    org_id: Series[str] = pa.Field(nullable=True)
    status: Series[str] = pa.Field(isin=list(MEMBERSHIP_STATUSES))
    start_year: Series[pa.typing.Int64] = pa.Field(nullable=True, ge=1800)
    end_year: Series[pa.typing.Int64] = pa.Field(nullable=True, ge=1800)
    source_id: Series[str]
    notes: Series[str] = pa.Field(nullable=True)


class Name(_Table):
    """A series' or event's name in one of the six languages, with the source that gives it.

    One row per (subject, subject_id, field, language); key: all four. `subject` is "series"
    (fields name, short_name) or "event" (field title); English stays in series.csv and
    events.csv. Organisation acronyms are written as the organisation writes them.
    """

    subject: Series[str] = pa.Field(isin=list(NAME_FIELDS))
    subject_id: Series[str]
    field: Series[str] = pa.Field(isin=sorted({f for fs in NAME_FIELDS.values() for f in fs}))
    language: Series[str] = pa.Field(isin=[lang for lang in LANGUAGES if lang != "en"])
    value: Series[str]
    source_id: Series[str]
    notes: Series[str] = pa.Field(nullable=True)

    class Config:
        unique = ("subject", "subject_id", "field", "language")


class CityName(_Table):
    """Reference: a host city's name in one language. One row per (city, iso3, language).

    (city, iso3) is a row of cities.csv; `origin` says which standard gave the name.
    """

    city: Series[str]
    iso3: Series[str] = pa.Field(str_matches=ISO3_PATTERN)
    language: Series[str] = pa.Field(isin=[lang for lang in LANGUAGES if lang != "en"])
    name: Series[str]
    origin: Series[str] = pa.Field(isin=list(CITY_NAME_ORIGINS))

    class Config:
        unique = ("city", "iso3", "language")


# File name (under the data folder) -> model. The order is the order of loading and checking.
TABLES: dict[str, type[_Table]] = {
    "sources.csv": Source,
    "series.csv": SeriesTable,
    "events.csv": Event,
    "figures.csv": Figure,
    "organisations.csv": Organisation,
    "participations.csv": Participation,
}

# Columns added after files were first written: a file may leave them out (or leave a cell
# empty) and the loader fills in the default ("" is a missing value).
OPTIONAL_COLUMNS: dict[type[_Table], dict[str, str]] = {
    Participation: {"delegates": "", "status": "attended"},
}

REFERENCE_TABLES: dict[str, type[_Table]] = {
    "reference/countries.csv": Country,
    "reference/country_aliases.csv": CountryAlias,
    "reference/cities.csv": City,
}

# Tables a data folder may leave out: a missing file loads as an empty table. They are read
# after TABLES (memberships and names point at series, events and organisations).
OPTIONAL_TABLES: dict[str, type[_Table]] = {
    "memberships.csv": Membership,
    "names.csv": Name,
}
OPTIONAL_REFERENCE_TABLES: dict[str, type[_Table]] = {
    "reference/city_names.csv": CityName,
}


@functools.cache
def schema_of(model: type[_Table]) -> pa.DataFrameSchema:
    """The pandera schema of a table model, built once (about 40 ms each time otherwise).

    Shared: copy it before changing it.
    """
    with _without_geopandas():
        return model.to_schema()


@contextlib.contextmanager
def _without_geopandas() -> Iterator[None]:
    """Keep geopandas unimportable while pandera builds a schema, unless it is imported already.

    pandera asks of every `Series[...]` annotation whether it is a geopandas type, importing
    geopandas (with shapely and pyproj: about 0.08 s) to find out. No table here holds a
    geometry, and nothing the dashboard runs uses geopandas, so the server would import it at
    start-up for nothing. A None entry in `sys.modules` makes `import geopandas` raise
    ImportError, which pandera takes as "not installed"; the entry is removed afterwards.
    """
    if "geopandas" in sys.modules:
        yield
        return
    sys.modules["geopandas"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if "geopandas" in sys.modules and sys.modules["geopandas"] is None:
            del sys.modules["geopandas"]


def columns(model: type[_Table]) -> list[str]:
    """The column names of a table model, in order."""
    return list(schema_of(model).columns)
