"""Every aggregation the app and the CLI ask for, timed on the whole dataset (no filter).

Each call goes through the Dataset API, as a page's cached query does, so it includes the
selection of participations. Two core aggregations are also timed as a row-by-row Python loop
over the same selected rows (the naive baseline), reported as a ratio.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import pandas as pd

from bench.measure import Result, timed
from coopstats import dataset as dataset_module
from coopstats.aggregate import Filters
from coopstats.aggregate import filters as filters_module
from coopstats.dataset import AGGREGATIONS, Dataset
from coopstats.schema import ROLES

TARGET_SIZE = 1_000_000


def calls(ds: Dataset) -> dict[str, Callable[[], pd.DataFrame]]:
    """Name -> a call of every exportable aggregation and of every query a page makes."""
    f = Filters()
    editions = ds.editions(f)["event_id"].tolist()[-2:]
    top = str(ds.participant_history(f)["participant_id"].iloc[0])
    out: dict[str, Callable[[], pd.DataFrame]] = {
        name: (lambda method=method: method(ds, f)) for name, (_, method) in AGGREGATIONS.items()
    }
    out.update(
        {
            "country_map": lambda: ds.country_map(f),
            "host_cities": lambda: ds.host_cities(f),
            "edition_timeline": lambda: ds.edition_timeline(f),
            "cumulative_timeline": lambda: ds.cumulative_timeline(f),
            "comparison_choices": lambda: ds.comparison_choices(f),
            "edition_comparison": lambda: ds.edition_comparison(f, editions),
            "presence_matrix": lambda: ds.presence_matrix(f, editions),
            "overlap_matrix": lambda: ds.overlap_matrix(f, editions),
            "participant_changes": lambda: ds.participant_changes(f, editions),
            "organisations_by_type": lambda: ds.organisations_by_type(f),
            "organisation_years": lambda: ds.organisation_years(f),
            "participant_names": lambda: ds.participant_names(f),
            "participant_events": lambda: ds.participant_events(f, top),
            "participant_editions": lambda: ds.participant_editions(f, top),
            "co_attendees": lambda: ds.co_attendees(f, top),
            "sources_used": lambda: ds.sources_used(f),
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


def _forget_selections() -> None:
    """Empty the memos of recent selections and of per-event answers, where this tree has them.

    What stays is made once per loaded table (its integer codes, its figures folded per
    event): the first query after a load pays for it, measured as `aggregation.first_query`."""
    for memo in (
        getattr(filters_module, "recent_selections", None),
        getattr(dataset_module, "per_event_answers", None),
        getattr(dataset_module, "recent_answers", None),
    ):
        if memo is not None:
            memo.clear()


def _forget_answers() -> None:
    """Empty the memos of answers by filters, keeping the selection of participations."""
    for name in ("per_event_answers", "recent_answers"):
        memo = getattr(dataset_module, name, None)
        if memo is not None:
            memo.clear()


def _first_query(ds: Dataset, size: int) -> Result:
    """The first query after a load: it encodes the participations and folds the figures."""
    from coopstats.aggregate import reported

    for memo in (getattr(filters_module, "encodings", None),
                 getattr(reported, "_all_ranges", None)):  # fmt: skip
        if memo is not None:
            memo.clear()
    _forget_selections()
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
    results = [_first_query(ds, size)]
    selected = ds.participations(Filters())
    budget = 1.5 if size < TARGET_SIZE else 0.5
    for name, call in calls(ds).items():
        # Cold: the selection of participations is made afresh, as on a new filter; warm: the
        # selection is the one the previous query of the same filter change made.
        ours = timed(lambda call=call: (_forget_selections(), call()), min_runs=2, budget_s=budget)
        # The last cold run left its selection in the memo: the warm runs reuse it, and
        # forget only the answers remembered by filters.
        warm = timed(
            lambda call=call: (_forget_answers(), call()),
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
