"""What one run of a page shows: the dataset, the filters, the language, and cached queries.

The dataset is a shared, read-only resource (`st.cache_resource`: it is never mutated, and every
aggregation is tested not to mutate its inputs); query results are frames (`st.cache_data`), keyed
by the dataset version and the filters.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from coopstats import numbers
from coopstats.aggregate import Filters
from coopstats.charts import Chart, ChartOptions, build_chart
from coopstats.dataset import Dataset, load_dataset
from coopstats.settings import Settings


@dataclass(frozen=True)
class View:
    """The state a page renders from. `_` translates interface strings."""

    ds: Dataset
    filters: Filters
    lang: str
    _: Callable[[str], str]
    settings: Settings
    pages: dict[str, Any] = field(default_factory=dict)  # url path -> st.Page, for links
    # The writable store (None when reading a CSV folder) and the editor signed in this run
    # (checked against the store; None for a viewer).
    store: Any = None
    editor: str | None = None
    # The answers this run has asked for, by query and arguments (see `answered`).
    answers: dict[tuple, pd.DataFrame] = field(default_factory=dict, compare=False, repr=False)

    def name(self, participant_id: str) -> str:
        return self.ds.participant_name(participant_id, self.lang)

    # Numbers, reported figures and dates written for the interface language (coopstats.numbers).

    def number(self, value: object) -> str:
        return numbers.number(value, self.lang)

    def year(self, value: object) -> str:
        return numbers.year(value, self.lang)

    def reported(self, row: Mapping[str, object], headline: str | None = None) -> str:
        """A row's reported figure (">240", "50–51") in this language; "" when none.

        See numbers.reported_in for the columns read.
        """
        return numbers.reported_in(row, self.lang, headline)

    def date(self, value: object) -> str:
        return numbers.date(value, self.lang)

    def join(self, items: list[str]) -> str:
        return numbers.join(items, self.lang)

    def region(self, region: str) -> str:
        """A UN M49 region or sub-region (English, as in countries.csv) in this language."""
        return self.ds.countries.region_name(region, self.lang)

    def series_name(self, series_id: str) -> str:
        return self.ds.series_names.get(series_id, series_id)

    def chart(self, name: str, options: ChartOptions | None = None) -> Chart:
        """The registry's chart `name` for this view (NothingToShow when there is nothing)."""
        cached = CachedDataset(self.ds, self.answers)
        return build_chart(cached, name, self.filters, self.lang, options or ChartOptions())  # type: ignore[arg-type]


# Each Streamlit session runs its script in its own thread; the shell sets the view of the
# current run here and the page reads it back, so pages never rebuild the sidebar.
_current = threading.local()


def set_current(view: View) -> None:
    _current.view = view


def current() -> View:
    return _current.view


@st.cache_resource(show_spinner=False)
def dataset(data_dir: str) -> Dataset:
    """The validated dataset of a folder, loaded once per server process."""
    return load_dataset(data_dir)


@st.cache_resource(show_spinner=False)
def localised_dataset(data_dir: str, lang: str) -> Dataset:
    """The dataset with its data names in `lang` (English where none is known), made once."""
    return dataset(data_dir).localised(lang)


# Filters are keyed by their repr (a frozen dataclass of tuples: the same filters, the same
# text): Streamlit's own hashing of the dataclass took half a millisecond a call, ten calls a run.
@st.cache_data(show_spinner=False, max_entries=512, hash_funcs={Filters: repr})
def query(name: str, version: str, filters: Filters, *args: object, _ds: Dataset) -> pd.DataFrame:
    """A Dataset method's result (called as method(filters, *args)), cached by dataset version and arguments."""
    return getattr(_ds, name)(filters, *args)


def answered(
    answers: dict[tuple, pd.DataFrame], name: str, ds: Dataset, filters: Filters, args: tuple
) -> pd.DataFrame:
    """`query`'s answer, asked once per run and shared by everything the run draws.

    A page's charts ask some answers several times (the Compare page's four charts each ask
    for the editions to compare); every hit of `st.cache_data` unpickles a fresh copy of the
    frame. Frames are copy-on-write (pandas 3), so sharing one within a run is safe.
    """
    key = (name, filters, tuple(tuple(a) if isinstance(a, list) else a for a in args))
    try:
        found = answers.get(key)
    except TypeError:  # an argument that cannot be a key: asked afresh
        return query(name, ds.version, filters, *args, _ds=ds)
    if found is None:
        found = answers[key] = query(name, ds.version, filters, *args, _ds=ds)
    return found


def ask(view: View, name: str, *args: object) -> pd.DataFrame:
    """Shorthand for `query` with the view's dataset and filters (once per run, see `answered`)."""
    return answered(view.answers, name, view.ds, view.filters, args)


# Dataset methods of the form method(filters, *args) that pages ask: answered from `query`'s cache.
CACHED_QUERIES = frozenset({
    "events", "event_summary", "participant_history", "participant_names", "country_map",
    "host_cities", "organisation_participation", "edition_timeline", "cumulative_timeline",
    "comparison_choices", "edition_comparison", "comparison_sources", "presence_matrix",
    "participant_changes", "overlap_matrix", "organisations_by_type", "organisation_years",
    "participant_editions", "participant_record", "participant_events", "co_attendees",
    "membership_map",
})  # fmt: skip


class CachedDataset:
    """The dataset as a chart builder sees it, with its aggregations answered through `query`.

    Builders take a Dataset and call its methods; in the app those answers come from the
    per-process cache that the pages' own queries use, keyed by data version and arguments.
    """

    def __init__(self, ds: Dataset, answers: dict[tuple, pd.DataFrame] | None = None) -> None:
        self._ds = ds
        self._answers = {} if answers is None else answers

    def __getattr__(self, name: str) -> Any:
        if name in CACHED_QUERIES:
            ds, answers = self._ds, self._answers
            return lambda filters, *args: answered(answers, name, ds, filters, args)
        return getattr(self._ds, name)
