"""One-sentence summaries written under every chart, from the same frames the charts draw.

Each function takes the frame and `_` (the interface language's gettext) and returns plain text;
numbers, years and reported labels are written for the language of `_` (coopstats.numbers), so
a plain function (`str`, in tests) gives English.
Named participants are always given as a part of what was reported, never as the total.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd

from coopstats import numbers
from coopstats.i18n import lang_of

Translate = Callable[[str], str]


def _n(_: Translate, value: object) -> str:
    """A whole number written for the language of `_` ("2,000", "2 000", "2.000")."""
    return numbers.number(value, lang_of(_))


def _year(_: Translate, value: object) -> str:
    return numbers.year(value, lang_of(_))


def _reported(_: Translate, row: Mapping[str, object], headline: str | None = None) -> str:
    """A row's reported figure (">240", "50–51") written for the language of `_`; "" when none.

    See numbers.reported_in for the columns read, with and without `headline`.
    """
    return numbers.reported_in(row, lang_of(_), headline)


def _join(_: Translate, items: list[str]) -> str:
    return numbers.join(items, lang_of(_))


def event_sentence(row: Mapping[str, object], _: Translate) -> str:
    """'In 2025, 6 of the 50–51 reported countries and regions and 3 of 5 organisations are named.'"""
    year = row["year"]
    named_c, named_o = int(row["named_countries"]), int(row["named_organisations"])  # type: ignore[call-overload]
    countries = _reported(_, row, "countries")
    organisations = _reported(_, row, "organisations")
    if countries:
        part_c = _("{named} of the {reported} reported countries and regions").format(
            named=_n(_, named_c), reported=countries
        )
    else:
        part_c = _("{named} countries or territories (no country count was reported)").format(
            named=_n(_, named_c)
        )
    if organisations:
        part_o = _("{named} of {reported} international organisations").format(
            named=_n(_, named_o), reported=organisations
        )
    else:
        part_o = _("{named} international organisations").format(named=_n(_, named_o))
    return _("In {year}, {countries} and {organisations} are named.").format(
        year=_year(_, year), countries=part_c, organisations=part_o
    )


def map_sentence(
    history: pd.DataFrame, n_editions: int, n_markers: int, reported: str, _: Translate
) -> str:
    """What the map shows, and how it relates to what was reported (`reported`: a figure
    already written for the language of `_`, or "")."""
    named = int(history["participant_type"].isin(["country", "territory"]).sum())
    text = _("{named} countries and territories are named across {editions} editions.").format(
        named=_n(_, named), editions=_n(_, n_editions)
    )
    if reported:
        text += " " + _("Sources reported {reported} countries and regions.").format(
            reported=reported
        )
    if n_markers:
        text += " " + _(
            "{markers} of them are drawn as dots: they have no shape at this scale."
        ).format(markers=_n(_, n_markers))
    return text


def timeline_sentence(summary: pd.DataFrame, series_name: str, _: Translate) -> str:
    """How many editions there are and how many of them have a reported attendance figure."""
    editions = summary[summary["kind"] == "edition"]
    with_people = int(editions["participants_min"].notna().sum())
    if editions.empty:
        return _("No editions match these filters.")
    return _(
        "{series}: {n} editions from {first} to {last}; {k} of them have a reported number of participants."
    ).format(
        series=series_name,
        n=_n(_, len(editions)),
        first=_year(_, editions["year"].min()),
        last=_year(_, editions["year"].max()),
        k=_n(_, with_people),
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
        returning=_n(_, last["returning"]),
        new=_n(_, last["new"]),
        dropped=_n(_, last["dropped"]),
    )


def organisations_sentence(orgs: pd.DataFrame, _: Translate) -> str:
    """How many organisations are named, and which one most often."""
    if orgs.empty:
        return _("No international organisation is named for these filters.")
    top = orgs.iloc[0]
    return _(
        "{n} international organisations are named; {top} most often, at {k} editions."
    ).format(n=_n(_, len(orgs)), top=top["acronym"] or top["name_en"], k=_n(_, top["editions"]))


def profile_sentence(name: str, history_row: Mapping[str, object] | None, _: Translate) -> str:
    """One participant's record in a sentence."""
    if history_row is None:
        return _("{name} is not named at any event for these filters.").format(name=name)
    return _("{name} is named at {editions} editions from {first} to {last}, as {roles}.").format(
        name=name,
        editions=_n(_, history_row["editions"]),
        first=_year(_, history_row["first_year"]),
        last=_year(_, history_row["last_year"]),
        roles=history_row["roles"],
    )


# -- world map page ---------------------------------------------------------------------------


def map_coverage_sentence(summary: pd.DataFrame, named: int, _: Translate) -> str:
    """How many of the reported countries the map names.

    With one edition in focus (its sub-forums may be selected too): "6 of 50–51 reported
    countries named", from that edition's reported countries. Otherwise how many editions
    reported a country count at all. `summary` is event_summary of the selected events;
    `named` is the number of countries and territories on the map.
    """
    editions = summary[summary["kind"] == "edition"]
    if summary["edition_id"].nunique() == 1 and len(editions) == 1:
        reported = _reported(_, editions.iloc[0], "countries")
        if reported:
            return _("{named} of {reported} reported countries named").format(
                named=_n(_, named), reported=reported
            )
        return _(
            "{named} countries and territories named; no country count was reported for this edition"
        ).format(named=_n(_, named))
    with_count = int(editions["countries_min"].notna().sum())
    return _(
        "{named} countries and territories named across {editions} editions; sources reported "
        "countries for {reported} of them"
    ).format(named=_n(_, named), editions=_n(_, len(editions)), reported=_n(_, with_count))


def map_marks_sentence(n_markers: int, n_hosts: int, unplaced: list[str], _: Translate) -> str:
    """What the marks on the map are: grey land, dots for entities without a shape, host stars."""
    text = _("Grey land: not named for these filters.")
    if n_markers:
        text += " " + _("{markers} drawn as dots: they have no shape at this scale.").format(
            markers=_n(_, n_markers)
        )
    if n_hosts:
        text += " " + _("Stars mark the host cities ({hosts}).").format(hosts=_n(_, n_hosts))
    if unplaced:
        text += " " + _("Host cities not placed (no coordinates): {cities}.").format(
            cities=_join(_, unplaced)
        )
    return text


# -- organisations, country profile and data pages ---------------------------------------------


def organisation_types_sentence(orgs: pd.DataFrame, names: Mapping[str, str], _: Translate) -> str:
    """How many organisations of the chosen types are named, which most often, how many by video.

    `orgs` has one row per organisation (organisations_by_type); `names` maps org_id to the
    name shown in the charts.
    """
    if orgs.empty:
        return _("No international organisation of these types is named for these filters.")
    top = orgs.sort_values(["editions", "org_id"], ascending=[False, True], kind="stable").iloc[0]
    text = _(
        "{n} international organisations are named; {top} most often, at {k} editions."
    ).format(
        n=_n(_, len(orgs)), top=names.get(top["org_id"], top["org_id"]), k=_n(_, top["editions"])
    )
    video = int(orgs["by_video"].astype(bool).sum())
    if video:
        text += " " + _("{v} of them took part by video at least once (open markers).").format(
            v=_n(_, video)
        )
    return text


def co_attendees_sentence(
    co: pd.DataFrame, name: str, names: Mapping[str, str], editions: int, _: Translate
) -> str:
    """Who was named most often beside one participant."""
    if co.empty:
        return _("Nobody else is named at the editions where {name} is named.").format(name=name)
    top = co.iloc[0]
    return _(
        "{n} other participants are named at the same editions as {name}; {top} most often, "
        "at {k} of its {editions} editions."
    ).format(
        n=_n(_, len(co)),
        name=name,
        top=names.get(top["participant_id"], top["participant_id"]),
        k=_n(_, top["shared_editions"]),
        editions=_n(_, editions),
    )


def sources_sentence(sources: pd.DataFrame, _: Translate) -> str:
    """How many sources stand behind the selection, and how many of them are mirrors."""
    if sources.empty:
        return _("No source is used by the selected events.")
    text = _("{n} sources from {p} publishers stand behind the selected events.").format(
        n=_n(_, len(sources)), p=_n(_, sources["publisher"].nunique())
    )
    mirrors = int(sources["is_mirror"].astype(bool).sum())
    if mirrors:
        text += " " + _(
            "{m} of them are mirrors: copies republished on an unrelated site, flagged in the table."
        ).format(m=_n(_, mirrors))
    return text


# -- timeline and compare pages -----------------------------------------------------------------


def _listing(items: list[str], _: Translate, limit: int = 4) -> str:
    """'A, B, C and 3 more' (at most `limit` items written out)."""
    if len(items) <= limit:
        return _join(_, items)
    return _("{items} and {n} more").format(
        items=_join(_, items[:limit]), n=_n(_, len(items) - limit)
    )


def timeline_measure_sentence(frame: pd.DataFrame, measure: str, what: str, _: Translate) -> str:
    """How many editions report `what`, how many of them disagree, which report nothing.

    `frame` is Dataset.edition_timeline; only its editions' rows of `measure` are counted.
    """
    editions = frame[(frame["kind"] == "edition") & (frame["measure"] == measure)]
    if editions.empty:
        return _("No editions match these filters.")
    known = editions[editions["value_min"].notna()]
    text = _("{k} of {n} editions have a reported number of {what}").format(
        k=_n(_, len(known)), n=_n(_, len(editions)), what=what
    )
    conflicts = int(known["conflict"].sum())
    if conflicts:
        text += " " + _("(sources disagree on {c}: drawn as a range)").format(c=_n(_, conflicts))
    missing = editions[editions["value_min"].isna()]
    # Two columns as lists: itertuples would walk every column of the timeline value by value.
    unknown = [f"{series} {_year(_, year)}"
               for series, year in zip(missing["series_name"].tolist(), missing["year"].tolist(),
                                       strict=True)]  # fmt: skip
    if unknown:
        text += _("; none was reported for {editions}").format(editions=_listing(unknown, _))
    return text + "."


def cumulative_sentence(frame: pd.DataFrame, _: Translate) -> str:
    """Distinct participants named so far in each series (Dataset.cumulative_timeline)."""
    if frame.empty:
        return _("No editions match these filters.")
    last = frame.groupby("series_id", sort=True).tail(1)
    if len(last) == 1:
        row = last.iloc[0]
        return _(
            "{series}: {total} distinct participants are named across {n} editions; {new} of "
            "them for the first time at the latest, {title}."
        ).format(
            series=row["series_name"],
            total=_n(_, row["cumulative"]),
            n=_n(_, len(frame)),
            new=_n(_, row["new"]),
            title=row["title"],
        )
    parts = [f"{r.series_name} {_n(_, r.cumulative)}" for r in last.itertuples()]
    return _("Distinct participants named so far, per series: {parts}.").format(
        parts=_listing(parts, _, limit=6)
    )


def comparison_sentence(frame: pd.DataFrame, _: Translate) -> str:
    """Named countries beside the reported count, for the last edition compared.

    `frame` is Dataset.edition_comparison (one row per edition and measure).
    """
    rows = frame[frame["measure"] == "countries"]
    if rows.empty:
        return _("Pick at least two editions to compare them.")
    reporting = int(rows["value_min"].notna().sum())
    last = rows.sort_values("position").iloc[-1]
    reported = _reported(_, last)
    if reported:
        detail = _(
            "at {edition}, {named} of the {reported} reported countries and regions are named"
        ).format(edition=last["label"], named=_n(_, last["named"]), reported=reported)
    else:
        detail = _(
            "at {edition}, {named} countries or territories are named and no country count was reported"
        ).format(edition=last["label"], named=_n(_, last["named"]))
    return _("{k} of the {n} editions compared report a country count; {detail}.").format(
        k=_n(_, reporting), n=_n(_, len(rows)), detail=detail
    )


def presence_sentence(matrix: pd.DataFrame, shown: int, _: Translate) -> str:
    """How many participants are named at any and at every edition compared."""
    if matrix.empty:
        return _("Nobody is named at these editions for these filters.")
    every = int(matrix.all(axis=1).sum())
    text = _(
        "{n} participants are named at one or more of the {k} editions; {every} at every one."
    ).format(n=_n(_, len(matrix)), k=_n(_, matrix.shape[1]), every=_n(_, every))
    if shown < len(matrix):
        text += " " + _(
            "The {shown} named at the most editions are shown; the table lists all."
        ).format(shown=_n(_, shown))
    return text


def overlap_sentence(overlap: pd.DataFrame, labels: Mapping[str, str], _: Translate) -> str:
    """The pair of editions whose named participants overlap most (Jaccard index)."""
    ids = list(overlap.index)
    pairs = [
        (overlap.at[a, b], a, b)
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
        if pd.notna(overlap.at[a, b])
    ]
    if not pairs:
        return _("Nobody is named at these editions for these filters.")
    value, a, b = max(pairs, key=lambda p: p[0])
    return _(
        "{a} and {b} overlap most: {pct} of the participants named at either are named at both."
    ).format(a=labels.get(a, a), b=labels.get(b, b), pct=numbers.percent(value, lang_of(_)))


def labelled_changes_sentence(
    changes: pd.DataFrame, labels: Mapping[str, str], _: Translate
) -> str:
    """changes_sentence with edition labels ("GFMD 2024") in place of edition ids."""
    named = changes.assign(
        from_edition=changes["from_edition"].map(lambda e: labels.get(e, e)),
        to_edition=changes["to_edition"].map(lambda e: labels.get(e, e)),
    )
    return changes_sentence(named, _)


def series_shown_sentence(shown: int, total: int, _: Translate) -> str:
    """Why a timeline draws fewer series than are selected (see figures.timeline.SERIES_SHOWN)."""
    return _(
        "Showing the {shown} series with the most events of the {total} selected: choose "
        "series in the sidebar to see the others."
    ).format(shown=_n(_, shown), total=_n(_, total))
