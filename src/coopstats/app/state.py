"""URL parameters of the shared filters: their names, defaults, and how to check what a URL says.

The sidebar widgets are bound to these query parameters (`bind="query-params"`), so every view
is a link; Streamlit keeps defaults out of the URL and drops values it cannot use. This module
finds such values first so that the page can say which part of a link was ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from coopstats.i18n import N_

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
    """One query parameter value that a link carried but the dashboard cannot use.

    `expected` is in English; `template` is the same as a catalogue message (marked with N_)
    with its `{placeholders}` filled from `args`, so `expected_in(_)` says it in any language.
    """

    param: str
    value: str
    expected: str
    template: str = ""
    args: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, param: str, value: str, template: str, **args: str) -> Ignored:
        return cls(param, value, template.format(**args), template, tuple(args.items()))

    def expected_in(self, _: Callable[[str], str]) -> str:
        """What the parameter expects, in the language of `_`."""
        if not self.template:
            return self.expected
        return _(self.template).format(**dict(self.args))


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
                    ignored.append(
                        Ignored.of(
                            name, value, N_("a year from {lo} to {hi}"), lo=str(lo), hi=str(hi)
                        )
                    )
            if len(values) not in (0, 2) and not ignored:
                ignored.append(Ignored.of(name, "&".join(values), N_("two years (a range)")))
        elif name in allowed:
            valid = set(allowed[name])
            for value in values:
                if value not in valid:
                    sample = ", ".join(sorted(valid)[:8])
                    ignored.append(Ignored.of(name, value, N_("one of: {options}"), options=sample))
    return ignored
