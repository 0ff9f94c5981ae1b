"""The active filters in words of the user's language, for subtitles, about sheets and captions.

The aggregations keep filters as codes (`Filters`); what they mean to a reader is written here:
series by their short names, regions by their CLDR names, kinds, participant types and roles
from the catalogues, years as the language writes them.
"""

from __future__ import annotations

from collections.abc import Callable

from coopstats import numbers
from coopstats.aggregate import Filters
from coopstats.charts import labels
from coopstats.dataset import Dataset
from coopstats.i18n import translator
from coopstats.schema import EVENT_KINDS, PARTICIPANT_TYPES, ROLES

Translate = Callable[[str], str]


def filter_words(ds: Dataset, filters: Filters, lang: str) -> list[tuple[str, str]]:
    """The non-default filters as (name, value) pairs in `lang`, in the sidebar's order."""
    _ = translator(lang)
    out: list[tuple[str, str]] = []
    if filters.years:
        lo, hi = (numbers.year(y, lang) for y in filters.years)
        out.append((_("Years"), lo if lo == hi else f"{lo}–{hi}"))
    if filters.series:
        out.append(
            (
                _("Forum series"),
                numbers.join([ds.series_names.get(s, s) for s in filters.series], lang),
            )
        )
    if set(filters.kinds) != set(EVENT_KINDS):
        kinds = labels.event_kinds(_)
        out.append(
            (_("Events"), numbers.join([kinds[k] for k in filters.kinds if k in kinds], lang))
        )
    if filters.regions:
        regions = [ds.countries.region_name(r, lang) for r in filters.regions]
        out.append((_("World region"), numbers.join(regions, lang)))
    if filters.participant_types and set(filters.participant_types) != set(PARTICIPANT_TYPES):
        types = labels.participant_types(_)
        out.append(
            (
                _("Participants"),
                numbers.join([types.get(t, t) for t in filters.participant_types], lang),
            )
        )
    if filters.roles and set(filters.roles) != set(ROLES):
        roles = labels.roles(_)
        out.append((_("Role"), numbers.join([roles.get(r, r) for r in filters.roles], lang)))
    if filters.events:
        out.append((_("Events"), ", ".join(filters.events)))
    return out


def filters_line(ds: Dataset, filters: Filters, lang: str, choices: tuple[str, ...] = ()) -> str:
    """The active filters (and a page's own choices) in one line: an export's subtitle."""
    _ = translator(lang)
    parts = [f"{name}: {value}" for name, value in filter_words(ds, filters, lang)]
    if not parts:
        parts = [_("All forum series and years")]
    parts.extend(c for c in choices if c)
    return " · ".join(parts)
