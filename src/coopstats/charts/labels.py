"""Words that several charts share, written once in the user's language.

Each function takes the translator of the language (`_`) and returns codes -> words; the codes
are those of the aggregations and the vocabularies in schema.py.
"""

from __future__ import annotations

from collections.abc import Callable

from coopstats import numbers
from coopstats.schema import EVENT_KINDS, ORGANISATION_TYPES, PARTICIPANT_TYPES, QUALIFIERS, ROLES

Translate = Callable[[str], str]

MAP_MEASURES = ("editions", "last_year", "role")
# The map's fourth measure draws a chart of its own (charts/memberships.py): standings, not attendance.
MEMBERSHIP = "membership"
TIMELINE_MEASURES = ("participants", "countries", "organisations")


def map_measures(_: Translate) -> dict[str, str]:
    """The map's colour choices, as the map page words them."""
    return {"editions": _("Editions attended"), "last_year": _("Last year attended"),
            "role": _("Role"), MEMBERSHIP: _("Memberships")}  # fmt: skip


def timeline_measures(_: Translate) -> dict[str, str]:
    """The reported numbers a timeline or a comparison draws."""
    return {"participants": _("Participants"), "countries": _("Countries and regions"),
            "organisations": _("International organisations")}  # fmt: skip


def combined(_: Translate) -> str:
    return _("Combined count (countries and organisations)")


def qualifiers(_: Translate) -> dict[str, str]:
    return {code: _(spec["label"]) for code, spec in QUALIFIERS.items()}


def roles(_: Translate) -> dict[str, str]:
    return {code: _(label) for code, label in ROLES.items()}


def organisation_types(_: Translate) -> dict[str, str]:
    return {code: _(label) for code, label in ORGANISATION_TYPES.items()}


def participant_types(_: Translate) -> dict[str, str]:
    return {code: _(label) for code, label in PARTICIPANT_TYPES.items()}


def event_kinds(_: Translate) -> dict[str, str]:
    return {code: _(label) for code, label in EVENT_KINDS.items()}


def role_list(codes: object, _: Translate, lang: str) -> str:
    """ "host, participant" (codes, as the aggregations give them) as a list in the language."""
    words = roles(_)
    return numbers.join([words.get(r, r) for r in str(codes).split(", ") if r], lang)


def number_writer(lang: str) -> Callable[[int], str]:
    """Whole numbers as the language writes them ("1 234" in French), for hover text."""
    return lambda value: numbers.number(value, lang)
