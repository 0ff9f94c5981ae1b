"""What a page hands st.plotly_chart: the figure's dict, made without plotly's deep copy and
its detour through narwhals, must be the very dict plotly makes (the same JSON), and must leave
the figure as it was."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from coopstats import Filters, load_dataset
from coopstats.app.charts import _Sent
from coopstats.charts import CHARTS, ChartOptions, NothingToShow, build_chart
from coopstats.figures.locale import localise

DATA = Path(__file__).resolve().parents[2] / "data"


def _same_as_plotly(fig: go.Figure) -> None:
    before = fig.to_json()
    expected = pio.to_json(fig.to_dict(), validate=False)
    assert pio.to_json(_Sent(fig).to_dict(), validate=False) == expected
    assert fig.to_json() == before  # the figure itself is left as it was


@pytest.fixture(scope="module")
def ds():
    return load_dataset(DATA)


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("name", list(CHARTS))
def test_every_chart_is_sent_as_plotly_would_send_it(ds, name: str, lang: str) -> None:
    try:
        chart = build_chart(ds, name, Filters(), lang, ChartOptions())
    except NothingToShow:
        pytest.skip(f"{name}: nothing to draw on the bundled data")
    _same_as_plotly(localise(chart.figure, lang))


def test_arrays_of_every_kind_are_written_as_plotly_writes_them() -> None:
    big = np.array([0, 2**40], dtype=np.int64)  # fits no 32-bit type: left as it is
    fig = go.Figure(
        data=[
            {"type": "scatter", "x": np.arange(5, dtype=np.int64), "y": np.linspace(0, 1, 5),
             "customdata": np.array([[1, "a"], [2, "b"]], dtype=object),
             "marker": {"size": np.array([300, 70000], dtype=np.int64),
                        "color": np.array([1.5, 2.5], dtype=np.float32)}},
            {"type": "scatter", "x": np.array([-(2**20), 5], dtype=np.int64), "y": big,
             "text": ["a", "b"], "ids": pd.Series(["p", "q"])},
            {"type": "bar", "x": np.array([1, 2], dtype=np.uint64), "y": np.array([], dtype=float),
             "hovertext": np.array(["x", "y"], dtype=object)},
            {"type": "heatmap", "z": np.arange(6, dtype=np.int64).reshape(2, 3),
             "x": pd.Series([1.0, 2.0]), "y": [np.int64(1), np.int64(2)]},
            {"type": "scatter", "x": np.array(["2020-01-01", "2021-06-01"], dtype="datetime64[D]"),
             "y": [1, 2]},
        ],
        layout={"xaxis": {"range": np.array([0.0, 10.0])}, "annotations": [{"text": "n"}]},
        _validate=False,
    )  # fmt: skip
    _same_as_plotly(fig)
