"""Country and territory names in any supported language -> ISO-3 codes, and display names out.

The index is built once from the reference frames (data/reference/countries.csv and
country_aliases.csv, read by the loader and passed in), pycountry's ISO 3166-1 names and their
translations, Babel's CLDR territory names, former names from pycountry.historic_countries and
the ISO codes themselves. Matching is exact on the normalised key: never a substring or prefix,
so Niger is not Nigeria and Sudan is not South Sudan. A key that two sources give to two
different codes is ambiguous and resolves to nothing.
"""

from __future__ import annotations

import functools
import gettext
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd
import pycountry
from babel import Locale, UnknownLocaleError
from babel.languages import get_official_languages

from coopstats import name_forms, schema
from coopstats.closest_names import ClosestNames
from coopstats.errors import DataError, Problem

# Arabic diacritics (tashkeel, Quranic marks) and the tatweel used to stretch words.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
# Typographic apostrophes and quotes; after unifying they are dropped, so that
# "People's", "People’s" and "Peoples" give the same key.
_QUOTES = str.maketrans(dict.fromkeys('‘’‚‛′´`ʼʹ“”„‟″«»‹›"', "'"))
_SEPARATORS = re.compile(r"[\W_]+")
_LEADING_THE = re.compile(r"^(?:the )+")

# Locales whose names are indexed: pycountry's gettext catalogues (besides its English) and CLDR.
_GETTEXT_LOCALES = ("ar", "zh_CN", "fr", "ru", "es")
_CLDR_LOCALES = ("en", "ar", "zh_Hans", "zh_Hant", "fr", "ru", "es")
# Display names: one CLDR locale per product language ("zh" is Simplified Chinese).
_DISPLAY_LOCALES = {"en": "en", "ar": "ar", "zh": "zh_Hans", "fr": "fr", "ru": "ru", "es": "es"}
# A historic entry whose numeric code a current country still uses was renamed (Zaire -> COD,
# Burma -> MMR), unless its comment says it was split or divided (Gilbert and Ellice Islands).
_SPLIT_WORDS = ("split", "divided")


@functools.cache
def _territory_names(locale: str) -> dict[str, str]:
    """CLDR territory names of a locale, by code (ISO 3166-1 alpha-2 or UN M49 "145")."""
    return dict(Locale.parse(locale).territories)


def _region_codes(countries: pd.DataFrame) -> dict[str, str]:
    """English region and sub-region names of the countries frame -> their M49 codes."""
    out: dict[str, str] = {}
    for name_column, code_column in (("region", "region_code"), ("sub_region", "sub_region_code")):
        if name_column in countries and code_column in countries:
            rows = countries[[name_column, code_column]].dropna().drop_duplicates(name_column)
            out.update(
                zip(rows[name_column], rows[code_column].astype(str).str.zfill(3), strict=True)
            )
    return out


# Names a list or a page resolves are looked up several times each (exact, organisation, loose)
# and lists repeat them: their keys are remembered (a few MB at most).
NAMES_REMEMBERED = 65_536


@lru_cache(maxsize=NAMES_REMEMBERED)
def normalise(text: str) -> str:
    """The matching key of a name: case-, accent-, diacritic- and punctuation-insensitive.

    NFKC; casefold; Latin accents and Arabic tashkeel/tatweel removed; أإآٱ -> ا, ى -> ي,
    ة -> ه; apostrophes and quotes dropped; every other run of punctuation or spaces becomes
    one space; a leading "the " is dropped. Idempotent. Remembered per text.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)
        text = unicodedata.normalize("NFC", text)
    text = text.translate(_QUOTES).replace("'", "")
    text = _SEPARATORS.sub(" ", text).strip()
    return _LEADING_THE.sub("", text)


def index_keys(
    pairs: Iterable[tuple[str, str]], overrides: Iterable[tuple[str, str]] = ()
) -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    """Normalised key -> code from (name, code) pairs, and the keys left ambiguous.

    A key given two different codes is ambiguous and left out of the first dict. `overrides`
    are deliberate choices (hand-made aliases): they win over `pairs` and settle ambiguity;
    two overrides that disagree are still ambiguous.
    """
    found: dict[str, set[str]] = defaultdict(set)
    for name, code in dict.fromkeys(pairs):  # in the order given: ties among suggestions too
        key = normalise(name)
        if key:
            found[key].add(code)
    chosen: dict[str, set[str]] = defaultdict(set)
    for name, code in overrides:
        key = normalise(name)
        if key:
            chosen[key].add(code)
    found.update(chosen)
    keys = {key: next(iter(codes)) for key, codes in found.items() if len(codes) == 1}
    ambiguous = {key: frozenset(codes) for key, codes in found.items() if len(codes) > 1}
    return keys, ambiguous


# Suggestions remembered per index: lists repeat the names that resolve to nothing
# ("Interpreters", "Secretariat" on every page of a registration list).
_SUGGESTIONS_KEPT = 4096


def remembered_closest(
    memo: dict[tuple[str, int], list[str]], text: str, names: ClosestNames, n: int
) -> list[str]:
    """The codes of the n names closest to text (ClosestNames), remembered in memo by the
    normalised text."""
    key = (normalise(text), n)
    found = memo.get(key)
    if found is None:
        if len(memo) >= _SUGGESTIONS_KEPT:
            memo.clear()
        found = memo[key] = names.closest(key[0], n)
    return list(found)


def _pycountry_names(iso3_codes: set[str]) -> Iterable[tuple[str, str]]:
    """(name, iso3) for every pycountry name field, in English and the gettext languages."""
    catalogues = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale])
        for locale in _GETTEXT_LOCALES
    ]
    for country in pycountry.countries:
        if country.alpha_3 not in iso3_codes:
            continue
        for attribute in ("name", "official_name", "common_name"):
            name = getattr(country, attribute, None)
            if name:
                for translated in [name] + [c.gettext(name) for c in catalogues]:
                    for variant in _uninverted(translated):
                        yield variant, country.alpha_3


def _uninverted(name: str) -> tuple[str, ...]:
    """The name and, for ISO's inverted "Korea, Republic of", the natural "Republic of Korea"."""
    head, sep, tail = name.partition(", ")
    if not sep or ", " in tail:
        return (name,)
    joiner = "" if tail.endswith(("'", "’")) else " "
    return name, f"{tail}{joiner}{head}"


def _english_variants(name: str) -> tuple[str, ...]:
    """CLDR's English "St. Kitts & Nevis" also as "Saint Kitts and Nevis" and "St Kitts and Nevis"."""
    spelled = name.replace(" & ", " and ")
    return name, spelled, spelled.replace("St. ", "Saint ")


def _former_names(numeric_to_iso3: dict[str, str]) -> Iterable[tuple[str, str]]:
    """(former name, iso3) for historic ISO entries renamed into exactly one current country."""
    for old in pycountry.historic_countries:
        successor = numeric_to_iso3.get(getattr(old, "numeric", None) or "")
        comment = getattr(old, "comment", "") or ""
        if successor is None or any(word in comment for word in _SPLIT_WORDS):
            continue
        for variant in (*_uninverted(old.name), old.name.split(",")[0]):
            yield variant, successor


def _endonyms(iso2_to_iso3: dict[str, str]) -> list[tuple[str, str]]:
    """(name, iso3): each country's CLDR name in each of its official languages."""
    out = []
    names: dict[str, dict[str, str]] = {}
    for iso2, iso3 in iso2_to_iso3.items():
        for language in get_official_languages(iso2, de_facto=True):
            if language not in names:
                try:
                    names[language] = dict(Locale.parse(language).territories)
                except (ValueError, UnknownLocaleError):
                    names[language] = {}
            name = names[language].get(iso2)
            if name:
                out.append((name, iso3))
    return out


def _loose_index(keys: dict[str, str], endonyms: list[tuple[str, str]]) -> dict[str, str]:
    """Loose key -> code for every indexed name, then endonyms where free; shared keys dropped."""
    found: dict[str, set[str]] = defaultdict(set)
    for key, code in keys.items():
        found[name_forms.loose_key(key)].add(code)
    loose = {key: next(iter(codes)) for key, codes in found.items() if len(codes) == 1 and key}
    taken = set(found)
    extra: dict[str, set[str]] = defaultdict(set)
    for name, code in endonyms:
        key = name_forms.loose_key(normalise(name))
        if key and key not in taken:
            extra[key].add(code)
    loose.update({key: next(iter(codes)) for key, codes in extra.items() if len(codes) == 1})
    return loose


@dataclass(frozen=True, eq=False)
class CountryIndex:
    """Resolves names of countries and territories to ISO-3 codes; gives display names.

    Build it once with `CountryIndex.build`. `keys` maps each normalised name to its code;
    `ambiguous` holds the keys dropped because two sources gave them different codes.

    The library names are read when first asked for: the keys on the first name resolved,
    a language's display names on its first display name. Reading CLDR's names in seven
    locales took about half a second of every server's start, before the first page could
    be drawn, though a page in English needs none of them.
    """

    countries: pd.DataFrame = field(repr=False)
    aliases: pd.DataFrame | None = field(default=None, repr=False)
    entity_types: dict[str, str] = field(default_factory=dict, repr=False)
    suggested: dict[tuple[str, int], list[str]] = field(
        default_factory=dict, init=False, repr=False
    )
    _display: dict[str, dict[str, str]] = field(default_factory=dict, init=False, repr=False)

    @functools.cached_property
    def _indexed(self) -> tuple[dict[str, str], dict[str, frozenset[str]]]:
        """(keys, ambiguous): every name of the frames and the libraries, normalised."""
        countries = self.countries
        iso3_codes = set(countries["iso3"])
        numeric = countries.dropna(subset=["numeric"])
        numeric_to_iso3 = dict(zip(numeric["numeric"], numeric["iso3"], strict=True))

        pairs: list[tuple[str, str]] = []
        for row in countries.itertuples(index=False):
            pairs += [(row.iso3, row.iso3), (row.iso2, row.iso3), (row.name_en, row.iso3)]
        pairs += [(code, iso3) for code, iso3 in numeric_to_iso3.items()]
        pairs += _pycountry_names(iso3_codes)
        for locale in _CLDR_LOCALES:
            for iso3, name in self._cldr_names(locale).items():
                variants = _english_variants(name) if locale == "en" else (name,)
                pairs += [(variant, iso3) for variant in variants]
        pairs += _former_names(numeric_to_iso3)

        overrides: list[tuple[str, str]] = []
        if self.aliases is not None:
            overrides = list(zip(self.aliases["alias"], self.aliases["iso3"], strict=True))
        return index_keys(pairs, overrides)

    @property
    def keys(self) -> dict[str, str]:
        """Normalised name -> ISO-3 code, for every name no two sources disagree on."""
        return self._indexed[0]

    @property
    def ambiguous(self) -> dict[str, frozenset[str]]:
        """The normalised names two sources give to different codes, with those codes."""
        return self._indexed[1]

    @functools.cached_property
    def _iso2_to_iso3(self) -> dict[str, str]:
        return dict(zip(self.countries["iso2"], self.countries["iso3"], strict=True))

    def _cldr_names(self, locale: str) -> dict[str, str]:
        """CLDR's names in `locale` of the frame's rows, by ISO-3 code.

        Only territories that are rows of the frame (ISO 3166-1 countries and XK): this leaves
        out CLDR's regions (001 World, 142 Asia...), EU, EZ, UN, QO, IC, AC and the like.
        """
        iso2_to_iso3 = self._iso2_to_iso3
        return {
            iso2_to_iso3[code]: name
            for code, name in _territory_names(locale).items()
            if code in iso2_to_iso3
        }

    def _display_names(self, lang: str) -> dict[str, str]:
        """ISO-3 -> display name in `lang` (a key of _DISPLAY_LOCALES), made on first use."""
        found = self._display.get(lang)
        if found is None:
            names_en = dict(zip(self.countries["iso3"], self.countries["name_en"], strict=True))
            found = {**names_en, **self._cldr_names(_DISPLAY_LOCALES[lang])}
            self._display[lang] = found
        return found

    @functools.cached_property
    def loose(self) -> dict[str, str]:
        """Loose keys (name_forms) of every name and endonym, for the forms real lists write.

        Made on the first name that misses the exact keys (reading CLDR's endonyms takes a
        few seconds), not when the index is built.
        """
        return _loose_index(self.keys, _endonyms(self._iso2_to_iso3))

    @functools.cached_property
    def closest_names(self) -> ClosestNames:
        """The keys with their characters counted, for suggestions; made on the first miss."""
        return ClosestNames.of(self.keys)

    @classmethod
    def build(cls, countries: pd.DataFrame, aliases: pd.DataFrame | None = None) -> CountryIndex:
        """Index the reference frames (schema.Country, schema.CountryAlias) and library names."""
        types = dict(zip(countries["iso3"], countries["entity_type"], strict=True))
        return cls(countries, aliases, types)

    def get(self, text: str, *, loose: bool = True) -> str | None:
        """The ISO-3 code of a name or ISO code in any supported language, or None. Never raises.

        A name that misses the exact keys is tried in the forms lists write (name_forms:
        "Korea, Rep.", "China, Hong Kong SAR", "Deutschland"), unless `loose` is False.
        """
        if not isinstance(text, str):
            return None
        found = self.keys.get(normalise(text))
        if found is not None or not loose:
            return found
        for key in name_forms.loose_keys(text, normalise):
            if key in self.loose:
                return self.loose[key]
        return None

    def lookup(
        self,
        text: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> str:
        """The ISO-3 code of a name; raises DataError naming the input, with suggestions.

        `file`, `row` and `column` say where the name was read, for the error message.
        """
        iso3 = self.get(text)
        if iso3 is not None:
            return iso3
        key = normalise(text) if isinstance(text, str) else ""
        what = "not a known country or territory name"
        if key in self.ambiguous:
            what = f"ambiguous country name (it names {', '.join(sorted(self.ambiguous[key]))})"
        suggestions = self.suggest(text) if key else []
        if suggestions:
            named = ", ".join(f"{self.display_name(code)} ({code})" for code in suggestions)
            hint = f"did you mean {named}? Or add the name to data/reference/country_aliases.csv"
        else:
            hint = "use an ISO 3166-1 code, or add the name to data/reference/country_aliases.csv"
        problem = Problem(
            what,
            file=file,
            row=row,
            column=column,
            value=text,
            expected="a country or territory name in en/ar/zh/fr/ru/es, or an ISO 3166-1 code",
            hint=hint,
        )
        raise DataError([problem])

    def suggest(self, text: str, n: int = 3) -> list[str]:
        """ISO-3 codes of the (at most n) names closest to text, best first."""
        if not isinstance(text, str):
            return []
        return remembered_closest(self.suggested, text, self.closest_names, n)

    def display_name(self, iso3: str, lang: str = "en") -> str:
        """The CLDR name of a country or territory in en/ar/zh/fr/ru/es (zh = Simplified).

        Falls back to countries.csv name_en. Raises DataError for an unknown code or language.
        """
        if lang not in _DISPLAY_LOCALES:
            raise DataError.single(
                "unsupported display language",
                value=lang,
                expected=f"one of {', '.join(schema.LANGUAGES)}",
                hint="use 'zh' for Chinese (Simplified)",
            )
        names = self._display_names(lang)
        if iso3 not in names:
            found = self.get(iso3)
            hint = f"{iso3!r} names {found}; pass {found}" if found else "check the code with get()"
            raise DataError.single(
                "unknown ISO-3 code",
                value=iso3,
                expected="an iso3 listed in data/reference/countries.csv",
                hint=hint,
            )
        return names[iso3]

    def region_name(self, region: str, lang: str = "en") -> str:
        """A UN M49 region or sub-region, as countries.csv names it ("Western Asia"), in `lang`.

        CLDR's name for its M49 code ("غرب آسيا", "西亚"); English keeps the M49 wording of the
        table ("Latin America and the Caribbean", where CLDR says "Latin America"). A region the
        table does not list, or CLDR does not name, is returned as it is.
        """
        if lang == "en" or lang not in _DISPLAY_LOCALES:
            return region
        code = _region_codes(self.countries).get(region)
        if code is None:
            return region
        return _territory_names(_DISPLAY_LOCALES[lang]).get(code, region)

    def is_known(self, iso3: str) -> bool:
        """Whether iso3 is a row of the reference countries frame."""
        return iso3 in self.entity_types

    def entity_type(self, iso3: str) -> str | None:
        """'state' or 'territory' (schema.ENTITY_TYPES) for a known code, else None."""
        return self.entity_types.get(iso3)
