"""What every figure function checks before it draws: the frame it is given has the columns its
docstring names, and the labels it is given hold every text it shows (a figure never invents UI
text). Shared by all the figure modules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from coopstats.errors import DataError, Problem

# Plotly checks every property of a trace as it is set, and add_trace and update_layout check
# the whole figure again (about 5 ms a trace). The figures' shape is pinned by their tests, so
# their traces skip the check and each figure is made at once: the same JSON, several times
# sooner (about a third of a country profile's filter change at 10^5 before).
UNCHECKED = {"_validate": False}

Trace = dict[str, object]


def trace_dict(kind: str, **properties: object) -> Trace:
    """A trace of `kind` ("scatter", "bar"...) as go.Figure(data=..., **UNCHECKED) takes it: a
    plain dict, which the figure makes its trace object from once. A trace object given to it
    instead is deep-copied into a new one (a quarter of the timeline's figure at 10^5)."""
    return {"type": kind, **properties}


def check_columns(frame: pd.DataFrame, required: Sequence[str], what: str) -> None:
    """Raise DataError naming every column of `required` that `frame` lacks."""
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise DataError(
            [
                Problem(
                    f"{what} lacks a column",
                    column=c,
                    expected=f"columns {', '.join(required)}",
                    hint="build it with the Dataset method the figure's docstring names, "
                    "not by hand",
                )
                for c in missing
            ]
        )


def check_labels(labels: Mapping[str, object], keys: Sequence[str]) -> None:
    """Raise ValueError when `labels` lacks one of `keys`."""
    missing = [k for k in keys if k not in labels]
    if missing:
        raise ValueError(f"labels lacks {', '.join(missing)}; it needs {', '.join(keys)}")
