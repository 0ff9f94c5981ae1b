"""Text from data made safe for Plotly, whose labels and hover text are HTML-like."""

from __future__ import annotations

import pandas as pd


def escape(text: object) -> str:
    """Text from data made safe for Plotly's HTML-like labels: & < > become entities.

    None, NaN and pd.NA give "" (a missing value shows as nothing, not as "nan").
    """
    if text is None or (pd.api.types.is_scalar(text) and pd.isna(text)):
        return ""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
