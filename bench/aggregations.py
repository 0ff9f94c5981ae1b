"""Every aggregation the app and the CLI ask for, timed on the whole dataset (no filter).

Each call goes through the Dataset API, as a page's cached query does, so it includes the
selection of participations. Two core aggregations are also timed as a row-by-row Python loop
over the same selected rows (the naive baseline), reported as a ratio.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace

import pandas as pd

from bench.measure import Result, timed
from coopstats.aggregate import Filters
from coopstats.aggregate.memo import Memos
from coopstats.dataset import AGGREGATIONS, Dataset
from coopstats.schema import ROLES

TARGET_SIZE = 1_000_000


Query = Callable[[Dataset], pd.DataFrame]


def calls(ds: Dataset) -> dict[str, Query]:
    """Name -> a call, on a dataset of ds's tables, of every exportable aggregation and of
    every query a page makes."""
    f = Filters()
    editions = ds.editions(f)["event_id"].tolist()[-2:]
    top = str(ds.participant_history(f)["participant_id"].iloc[0])
    out: dict[str, Query] = {
        name: (lambda d, method=method: method(d, f)) for name, (_, method) in AGGREGATIONS.items()
    }
    out.update(
        {
            "country_map": lambda d: d.country_map(f),
            "host_cities": lambda d: d.host_cities(f),
            "edition_timeline": lambda d: d.edition_timeline(f),
            "cumulative_timeline": lambda d: d.cumulative_timeline(f),
            "comparison_choices": lambda d: d.comparison_choices(f),
            "edition_comparison": lambda d: d.edition_comparison(f, editions),
            "presence_matrix": lambda d: d.presence_matrix(f, editions),
            "overlap_matrix": lambda d: d.overlap_matrix(f, editions),
            "participant_changes": lambda d: d.participant_changes(f, editions),
            "organisations_by_type": lambda d: d.organisations_by_type(f),
            "organisation_years": lambda d: d.organisation_years(f),
            "participant_names": lambda d: d.participant_names(f),
            "participant_events": lambda d: d.participant_events(f, top),
            "participant_editions": lambda d: d.participant_editions(f, top),
            "co_attendees": lambda d: d.co_attendees(f, top),
            "sources_used": lambda d: d.sources_used(f),
        }
    )
    return out


def history_by_rows(selected: pd.DataFrame) -> dict[str, dict[str, object]]:
    """Naive participant_history: one Python loop over the rows, sets in dicts."""
    record: dict[str, dict[str, object]] = defaultdict(
        lambda: {
            "editions": set(),
            "events": set(),
            "years": set(),
            "series": set(),
            "roles": set(),
            "video": False,
        }
    )
    for row in selected.itertuples(index=False):
        r = record[row.participant_id]
        r["editions"].add(row.edition_id)
        r["events"].add(row.event_id)
        r["years"].add(row.year)
        r["series"].add(row.series_id)
        r["roles"].add(row.role)
        r["video"] = r["video"] or row.mode == "video"
    return {
        pid: {
            "editions": len(r["editions"]),
            "events": len(r["events"]),
            "first_year": min(r["years"]),
            "last_year": max(r["years"]),
            "series_ids": ", ".join(sorted(r["series"])),
            "roles": ", ".join(x for x in ROLES if x in r["roles"]),
            "by_video": r["video"],
        }
        for pid, r in sorted(record.items())
    }


def editions_by_year_by_rows(selected: pd.DataFrame) -> dict[tuple, tuple[int, str]]:
    """Naive editions_by_year: one Python loop over the rows."""
    groups: dict[tuple, tuple[set, set]] = defaultdict(lambda: (set(), set()))
    for row in selected.itertuples(index=False):
        editions, roles = groups[(row.participant_id, row.series_id, row.year)]
        editions.add(row.edition_id)
        roles.add(row.role)
    return {
        key: (len(e), ", ".join(x for x in ROLES if x in r))
        for key, (e, r) in sorted(groups.items())
    }


def _new_filters(ds: Dataset) -> Dataset:
    """ds as a new filter change finds it: its tables' codes and folded figures remembered,
    no selection and no answer.

    What ds keeps is made once per loaded table (its integer codes, its figures folded per
    event): the first query after a load pays for it, measured as `aggregation.first_query`."""
    return replace(ds, memo=ds.memo.keeping("encodings", "ranges"))


def _same_filters(ds: Dataset) -> Dataset:
    """ds with the selection of participations its last query made, and no answer."""
    return replace(ds, memo=ds.memo.keeping("encodings", "ranges", "selections"))


def _first_query(ds: Dataset, size: int) -> Result:
    """The first query after a load (ds remembers nothing): it encodes the participations and
    folds the figures."""
    first = timed(lambda: ds.event_summary(Filters()), min_runs=1, max_runs=1, budget_s=0)
    return Result(
        "aggregation.first_query",
        size,
        round(first.wall, 4),
        "s",
        cpu=round(first.cpu, 4),
        runs=1,
        note="once per load: encodes the participations' text as integer codes and folds "
        "the figures per event (event_summary of everything, included)",
    )


# Aggregation -> its row-by-row baseline (given the same selected participations).
BASELINES = {"participants": history_by_rows, "editions-by-year": editions_by_year_by_rows}


def measure(ds: Dataset, size: int) -> list[Result]:
    """One result per aggregation (median wall seconds, CPU beside), baselines for the core two."""
    ds = replace(ds, memo=Memos())
    results = [_first_query(ds, size)]
    selected = ds.participations(Filters())
    budget = 1.5 if size < TARGET_SIZE else 0.5
    for name, call in calls(ds).items():
        # Cold: the selection of participations is made afresh, as on a new filter; warm: the
        # selection is the one the previous query of the same filter change made.
        last = [ds]

        def cold(call: Query = call, last: list[Dataset] = last) -> pd.DataFrame:
            last[0] = _new_filters(ds)
            return call(last[0])

        ours = timed(cold, min_runs=2, budget_s=budget)
        # The last cold run left its selection in its dataset's memo: the warm runs reuse
        # it, and start without the answers remembered by filters.
        warm = timed(
            lambda call=call, last=last: call(_same_filters(last[0])),
            min_runs=1,
            max_runs=1 if size >= TARGET_SIZE else 3,
            budget_s=budget / 2,
        )
        baseline = None
        if name in BASELINES:
            # The baseline gets the selection for free; ours pays for it inside the call.
            naive = BASELINES[name]
            baseline = timed(lambda naive=naive: naive(selected), min_runs=1, budget_s=budget)
        results.append(
            Result(
                f"aggregation.{name}",
                size,
                round(ours.wall, 4),
                "s",
                cpu=round(ours.cpu, 4),
                runs=ours.runs,
                baseline=round(baseline.wall, 4) if baseline else None,
                baseline_name="row-by-row Python loop over the selected rows" if baseline else None,
                note=f"selection made afresh; {warm.wall * 1000:.0f} ms wall "
                f"({warm.cpu * 1000:.0f} ms CPU) when the selection is reused",
            )
        )
    return results
