"""Checks across tables: ids that point nowhere, dates that disagree, counts that contradict.

Pure functions: validated frames in, a list of Problems out; nothing is read or changed. A
frame's index plus 2 is the row's line number in its file (the header is line 1), which is
how `load.read_table` returns them. A table that failed to load is passed as None and the
checks that need it are skipped, so that its own problems are not buried under echoes.

One module per table checked (events, participations, figures, memberships, names), the
links between tables in `links`, and the making of row problems in `rows`.
"""

from __future__ import annotations

from typing import Any

from coopstats.errors import Problem
from coopstats.integrity.events import PRECISION_FORMS, check_dates, check_parents, period_bounds
from coopstats.integrity.figures import check_figures, check_named_counts
from coopstats.integrity.links import LINKS, check_links
from coopstats.integrity.memberships import check_memberships
from coopstats.integrity.names import check_city_names, check_names
from coopstats.integrity.participations import check_participants
from coopstats.integrity.rows import (
    MAX_ROWS_PER_CHECK,
    closest,
    country_hint,
    duplicated,
    file_of,
    first_rows,
    is_known,
    row_problems,
)

__all__ = [
    "LINKS",
    "MAX_ROWS_PER_CHECK",
    "PRECISION_FORMS",
    "check_tables",
    "closest",
    "country_hint",
    "duplicated",
    "file_of",
    "first_rows",
    "is_known",
    "period_bounds",
    "row_problems",
]


def check_tables(t: Any) -> list[Problem]:
    """Every cross-table problem in a set of loaded tables (a `load.Tables` or alike).

    `t` has the attributes sources, series, events, figures, organisations, participations,
    countries and country_aliases; any of them may be None when that table failed to load,
    and the checks that need it are then skipped. Errors and warnings (severity "warning")
    are returned together, in check order.
    """
    problems = check_links(t)
    if t.events is not None:
        problems += check_parents(t.events) + check_dates(t.events)
    if t.participations is not None:
        problems += check_participants(t.participations)
    if t.figures is not None:
        problems += check_figures(t.figures, t.sources)
        if t.participations is not None and t.events is not None:
            problems += check_named_counts(t.figures, t.participations)
    if getattr(t, "memberships", None) is not None:
        problems += check_memberships(t.memberships)
    if getattr(t, "names", None) is not None:
        problems += check_names(t.names, t.series, t.events)
    if getattr(t, "city_names", None) is not None:
        problems += check_city_names(t.city_names, t.cities)
    return problems
