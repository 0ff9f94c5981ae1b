"""Text from data shown safely: never as HTML, never as Markdown that could make links or markup."""

from __future__ import annotations

import re

import pandas as pd

# Characters that Streamlit's Markdown would interpret (including ones that start HTML).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def plain(text: object) -> str:
    """Escape a value from the data so that Markdown shows it literally."""
    if text is None:
        return ""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def plain_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` for `st.table`, which reads every cell and header as Markdown: text is
    escaped (`plain`), numbers and missing values are left as they are."""

    def cell(value: object) -> object:
        return plain(value) if isinstance(value, str) else value

    out = frame.rename(columns=lambda c: plain(c) if isinstance(c, str) else c)
    for i, dtype in enumerate(out.dtypes):
        if not pd.api.types.is_numeric_dtype(dtype):
            out.isetitem(i, out.iloc[:, i].map(cell))
    return out
