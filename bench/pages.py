"""Server time of a filter change on each page, and the bytes of each page's figures (AppTest).

`streamlit.testing.v1.AppTest` runs dashboard.py in this process with COOPSTATS_DATA_DIR set to
the folder under test. A page is opened once (the dataset is loaded and cached), then the
sidebar's year slider is moved to ranges never asked before: that run is a *warm filter
change* (dataset cached, queries computed afresh). Beside it, in the same run: the same change
back to a range already seen (every query a cache hit), and the naive baseline, the *uncached
page*: both Streamlit caches cleared first, so the run reloads the dataset as a page without
caching would.

Figure bytes are the JSON plotly specs the server sends for the page at default filters.

Each filter-change result counts what the page did (`counts`: the cached queries it asked per
change, the plotly figures it sent and their kilobytes of JSON, the elements it drew, sidebar
included): its target is a multiple of that much calibrated work (bench/targets.py). On
synthetic data the calibrations of that floor (bare rerun, plotly JSON, group-by at the size)
are measured again before the page's first change and after each, in this process, and the
result carries their median (`beside`): a shared host's speed drifts between the run's start
and its pages, and from second to second, by more than a page's margin.
"""

from __future__ import annotations

import itertools
import os
import statistics
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from bench import calibration
from bench.measure import Result

ROOT = Path(__file__).resolve().parents[1]
DASHBOARD = str(ROOT / "dashboard.py")
PAGES_DIR = "src/coopstats/app/pages"
PAGES = (
    "overview",
    "world_map",
    "timeline",
    "compare",
    "organisations",
    "country",
    "data",
    "about",
)
TIMEOUT_S = 900
LARGE = 1_000_000
# Pages timed fully at every size; at LARGE the others get one change and no uncached baseline.
CORE_PAGES = ("overview", "world_map")


class QueryCounter:
    """Counts the cached queries pages ask (`coopstats.app.view.query`) while installed."""

    def __init__(self) -> None:
        self.calls = 0
        self._original = None

    def install(self) -> None:
        from coopstats.app import view

        original = view.query
        self._original = original

        def counted(*args, **kwargs):
            self.calls += 1
            return original(*args, **kwargs)

        for name in ("clear", "_info"):  # what st.cache_data exposes beside the call
            if hasattr(original, name):
                setattr(counted, name, getattr(original, name))
        view.query = counted


CPU_SPENT: list[float] = []  # CPU seconds of each run, in order (the script thread included)


def _run(at: AppTest) -> float:
    started, cpu = time.perf_counter(), time.process_time()
    at.run()
    CPU_SPENT.append(time.process_time() - cpu)
    return time.perf_counter() - started


def _year_ranges(lo: int, hi: int):
    """Year ranges (a, b), each asked once, narrowing from both ends."""
    for k in itertools.count(1):
        for a in range(k + 1):
            b = k - a
            if lo + a < hi - b:
                yield (lo + a, hi - b)


def _elements(at: AppTest) -> int:
    """Elements and blocks the last run drew, in the main area and the sidebar (the
    calibration's bare app draws 3): what Streamlit itself handles per run."""

    def count(node: object) -> int:
        children = getattr(node, "children", None) or {}
        return sum(1 + count(child) for child in children.values())

    return count(at.main) + count(at.sidebar)


def _figure_kb(at: AppTest) -> float:
    """Kilobytes of plotly JSON the last run sent (what `st.plotly_chart` serialised)."""
    return sum(len(chart.proto.spec.encode("utf-8")) for chart in at.get("plotly_chart")) / 1024


def _problems(at: AppTest) -> str:
    found = [str(e.value)[:200] for e in at.exception] + [str(e.value)[:200] for e in at.error]
    return "; ".join(found)


def measure(
    data_dir: Path | None, size: int | None, *, changes: int = 5, uncached: bool = True
) -> list[Result]:
    """Per page: warm filter change (median of `changes`), cached revisit, uncached page, bytes."""
    if data_dir is not None:
        os.environ["COOPSTATS_DATA_DIR"] = str(Path(data_dir).resolve())
    else:
        os.environ.pop("COOPSTATS_DATA_DIR", None)
    st.cache_data.clear()
    st.cache_resource.clear()
    calibration.share_script_cache()  # compile each page once, as the server does
    results: list[Result] = []
    ranges = None
    counter = QueryCounter()
    counter.install()
    for page in PAGES:
        at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT_S)
        _run(at)
        at.switch_page(f"{PAGES_DIR}/{page}.py")
        first = _run(at)
        slider = at.slider(key="years")
        if ranges is None:
            lo, hi = slider.min, slider.max
            ranges = _year_ranges(int(lo), int(hi))
            default = (int(lo), int(hi))
        figures = len(at.get("plotly_chart"))
        payload_kb = _figure_kb(at)
        warm, warm_cpu, warm_kb = [], [], []
        # The floor's calibrations (when judged): before the first change and after each.
        judged = data_dir is not None and size is not None
        floors = [calibration.beside(size)] if judged else []
        asked = counter.calls
        # At 10^6 a change on the heavier pages takes many seconds: one sample keeps the run
        # within its time budget (the baseline and cached revisit still come from the same run).
        for _ in range(changes if (size or 0) < LARGE or page in CORE_PAGES else 1):
            years = next(ranges)
            warm.append(_run(slider.set_value(years)))
            warm_cpu.append(CPU_SPENT[-1])
            warm_kb.append(_figure_kb(at))
            slider = at.slider(key="years")
            if judged:
                floors.append(calibration.beside(size))
        queries = round((counter.calls - asked) / max(len(warm), 1))
        local = calibration.pooled(floors) if floors else None
        elements = _elements(at)
        cached = _run(slider.set_value(default))
        baseline = None
        if uncached and ((size or 0) < LARGE or page in CORE_PAGES):
            st.cache_data.clear()
            st.cache_resource.clear()
            baseline = _run(at.slider(key="years").set_value(next(ranges)))
        problems = _problems(at)
        note = f"first visit {first:.2f} s; revisit of a cached range {cached:.3f} s"
        if problems:
            note += f"; PAGE ERRORS: {problems}"
        results.append(
            Result(
                f"page.{page}.filter_change",
                size,
                round(statistics.median(warm), 4),
                "s",
                cpu=round(statistics.median(warm_cpu), 4),
                runs=len(warm),
                counts={
                    "queries": queries,
                    "figures": figures,
                    "figure_kb": round(statistics.median(warm_kb), 1),
                    "elements": elements,
                },
                baseline=round(baseline, 4) if baseline else None,
                baseline_name="the uncached page (both Streamlit caches cleared)"
                if baseline
                else None,
                note=note,
                beside={n: r.as_dict() for n, r in local.items()} if local else None,
            )
        )
        results.append(
            Result(
                f"page.{page}.figure_bytes",
                size,
                round(payload_kb, 1),
                "KB",
                note=f"{figures} plotly specs at default filters",
            )
        )
    return results
