"""Numbers in a text with their qualifier: digits with any separators, numbers written out,
Chinese numerals and approximations ("une trentaine", "数百").

Digits: a separator followed by exactly three digits groups thousands ("3.500", "1 800",
"2,100"); otherwise, before a multiplier word, the locale's decimal sign (from Babel) makes a
decimal ("2,5 тысячи" = 2500). Words: text2num for English, French and Spanish, cn2an for Chinese,
the table's own lexicon for Russian and Arabic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an
from babel.numbers import get_decimal_symbol
from text_to_num import text2num

from coopstats.extract.rules import Rules

_DIGITS = re.compile(
    r"(?<![\d.,])(?P<int>\d{1,3}(?:(?P<sep>[  .,'’])\d{3})(?:(?P=sep)\d{3})*|\d+)"
    r"(?:(?P<dec>[.,])(?P<frac>\d{1,2})(?!\d))?"
)
_CHINESE = re.compile(r"[零〇一二两兩三四五六七八九十百千万萬亿億]+")
_CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000, "萬": 10000}
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_TEXT2NUM = {"en", "fr", "es"}


@dataclass(frozen=True)
class Quantity:
    """A number read from text[start:end]; `qualifier` from the words around it."""

    value: int
    start: int
    end: int
    qualifier: str
    qualifier_start: int


def _locale(lang: str) -> str:
    return "zh_Hans" if lang == "zh" else lang


def _digit_values(text: str, rules: Rules) -> list[tuple[int, int, int]]:
    decimal_sign = get_decimal_symbol(_locale(rules.language))
    out = []
    multipliers = sorted(rules.multipliers, key=len, reverse=True)
    for match in _DIGITS.finditer(text):
        whole = match.group("int")
        end = match.end()
        value: float = int(re.sub(r"\D", "", whole))
        if match.group("dec"):
            after = text[end : end + 16].lstrip().casefold()
            multiplier = next((m for m in multipliers if after.startswith(m)), None)
            if multiplier and match.group("dec") == decimal_sign:
                value = float(f"{value}.{match.group('frac')}")
            else:
                end = match.start("dec")
        after = text[end : end + 16]
        stripped = after.lstrip().casefold()
        multiplier = next((m for m in multipliers if stripped.startswith(m)), None)
        if multiplier and (rules.language == "zh" or after[:1].isspace()):
            value *= rules.multipliers[multiplier]
            end = end + (len(after) - len(after.lstrip())) + len(multiplier)
        out.append((match.start(), end, round(value)))
    return out


def chinese_numerals(text: str, classifiers: str = "") -> list[tuple[int, int, int]]:
    """Chinese numerals; with `classifiers`, only those followed by one (六十个, 逾千人), so
    that the 一 of a name (周一鳴) or of 一带一路 is not a number."""
    out = []
    for match in _CHINESE.finditer(text):
        token = match.group()
        following = text[match.end() : match.end() + 1]
        if classifiers and following not in classifiers:
            continue
        if token in _CHINESE_UNITS:
            value = _CHINESE_UNITS[token]
        else:
            try:
                value = int(cn2an.cn2an(token.replace("兩", "两").replace("萬", "万"), "smart"))
            except (ValueError, KeyError, TypeError):
                continue
        out.append((match.start(), match.end(), value))
    return out


def _word_values(text: str, rules: Rules) -> list[tuple[int, int, int]]:
    """Runs of number words: text2num (en/fr/es) or the table's lexicon (ru/ar)."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    out = []
    i = 0
    while i < len(words):
        j = i
        run: list[tuple[int, int, str]] = []
        while j < len(words):
            token = _lexicon_form(words[j][2].casefold(), rules)
            if (
                (rules.lexicon and token in rules.lexicon)
                or (
                    rules.number_words
                    and all(part in rules.number_words for part in token.split("-"))
                )
                or (run and token in rules.number_joiners)
            ):
                run.append(words[j])
            else:
                break
            gap = text[words[j][1] : words[j + 1][0]] if j + 1 < len(words) else ""
            j += 1
            if gap.strip(" -"):
                break
        while run and run[-1][2].casefold() in rules.number_joiners:
            run.pop()
        value = _run_value(run, rules) if run else None
        if value is not None:
            out.append((run[0][0], run[-1][1], value))
            i += len(run)
        else:
            i += 1
    return out


def _lexicon_form(token: str, rules: Rules) -> str:
    """An Arabic number word without its proclitic or article ("وثلاثين" -> "ثلاثين")."""
    if not rules.lexicon or token in rules.lexicon:
        return token
    for prefix in ("وال", "ال", "و", "ب", "ل"):
        if token.startswith(prefix) and token[len(prefix) :] in rules.lexicon:
            return token[len(prefix) :]
    return token


def _run_value(run: list[tuple[int, int, str]], rules: Rules) -> int | None:
    tokens = [_lexicon_form(w.casefold(), rules) for _, _, w in run]
    if tokens in (["a"], ["un"], ["une"], ["uno"], ["una"]):
        return None
    if rules.language in _TEXT2NUM:
        try:
            return int(text2num(" ".join(tokens), rules.language))
        except ValueError:
            return None
    total, current = 0, 0
    for token in tokens:
        value = rules.lexicon.get(token)
        if value is None:
            continue
        if value == 1000:
            total += max(current, 1) * 1000
            current = 0
        elif value > 1000:
            total += value
        else:
            current += value
    return total + current or None


def _qualifier(text: str, start: int, end: int, rules: Rules) -> tuple[str, int, int]:
    """The qualifier before or after text[start:end], where it starts, and the new end."""
    before = text[max(0, start - 30) : start]
    for pattern, qualifier in rules.qualifiers_before:
        match = pattern.search(before)
        if match:
            return qualifier, start - (len(before) - match.start()), end
    after = text[end : end + 12]
    for pattern, qualifier in rules.qualifiers_after:
        match = pattern.match(after)
        if match:
            return qualifier, start, end + match.end()
    return "exact", start, end


def find_quantities(text: str, rules: Rules, skip: list[tuple[int, int]] = ()) -> list[Quantity]:
    """Every number in text with its qualifier, in text order; overlapping reads keep the
    longest; numbers inside a `skip` span (a date) are left out."""
    spans: list[tuple[int, int, int, str | None]] = []
    for pattern, value, qualifier in rules.approximations:
        for match in pattern.finditer(text):
            spans.append((match.start(), match.end(), value, qualifier))
    spans += [(s, e, v, None) for s, e, v in _digit_values(text, rules)]
    if rules.language == "zh":
        classifiers = rules.table.get("numeral_classifiers", "")
        spans += [(s, e, v, None) for s, e, v in chinese_numerals(text, classifiers)]
    else:
        spans += [(s, e, v, None) for s, e, v in _word_values(text, rules)]
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[Quantity] = []
    last_end = -1
    for start, end, value, approx in spans:
        if start < last_end or any(a <= start < b for a, b in skip):
            continue
        if approx:
            out.append(Quantity(value, start, end, approx, start))
        else:
            qualifier, q_start, q_end = _qualifier(text, start, end, rules)
            out.append(Quantity(value, start, q_end, qualifier, q_start))
        last_end = end
    return out
