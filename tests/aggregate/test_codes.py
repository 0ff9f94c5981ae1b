"""The selection hands its text columns on as categoricals; every answer must be the same as
with plain text.

`select_participations` works on integer codes and returns categoricals (the fast path at a
million rows, see docs/performance.md). Each aggregation a page or the CLI asks for is run
twice, once on that selection and once on the same selection with its categoricals turned
back into plain text, on synthetic data (labelled so, generated here) and on the bundled data,
under several filters. The two answers must match cell for cell and dtype for dtype: the
categoricals stay inside the aggregations, and what they return is the same plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pandas as pd
import pytest
from bench import synthetic

from coopstats import load_dataset
from coopstats.aggregate import Filters
from coopstats.aggregate import filters as filters_module
from coopstats.dataset import AGGREGATIONS, Dataset

# Builds synthetic data and runs every aggregation twice: left out of `make test-fast`.
pytestmark = pytest.mark.slow

FILTERS = {
    "all": Filters(),
    "africa": Filters(regions=("Africa",)),
    "speakers": Filters(roles=("speaker", "host")),
    "organisations": Filters(participant_types=("organisation",)),
    "editions 2018-2022": Filters(years=(2018, 2022), kinds=("edition",)),
    "nothing": Filters(years=(1900, 1901)),
}


@pytest.fixture(scope="module", params=["synthetic", "bundled"])
def ds(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    if request.param == "bundled":
        return load_dataset()
    out = tmp_path_factory.mktemp("synthetic") / "syn-3000"
    return load_dataset(synthetic.write(synthetic.generate(3_000, seed=2), out, size=3_000, seed=2))


def queries(ds: Dataset, f: Filters) -> dict[str, Callable[[], pd.DataFrame]]:
    """Every aggregation the CLI exports and every query a page makes, for filters f."""
    editions = ds.editions(f)["event_id"].tolist()[-2:]
    history = ds.participant_history(f)
    who = [str(p) for p in history["participant_id"].head(1)] or ["CHN"]
    out = {name: (lambda m=method: m(ds, f)) for name, (_, method) in AGGREGATIONS.items()}
    out.update(
        {
            "country_map": lambda: ds.country_map(f, "fr"),
            "edition_timeline": lambda: ds.edition_timeline(f),
            "cumulative_timeline": lambda: ds.cumulative_timeline(f),
            "edition_comparison": lambda: ds.edition_comparison(f, editions),
            "presence_matrix": lambda: ds.presence_matrix(f, editions),
            "overlap_matrix": lambda: ds.overlap_matrix(f, editions),
            "participant_changes": lambda: ds.participant_changes(f, editions),
            "organisations_by_type": lambda: ds.organisations_by_type(f),
            "organisation_years": lambda: ds.organisation_years(f),
            "participant_names": lambda: ds.participant_names(f, "zh"),
            "participant_events": lambda: ds.participant_events(f, who[0]),
            "participant_editions": lambda: ds.participant_editions(f, who[0]),
            "co_attendees": lambda: ds.co_attendees(f, who[0]),
            "sources_used": lambda: ds.sources_used(f),
        }
    )
    return out


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every unordered categorical column as plain text."""
    cats = [c for c in frame.columns
            if isinstance(frame[c].dtype, pd.CategoricalDtype) and not frame[c].cat.ordered]  # fmt: skip
    return frame.astype(dict.fromkeys(cats, "str")) if cats else frame


def test_the_selection_is_categorical_and_sorted(ds: Dataset) -> None:
    selected = ds.participations(Filters())
    for column in ("event_id", "participant_id", "role", "source_id", "region"):
        assert isinstance(selected[column].dtype, pd.CategoricalDtype), column
        used = set(selected[column].dropna().unique())
        assert set(selected[column].cat.categories) == used, f"{column}: unused categories"
    key = selected.astype({"event_id": "str", "participant_id": "str", "role": "str"})
    resorted = key.sort_values(["year", "event_id", "participant_id", "role"], kind="stable")
    assert resorted.index.tolist() == list(range(len(selected)))


@pytest.mark.parametrize("name", list(FILTERS))
def test_every_query_gives_the_same_answer_on_plain_text(
    ds: Dataset, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = FILTERS[name]
    coded = {query: call() for query, call in queries(_fresh(ds), f).items()}

    select = filters_module._select_participations
    monkeypatch.setattr(filters_module, "_select_participations",
                        lambda *args: _plain(select(*args)))  # fmt: skip
    plain = {query: call() for query, call in queries(_fresh(ds), f).items()}
    assert coded.keys() == plain.keys()
    for query in coded:
        # The selection itself is the one answer that keeps its categoricals.
        got = _plain(coded[query]) if query == "participations" else coded[query]
        pd.testing.assert_frame_equal(got, plain[query], obj=f"{query} under {name!r}")


@pytest.mark.parametrize("name", ["all", "speakers", "editions 2018-2022"])
def test_shortcuts_give_the_answer_of_the_long_way(ds: Dataset, name: str) -> None:
    """Figure ranges folded once per table, and a comparison of a few editions read from
    their own rows (their participations and timeline rows), equal the same answers computed
    from the whole selection."""
    from coopstats import aggregate as agg
    from coopstats.aggregate import comparison, reported, timeline

    f = FILTERS[name]
    events = ds.events(f)
    figures = ds.tables.figures
    long_way = reported.figure_ranges(figures[figures["event_id"].isin(events["event_id"])])
    for memo in (None, ds.memo):
        pd.testing.assert_frame_equal(
            reported.ranges_of(figures, events["event_id"], memo=memo), long_way, check_dtype=False
        )
    editions = ds.editions(f)["event_id"].tolist()
    pairs = (editions[-2:], editions[:1] + editions[-1:], editions[:6], [])
    # With events chosen by the filters as well (then the whole selection is read).
    chosen = f.with_(events=tuple(editions[:3]))
    for g, pair in [*((f, p) for p in pairs), (chosen, editions[1:3])]:
        selected = ds.participations(g)
        full = comparison.edition_comparison(
            ds.edition_timeline(g), selected, ds.comparison_choices(g), pair
        )
        # A dataset that has made nothing yet makes its editions' rows alone; one that has
        # made the whole timeline (the page's sources ask it) picks them from it.
        fresh = _fresh(ds)
        pd.testing.assert_frame_equal(fresh.edition_comparison(g, pair), full, obj=f"{pair} alone")
        assert fresh._made_per_event(f"edition_timeline {timeline.MEASURES}", g) is None
        assert ds._made_per_event(f"edition_timeline {timeline.MEASURES}", g) is not None
        pd.testing.assert_frame_equal(ds.edition_comparison(g, pair), full, obj=f"{pair} picked")
        for query in ("presence_matrix", "participant_changes", "overlap_matrix"):
            pd.testing.assert_frame_equal(
                getattr(ds, query)(g, pair), getattr(agg, query)(selected, pair), obj=query
            )


def _direct(ds: Dataset, f: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    from coopstats import aggregate as agg
    from coopstats.aggregate import timeline

    summary = agg.event_summary(ds.events(f), ds.tables.figures, ds.participations(f))
    rows = timeline.edition_timeline(
        ds.events(f), ds.tables.figures, ds.participations(f), ds.tables.series
    )
    return summary, rows


@pytest.mark.parametrize("name", list(FILTERS))
def test_per_event_answers_pick_the_rows_of_the_whole(ds: Dataset, name: str) -> None:
    """event_summary and edition_timeline, computed once for every event and then cut down
    to the selected events, equal the same answers computed for the selection alone."""
    years = sorted(ds.tables.events["year"].unique())
    series = sorted(ds.tables.series["series_id"])[:2]
    for f in (
        FILTERS[name],
        FILTERS[name].with_(years=(years[len(years) // 2], years[-1])),
        FILTERS[name].with_(series=tuple(series)),
        FILTERS[name].with_(kinds=("edition", "sub_forum")),
    ):
        summary, rows = _direct(ds, f)
        pd.testing.assert_frame_equal(ds.event_summary(f), summary, obj=f"event_summary {f}")
        pd.testing.assert_frame_equal(ds.edition_timeline(f), rows, obj=f"edition_timeline {f}")


def test_an_edition_without_its_sub_forum_is_computed_afresh(ds: Dataset) -> None:
    """A sub-forum held in another year than its edition: a filter on the edition's year
    keeps the edition without it, and its named count must not fold the sub-forum in."""
    from dataclasses import replace

    events = ds.tables.events
    subs = events[(events["kind"] == "sub_forum") & events["edition_id"].notna()]
    named = set(ds.tables.participations["event_id"])
    subs = subs[subs["event_id"].isin(named)]
    assert len(subs), "the data should hold a sub-forum with named participants"
    sub = subs.iloc[0]
    moved = events.copy()
    moved.loc[moved["event_id"] == sub["event_id"], "year"] = int(sub["year"]) + 1
    shifted = Dataset(
        tables=replace(ds.tables, events=moved),
        countries=ds.countries,
        organisations=ds.organisations,
        version=ds.version + "-shifted",
    )
    f = Filters(years=(int(sub["year"]), int(sub["year"])))
    shifted.event_summary(Filters())  # the whole is remembered first
    shifted.edition_timeline(Filters())
    summary, rows = _direct(shifted, f)
    assert sub["event_id"] not in set(summary["event_id"])
    pd.testing.assert_frame_equal(shifted.event_summary(f), summary)
    pd.testing.assert_frame_equal(shifted.edition_timeline(f), rows)
    # Compared, the edition's named counts leave the sub-forum out too.
    from coopstats.aggregate import comparison

    pair = [str(sub["edition_id"])]
    full = comparison.edition_comparison(
        rows, shifted.participations(f), shifted.comparison_choices(f), pair
    )
    pd.testing.assert_frame_equal(shifted.edition_comparison(f, pair), full)


def test_closed_selections_are_found_by_position(ds: Dataset) -> None:
    """Whether every selected edition comes with all its events of the selected kinds,
    read from the events table's positions, agrees with matching the ids, year by year and
    with a sub-forum moved to the next year (the case that makes a selection not closed)."""
    from dataclasses import replace

    from coopstats.aggregate.codes import member
    from coopstats.dataset.queries import _closed

    def by_ids(events: pd.DataFrame, f: Filters) -> bool:
        chosen = filters_module.select_events(events, f)
        editions = chosen.loc[chosen["kind"] == "edition", "event_id"]
        family = events[member(events["edition_id"], editions).to_numpy()]
        family = family[family["kind"].isin(f.kinds)]
        return bool(member(family["event_id"], chosen["event_id"]).all())

    events = ds.tables.events
    sub = events[(events["kind"] == "sub_forum") & events["edition_id"].notna()].iloc[0]
    moved = events.copy()
    moved.loc[moved["event_id"] == sub["event_id"], "year"] = int(sub["year"]) + 1
    answers = []
    for table in (events, moved):
        shifted = replace(ds, tables=replace(ds.tables, events=table), memo=type(ds.memo)())
        for year in sorted(set(table["year"])):
            for f in (Filters(years=(year, year)), Filters(years=(year, year + 1)),
                      Filters(years=(year, year), kinds=("edition", "sub_forum"))):  # fmt: skip
                expected = by_ids(table, f)
                assert _closed(table, f) is expected, f
                assert _closed(table, f, memo=shifted.memo) is expected, f
                answers.append(expected)
    assert not all(answers), "the moved sub-forum should leave a selection not closed"


@pytest.mark.parametrize("name", ["all", "speakers", "editions 2018-2022"])
def test_comparison_sources_are_what_each_chart_read_alone(ds: Dataset, name: str) -> None:
    """The sources the Compare page's charts share equal those each chart read before: the
    compared editions' participations and their events' timeline rows, lists split."""
    from coopstats.aggregate.codes import member
    from coopstats.charts.chart import source_ids

    f = FILTERS[name]
    editions = ds.editions(f)["event_id"].tolist()
    for pair in (editions[-2:], editions[:1] + editions[-1:], []):
        named = ds.participations(f)
        timeline = ds.edition_timeline(f)
        alone = source_ids(
            named["source_id"][member(named["edition_id"], pair).to_numpy()],
            timeline["source_ids"][member(timeline["edition_id"], pair).to_numpy()],
        )
        shared = ds.comparison_sources(f, pair)
        assert source_ids(shared["source_ids"]) == alone
        assert shared["source_ids"].is_unique and shared["source_ids"].is_monotonic_increasing


def _fresh(ds: Dataset) -> Dataset:
    """The dataset remembering no answer to any filters (its tables' own codes kept)."""
    return replace(ds, memo=ds.memo.keeping("encodings", "ranges"))


def test_groups_answer_the_same_without_presence_tables(
    ds: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Per-group counts, extremes, roles and lists come from a presence table when it is
    small, else from hashed pairs; both ways give the same answers."""
    from coopstats.aggregate import codes

    f = FILTERS["speakers"]
    tables = {query: call() for query, call in queries(_fresh(ds), f).items()}
    monkeypatch.setattr(codes, "PRESENCE_LIMIT", 0)
    hashed = {query: call() for query, call in queries(_fresh(ds), f).items()}
    for query in tables:
        pd.testing.assert_frame_equal(tables[query], hashed[query], obj=query)


def _timeline_long_way(ds: Dataset, f: Filters, measures: tuple[str, ...]) -> pd.DataFrame:
    """edition_timeline the plain way: a figure folding and a join per measure, maps of the
    named counts, one sort of the whole (as it was computed before events were put in order
    once and announced figures folded once per table)."""
    from coopstats.aggregate import timeline
    from coopstats.aggregate.codes import attach
    from coopstats.aggregate.reported import figure_ranges, headline_range

    events, figures = ds.events(f), ds.tables.figures
    figures = figures[figures["event_id"].isin(events["event_id"])]
    named = ds.participations(f)
    named = named[named["event_id"].isin(events["event_id"])]
    base = events[["series_id", "event_id", "edition_id", "kind", "title", "edition_number",
                   "year", "start_date", "date_precision"]].assign(
        plot_date=timeline.plot_dates(events))  # fmt: skip
    names = ds.tables.series.set_index("series_id")["short_name"]
    base["series_name"] = base["series_id"].map(names).fillna(base["series_id"])
    own, folded = (
        timeline.named_by_measure(named, "event_id"),
        timeline.named_by_measure(named, "edition_id"),
    )
    parts = []
    for order, measure in enumerate(measures):
        metrics = timeline.MEASURE_METRICS[measure]
        said = figures[(figures["status"] != "reported") & figures["scope"].isna()
                       & figures["metric"].isin(metrics)]  # fmt: skip
        said = headline_range(
            figure_ranges(said.assign(status="announced")), metrics, announced=True
        )
        said = said[["event_id", "value_min", "value_max", "qualifiers_min", "qualifiers_max"]]
        said.columns = ["event_id", "announced_min", "announced_max",
                        "announced_qualifiers_min", "announced_qualifiers_max"]  # fmt: skip
        rows = attach(base, headline_range(figure_ranges(figures), metrics), "event_id")
        rows = attach(rows, said, "event_id")
        if measure in own:
            rows["named"] = (
                rows["event_id"].map(own[measure])
                .where(rows["kind"] != "edition", rows["edition_id"].map(folded[measure]))
                .fillna(0)
            )  # fmt: skip
        else:
            rows["named"] = pd.NA
        parts.append(rows.assign(measure=measure, _order=order))
    out = timeline._tidy(pd.concat(parts, ignore_index=True))
    out = out.sort_values(["series_id", "plot_date", "event_id", "_order"], kind="stable")
    return out[timeline.TIMELINE_COLUMNS].reset_index(drop=True)


@pytest.mark.parametrize("name", list(FILTERS))
def test_the_timeline_gives_the_answer_of_the_long_way(ds: Dataset, name: str) -> None:
    """edition_timeline, with events ordered once and announced figures folded once per
    table (remembered or not), equals the plain way of a merge and a fold per measure."""
    from coopstats.aggregate import timeline

    f = FILTERS[name]
    for measures in (timeline.MEASURES, ("countries", "combined"), ("participants",)):
        long_way = _timeline_long_way(ds, f, measures)
        for memo in (None, _fresh(ds).memo):
            got = timeline.edition_timeline(ds.events(f), ds.tables.figures, ds.participations(f),
                                            ds.tables.series, measures, memo=memo)  # fmt: skip
            pd.testing.assert_frame_equal(got, long_way, obj=f"edition_timeline {measures}")


def _summary_long_way(ds: Dataset, f: Filters) -> pd.DataFrame:
    """event_summary the plain way: a merge per headline, the named counts merged, every
    column typed afterwards (as it was computed before the reported columns were made once
    per figures table)."""
    from coopstats.aggregate.events import HEADLINES, named_counts
    from coopstats.aggregate.reported import figure_ranges, headline_range
    from coopstats.schema import COUNTRY_METRICS, ORGANISATION_METRICS, PARTICIPANT_METRICS

    events = ds.events(f)
    out = events[["event_id", "series_id", "edition_id", "kind", "year", "title"]]
    ranges = figure_ranges(ds.tables.figures)
    combined = ("countries_regions_organisations", "countries_and_organisations")
    for metrics, prefix in ((PARTICIPANT_METRICS, "participants"), (COUNTRY_METRICS, "countries"),
                            (ORGANISATION_METRICS, "organisations"), (combined, "combined")):  # fmt: skip
        h = headline_range(ranges, metrics).drop(columns=["source_ids", "qualifier"])
        h.columns = ["event_id", *(f"{prefix}_{c.replace('value_', '')}" for c in h.columns[1:])]
        out = out.merge(h, on="event_id", how="left")
    named = ds.participations(f)
    named = named_counts(named[named["event_id"].isin(events["event_id"])])
    out = out.merge(named.astype({"event_id": "str"}), on="event_id", how="left")
    columns = []
    for prefix in HEADLINES:
        extra = ["countries_metric"] if prefix == "countries" else []
        for col in (f"{prefix}_min", f"{prefix}_max"):
            out[col] = out[col].astype("Int64")
        for col in (f"{prefix}_qualifiers_min", f"{prefix}_qualifiers_max", *extra):
            out[col] = out[col].astype("str").where(out[col].notna(), "")
        columns += [f"{prefix}_min", f"{prefix}_max", f"{prefix}_qualifiers_min",
                    f"{prefix}_qualifiers_max", *extra]  # fmt: skip
    conflicts = [c for c in out.columns if c.endswith("_conflict")]
    out["conflict"] = out[conflicts].fillna(False).astype(bool).any(axis=1)
    counted = ["named_countries", "named_territories", "named_in_delegations",
               "named_organisations", "named_by_video"]  # fmt: skip
    out[counted] = out[counted].fillna(0).astype("int64")
    out["unnamed_countries_at_least"] = (
        (out["countries_min"] - out["named_countries"]).clip(lower=0).astype("Int64")
    )
    return out[["event_id", "series_id", "edition_id", "kind", "year", "title", *columns,
                "conflict", *counted, "unnamed_countries_at_least"]]  # fmt: skip


@pytest.mark.parametrize("name", list(FILTERS))
def test_the_summary_and_series_give_the_answer_of_the_long_way(ds: Dataset, name: str) -> None:
    """event_summary, with its reported columns made once per figures table (remembered or
    not), and series_overview, counted with numpy, equal the plain way of merges and a
    named group-by."""
    from coopstats.aggregate import event_summary, series_overview

    f = FILTERS[name]
    long_way = _summary_long_way(ds, f)
    events = ds.events(f)
    for memo in (None, _fresh(ds).memo):
        got = event_summary(events, ds.tables.figures, ds.participations(f), memo=memo)
        pd.testing.assert_frame_equal(got, long_way, obj="event_summary")
    has = long_way[["participants_min", "countries_min", "organisations_min", "combined_min"]]
    plain = events.assign(is_edition=events["kind"] == "edition",
                          is_sub=events["kind"] != "edition",
                          has=has.notna().any(axis=1).to_numpy())  # fmt: skip
    expected = plain.groupby("series_id", sort=True).agg(
        editions=("is_edition", "sum"), sub_events=("is_sub", "sum"), first_year=("year", "min"),
        last_year=("year", "max"), events_with_figures=("has", "sum"),
    ).reset_index().astype({"editions": "int64", "sub_events": "int64",
                            "events_with_figures": "int64"})  # fmt: skip
    pd.testing.assert_frame_equal(series_overview(events, long_way), expected, obj="series")


def test_event_filters_read_from_codes_keep_the_same_events(ds: Dataset) -> None:
    """The events a filter keeps, read from the events table's integer codes (made once per
    table), are those the string matches keep: by years, kinds, series and chosen events (an
    edition's id keeps its sub-forums and side meetings)."""
    events = ds.tables.events
    years = sorted(events["year"].unique())
    series = sorted(events["series_id"].unique())
    editions = events.loc[events["kind"] == "edition", "event_id"].tolist()
    subs = events.loc[events["kind"] != "edition", "event_id"].tolist()
    cases = [
        *FILTERS.values(),
        Filters(years=(years[1], years[-2]), series=tuple(series[:2])),
        Filters(events=(*editions[:2], *subs[:1], "no-such-event")),
        Filters(kinds=("sub_forum",), events=tuple(editions[-3:])),
        Filters(series=("no-such-series",)),
    ]
    memo = type(ds.memo)()
    for f in cases:
        expected = filters_module.events_kept(events, f)
        assert expected.dtype == bool
        got = filters_module.events_kept(events, f, memo=memo)
        assert got.tolist() == expected.tolist(), f


@pytest.mark.parametrize("name", list(FILTERS))
def test_organisation_rows_are_selected_as_the_whole_selection_would_give_them(
    ds: Dataset, name: str
) -> None:
    """The organisations' rows, selected with the participant types narrowed to them, are
    those picked out of the whole selection, under any participant type filter."""
    from coopstats.aggregate import organisations

    for f in (FILTERS[name], FILTERS[name].with_(participant_types=("country",)),
              FILTERS[name].with_(participant_types=("organisation", "territory"))):  # fmt: skip
        expected = organisations.organisation_rows(ds.participations(f))
        got = ds.organisation_rows(f)
        pd.testing.assert_frame_equal(
            _plain(got).reset_index(drop=True), _plain(expected).reset_index(drop=True), obj=str(f)
        )
