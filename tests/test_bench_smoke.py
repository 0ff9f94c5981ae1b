"""Smoke test of the benchmark suite (bench/): the generator and one small benchmark.

Benchmarks are not tests; this only checks that `make bench` has working parts: synthetic data
at 10^3 participations loads and validates, is labelled synthetic, is deterministic, never goes
into data/, and the load benchmark writes a well-formed result list and report.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bench import calibration, loading, report, sessions, synthetic, targets
from bench.measure import Result, growth_exponent, machine, read_results, write_results

from coopstats import load_dataset
from coopstats.settings import BUNDLED_DATA_DIR
from loops import run_alone

# Builds and loads synthetic data: left out of `make test-fast`.
pytestmark = pytest.mark.slow

SIZE = 1_000


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthetic") / "syn-1000"
    return synthetic.write(synthetic.generate(SIZE, seed=1), out, size=SIZE, seed=1)


def test_generated_data_loads_validates_and_has_the_size_asked(folder: Path) -> None:
    ds = load_dataset(folder)
    tables = ds.tables
    assert len(tables.participations) == SIZE
    assert not [w for w in tables.warnings if w.severity == "error"]
    assert tables.series["series_id"].nunique() >= 2
    assert set(tables.events["kind"]) >= {"edition", "sub_forum"}
    assert tables.figures["qualifier"].nunique() >= 3
    # Conflicting sources: one event, metric and scope with two different values.
    spread = tables.figures.groupby(["event_id", "metric", "scope"], dropna=False)[
        "value"
    ].nunique()
    assert (spread > 1).any()
    # Participants come from the real lists.
    known = set(tables.countries["iso3"]) | set(tables.organisations["org_id"])
    assert set(tables.participations["participant_id"]) <= known


def test_generated_data_is_labelled_synthetic(folder: Path) -> None:
    ds = load_dataset(folder)
    assert ds.tables.events["title"].str.contains("SYNTHETIC").all()
    assert ds.tables.series["name"].str.contains("SYNTHETIC").all()
    assert ds.tables.sources["title"].str.contains("SYNTHETIC").all()
    marker = json.loads((folder / synthetic.MARKER).read_text(encoding="utf-8"))
    assert marker == {**marker, "synthetic": True, "size": SIZE, "seed": 1}


def test_generator_is_deterministic(folder: Path, tmp_path: Path) -> None:
    again = synthetic.write(synthetic.generate(SIZE, seed=1), tmp_path, size=SIZE, seed=1)
    for name in ("events.csv", "figures.csv", "participations.csv", "sources.csv"):
        assert (again / name).read_bytes() == (folder / name).read_bytes(), name


def test_generator_refuses_the_bundled_data_folder() -> None:
    with pytest.raises(SystemExit, match="bundled data"):
        synthetic.write({}, BUNDLED_DATA_DIR / "synthetic", size=SIZE, seed=1)


def test_load_benchmark_writes_a_well_formed_result_list(folder: Path, tmp_path: Path) -> None:
    _, results = loading.measure(folder, SIZE)
    path = tmp_path / "results.json"
    write_results(results, path)
    items = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(items, list) and len(items) == 2
    for item in items:
        assert {"name", "size", "value", "unit", "verdict"} <= set(item)
        assert item["size"] == SIZE and item["value"] > 0
    timing = next(i for i in items if i["name"] == "load.validate")
    assert timing["unit"] == "s" and timing["baseline"] > 0 and timing["ratio"] > 0
    assert [r.name for r in read_results(path.read_text(encoding="utf-8"))] == [
        i["name"] for i in items
    ]
    doc = tmp_path / "performance.md"
    doc.write_text(
        f"# Performance\n\nprose\n\n{report.BEGIN}\nOLD-BLOCK\n{report.END}\n\nmore prose\n"
    )
    report.write(doc, results, machine(), 1.0)
    text = doc.read_text(encoding="utf-8")
    assert "prose" in text and "more prose" in text and "OLD-BLOCK" not in text
    assert "load.validate" in text


def test_verdicts_and_growth() -> None:
    assert Result("x", 1, 2.0, "s", target=3.0).verdict == "pass"
    assert Result("x", 1, 4.0, "s", target=3.0).verdict == "miss"
    assert Result("x", 1, 4.0, "s", target=3.0, cpu=2.0).verdict == "miss (load)"
    assert Result("x", 1, None, "s", target=3.0).verdict == "not measured"
    assert Result("x", 1, 1.0, "s").verdict == "info"
    assert growth_exponent([(10, 1.0), (100, 10.0), (1000, 100.0)]) == 1.0


def _run_like(factor: float) -> list[Result]:
    """A run's results with every time (tasks and calibrations alike) multiplied by `factor`."""

    def s(x: float) -> float:
        return x * factor

    return [
        Result("calibration.groupby", 1_000_000, s(0.040), "s", cpu=s(0.038)),
        Result("calibration.groupby", 100_000, s(0.004), "s", cpu=s(0.004)),
        Result("calibration.read_csv", 1_000_000, s(0.8), "s", cpu=s(0.8)),
        Result("calibration.plotly_json", None, s(0.002), "s", cpu=s(0.002), counts={"kb": 22}),
        Result("calibration.streamlit_rerun", None, s(0.010), "s", cpu=s(0.006)),
        Result("calibration.streamlit_element", None, s(0.0001), "s", cpu=s(0.0001)),
        Result("calibration.map_startup", None, s(4.0), "s"),
        Result("calibration.kaleido_png", None, s(0.6), "s"),
        Result("load.validate", 1_000_000, s(2.0), "s", cpu=s(2.1)),
        Result("load.peak_memory", 1_000_000, 600.0, "MB"),
        Result("aggregation.events", 1_000_000, s(0.010), "s", cpu=s(0.010)),
        Result("aggregation.series", 1_000_000, s(0.300), "s", cpu=s(0.300)),
        Result("aggregation.timeline", 1_000_000, s(0.300), "s", cpu=s(0.200)),
        Result("aggregation.series", 10_000, s(0.300), "s", cpu=s(0.300)),
        Result(
            "page.compare.filter_change",
            100_000,
            s(0.150),
            "s",
            counts={"queries": 5, "figures": 4, "figure_kb": 44.0, "elements": 23},
        ),
        Result(
            "page.map.filter_change",
            1_000_000,
            s(0.900),
            "s",
            counts={"queries": 4, "figures": 1},
        ),
        Result("page.world_map.figure_bytes", 100_000, 40.0, "KB"),
        Result("startup.map_painted", None, s(4.4), "s"),
        Result("startup.map_painted", None, s(5.0), "s"),
        Result("export.png.warm", None, s(0.9), "s"),
        Result("export.pptx_pack", None, s(5.0), "s", counts={"images": 5}),
        Result("sessions.10.errors", None, 0, "count"),
        Result("sessions.10.p95", None, s(1.5), "s"),
    ]


@pytest.mark.parametrize("factor", [0.5, 2.0, 4.0])
def test_verdicts_hold_on_a_machine_uniformly_slower_or_faster(factor: float) -> None:
    here = targets.judge(_run_like(1.0))
    there = targets.judge(_run_like(factor))
    judged = [r for r in here if r.target is not None]
    assert {r.verdict for r in judged} >= {"pass", "miss", "miss (load)"}

    def verdicts(results: list[Result]) -> list[tuple]:
        # The one absolute time (an official's wait) is meant to move with the machine.
        kept = [r for r in results if not (r.unit == "s" and r.target_multiple is None)]
        return [(r.name, r.size, r.verdict) for r in kept]

    assert verdicts(here) == verdicts(there)
    for a, b in zip(here, there, strict=True):
        assert a.multiple == b.multiple and a.target_multiple == b.target_multiple


def test_every_time_target_is_a_multiple_except_the_documented_wait() -> None:
    judged = [r for r in targets.judge(_run_like(1.0)) if r.target is not None]
    absolute_times = {r.name for r in judged if r.unit == "s" and r.target_multiple is None}
    assert absolute_times <= {n for n, (unit, *_) in targets.ABSOLUTE.items() if unit == "s"}
    assert {n for n, (unit, *_) in targets.ABSOLUTE.items() if unit == "s"} == {"sessions.10.p95"}
    page = next(r for r in judged if r.name == "page.compare.filter_change")
    # 5 queries x group-by at 10^5 + the JSON of 44 KB (twice the fixed figure's 22 KB) + one
    # bare rerun + the 20 elements beyond the bare app's 3.
    assert page.calibration_s == pytest.approx(5 * 0.004 + 2 * 0.002 + 0.010 + 20 * 0.0001)
    assert "44 kb / 22 kb × calibration.plotly_json" in page.calibration
    earlier = 5 * 0.004 + 4 * 0.002 + 0.010
    assert f"{0.150 / earlier:.2f}× the earlier floor" in page.note
    # A run recorded before kilobytes were counted: one fixed figure per figure sent.
    older = next(r for r in judged if r.name == "page.map.filter_change")
    assert older.calibration_s == pytest.approx(4 * 0.040 + 1 * 0.002 + 0.010)
    assert page.multiple == pytest.approx(0.150 / page.calibration_s, abs=0.01)
    small = next(r for r in judged if r.name == "aggregation.series")
    assert small.size == 1_000_000 and small.calibration == "calibration.groupby"


def test_a_page_floor_takes_the_calibrations_measured_beside_it() -> None:
    # The run's calibrations say the machine is fast; those measured beside the page, while
    # the host was twice as slow, set its floor: the same page, the same multiple.
    counts = {"queries": 5, "figures": 4, "figure_kb": 44.0, "elements": 23}
    slow = calibration.pooled([{r.name: r for r in _beside(0.008, 0.004, 0.020)}] * 3)
    page = Result(
        "page.compare.filter_change",
        100_000,
        0.300,
        "s",
        counts=counts,
        beside={name: r.as_dict() for name, r in slow.items()},
    )
    twin = Result("page.compare.filter_change", 100_000, 0.150, "s", counts=counts)
    judged = targets.judge([*_run_like(1.0), page])
    fast = next(r for r in targets.judge([*_run_like(1.0), twin]) if r is twin)
    assert judged[-1].calibration_s == pytest.approx(5 * 0.008 + 2 * 0.004 + 0.020 + 20 * 0.0001)
    assert judged[-1].multiple == pytest.approx(fast.multiple, rel=0.05)
    assert judged[-1].verdict == fast.verdict


def _beside(groupby: float, json: float, rerun: float) -> list[Result]:
    return [
        Result("calibration.groupby", 100_000, groupby, "s", cpu=groupby),
        Result("calibration.plotly_json", None, json, "s", cpu=json, counts={"kb": 22}),
        Result("calibration.streamlit_rerun", None, rerun, "s", cpu=rerun),
    ]


def test_calibrations_beside_a_page_are_the_floor_s_three_measured_here() -> None:
    measured = [calibration.beside(10_000) for _ in range(3)]
    assert set(measured[0]) == {
        "calibration.streamlit_rerun",
        "calibration.groupby",
        "calibration.plotly_json",
    }
    assert measured[0]["calibration.groupby"].size == 10_000
    assert measured[0]["calibration.plotly_json"].counts["kb"] > 10
    pooled = calibration.pooled(measured)
    for name, r in pooled.items():
        values = sorted(m[name].value for m in measured)
        assert r.value == pytest.approx(values[1], abs=1e-6)  # the median of three
        assert r.runs == sum(m[name].runs for m in measured) >= 15


def test_pooled_calibrations_are_the_median_of_their_sets() -> None:
    # One set measured while the host stalled does not move the floor; the median does.
    sets = [{r.name: r for r in _beside(g, 0.004, 0.020)} for g in (0.005, 0.006, 0.030)]
    pooled = calibration.pooled(sets)
    assert pooled["calibration.groupby"].value == pytest.approx(0.006)
    assert pooled["calibration.groupby"].cpu == pytest.approx(0.006)
    assert pooled["calibration.plotly_json"].counts == {"kb": 22}


def test_a_missing_calibration_leaves_the_figure_unjudged() -> None:
    results = targets.judge([Result("aggregation.events", 1_000_000, 0.01, "s")])
    assert results[0].target is None and "calibration not measured" in results[0].note


def test_calibrations_measure_fixed_work(folder: Path) -> None:
    found = [calibration.groupby(10_000), calibration.plotly_json()]
    assert found[1].counts["kb"] > 10
    found.append(calibration.read_csv(folder, SIZE))
    assert [r.name for r in found] == [
        "calibration.groupby",
        "calibration.plotly_json",
        "calibration.read_csv",
    ]
    assert all(r.value > 0 and r.unit == "s" and r.verdict == "info" for r in found)
    frame = calibration.groupby_frame(10_000)
    assert frame["key"].nunique() <= 10_000 // calibration.ROWS_PER_GROUP
    assert frame.equals(calibration.groupby_frame(10_000))


def test_a_simulated_official_reads_widgets_and_errors_from_forward_messages() -> None:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    session = sessions.Session("http://127.0.0.1:1", "map")
    slider = ForwardMsg()
    slider.delta.new_element.slider.id = "$$ID-abc-years"
    slider.delta.new_element.slider.min = 2000
    slider.delta.new_element.slider.max = 2025
    box = ForwardMsg()
    box.delta.new_element.checkbox.id = "$$ID-def-sub"
    box.delta.new_element.checkbox.label = sessions.SUB_FORUMS_LABEL
    box.delta.new_element.checkbox.default = True
    failed = ForwardMsg()
    failed.delta.new_element.exception.message = "boom"
    for message in (slider, box, failed):
        session._read_delta(message)
    assert {w.kind for w in session.widgets.values()} == {"slider", "checkbox"}
    assert session.widgets["$$ID-abc-years"].high == 2025
    assert session.problems == ["exception: boom"]


def test_the_load_generator_refuses_other_than_loopback() -> None:
    with pytest.raises(ValueError, match="loopback"):
        run_alone(sessions.Session("http://192.0.2.1:8501", "map").open)


def test_a_level_reports_quantiles_errors_and_cpu() -> None:
    level = sessions.Level(10, opens=[0.5], changes=[0.1 * k for k in range(1, 21)])
    level.wall_s, level.server_cpu_s, level.own_cpu_s = 40.0, 4.2, 0.4
    found = {r.name: r for r in sessions.results_of(level, "bundled data", None)}
    assert found["sessions.10.p95"].value == pytest.approx(2.0)
    assert found["sessions.10.p50"].value == pytest.approx(1.05)
    assert found["sessions.10.server_cpu_per_change"].value == pytest.approx(0.2)
    assert found["sessions.10.generator_cpu"].value == pytest.approx(0.01)
    assert level.passes()
    level.errors.append("TimeoutError")
    assert not level.passes()


def test_the_element_calibration_adds_elements_counted_as_the_pages_count_theirs(
    tmp_path: Path,
) -> None:
    from bench import pages
    from streamlit.testing.v1 import AppTest

    drawn = {}
    for name, script in (("bare", calibration.BARE_APP), ("many", calibration.MANY_ELEMENTS_APP)):
        app = tmp_path / f"{name}.py"
        app.write_text(script, encoding="utf-8")
        at = AppTest.from_file(str(app), default_timeout=60)
        at.run()
        drawn[name] = pages._elements(at)
    assert drawn["bare"] == calibration.BARE_ELEMENTS == targets.BARE_ELEMENTS
    assert drawn["many"] == calibration.BARE_ELEMENTS + calibration.ELEMENTS


def test_judging_a_run_again_keeps_one_note_per_result() -> None:
    # The run judges after each worker and once more over every result.
    once = targets.judge(_run_like(1.0))
    notes = {(r.name, r.size): r.note for r in once}
    again = targets.judge(targets.judge(once))
    assert {(r.name, r.size): r.note for r in again} == notes
    page = next(r for r in again if r.name == "page.compare.filter_change")
    assert page.note.count("the earlier floor") == 1
