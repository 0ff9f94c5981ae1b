"""Calibration: fixed work measured on this machine at the start of every run.

Every target that is a time is checked as a multiple of the calibration that bounds it, the
least work the task must do (see `bench/targets.py` and docs/performance.md), so a verdict does
not move with the machine. The figures:

- `calibration.groupby` (one per size N): one pandas group-by pass over N rows, an integer key
  with N/80 groups (the grain of events: about 80 named participations each) summing a float
  column. What one aggregation over N selected participations must at least do.
- `calibration.read_csv` (one per size N): the six tables of the N-row synthetic folder read
  as text by pandas' C parser, no checks. What loading must at least do.
- `calibration.plotly_json`: `plotly.io.to_json(fig, validate=False)` (what `st.plotly_chart`
  calls) of a fixed figure: a 250-country choropleth with hover text and 500 markers (22 KB;
  the result's `counts["kb"]`, so a page's figures are counted in the same kilobytes).
- `calibration.streamlit_rerun`: a bare Streamlit app (a sidebar slider, a title, a line of
  text) rerun through AppTest after its slider moves: the page benchmark's own harness, so its
  overhead is in both (each compiling its script once, as the server does).
- `calibration.streamlit_element`: what one more element costs a rerun: the bare app with
  ELEMENTS more lines of `st.text`, against the bare app, in the same harness, divided by
  ELEMENTS. Text is the cheapest element, so a page's elements cost at least this each.

Two more are measured where they need a browser: `calibration.map_startup` (a bare Streamlit
app drawing one plotly map, from `streamlit run` to the first shape painted; bench/browser.py,
at the start of the browser group, interleaved with the dashboard's own start-up) and
`calibration.kaleido_png` (a warm kaleido PNG of that bare map at slide size; bench/export.py).
"""

from __future__ import annotations

import functools
import statistics
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from bench.measure import Result, timed

ROWS_PER_GROUP = 80
BARE_APP = """
import streamlit as st

years = st.sidebar.slider("Years", 1990, 2030, (1990, 2030), key="years")
st.title("Calibration")
st.write(f"From {years[0]} to {years[1]}")
"""
# The bare app draws this many elements (slider, title, text), counted as the pages count theirs.
BARE_ELEMENTS = 3
# Lines of text the element calibration adds to the bare app.
ELEMENTS = 100
MANY_ELEMENTS_APP = (
    BARE_APP
    + f"""
for line in range({ELEMENTS}):
    st.text(f"Line {{line}}: from {{years[0]}} to {{years[1]}}")
"""
)


def share_script_cache() -> None:
    """Make AppTest compile each script once per process, as the server does.

    AppTest builds a new `ScriptCache` for every run, so each rerun it times also parses the
    page, runs Streamlit's "magic" AST pass and compiles it (10-40 ms for a page here); the
    server's runtime keeps one cache and compiles a page once. One shared cache makes an
    AppTest rerun cost what a server rerun costs, for the pages and the bare rerun alike."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    if getattr(app_test, "_bench_shared_cache", None) is None:
        shared = ScriptCache()
        app_test._bench_shared_cache = shared
        app_test.ScriptCache = lambda: shared
        local_script_runner.ScriptCache = lambda: shared


def groupby_frame(rows: int) -> pd.DataFrame:
    """The fixed frame: `rows` rows, an int64 key of rows/80 groups, a float value (seeded)."""
    rng = np.random.default_rng(1)
    return pd.DataFrame(
        {
            "key": rng.integers(0, max(rows // ROWS_PER_GROUP, 1), rows),
            "value": rng.random(rows),
        }
    )


# Made once per process: `beside` measures again with the same frame and figure.
_groupby_frame = functools.cache(groupby_frame)

# The timing of a calibration measured again beside a page (see `beside`): a few runs, briefly.
QUICK = {"min_runs": 5, "max_runs": 9, "budget_s": 0.5}


def groupby(rows: int, *, quick: bool = False) -> Result:
    frame = _groupby_frame(rows)
    timing = QUICK if quick else {"min_runs": 5, "max_runs": 15, "budget_s": 2.0}
    t = timed(lambda: frame.groupby("key")["value"].sum(), **timing)
    return Result(
        "calibration.groupby",
        rows,
        round(t.wall, 5),
        "s",
        cpu=round(t.cpu, 5),
        runs=t.runs,
        note=f"frame.groupby(key)[value].sum() over {rows:,} rows, {rows // ROWS_PER_GROUP:,} "
        "groups, median of the runs",
    )


def read_csv(folder: Path, rows: int) -> Result:
    from bench.loading import read_csv_naively

    t = timed(lambda: read_csv_naively(folder), min_runs=2, max_runs=5, budget_s=3.0)
    return Result(
        "calibration.read_csv",
        rows,
        round(t.wall, 5),
        "s",
        cpu=round(t.cpu, 5),
        runs=t.runs,
        note="the six tables as text, pandas' C parser, no checks",
    )


def fixed_figure():
    """The plotly figure serialised by `calibration.plotly_json` (deterministic, 28 KB)."""
    import plotly.graph_objects as go

    codes = [f"C{i:03d}" for i in range(250)]
    return go.Figure(
        [
            go.Choropleth(
                locations=codes,
                z=[(i * 37) % 101 for i in range(250)],
                text=[f"Country {c}" for c in codes],
                hovertemplate="%{text}: %{z}<extra></extra>",
            ),
            go.Scattergeo(
                lat=[(i * 13) % 160 - 80 for i in range(500)],
                lon=[(i * 29) % 360 - 180 for i in range(500)],
                text=[f"point {i}" for i in range(500)],
                mode="markers",
            ),
        ]
    )


_fixed_figure = functools.cache(fixed_figure)


def plotly_json(*, quick: bool = False) -> Result:
    import plotly.io as pio

    fig = _fixed_figure()
    size = len(pio.to_json(fig, validate=False))
    timing = QUICK if quick else {"min_runs": 5, "max_runs": 15, "budget_s": 1.0}
    t = timed(lambda: pio.to_json(fig, validate=False), **timing)
    return Result(
        "calibration.plotly_json",
        None,
        round(t.wall, 5),
        "s",
        cpu=round(t.cpu, 5),
        runs=t.runs,
        counts={"kb": round(size / 1024, 1)},
        note=f"plotly.io.to_json(validate=False) of a fixed figure: 250-country choropleth "
        f"and 500 markers, {size / 1024:.0f} KB",
    )


def _rerun_time(script: str):
    """Timing of AppTest reruns of `script` after its slider moves (the pages' harness)."""
    from streamlit.testing.v1 import AppTest

    share_script_cache()
    with tempfile.TemporaryDirectory() as folder:
        app = Path(folder) / "bare.py"
        app.write_text(script, encoding="utf-8")
        at = AppTest.from_file(str(app), default_timeout=60)
        at.run()
        values = iter([(1990 + k % 20, 2030 - k % 17) for k in range(1, 1000)])
        return timed(
            lambda: at.slider(key="years").set_value(next(values)).run(),
            min_runs=7,
            max_runs=21,
            budget_s=2.0,
        )


def streamlit_rerun(*, quick: bool = False) -> Result:
    if quick:  # the bare app kept in this process, a few reruns
        at, values = _bare_app()
        t = timed(lambda: at.slider(key="years").set_value(next(values)).run(), **QUICK)
    else:
        t = _rerun_time(BARE_APP)
    return Result(
        "calibration.streamlit_rerun",
        None,
        round(t.wall, 5),
        "s",
        cpu=round(t.cpu, 5),
        runs=t.runs,
        counts={"elements": BARE_ELEMENTS},
        note="a bare app (sidebar slider, title, a line of text) rerun through AppTest "
        "after its slider moves",
    )


def streamlit_element() -> Result:
    bare, many = _rerun_time(BARE_APP), _rerun_time(MANY_ELEMENTS_APP)
    return Result(
        "calibration.streamlit_element",
        None,
        round(max(many.wall - bare.wall, 0.0) / ELEMENTS, 7),
        "s",
        cpu=round(max(many.cpu - bare.cpu, 0.0) / ELEMENTS, 7),
        runs=min(bare.runs, many.runs),
        note=f"one more element in a rerun: the bare app with {ELEMENTS} lines of st.text "
        f"against the bare app, through AppTest, divided by {ELEMENTS}",
    )


@functools.cache
def _bare_app():
    """The bare app under AppTest, run once, kept for `beside` (its file stays while the
    process runs)."""
    from streamlit.testing.v1 import AppTest

    share_script_cache()
    app = Path(tempfile.mkdtemp(prefix="coopstats-bench-")) / "bare.py"
    app.write_text(BARE_APP, encoding="utf-8")
    at = AppTest.from_file(str(app), default_timeout=60)
    at.run()
    return at, iter([(1990 + k % 20, 2030 - k % 17) for k in range(1, 100_000)])


def beside(rows: int) -> dict[str, Result]:
    """A page floor's calibrations measured again, briefly, where they are called: the bare
    rerun, plotly's JSON of the fixed figure and the group-by of `rows` rows, by name.

    The run's own calibrations are measured once, at its start, minutes before the pages; a
    shared host's speed drifts by more than a page's margin in that time (back-to-back runs
    of the same code moved the pages' multiples by 1.15-1.6x), and within seconds too (the
    median group-by of 250 ms windows ranged 6.2-9.9 ms over six seconds). A page's floor is
    therefore taken from these, measured before its first change and after each (`pooled`).
    """
    made = [streamlit_rerun(quick=True), groupby(rows, quick=True), plotly_json(quick=True)]
    return {r.name: r for r in made}


def pooled(measured: list[dict[str, Result]]) -> dict[str, Result]:
    """Several `beside` measurements, interleaved with a page's changes, as one: the median of
    their medians, the calibration as it stood while the page was measured."""
    out = {}
    for name, first in measured[0].items():
        sets = [m[name] for m in measured]
        cpus = [r.cpu for r in sets]
        cpu = round(statistics.median(cpus), 6) if None not in cpus else None
        out[name] = Result(
            name, first.size, round(statistics.median(r.value for r in sets), 6), first.unit,
            cpu=cpu, runs=sum(r.runs or 0 for r in sets), counts=first.counts,
            load_1m=max(r.load_1m for r in sets),
            note=f"measured beside the result: median of {len(sets)} sets",
        )  # fmt: skip
    return out


def measure(folders: dict[int, Path]) -> list[Result]:
    """Every calibration that needs no browser, for each size in `folders`."""
    results = [plotly_json(), streamlit_rerun(), streamlit_element()]
    for rows, folder in sorted(folders.items()):
        results.append(groupby(rows))
        results.append(read_csv(folder, rows))
    return results


def bare_map_figure():
    """The bare map of the start-up baseline app (bench/browser.py): four countries, the
    dashboard's own map function and base map, no data layer."""
    from coopstats.figures.participation_map import participation_map

    frame = pd.DataFrame(
        {
            "iso3": ["FRA", "CHN", "BRA", "KEN"],
            "name": ["France", "China", "Brazil", "Kenya"],
            "editions": [5, 4, 1, 3],
            "first_year": [2010, 2011, 2019, 2012],
            "last_year": [2022, 2021, 2019, 2020],
            "roles": ["host", "speaker", "participant", "host"],
            "has_polygon": [True] * 4,
            "lat": [46.6, 35.0, -10.0, 0.2],
            "lon": [2.4, 103.0, -55.0, 37.9],
        }
    )
    labels = {
        "colorbar": "Editions",
        "editions": "Editions",
        "first_year": "First year",
        "last_year": "Last year",
        "roles": "Roles",
        "host_city": "Host city",
    }
    return participation_map(
        frame, measure="editions", labels=labels, colors=["#d0e1f2", "#08306b"]
    )


def kaleido_png(static_dir: Path) -> Result:
    """A warm kaleido PNG of the bare map at slide size (the server started and used first)."""
    from coopstats.export.images import to_png

    fig = bare_map_figure()
    to_png(fig, static_dir)  # starts the long-lived Chromium; not timed
    t = timed(lambda: to_png(fig, static_dir), min_runs=3, max_runs=5, budget_s=3.0)
    return Result(
        "calibration.kaleido_png",
        None,
        round(t.wall, 5),
        "s",
        runs=t.runs,
        note="warm kaleido PNG of the bare map (four countries on the 50m base map), slide size",
    )
