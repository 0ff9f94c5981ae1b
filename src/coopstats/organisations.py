"""International organisation names and acronyms in any supported language -> org_id.

Built from the organisations table (schema.Organisation, read by the loader and passed in):
the org_id, the acronym, the six names and the `;`-separated aliases. Matching uses the same
normalised exact keys as countries.py, so IOM, OIM, MOM, МОМ, المنظمة الدولية للهجرة and
国际移民组织 all find the same row when the table lists them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from coopstats import schema
from coopstats.closest_names import ClosestNames
from coopstats.countries import index_keys, normalise, remembered_closest
from coopstats.errors import DataError, Problem

ALIAS_SEPARATOR = ";"
_NAME_COLUMNS = {lang: f"name_{lang}" for lang in schema.LANGUAGES}


def _text(value: object) -> str | None:
    """A cell as stripped text, or None when it is empty or missing."""
    if not isinstance(value, str):
        return None
    return value.strip() or None


def _names(row: dict[str, object]) -> Iterable[str]:
    """Every name a row gives its organisation: id, acronym, six names and the aliases."""
    yield str(row["org_id"])
    for column in ("acronym", *_NAME_COLUMNS.values()):
        text = _text(row.get(column))
        if text:
            yield text
    aliases = _text(row.get("aliases"))
    if aliases:
        yield from (a for a in (p.strip() for p in aliases.split(ALIAS_SEPARATOR)) if a)


@dataclass(frozen=True, eq=False)
class OrganisationIndex:
    """Resolves organisation names and acronyms to org_id; gives display names and acronyms.

    Build it once with `OrganisationIndex.build`. `ambiguous` holds the keys that two rows
    share (an acronym used by two organisations, say); they resolve to nothing.
    """

    organisations: pd.DataFrame = field(repr=False)
    keys: dict[str, str] = field(repr=False)
    ambiguous: dict[str, frozenset[str]]
    rows: dict[str, dict[str, object]] = field(repr=False)
    suggested: dict[tuple[str, int], list[str]] = field(
        default_factory=dict, init=False, repr=False
    )

    @classmethod
    def build(cls, organisations: pd.DataFrame) -> OrganisationIndex:
        """Index a schema.Organisation frame."""
        rows = {str(r["org_id"]): r for r in organisations.to_dict("records")}
        pairs = [(name, org_id) for org_id, row in rows.items() for name in _names(row)]
        keys, ambiguous = index_keys(pairs)
        return cls(organisations, keys, ambiguous, rows)

    @functools.cached_property
    def closest_names(self) -> ClosestNames:
        """The keys with their characters counted, for suggestions; made on the first miss."""
        return ClosestNames.of(self.keys)

    def get(self, text: str) -> str | None:
        """The org_id of a name, acronym or alias in any language, or None. Never raises."""
        if not isinstance(text, str):
            return None
        return self.keys.get(normalise(text))

    def lookup(
        self,
        text: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> str:
        """The org_id of a name; raises DataError naming the input, with suggestions.

        `file`, `row` and `column` say where the name was read, for the error message.
        """
        org_id = self.get(text)
        if org_id is not None:
            return org_id
        key = normalise(text) if isinstance(text, str) else ""
        what = "not a known organisation name or acronym"
        if key in self.ambiguous:
            what = (
                f"ambiguous organisation name (it names {', '.join(sorted(self.ambiguous[key]))})"
            )
        suggestions = self.suggest(text) if key else []
        if suggestions:
            named = ", ".join(f"{self.display_name(o)} ({o})" for o in suggestions)
            hint = (
                f"did you mean {named}? Or add the name to the aliases column of organisations.csv"
            )
        else:
            hint = "add the organisation, or this name to its aliases, in organisations.csv"
        problem = Problem(
            what,
            file=file,
            row=row,
            column=column,
            value=text,
            expected="an org_id, acronym, name or alias listed in organisations.csv",
            hint=hint,
        )
        raise DataError([problem])

    def suggest(self, text: str, n: int = 3) -> list[str]:
        """org_ids of the (at most n) names closest to text, best first."""
        if not isinstance(text, str):
            return []
        return remembered_closest(self.suggested, text, self.closest_names, n)

    def _row(self, org_id: str) -> dict[str, object]:
        if org_id not in self.rows:
            found = self.get(org_id)
            raise DataError.single(
                "unknown org_id",
                value=org_id,
                expected="an org_id listed in organisations.csv",
                hint=f"{org_id!r} names {found}; pass {found}" if found else "check it with get()",
            )
        return self.rows[org_id]

    def display_name(self, org_id: str, lang: str = "en") -> str:
        """The organisation's name in lang; else its English name with its acronym ("Global Road
        Safety Partnership (GRSP)"), so that a reader of another language can look it up; else its
        English name; else its acronym."""
        if lang not in _NAME_COLUMNS:
            raise DataError.single(
                "unsupported display language",
                value=lang,
                expected=f"one of {', '.join(schema.LANGUAGES)}",
                hint="use 'zh' for Chinese",
            )
        row = self._row(org_id)
        own = _text(row.get(_NAME_COLUMNS[lang]))
        if own:
            return own
        english, acronym = _text(row.get("name_en")), _text(row.get("acronym"))
        if english and acronym:
            return f"{english} ({acronym})"
        return english or acronym or org_id

    def acronym(self, org_id: str) -> str | None:
        """The organisation's acronym, or None when the table gives none."""
        return _text(self._row(org_id).get("acronym"))

    def is_known(self, org_id: str) -> bool:
        """Whether org_id is a row of the organisations frame."""
        return org_id in self.rows
