"""One-sentence summaries written under every chart, from the same frames the charts draw.

Each function takes the frame and `_` (the interface language's gettext) and returns plain text.
Named participants are always given as a part of what was reported, never as the total.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

Translate = Callable[[str], str]


def _n(value: object) -> str:
    return f"{int(value):,}"  # type: ignore[call-overload]


def event_sentence(row: Mapping[str, object], _: Translate) -> str:
    """'In 2025, 6 of the 50–51 reported countries and regions and 3 of 5 organisations are named.'"""
    year = row["year"]
    named_c, named_o = int(row["named_countries"]), int(row["named_organisations"])  # type: ignore[call-overload]
    countries = str(row.get("countries_label") or "")
    organisations = str(row.get("organisations_label") or "")
    if countries:
        part_c = _("{named} of the {reported} reported countries and regions").format(
            named=_n(named_c), reported=countries
        )
    else:
        part_c = _("{named} countries or territories (no country count was reported)").format(
            named=_n(named_c)
        )
    if organisations:
        part_o = _("{named} of {reported} international organisations").format(
            named=_n(named_o), reported=organisations
        )
    else:
        part_o = _("{named} international organisations").format(named=_n(named_o))
    return _("In {year}, {countries} and {organisations} are named.").format(
        year=year, countries=part_c, organisations=part_o
    )


def map_sentence(
    history: pd.DataFrame, n_editions: int, n_markers: int, reported: str, _: Translate
) -> str:
    """What the map shows, and how it relates to what was reported."""
    named = int(history["participant_type"].isin(["country", "territory"]).sum())
    text = _("{named} countries and territories are named across {editions} editions.").format(
        named=_n(named), editions=_n(n_editions)
    )
    if reported:
        text += " " + _("Sources reported {reported} countries and regions.").format(
            reported=reported
        )
    if n_markers:
        text += " " + _("{markers} of them are drawn as dots: they have no shape at this scale.").format(
            markers=_n(n_markers)
        )
    return text


def timeline_sentence(summary: pd.DataFrame, series_name: str, _: Translate) -> str:
    """How many editions there are and how many of them have a reported attendance figure."""
    editions = summary[summary["kind"] == "edition"]
    with_people = int((editions["participants_label"] != "").sum())
    if editions.empty:
        return _("No editions match these filters.")
    return _(
        "{series}: {n} editions from {first} to {last}; {k} of them have a reported number of participants."
    ).format(
        series=series_name,
        n=_n(len(editions)),
        first=int(editions["year"].min()),
        last=int(editions["year"].max()),
        k=_n(with_people),
    )


def changes_sentence(changes: pd.DataFrame, _: Translate) -> str:
    """Returning and new named participants between the last two editions compared."""
    if changes.empty:
        return _("Pick at least two editions to compare who returned.")
    last = changes.iloc[-1]
    return _(
        "From {a} to {b}, {returning} named participants returned, {new} were named for the first "
        "time and {dropped} were not named again."
    ).format(
        a=last["from_edition"],
        b=last["to_edition"],
        returning=_n(last["returning"]),
        new=_n(last["new"]),
        dropped=_n(last["dropped"]),
    )


def organisations_sentence(orgs: pd.DataFrame, _: Translate) -> str:
    """How many organisations are named, and which one most often."""
    if orgs.empty:
        return _("No international organisation is named for these filters.")
    top = orgs.iloc[0]
    return _(
        "{n} international organisations are named; {top} most often, at {k} editions."
    ).format(n=_n(len(orgs)), top=top["acronym"] or top["name_en"], k=_n(top["editions"]))


def profile_sentence(name: str, history_row: Mapping[str, object] | None, _: Translate) -> str:
    """One participant's record in a sentence."""
    if history_row is None:
        return _("{name} is not named at any event for these filters.").format(name=name)
    return _(
        "{name} is named at {editions} editions from {first} to {last}, as {roles}."
    ).format(
        name=name,
        editions=_n(history_row["editions"]),
        first=history_row["first_year"],
        last=history_row["last_year"],
        roles=history_row["roles"],
    )
