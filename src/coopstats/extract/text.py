"""The normalised text the spans point into, its sentences, and its language."""

from __future__ import annotations

import re
import unicodedata

from coopstats.extract.rules import Rules

_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_SPACES = re.compile(r"[ \t\u00a0\u202f\u2009]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+|(?<=[。！？])|\n+")
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)


def normalise(text: str) -> str:
    """NFKC (full-width punctuation to ASCII), ASCII digits, one space between words, no
    invisible marks, at most one blank line, no spaces at line ends."""
    text = unicodedata.normalize("NFKC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _INVISIBLE.sub("", text).translate(_ARABIC_DIGITS)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence (a line break also ends one)."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def detect_language(text: str, tables: dict[str, Rules]) -> str:
    """ar, zh or ru by script; among en, fr and es by the tables' stopwords."""
    counts = {"ar": 0, "zh": 0, "ru": 0, "latin": 0}
    for ch in text:
        if "\u0600" <= ch <= "\u06ff":
            counts["ar"] += 1
        elif "\u4e00" <= ch <= "\u9fff":
            counts["zh"] += 1
        elif "\u0400" <= ch <= "\u04ff":
            counts["ru"] += 1
        elif ch.isascii() and ch.isalpha():
            counts["latin"] += 1
    script = max(counts, key=counts.get)
    if script != "latin":
        return script
    words = [w.casefold() for w in _WORDS.findall(text)]
    scores = {
        lang: sum(1 for w in words if w in tables[lang].stopwords) for lang in ("en", "fr", "es")
    }
    return max(scores, key=scores.get)
