"""The forms country names take in real lists, reduced to one loose key per name.

Statistical and UN tables, registration desks and delegations write names in forms that an
exact lookup misses:

- inverted word order with abbreviations: "Korea, Rep.", "Congo, Dem. Rep.", "Tanzania, United
  Rep.", "Корея, Республика" (World Bank, UN M49 and ISO tables);
- parenthesised official forms: "Iran (Islamic Republic of)", "Corée (République de)",
  "Netherlands (Kingdom of the)";
- Special Administrative Region forms: "China, Hong Kong SAR", "Hong Kong SAR, China",
  "Chine, RAS de Hong Kong", "Гонконг, САР Китая", "澳门特区";
- endonyms: "Deutschland", "Sverige", "Österreich" (CLDR's name of a country in each of its
  official languages; see countries.py).

`loose_keys(text)` gives the keys to try: the normalised words with abbreviations spelled out
(once per language, as "Rép." is République and "Rep." Republic or República), linking words
dropped ("of", "de", "the"...) and the rest sorted, so that every word order meets. SAR forms
lose their marker and the name of China. The index applies `loose_key` to every name it
knows; a loose key two countries share is dropped, never guessed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

# Abbreviation (normalised: lower case, no accent, no dot) -> its words, one tuple per
# spelling language group; a group without the abbreviation leaves it as is.
_ABBREVIATIONS: tuple[dict[str, str], ...] = (
    {"rep": "republic", "dem": "democratic", "fed": "federation", "sts": "states",
     "st": "saint", "is": "islands", "isl": "islands", "pdr": "peoples democratic republic",
     "rb": "bolivarian republic", "utd": "united", "dpr": "democratic peoples republic",
     "pr": "peoples republic"},
    {"fed": "federated", "st": "saint", "sts": "states", "rep": "republic",
     "dem": "democratic"},
    {"rep": "republique", "dem": "democratique", "fed": "federation", "st": "saint",
     "ste": "sainte", "is": "iles", "rd": "republique democratique"},
    {"rep": "republica", "dem": "democratica", "fed": "federacion", "sto": "santo",
     "sta": "santa", "is": "islas"},
    {"респ": "республика", "дем": "демократическая", "фед": "федерация", "о": "остров",
     "о-ва": "острова"},
)  # fmt: skip

# Words that only link the others: dropped from loose keys.
_LINKING = frozenset(
    [
        "the",
        "of",
        "and",
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "del",
        "el",
        "d",
        "l",
        "y",
        "e",
        "et",
        "da",
        "do",
        "dos",
        "das",
        "и",
    ]
)

# Special Administrative Region markers and the names of China they come with.
_SAR = re.compile(
    r"\b(?:sar|ras|rae|сар|special administrative region|region administrative speciale|"
    r"region administrativa especial|специальныи административныи раион)\b|特别行政区|特区"
)
_CHINA = re.compile(r"\b(?:china|chine|китая|китаи|kitay)\b|中华人民共和国|中国|الصين")


def _expand(words: list[str], table: dict[str, str]) -> list[str]:
    out: list[str] = []
    for word in words:
        out.extend(table.get(word, word).split())
    return out


def loose_key(normalised: str, table: dict[str, str] | None = None) -> str:
    """The loose key of a normalised name: linking words dropped, the rest sorted."""
    words = _words(normalised)
    return _key(_expand(words, table) if table else words)


def _words(normalised: str) -> list[str]:
    """The words of a normalised name, a SAR form without its marker and the name of China."""
    text = normalised
    if _SAR.search(text):
        text = _CHINA.sub(" ", _SAR.sub(" ", text))
    return text.split()


def _key(words: list[str]) -> str:
    return " ".join(sorted({w for w in words if w not in _LINKING}))


def loose_keys(text: str, normalise: Callable[[str], str]) -> list[str]:
    """The loose keys to try for a name, most likely first, without repeats."""
    return list(loose_keys_of(normalise(text)))


@functools.lru_cache(maxsize=65_536)
def loose_keys_of(base: str) -> tuple[str, ...]:
    """The loose keys of a normalised name (see loose_keys), remembered per name: lists
    repeat names, and their variants often normalise alike."""
    # "Hong Kong (Chine)": the parenthesised words are part of the name's words; brackets go
    # with the punctuation that normalise turns into spaces.
    words = _words(base)
    keys = [_key(words)]
    for table in _ABBREVIATIONS:
        # A table that spells out none of the words gives the first key again.
        if any(word in table for word in words):
            key = _key(_expand(words, table))
            if key not in keys:
                keys.append(key)
    return tuple(k for k in keys if k)
