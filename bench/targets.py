"""Targets: each one a multiple of the calibration that bounds it, or an absolute where no
machine speed enters (bytes, counts) or where the issue is what a person waits.

A rule names the figure, the sizes it applies to, the *floor* (the least work the task must do,
as calibration figures of the same run: `{calibration name: how many}`, where a count may be
read from the result's own `counts`, or be a `Per`: an amount in the unit the calibration
counts of itself, such as kilobytes of JSON) and the allowed multiple of that floor. docs/performance.md
gives the reasoning for each multiple; it is written from what the task must do, not from a
timing. `judge` applies the rules to a run's results.

A verdict from a multiple does not move when every time of the run (tasks and calibrations)
scales together, as on a uniformly slower machine; tests/test_bench_smoke.py checks that.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bench.measure import Result

LARGE = 1_000_000
PAGE_SIZES = (100_000, 1_000_000)


@dataclass(frozen=True)
class Rule:
    """A target: figures named `prefix*` at `sizes`, allowed `multiple` x their floor."""

    prefix: str
    sizes: tuple[int | None, ...]
    multiple: float
    floor: Callable[[Result], dict[str, float]]
    why: str
    suffix: str = ""

    exclude: tuple[str, ...] = ()
    # A floor this rule replaced: the multiple of it is noted beside the verdict, so runs
    # judged before and after the change can still be compared.
    earlier: Callable[[Result], dict[str, float | Per]] | None = None

    def applies(self, r: Result) -> bool:
        return (
            r.name.startswith(self.prefix)
            and r.name.endswith(self.suffix)
            and r.name not in self.exclude
            and (r.size in self.sizes)
        )


def _counts(r: Result, key: str, default: int = 1) -> int:
    return int((r.counts or {}).get(key, default))


@dataclass(frozen=True)
class Per:
    """`amount` of what a calibration counts of itself (its `counts[unit]`): the task does
    amount / counts[unit] times the calibration's work (e.g. 335 KB of plotly JSON against
    the fixed figure's 22 KB)."""

    amount: float
    unit: str


# Elements the bare rerun draws already (its slider, title and text).
BARE_ELEMENTS = 3


def _earlier_page_floor(r: Result) -> dict[str, float | Per]:
    return {
        "calibration.groupby": _counts(r, "queries"),
        "calibration.plotly_json": _counts(r, "figures", 0),
        "calibration.streamlit_rerun": 1,
    }


def _page_floor(r: Result) -> dict[str, float | Per]:
    counts = r.counts or {}
    # Runs recorded before the kilobytes were counted: one fixed figure per figure sent.
    json = Per(counts["figure_kb"], "kb") if "figure_kb" in counts else _counts(r, "figures", 0)
    return {
        "calibration.groupby": _counts(r, "queries"),
        "calibration.plotly_json": json,
        "calibration.streamlit_rerun": 1,
        "calibration.streamlit_element": max(_counts(r, "elements", 0) - BARE_ELEMENTS, 0),
    }


RULES: tuple[Rule, ...] = (
    Rule(
        "load.validate",
        (LARGE,),
        3.0,
        lambda r: {"calibration.read_csv": 1},
        "parse the bytes (1 read_csv), convert and check every column (about one more), "
        "cross-check keys, derive and hash (about one more)",
    ),
    Rule(
        "store.load",
        (LARGE,),
        4.5,
        lambda r: {"calibration.read_csv": 1},
        "the issue's bound: 1.5x the CSV load, whose own allowance is 3 read_csv (the "
        "measured ratio to the CSV load of the same run is in the result)",
    ),
    Rule(
        "resolve.bulk",
        (10_000,),
        300.0,
        lambda r: {"calibration.groupby": 1},
        "one Python pass per name (normalise, look up, and for a miss the loose keys and the "
        "suggestions), which no vectorised calibration does: 300 group-bys of as many rows",
    ),
    Rule(
        "aggregation.",
        (LARGE,),
        6.0,
        lambda r: {"calibration.groupby": 1},
        "select the rows (1 pass), drop duplicate (group, value) pairs for distinct counts "
        "(1), group (1), up to three more per-group columns: years, roles, series (3)",
        # Made once per loaded table, not per query: reported beside, not judged.
        exclude=("aggregation.first_query",),
    ),
    Rule(
        "page.",
        PAGE_SIZES,
        5.0,
        _page_floor,
        "floor: one group-by pass per query, plotly's JSON of the kilobytes the page sends, "
        "one bare rerun and one text element's cost per element beyond the bare app's; each "
        "query may take an aggregation's 6 passes less the selection its page's queries "
        "share (5); building and formatting a figure and drawing a widget fit in the same "
        "5x of their floor",
        suffix=".filter_change",
        earlier=_earlier_page_floor,
    ),
    Rule(
        "startup.map_painted",
        (None,),
        1.2,
        lambda r: {"calibration.map_startup": 1},
        "what a bare Streamlit map app does (start, send plotly.js and the base map, draw), "
        "plus loading the bundled data and one page's queries: 20%",
    ),
    Rule(
        "export.png.warm",
        (None,),
        1.5,
        lambda r: {"calibration.kaleido_png": 1},
        "a warm kaleido PNG of the bare map (same base map, same size) plus the data layers, "
        "caption and credits drawn on it: half as much again",
    ),
    Rule(
        "export.pptx_pack",
        (None,),
        2.0,
        lambda r: {"calibration.kaleido_png": _counts(r, "images")},
        "one warm PNG per chart in the pack, then the figures built and the deck written: "
        "about as much again",
    ),
)

# Targets that stay absolute, and why (read by the docs and by the smoke test).
ABSOLUTE = {
    "load.peak_memory": ("MB", 1536.0, (LARGE,), "memory does not depend on speed"),
    "page.world_map.figure_bytes": ("KB", 150.0, None, "bytes do not depend on speed"),
    "sessions.10.p95": ("s", 2.0, (None,), "what an official waits, on any machine"),
    "sessions.10.errors": ("count", 0, (None,), "a count"),
    "replicas.scaling": ("×", 1.6, (None,), "a ratio of two throughputs on the same machine"),
}


def _calibrations(results: list[Result]) -> dict[tuple[str, int | None], Result]:
    return {
        (r.name, r.size): r
        for r in results
        if r.name.startswith("calibration.") and r.value is not None
    }


def floor_of(
    r: Result,
    rule: Rule,
    cal: dict[tuple[str, int | None], Result],
    floor: Callable[[Result], dict[str, float | Per]] | None = None,
):
    """(description, wall seconds, CPU seconds or None, load) of the rule's floor (or of
    `floor`), or None when a calibration it needs was not measured. A size-bound calibration
    is taken at r.size; one measured beside the result (`r.beside`) comes first."""
    wall = cpu = 0.0
    cpu_known = True
    loads, parts = [], []
    local = {name: Result(**item) for name, item in (r.beside or {}).items()}
    for name, count in (floor or rule.floor)(r).items():
        if not count:
            continue
        c = local.get(name) or cal.get((name, r.size)) or cal.get((name, None))
        if isinstance(count, Per):
            if c is None or not (c.counts or {}).get(count.unit):
                return None
            described = f"{count.amount:g} {count.unit} / {c.counts[count.unit]:g} {count.unit}"
            count = count.amount / c.counts[count.unit]
        else:
            described = f"{count:g}"
        if c is None:
            return None
        wall += count * c.value
        if c.cpu is None:
            cpu_known = False
        else:
            cpu += count * c.cpu
        loads.append(c.load_1m)
        parts.append(name if count == 1 else f"{described} × {name}")
    return " + ".join(parts), wall, (cpu if cpu_known else None), max(loads)


_EARLIER = " the earlier floor ("


def judge(results: list[Result]) -> list[Result]:
    """Set each result's target (multiple of its floor, or absolute) and verdict, in place."""
    cal = _calibrations(results)
    for r in results:
        if r.name.startswith("calibration.") or r.value is None:
            continue
        rule = next((rule for rule in RULES if rule.applies(r)), None)
        if rule is not None:
            floor = floor_of(r, rule, cal)
            if floor is None:
                r.note = (r.note + "; " if r.note else "") + "calibration not measured"
                continue
            name, wall, cpu, load = floor
            r.calibrate(name, wall, rule.multiple, cpu_seconds=cpu, load_1m=load)
            earlier = rule.earlier and floor_of(r, rule, cal, rule.earlier)
            if earlier and earlier[1] > 0:
                # judge() runs after each worker and again over the whole run: the note
                # keeps one multiple of the earlier floor, the latest.
                kept = [p for p in (r.note or "").split("; ") if p and _EARLIER not in p]
                r.note = "; ".join([*kept, f"{r.value / earlier[1]:.2f}×{_EARLIER}{earlier[0]})"])
            continue
        absolute = ABSOLUTE.get(r.name)
        if absolute and (absolute[2] is None or r.size in absolute[2]):
            r.target = absolute[1]
            r.verdict = r.judge()
    return results
