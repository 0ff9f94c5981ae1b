"""URL parameters of the shared filters: their names, defaults, and how to check what a URL says.

The sidebar widgets are bound to these query parameters (`bind="query-params"`), so every view
is a link; Streamlit keeps defaults out of the URL and drops values it cannot use. This module
finds such values first so that the page can say which part of a link was ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

PARAM_YEARS = "years"
PARAM_SERIES = "series"
PARAM_SUB = "sub"
PARAM_REGION = "region"
PARAM_TYPE = "type"
PARAM_ROLE = "role"
PARAM_LANG = "lang"
PARAM_COUNTRY = "country"

TYPE_CHOICES = ("all", "countries", "organisations")


@dataclass(frozen=True)
class Ignored:
    """One query parameter value that a link carried but the dashboard cannot use."""

    param: str
    value: str
    expected: str


def check_params(params: Mapping[str, list[str]], allowed: Mapping[str, Iterable[str]],
                 year_range: tuple[int, int]) -> list[Ignored]:  # fmt: skip
    """The values in `params` (name -> all values) that are not allowed.

    `allowed` maps a parameter to its valid values; years must be whole numbers within
    `year_range`; parameters not named here (e.g. embed, page ids) are not checked.
    """
    ignored: list[Ignored] = []
    for name, values in params.items():
        if name == PARAM_YEARS:
            lo, hi = year_range
            for value in values:
                if not (value.strip().isdigit() and lo <= int(value) <= hi):
                    ignored.append(Ignored(name, value, f"a year from {lo} to {hi}"))
            if len(values) not in (0, 2) and not ignored:
                ignored.append(Ignored(name, "&".join(values), "two years (a range)"))
        elif name in allowed:
            valid = set(allowed[name])
            for value in values:
                if value not in valid:
                    sample = ", ".join(sorted(valid)[:8])
                    ignored.append(Ignored(name, value, f"one of: {sample}"))
    return ignored
