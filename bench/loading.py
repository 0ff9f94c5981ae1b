"""Load and validate a data folder: time, CPU and peak memory, beside plain pandas.read_csv.

The baseline reads the same six tables with pandas' C parser (no pyarrow, no validation, no
cross-table checks): the floor any loader pays just to parse the bytes. The ratio says what
validation costs on top of it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from bench.measure import Result, peak_rss_mb, timed
from coopstats import schema
from coopstats.dataset import Dataset, load_dataset

TARGET_SIZE = 1_000_000


def read_csv_naively(data_dir: Path) -> dict[str, pd.DataFrame]:
    """Every table as strings with pandas' C parser: no pyarrow, no checks."""
    return {
        name: pd.read_csv(Path(data_dir) / name, dtype=str, keep_default_na=False, engine="c")
        for name in schema.TABLES
    }


def measure(data_dir: Path, size: int) -> tuple[Dataset, list[Result]]:
    """(the loaded dataset, results): load time, its baseline, and peak memory of the process.

    Peak memory is read right after the first load, before anything else runs, so it is the
    load's peak (the interpreter and imported libraries included).
    """
    before = peak_rss_mb()
    ds = load_dataset(data_dir)
    peak = peak_rss_mb()
    results = [
        Result(
            "load.peak_memory",
            size,
            round(peak, 1),
            "MB",
            note=f"peak RSS of the process after load_dataset; {before:.0f} MB before it "
            "(interpreter and libraries)",
        ),
    ]
    budget = 4.0 if size < TARGET_SIZE else 1.0
    ours = timed(lambda: load_dataset(data_dir), min_runs=2, budget_s=budget)
    naive = timed(lambda: read_csv_naively(data_dir), min_runs=2, budget_s=budget)
    results.append(
        Result(
            "load.validate",
            size,
            round(ours.wall, 4),
            "s",
            cpu=round(ours.cpu, 4),
            runs=ours.runs,
            baseline=round(naive.wall, 4),
            baseline_name="pandas.read_csv (C engine, no checks)",
            note="load_dataset: read, validate, cross-check, derive, index, hash",
        )
    )
    return ds, results
