"""Smoke test of the benchmark suite (bench/): the generator and one small benchmark.

Benchmarks are not tests; this only checks that `make bench` has working parts: synthetic data
at 10^3 participations loads and validates, is labelled synthetic, is deterministic, never goes
into data/, and the load benchmark writes a well-formed result list and report.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bench import loading, report, synthetic
from bench.measure import Result, growth_exponent, machine, read_results, write_results

from coopstats import load_dataset
from coopstats.settings import BUNDLED_DATA_DIR

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
    doc.write_text(f"# Performance\n\nprose\n\n{report.BEGIN}\nold\n{report.END}\n\nmore prose\n")
    report.write(doc, results, machine(), 1.0)
    text = doc.read_text(encoding="utf-8")
    assert "prose" in text and "more prose" in text and "old" not in text
    assert "load.validate" in text


def test_verdicts_and_growth() -> None:
    assert Result("x", 1, 2.0, "s", target=3.0).verdict == "pass"
    assert Result("x", 1, 4.0, "s", target=3.0).verdict == "miss"
    assert Result("x", 1, 4.0, "s", target=3.0, cpu=2.0).verdict == "miss (load)"
    assert Result("x", 1, None, "s", target=3.0).verdict == "not measured"
    assert Result("x", 1, 1.0, "s").verdict == "info"
    assert growth_exponent([(10, 1.0), (100, 10.0), (1000, 100.0)]) == 1.0
