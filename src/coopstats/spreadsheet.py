"""Tables leaving coopstats as CSV or Excel: safe against formula injection, written whole or not at all."""

from __future__ import annotations

import io

import pandas as pd

# A spreadsheet treats a cell that starts with one of these as a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot run as spreadsheet formulas (prefixed with an apostrophe).

    Numbers stay numbers: a negative number is data, not a formula.
    """
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            text = series.astype("string")
            risky = text.str.startswith(FORMULA_PREFIXES).fillna(False)
            if risky.any():
                out[column] = series.where(~risky, "'" + text)
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a BOM so that spreadsheet programs read Arabic and Chinese correctly."""
    return neutralise(frame).to_csv(index=False).encode("utf-8-sig")


def to_excel_bytes(
    frame: pd.DataFrame, *, sheet: str = "data", about: dict[str, str] | None = None
) -> bytes:
    """An .xlsx workbook: the table, and an "about" sheet with filters, sources and version."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralise(frame).to_excel(writer, sheet_name=sheet[:31], index=False)
        if about:
            meta = pd.DataFrame({"field": list(about), "value": list(about.values())})
            neutralise(meta).to_excel(writer, sheet_name="about", index=False)
    return buffer.getvalue()
