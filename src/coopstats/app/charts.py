"""Drawing a chart of the registry (coopstats.charts) on a page, with its summary and table.

Every chart is shown with a one-sentence summary under it and its data as a table alternative,
and carries its name and summary for screen readers (app/alternatives.py).
"""

from __future__ import annotations

import base64

import numpy as np
import plotly.graph_objects as go
import streamlit as st
from _plotly_utils.basevalidators import is_homogeneous_array
from _plotly_utils.utils import is_skipped_key, to_typed_array_spec

from coopstats.app import alternatives
from coopstats.app.text import plain, plain_table
from coopstats.app.view import View
from coopstats.charts import Chart
from coopstats.figures.locale import localise
from coopstats.figures.participation_map import map_config

TOPOJSON_URL = "app/static/"


def show(chart: Chart, *, key: str, view: View, on_select: str = "ignore") -> object:
    """Draw a chart of the registry: its lead in bold, the figure, its notes and one-sentence
    summary, and its data behind a "table" expander.

    The figure is drawn with the project's template (figures/theme.py, not Streamlit's theme, so
    that it looks as it does when exported) and set up for the interface language
    (figures/locale.py: separators, and a mirrored layout in Arabic).
    """
    if chart.lead:
        st.markdown(f"**{plain(chart.lead)}**")
    fig = localise(chart.figure, view.lang)
    hint = view._("Press Enter to open the data of this chart as a table.")
    alternatives.describe(fig, summary=chart.summary, hint=hint)
    config = map_config(TOPOJSON_URL) if chart.is_map else {"displaylogo": False}
    config = {**config, "toImageButtonOptions": {"format": "png", "filename": f"coopstats-{key}",
                                                 "scale": 2}}  # fmt: skip
    event = st.plotly_chart(_Sent(fig), key=key, config=config, on_select=on_select, theme=None,
                            selection_mode=("points",) if on_select != "ignore" else ("points", "box", "lasso"))  # fmt: skip
    for note in chart.notes:
        st.caption(plain(note))
    st.caption(plain(chart.summary))
    # Drawn only once opened (a rerun): a closed table cost the browser a fifth of its work
    # before the first map was painted, every cell going through Streamlit's Markdown.
    table = st.expander(view._("Show the data as a table"), key=f"{key}_table", on_change="rerun")
    if table.open:
        with table:
            # A real <table> (rows and header cells a screen reader can walk), not the canvas
            # grid of st.dataframe, whose cells exist only as pixels. st.table reads each cell
            # as Markdown, so text from the data is escaped.
            st.table(plain_table(chart.table), hide_index=True)
    return event


class _Sent(go.Figure):
    """A figure as st.plotly_chart takes it: its dict, made sooner than plotly makes it.

    Streamlit asks a figure for `to_dict()` and serialises that. Plotly's `to_dict` deep-copies
    every trace and the layout, then writes each number array as a typed array (base64),
    passing every array through narwhals first: 12-34 ms for a figure of 60-170 KB at 10^5
    (the timeline holds about a thousand small arrays), five times its JSON, on every run of a
    page. Here the dicts are copied (the typed arrays are written into dicts, never into lists
    or arrays) and the values shared, and a numeric numpy array is written as plotly writes
    it, without the detour. The same dict, the same JSON (tests/app/test_charts_sent.py), the
    figure left as it was. Nothing but `to_dict` is asked of it, so the figure's own set-up is
    not run again.
    """

    def __init__(self, figure: go.Figure) -> None:
        sent = {"data": [_dicts_copied(t) for t in figure._data],
                "layout": _dicts_copied(figure._layout)}  # fmt: skip
        if figure._frame_objs:
            sent["frames"] = [_dicts_copied(f._props) for f in figure._frame_objs]
        _typed_arrays(sent)
        self._sent = sent

    def to_dict(self) -> dict:
        return self._sent


def _dicts_copied(value: object) -> object:
    """`value` with every dict in it copied (lists and tuples holding them made anew), and
    everything else shared."""
    if isinstance(value, dict):
        return {k: _dicts_copied(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) and any(isinstance(v, (dict, list, tuple)) for v in value):
        return [_dicts_copied(v) for v in value]
    return value


def _typed_arrays(value: object) -> None:
    """plotly's `convert_to_base64`, in place: the arrays in dicts written as typed arrays."""
    if isinstance(value, dict):
        for key, item in value.items():
            if is_skipped_key(key):
                continue
            if isinstance(item, np.ndarray) and item.dtype.kind in "iuf":
                value[key] = _typed(item)
            elif is_homogeneous_array(item):
                value[key] = to_typed_array_spec(item)
            else:
                _typed_arrays(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _typed_arrays(item)


# plotly.js's names of the typed arrays (plotly's own table, _plotly_utils.utils).
_TYPED = {"int8": "i1", "uint8": "u1", "int16": "i2", "uint16": "u2", "int32": "i4",
          "uint32": "u4", "float32": "f4", "float64": "f8"}  # fmt: skip


def _typed(array: np.ndarray) -> object:
    """plotly's `to_typed_array_spec` of a numeric numpy array: 64-bit integers narrowed to
    the smallest type that holds them (kept as they are when none does), then base64."""
    array = np.ascontiguousarray(array)
    if array.size == 0:
        return array
    if array.dtype.kind in "iu" and array.dtype.itemsize == 8:
        lo, hi = array.min(), array.max()
        kinds = (
            ("int8", "int16", "int32") if array.dtype.kind == "i" else ("uint8", "uint16", "uint32")
        )
        fits = [k for k in kinds if np.iinfo(k).min <= lo and hi <= np.iinfo(k).max]
        if not fits:
            return array
        array = array.astype(fits[0])
    name = _TYPED.get(str(array.dtype))
    if name is None:
        return array
    spec = {"dtype": name, "bdata": base64.b64encode(array).decode("ascii")}
    if array.ndim > 1:
        spec["shape"] = str(array.shape)[1:-1]
    return spec


def empty(view: View, what: str) -> None:
    """A friendly message in place of an empty chart."""
    st.info(view._("Nothing to show for {what} with these filters. Widen the years, or clear a filter.")
            .format(what=what))  # fmt: skip
