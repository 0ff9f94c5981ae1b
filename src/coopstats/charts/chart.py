"""A chart as a user sees or exports it: the figure with its words, the rows it draws, its
sources and the link to its page.

A builder takes the dataset, the filters, the interface language and the page's own choices
(`ChartOptions`) and returns a `Chart`. The page draws `chart.figure` with `chart.summary` under
it and `chart.table` behind it; every export draws the same figure and table with the same
words, and links back with `chart.page` and `chart.page_params`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from coopstats.aggregate import Filters
from coopstats.dataset import Dataset
from coopstats.errors import DataError, Problem


@dataclass(frozen=True)
class ChartOptions:
    """A page's own choices; None or empty means the page's default."""

    measure: str | None = None
    editions: tuple[str, ...] = ()
    org_types: tuple[str, ...] = ()
    participant: str | None = None


@dataclass(frozen=True)
class Chart:
    """One chart: figure, words, provenance, the rows it draws and where its page is."""

    name: str
    figure: go.Figure
    title: str
    summary: str
    # The rows the chart draws, as the page shows them: headers and values in the language.
    table: pd.DataFrame
    source_ids: tuple[str, ...]
    page: str
    is_map: bool = False
    # A sentence the page shows in bold above the chart; exports print it before the summary.
    lead: str = ""
    # Query parameters of the page's own widgets, as the page writes them into its URL (codes).
    page_params: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # The page's own choices in words, for an export's subtitle ("Colour by: Role").
    choices: tuple[str, ...] = ()
    # Sentences shown beside the chart (how many series are left out, colours repeating).
    notes: tuple[str, ...] = ()

    @property
    def sentences(self) -> str:
        """Everything the chart says in words, as an export prints it under the chart."""
        return " ".join(t for t in (self.lead, self.summary, *self.notes) if t)


Builder = Callable[[Dataset, Filters, str, ChartOptions], Chart]


@dataclass(frozen=True)
class ChartSpec:
    """A registry entry: the chart's name, a line for `coopstats export --list`, its builder."""

    name: str
    description: str
    page: str
    build: Builder


class NothingToShow(DataError):
    """A chart with nothing to draw for these filters; `what` names it in the user's language."""

    def __init__(self, what: str) -> None:
        super().__init__(
            [
                Problem(
                    f"nothing to show: no {what} for these filters",
                    column="filters",
                    hint="widen the years, or clear a filter",
                )
            ]
        )
        self.what = what


def nothing(what: str) -> NothingToShow:
    """The error of a chart with nothing to draw for these filters."""
    return NothingToShow(what)


def choose(value: str | None, allowed: tuple[str, ...], what: str) -> str:
    """`value`, or the first allowed one when None; DataError when not allowed."""
    if value is None:
        return allowed[0]
    if value not in allowed:
        raise DataError(
            [Problem(f"unknown {what}", column=what, value=value,
                     expected="one of " + ", ".join(allowed))]
        )  # fmt: skip
    return value


def source_ids(*groups: object) -> tuple[str, ...]:
    """Source ids from columns of single ids or ";"-joined lists, deduplicated and sorted."""
    found: set[str] = set()
    for group in groups:
        # Unique first: a column of a million participations holds a few hundred sources.
        texts = [str(value).strip() for value in _distinct(pd.Series(group))]
        # Most values are one id (a participation's own source): split only the lists.
        found.update(text for text in texts if text and ";" not in text)
        for text in texts:
            if ";" in text:
                found.update(part.strip() for part in text.split(";") if part.strip())
    return tuple(sorted(found))


def _distinct(values: pd.Series) -> list[object]:
    """The distinct values present (not missing), in no particular order.

    A categorical's are read off its codes: its unique() on 100,000 selected rows builds a new
    categorical of them, several times the time of marking the codes in use.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        used = np.zeros(len(values.cat.categories) + 1, dtype=bool)
        used[codes] = True  # -1 (missing) marks the last slot, left out below
        return values.cat.categories[used[:-1]].tolist()
    return values.dropna().unique().tolist()
