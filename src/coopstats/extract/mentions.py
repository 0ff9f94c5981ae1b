"""Names found in a text: countries, territories, organisations, cities and forum series.

Every name of the resolver's indexes, the gazetteer and the language tables goes into one
Aho-Corasick automaton over a folded copy of the text (case, accents, Arabic marks and
punctuation folded; one folded character keeps the index of the character it came from), so a
match gives a span into the original text. Word boundaries are checked after matching: Arabic
names may carry a one-letter proclitic (و, ب, ل, ف, ك), Cyrillic names a short case ending
(России, Вене), Chinese names none. Latin and Cyrillic names must start with a capital letter in
the text, and short acronyms must be written in capitals, so that "au" or "chile" in running text
are not taken for organisations or countries.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import ahocorasick
import opencc

# Arabic diacritics (tashkeel, Quranic marks) and the tatweel: dropped when folding.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ё": "е"}
_APOSTROPHES = set("'‘’‚‛′´`ʼʹ")
_ARABIC_CLITICS = set("وبلفك")
_CYRILLIC_VOWEL_ENDINGS = set("аяоеыийьу")
_CYRILLIC_SUFFIX_MAX = 3
_ACRONYM_MAX = 7


def is_cjk(ch: str) -> bool:
    """Whether ch is a CJK ideograph (no word boundaries around it)."""
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _script(text: str) -> str:
    for ch in text:
        if is_cjk(ch):
            return "cjk"
        if "\u0600" <= ch <= "\u06ff":
            return "arabic"
        if "\u0400" <= ch <= "\u04ff":
            return "cyrillic"
        if ch.isalpha():
            return "latin"
    return "other"


@cache
def _simplified() -> opencc.OpenCC:
    """OpenCC's Traditional-to-Simplified converter (made once)."""
    return opencc.OpenCC("t2s")


@cache
def _fold_char(ch: str) -> str:
    """One character folded (a pure mapping, remembered per character). A Traditional Chinese
    character becomes its Simplified form, so that 連雲港, 連云港 and 连云港 are one name."""
    if is_cjk(ch):
        simple = _simplified().convert(ch)
        return simple if len(simple) == 1 else ch
    if _ARABIC_MARKS.match(ch):
        return ""
    if ch in _APOSTROPHES:
        return ""
    out = []
    for c in unicodedata.normalize("NFKD", ch.casefold()):
        if unicodedata.combining(c):
            continue
        c = _ARABIC_LETTERS.get(c, c)
        out.append(c if (c.isalnum() or is_cjk(c)) else " ")
    return "".join(out)


def _elision(text: str, i: int) -> bool:
    """Whether text[i] is the apostrophe of an elided article ("l’ONU", "d’Ivoire", "qu’")."""
    head = text[max(0, i - 3) : i]
    return bool(re.search(r"(?:^|[^\w])(?:[ldjnmstc]|qu)$", head, re.IGNORECASE))


def fold(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each folded character, the index of its source character.

    Runs of spaces and punctuation become one space; the result has no leading space. An
    apostrophe is dropped ("People's" = "Peoples"), except after an elided article, where it
    separates words ("l’ONU" = "l onu").
    """
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        folded = " " if ch in _APOSTROPHES and _elision(text, i) else _fold_char(ch)
        for c in folded:
            if c == " " and (not chars or chars[-1] == " "):
                continue
            chars.append(c)
            origin.append(i)
    return "".join(chars), origin


def fold_name(name: str) -> str:
    """The folded key of a name (same folding as the text)."""
    return fold(name)[0].strip()


@dataclass(frozen=True)
class Mention:
    """A name found in the text: `kind` is country, organisation, city or series."""

    kind: str
    code: str
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class _Entry:
    kind: str
    code: str
    script: str
    acronym: bool


class NameFinder:
    """Finds names of several kinds in a text with one automaton."""

    def __init__(self) -> None:
        self._entries: dict[str, list[_Entry]] = {}
        self._stems: dict[str, list[_Entry]] = {}
        self._automaton = ahocorasick.Automaton()
        self._built = False

    def add(self, kind: str, code: str, name: str) -> None:
        """Index `name` (any language) as naming `code` of `kind`."""
        key = fold_name(name)
        if not key or key.isdigit():
            return
        script = _script(key)
        stripped = name.strip()
        acronym = (
            script in ("latin", "cyrillic")
            and " " not in stripped
            and len(stripped) <= _ACRONYM_MAX
            and stripped.upper() == stripped
        )
        if script == "latin" and len(key) <= 3 and not acronym:
            return
        entry = _Entry(kind, code, script, acronym)
        bucket = self._entries.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)
        if script == "latin":
            # Keys whose apostrophes were dropped ("cote divoire") also match the elided
            # spelling of the text ("Côte d’Ivoire" folds to "cote d ivoire").
            elided = re.sub(r"\b([dl])(?=[aeiouy]\w{2})", r"\1 ", key)
            if elided != key:
                self._entries.setdefault(elided, [])
                if entry not in self._entries[elided]:
                    self._entries[elided].append(entry)
        if script == "arabic" and key.startswith("ال"):
            # ل + ال is written لل: "للمنتدى" is "to the forum".
            variant = self._entries.setdefault("لل" + key[2:], [])
            if entry not in variant:
                variant.append(entry)
        if script == "cyrillic" and not acronym:
            stem = key[:-1] if key[-1] in _CYRILLIC_VOWEL_ENDINGS and len(key) >= 4 else key
            stems = self._stems.setdefault(stem, [])
            if entry not in stems:
                stems.append(entry)

    def _build(self) -> None:
        for key in set(self._entries) | set(self._stems):
            self._automaton.add_word(key, key)
        self._automaton.make_automaton()
        self._built = True

    def find(self, text: str, kinds: tuple[str, ...] | None = None) -> list[Mention]:
        """Every name in text, longest first where they overlap, in text order."""
        if not self._built:
            self._build()
        folded, origin = fold(text)
        found: list[tuple[int, int, _Entry]] = []
        for last, key in self._automaton.iter(folded):
            start, end = last - len(key) + 1, last + 1
            for entry in self._entries.get(key, []):
                if self._fits(text, folded, origin, start, end, entry, stem=False):
                    found.append((start, end, entry))
            for entry in self._stems.get(key, []):
                end_word = end
                while end_word < len(folded) and folded[end_word].isalpha():
                    end_word += 1
                if end_word - end <= _CYRILLIC_SUFFIX_MAX and self._fits(
                    text, folded, origin, start, end_word, entry, stem=True
                ):
                    found.append((start, end_word, entry))
        if kinds is not None:
            found = [f for f in found if f[2].kind in kinds]
        found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
        taken: list[tuple[int, int]] = []
        mentions: list[Mention] = []
        for start, end, entry in found:
            if any(start < b and a < end for a, b in taken if (a, b) != (start, end)):
                continue
            taken.append((start, end))
            o_start, o_end = origin[start], origin[end - 1] + 1
            mentions.append(Mention(entry.kind, entry.code, o_start, o_end, text[o_start:o_end]))
        mentions.sort(key=lambda m: (m.start, m.kind))
        return mentions

    @staticmethod
    def _fits(
        text: str, folded: str, origin: list[int], start: int, end: int, entry: _Entry, stem: bool
    ) -> bool:
        if entry.script == "cjk":
            return True
        after_ok = end >= len(folded) or not folded[end].isalnum()
        if not after_ok:
            return False
        before_ok = start == 0 or folded[start - 1] == " "
        if not before_ok and entry.script == "arabic":
            before_ok = folded[start - 1] in _ARABIC_CLITICS and (
                start == 1 or folded[start - 2] == " "
            )
        if not before_ok:
            return False
        surface = text[origin[start] : origin[end - 1] + 1]
        if entry.acronym:
            return surface.upper() == surface and surface.replace(" ", "").isalpha()
        if entry.script in ("latin", "cyrillic"):
            return surface[:1].isupper()
        return True
