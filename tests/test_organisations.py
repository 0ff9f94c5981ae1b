"""The organisation resolver and the combined resolve(), on small inline frames."""

from __future__ import annotations

import pandas as pd
import pytest

from coopstats import schema
from coopstats.countries import CountryIndex
from coopstats.errors import DataError
from coopstats.organisations import OrganisationIndex
from coopstats.resolution import Resolution, resolve


def make_organisations(rows: list[dict[str, object]]) -> pd.DataFrame:
    columns = schema.columns(schema.Organisation)
    frame = pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=columns)
    return schema.Organisation.validate(frame, lazy=True)


ORGANISATIONS = make_organisations(
    [
        {
            "org_id": "iom",
            "acronym": "IOM",
            "name_en": "International Organization for Migration",
            "name_ar": "المنظمة الدولية للهجرة",
            "name_zh": "国际移民组织",
            "name_fr": "Organisation internationale pour les migrations",
            "name_ru": "Международная организация по миграции",
            "name_es": "Organización Internacional para las Migraciones",
            "org_type": "un_system",
            "aliases": "OIM; MOM;МОМ; UN Migration",
        },
        {
            "org_id": "alpha-league",
            "acronym": "ALF",
            "name_en": "Alpha League of Fictional States",
            "name_fr": "Ligue Alpha des États fictifs",
            "org_type": "regional",
        },
        {
            "org_id": "beta-mechanism",
            "acronym": None,
            "name_en": "Beta Process on Imaginary Borders",
            "org_type": "mechanism",
            "aliases": "Beta Process",
        },
        {
            "org_id": "gamma-forum",
            "acronym": "GF",
            "name_en": "Gamma Forum",
            "org_type": "intergovernmental",
            "aliases": "ALF",  # clashes with alpha-league's acronym: ambiguous
        },
    ]
)


@pytest.fixture(scope="module")
def organisations() -> OrganisationIndex:
    return OrganisationIndex.build(ORGANISATIONS)


@pytest.fixture(scope="module")
def countries() -> CountryIndex:
    frame = pd.DataFrame(
        {
            "iso3": ["RUS", "HKG", "NER"],
            "iso2": ["RU", "HK", "NE"],
            "numeric": ["643", "344", "562"],
            "name_en": ["Russia", "Hong Kong SAR China", "Niger"],
            "entity_type": ["state", "territory", "state"],
        }
    )
    aliases = pd.DataFrame(
        {"alias": ["中国香港"], "iso3": ["HKG"], "language": ["zh"], "note": [None]}
    )
    return CountryIndex.build(frame, aliases)


@pytest.mark.parametrize(
    "text",
    [
        "IOM",
        "iom",
        "OIM",
        "MOM",
        "МОМ",
        "المنظمة الدولية للهجرة",
        "المنظّمة الدوليّة للهجرة",
        "国际移民组织",
        "International Organization for Migration",
        "the International Organization for Migration",
        "Organisation Internationale pour les Migrations",
        "Organización Internacional para las Migraciones",
        "Международная организация по миграции",
        "UN Migration",
    ],
)
def test_iom_in_every_language(organisations, text):
    assert organisations.get(text) == "iom"


def test_org_id_and_aliases_resolve(organisations):
    assert organisations.get("alpha-league") == "alpha-league"
    assert organisations.get("Beta Process") == "beta-mechanism"
    assert organisations.get("Ligue Alpha des Etats fictifs") == "alpha-league"


def test_shared_key_is_ambiguous_and_does_not_resolve(organisations):
    assert organisations.get("ALF") is None
    assert organisations.ambiguous == {"alf": frozenset({"alpha-league", "gamma-forum"})}
    with pytest.raises(DataError, match="ambiguous organisation name"):
        organisations.lookup("ALF")


@pytest.mark.parametrize("text", ["Mars", "Alpha", "League", "Migration", "", None])
def test_unknown_and_partial_names_do_not_resolve(organisations, text):
    assert organisations.get(text) is None


def test_suggestions(organisations):
    assert organisations.suggest("Internatonal Organisation for Migration") == ["iom"]
    assert organisations.suggest("Gama Forum")[0] == "gamma-forum"
    assert organisations.suggest("zzzzzz") == []


def test_lookup_raises_a_four_part_error(organisations):
    assert organisations.lookup("OIM") == "iom"
    with pytest.raises(DataError) as caught:
        organisations.lookup("IMO", file="participations.csv", row=4, column="org_id")
    message = str(caught.value)
    assert message.startswith("participations.csv row 4, column org_id: not a known organisation")
    assert "got 'IMO'" in message and "expected" in message
    assert "Hint: did you mean International Organization for Migration (iom)" in message


def test_display_name_falls_back_to_english_with_acronym_then_acronym(organisations):
    assert organisations.display_name("iom", "zh") == "国际移民组织"
    assert organisations.display_name("alpha-league", "fr") == "Ligue Alpha des États fictifs"
    assert organisations.display_name("alpha-league", "ar") == (
        "Alpha League of Fictional States (ALF)"
    )
    frame = make_organisations(
        [{"org_id": "delta", "acronym": "DLT", "name_en": " ", "org_type": "mechanism"}]
    )
    assert OrganisationIndex.build(frame).display_name("delta", "ru") == "DLT"


def test_acronym(organisations):
    assert organisations.acronym("iom") == "IOM"
    assert organisations.acronym("beta-mechanism") is None


def test_unknown_org_id_or_language_raises(organisations):
    with pytest.raises(DataError, match=r"unknown org_id.*'OIM' names iom"):
        organisations.display_name("OIM")
    with pytest.raises(DataError, match="unknown org_id"):
        organisations.acronym("nope")
    with pytest.raises(DataError, match="unsupported display language"):
        organisations.display_name("iom", "de")
    assert organisations.is_known("iom") and not organisations.is_known("IOM")


def test_resolve_country_territory_organisation_and_nothing(countries, organisations):
    assert resolve("Россия", countries, organisations) == Resolution(
        "Россия", "country", iso3="RUS", name="Russia"
    )
    hong_kong = resolve("中国香港", countries, organisations, lang="zh")
    assert (hong_kong.kind, hong_kong.iso3, hong_kong.name) == (
        "territory",
        "HKG",
        "中国香港特别行政区",
    )
    assert resolve("МОМ", countries, organisations, lang="fr") == Resolution(
        "МОМ", "organisation", org_id="iom", name="Organisation internationale pour les migrations"
    )
    nothing = resolve("Nigerr", countries, organisations)
    assert nothing.kind is None and nothing.iso3 is None and nothing.org_id is None
    assert nothing.suggestions[0] == "NER"


def test_a_name_known_to_both_resolves_as_a_country(countries):
    clash = make_organisations(
        [{"org_id": "niger-basin", "acronym": "Niger", "name_en": "Niger", "org_type": "regional"}]
    )
    result = resolve("Niger", countries, OrganisationIndex.build(clash))
    assert (result.kind, result.iso3, result.org_id) == ("country", "NER", None)
