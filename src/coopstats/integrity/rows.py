"""Problems of rows: one per failing row, with its line, value and hint; and the helpers that
find the rows (duplicates, unknown ids, the closest known names).

A frame's index plus 2 is the row's line number in its file (the header is line 1), which is
how `load.read_table` returns them.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd
import pyarrow
import pyarrow.compute as arrow_compute

from coopstats.errors import Problem

# Beyond this many rows failing one check in one file, a summary problem counts the rest.
MAX_ROWS_PER_CHECK = 50

Hint = str | Callable[[pd.Series], str | None] | None


def file_of(table: str) -> str:
    """The file a table is read from, as messages name it."""
    reference = table in ("countries", "country_aliases", "cities", "city_names")
    return f"reference/{table}.csv" if reference else f"{table}.csv"


def row_problems(
    frame: pd.DataFrame,
    file: str,
    mask: pd.Series,
    column: str,
    what: str,
    expected: Hint = None,
    hint: Hint = None,
    severity: str = "error",
) -> list[Problem]:
    """One Problem per row of `frame` where `mask` holds, showing the row's value in `column`.

    `expected` and `hint` may be functions of the row. Past MAX_ROWS_PER_CHECK rows, one
    summary problem counts the rest. Loops over failing rows only.
    """
    failing = frame.loc[mask.fillna(False).astype(bool)]
    problems = []
    for index, row in failing.head(MAX_ROWS_PER_CHECK).iterrows():
        value = row[column]
        value = None if pd.isna(value) else value.item() if hasattr(value, "item") else value
        problems.append(
            Problem(
                what,
                file=file,
                row=int(index) + 2,
                column=column,
                value=value,
                expected=expected(row) if callable(expected) else expected,
                hint=hint(row) if callable(hint) else hint,
                severity=severity,
            )
        )
    if len(failing) > MAX_ROWS_PER_CHECK:
        more = f"{len(failing) - MAX_ROWS_PER_CHECK} more rows: {what}"
        problems.append(Problem(more, file=file, column=column, severity=severity))
    return problems


def is_known(values: pd.Series, known: pd.Series) -> pd.Series:
    """`values.isin(known)`, fast when `known` is long (pandas 3 walks it in Python for strings)."""
    try:
        found = arrow_compute.is_in(
            pyarrow.array(values, from_pandas=True),
            value_set=pyarrow.array(known.dropna().unique(), from_pandas=True),
        )
    except (pyarrow.ArrowException, TypeError):
        return values.isin(known)
    return pd.Series(np.asarray(found.fill_null(False), dtype=bool), index=values.index)


def closest(value: object, choices: Iterable[str], n: int = 1) -> list[str]:
    """The choices nearest to a misspelt value (difflib), best first; empty when none is close."""
    return difflib.get_close_matches(str(value), list(choices), n=n, cutoff=0.6)


def country_hint(code: object, countries: pd.DataFrame) -> str:
    """Suggest the countries closest to an unknown code: by code, then by English name."""
    text = str(code).strip().upper()
    names = dict(zip(countries["iso3"], countries["name_en"], strict=True))
    upper = countries["name_en"].str.upper()
    matches = closest(text, names, n=3)
    by_name = countries.loc[upper.str.startswith(text) | upper.isin(closest(text, upper)), "iso3"]
    matches += [c for c in by_name if c not in matches]
    if not matches:
        return "use the ISO 3166 alpha-3 code listed in reference/countries.csv"
    return f"did you mean {' or '.join(f'{c} ({names[c]})' for c in matches[:3])}?"


def id_hint(value: object, choices: list[str], target: str) -> str:
    """Suggest the closest known id, else where to add it."""
    match = closest(value, choices)
    return f"did you mean {match[0]!r}?" if match else f"add it to {file_of(target)} or fix the id"


def duplicated(frame: pd.DataFrame, keys: list[str]) -> pd.Series:
    """`frame.duplicated(keys)` (missing values equal), on integer codes: fast on long text."""
    combined, width = np.zeros(len(frame), dtype=np.int64), 1
    for key in keys:
        codes, uniques = pd.factorize(frame[key], use_na_sentinel=False)
        if width * (len(uniques) + 1) >= 1 << 62:  # renumber before the product overflows
            combined, found = pd.factorize(combined)
            width = len(found)
        combined, width = combined * (len(uniques) + 1) + codes, width * (len(uniques) + 1)
    return pd.Series(pd.Series(combined).duplicated().to_numpy(), index=frame.index)


def first_rows(frame: pd.DataFrame, keys: list[str]) -> pd.Series:
    """For each row, the line number of the first row with the same values in `keys`."""
    groups = frame.groupby(keys, dropna=False, sort=False).ngroup()
    return pd.Series(frame.index + 2, index=frame.index).groupby(groups).transform("first")
