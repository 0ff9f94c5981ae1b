"""The charts that can leave the dashboard, by name: each built as its page builds it.

A builder takes the dataset, the filters, the interface language and the page's own choices
(`ChartOptions`: map colour, timeline measure, editions compared, organisation types, the
profile's participant) and returns an `ExportChart`: the figure, its title and one-sentence
summary, the sources behind it and the rows it draws. It calls the same Dataset methods,
figure functions and caption functions as the page, with the same labels and colours, so that
an exported chart shows exactly what the page shows.

The labels and palettes below mirror the pages (app/pages/*.py). A page that wants to be sure
of it can build its figure here: `build_chart(view.ds, "timeline", view.filters, view.lang,
ChartOptions(measure=measure)).figure`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from coopstats import numbers
from coopstats.aggregate import Filters
from coopstats.dataset import Dataset
from coopstats.errors import DataError, Problem
from coopstats.figures import captions, theme
from coopstats.figures.compare import (
    MAX_PRESENCE_ROWS,
    changes_chart,
    edition_comparison,
    overlap_heatmap,
    presence_heatmap,
)
from coopstats.figures.organisations import organisation_editions_bar, organisation_matrix
from coopstats.figures.participation_map import participation_map
from coopstats.figures.profile import co_attendees_bar, participant_timeline
from coopstats.figures.timeline import busiest, cumulative_participants_chart, edition_timeline
from coopstats.i18n import translator
from coopstats.schema import ORGANISATION_TYPES, PARTICIPANT_TYPES, QUALIFIERS, ROLES

Translate = Callable[[str], str]

TOP_CO_ATTENDEES = 15
MAX_EDITIONS = 6

MAP_MEASURES = ("editions", "last_year", "role")
TIMELINE_MEASURES = ("participants", "countries", "organisations")
# The countries timeline also shows combined counts (countries and organisations as one number).
TIMELINE_DRAWN = {
    "participants": ("participants",),
    "countries": ("countries", "combined"),
    "organisations": ("organisations",),
}


@dataclass(frozen=True)
class ChartOptions:
    """A page's own choices; None or empty means the page's default."""

    measure: str | None = None
    editions: tuple[str, ...] = ()
    org_types: tuple[str, ...] = ()
    participant: str | None = None


@dataclass(frozen=True)
class ExportChart:
    """One chart ready to leave: figure, words, provenance and the rows it draws."""

    name: str
    figure: go.Figure
    title: str
    summary: str
    source_ids: tuple[str, ...]
    is_map: bool
    data: pd.DataFrame
    page: str
    # Query parameters of the page's own widgets, as the page writes them into its URL (codes).
    page_params: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # What the page's own choices were, in words, for the subtitle ("Editions: GFMD 2023, ...").
    choices: tuple[str, ...] = ()


Builder = Callable[[Dataset, Filters, str, ChartOptions], ExportChart]


@dataclass(frozen=True)
class ChartSpec:
    name: str
    description: str
    page: str
    build: Builder


def _nothing(what: str) -> DataError:
    return DataError(
        [
            Problem(
                f"nothing to export: no {what} for these filters",
                column="filters",
                hint="widen the years, or clear a filter",
            )
        ]
    )


def _ids(*groups: object) -> tuple[str, ...]:
    """Source ids from columns of single ids or ";"-joined lists, deduplicated and sorted."""
    found: set[str] = set()
    for group in groups:
        for value in pd.Series(group, dtype=object).dropna():
            found.update(part.strip() for part in str(value).split(";") if part.strip())
    return tuple(sorted(found))


def map_measure_labels(_: Translate) -> dict[str, str]:
    """The map's colour choices as the map page words them (and writes them into its URL)."""
    return {
        "editions": _("Editions attended"),
        "last_year": _("Last year attended"),
        "role": _("Role"),
    }


def timeline_measure_labels(_: Translate) -> dict[str, str]:
    return {
        "participants": _("Participants"),
        "countries": _("Countries and regions"),
        "organisations": _("International organisations"),
    }


def organisation_type_labels(_: Translate) -> dict[str, str]:
    return {code: _(label) for code, label in ORGANISATION_TYPES.items()}


def _qualifier_labels(_: Translate) -> dict[str, str]:
    return {code: _(spec["label"]) for code, spec in QUALIFIERS.items()}


def _choose(value: str | None, allowed: tuple[str, ...], what: str) -> str:
    if value is None:
        return allowed[0]
    if value not in allowed:
        raise DataError(
            [
                Problem(
                    f"unknown {what}",
                    column=what,
                    value=value,
                    expected="one of " + ", ".join(allowed),
                )
            ]
        )
    return value


# -- map ---------------------------------------------------------------------------------------


def build_map(ds: Dataset, filters: Filters, lang: str, options: ChartOptions) -> ExportChart:
    """World map page: participants coloured by a measure, host cities as stars."""
    _ = translator(lang)
    measure = _choose(options.measure, MAP_MEASURES, "measure")
    frame = ds.country_map(filters, lang)
    if frame.empty:
        raise _nothing(_("countries and territories"))
    hosts = ds.host_cities(filters)
    placed = hosts.dropna(subset=["lat", "lon"])
    role_labels = {code: _(label) for code, label in ROLES.items()}
    shown = frame.assign(
        roles=frame["roles"].map(
            lambda roles: numbers.join(
                [role_labels.get(r, r) for r in str(roles).split(", ") if r], lang
            )
        )
    )
    shown["role_group"] = shown["role_group"].cat.rename_categories(
        [role_labels[code] for code in shown["role_group"].cat.categories]
    )
    measures = map_measure_labels(_)
    labels = {
        "colorbar": measures[measure],
        "editions": _("Editions"),
        "first_year": _("First year"),
        "last_year": _("Last year"),
        "roles": _("Roles"),
        "host_city": _("Host city"),
    }
    colors = theme.CATEGORICAL if measure == "role" else theme.SEQUENTIAL
    fig = participation_map(shown, measure=measure, labels=labels, colors=colors, hosts=placed)
    summary = ds.event_summary(filters)
    text = " ".join(
        (
            captions.map_coverage_sentence(summary, len(frame), _) + ".",
            captions.map_marks_sentence(
                int((~frame["has_polygon"]).sum()),
                len(placed),
                hosts.loc[hosts["lat"].isna(), "city"].tolist(),
                _,
            ),
        )
    )
    named = ds.participations(filters)
    named = named[named["participant_type"].isin(["country", "territory"])]
    return ExportChart(
        name="map",
        figure=fig,
        title=_("World map of participants"),
        summary=text,
        source_ids=_ids(named["source_id"], ds.events(filters)["source_id"]),
        is_map=True,
        data=shown[["name", "iso3", "editions", "first_year", "last_year", "roles"]],
        page="map",
        page_params={"measure": (measure,)} if measure != MAP_MEASURES[0] else {},
        choices=(f"{_('Colour by')}: {measures[measure]}",),
    )


# -- timeline ----------------------------------------------------------------------------------


def build_timeline(ds: Dataset, filters: Filters, lang: str, options: ChartOptions) -> ExportChart:
    """Timeline page: reported figures per edition, beside named participants."""
    _ = translator(lang)
    measure = _choose(options.measure, TIMELINE_MEASURES, "measure")
    frame = ds.edition_timeline(filters, TIMELINE_DRAWN[measure])
    if frame.empty:
        raise _nothing(_("editions"))
    frame, capped = busiest(frame, "event_id", _)
    # Reported labels (">240", "50–51") and dates written for the language, as on the page.
    frame = frame.assign(
        label=frame["label"].map(lambda t: numbers.label(t, lang)),
        announced_label=frame["announced_label"].map(lambda t: numbers.label(t, lang)),
        start_date=frame["start_date"].map(lambda d: numbers.date(d, lang)),
    )
    measures = timeline_measure_labels(_)
    what = {
        "participants": _("participants"),
        "countries": _("countries and regions"),
        "organisations": _("international organisations"),
    }[measure]
    labels = {
        "y": _("{what} reported").format(what=measures[measure]),
        "reported": _("Reported after the event"),
        "sub_forum": _("Sub-forums and side meetings"),
        "combined": _("Combined count (countries and organisations)"),
        "named": _("Named in sources (a lower bound)"),
        "no_figure": _("No figure reported"),
        "sources_differ": _("Sources differ: the line spans their values"),
        "announced": _("Announced before the event (not attendance)"),
        "qualifiers": _qualifier_labels(_),
    }
    fig = edition_timeline(
        frame,
        measure=measure,
        labels=labels,
        colors={"series": theme.SERIES, "named": theme.NAMED},
    )
    columns = [
        "series_name",
        "title",
        "start_date",
        "kind",
        "measure",
        "label",
        "conflict",
        "named",
        "announced_label",
        "source_ids",
    ]
    return ExportChart(
        name="timeline",
        figure=fig,
        title=_("Editions over time: {measure}").format(measure=measures[measure]),
        summary=" ".join(
            filter(None, [captions.timeline_measure_sentence(frame, measure, what, _), capped])
        ),
        source_ids=_ids(frame["source_ids"], ds.participations(filters)["source_id"]),
        is_map=False,
        data=frame[columns],
        page="timeline",
        page_params={"measure": (measure,)} if measure != TIMELINE_MEASURES[0] else {},
    )


def build_cumulative(
    ds: Dataset, filters: Filters, lang: str, options: ChartOptions
) -> ExportChart:
    """Timeline page, second chart: named per edition and distinct participants so far."""
    _ = translator(lang)
    frame = ds.cumulative_timeline(filters)
    if frame.empty:
        raise _nothing(_("named participants"))
    frame, capped = busiest(frame, "edition_id", _)
    frame = frame.assign(start_date=frame["start_date"].map(lambda d: numbers.date(d, lang)))
    fig = cumulative_participants_chart(
        frame,
        labels={
            "y": _("Participants named"),
            "named": _("Named at the edition"),
            "new": _("Named for the first time"),
            "cumulative": _("Distinct so far"),
        },
        colors=theme.SERIES,
    )
    return ExportChart(
        name="cumulative",
        figure=fig,
        title=_("Named participants, edition by edition"),
        summary=" ".join(filter(None, [captions.cumulative_sentence(frame, _), capped])),
        source_ids=_ids(ds.participations(filters)["source_id"]),
        is_map=False,
        data=frame[["series_name", "title", "start_date", "named", "new", "cumulative"]],
        page="timeline",
    )


# -- compare -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Picked:
    ids: list[str]
    short: dict[str, str]
    default: bool


def _editions(ds: Dataset, filters: Filters, options: ChartOptions, _: Translate) -> _Picked:
    """The editions compared, in the order they were held (as the compare page orders them)."""
    choices = ds.comparison_choices(filters)
    if len(choices) < 2:
        raise _nothing(_("two editions"))
    known = dict(zip(choices["edition_id"], choices["start"], strict=True))
    picked = (
        list(dict.fromkeys(options.editions))
        or choices.loc[choices["default"], "edition_id"].tolist()
    )
    unknown = [e for e in picked if e not in known]
    if unknown:
        raise DataError(
            [
                Problem(
                    "edition not in the selection",
                    column="editions",
                    value=e,
                    expected="an edition id that the filters select",
                    hint="list them with `coopstats events`",
                )
                for e in unknown
            ]
        )
    if not 2 <= len(picked) <= MAX_EDITIONS:
        raise DataError(
            [
                Problem(
                    "wrong number of editions to compare",
                    column="editions",
                    value=len(picked),
                    expected=f"2 to {MAX_EDITIONS}",
                )
            ]
        )
    picked = sorted(picked, key=known.get)
    return _Picked(
        ids=picked,
        short=dict(zip(choices["edition_id"], choices["label"], strict=True)),
        default=not options.editions,
    )


def _compare_sources(ds: Dataset, filters: Filters, picked: list[str]) -> tuple[str, ...]:
    named = ds.participations(filters)
    named = named[named["edition_id"].isin(picked)]
    timeline = ds.edition_timeline(filters)
    timeline = timeline[timeline["edition_id"].isin(picked)]
    return _ids(named["source_id"], timeline["source_ids"])


def _compare_chart(name: str, picked: _Picked, **fields: object) -> ExportChart:
    labels = ", ".join(picked.short.get(e, e) for e in picked.ids)
    return ExportChart(
        name=name,
        page="compare",
        page_params={} if picked.default else {"editions": tuple(picked.ids)},
        choices=(labels,),
        is_map=False,
        **fields,  # type: ignore[arg-type]
    )


def build_compare(ds: Dataset, filters: Filters, lang: str, options: ChartOptions) -> ExportChart:
    """Compare page: reported figures and named counts of two to six editions."""
    _ = translator(lang)
    picked = _editions(ds, filters, options, _)
    frame = ds.edition_comparison(filters, picked.ids)
    frame = frame.assign(
        reported_label=frame["reported_label"].map(lambda t: numbers.label(t, lang)),
        announced_label=frame["announced_label"].map(lambda t: numbers.label(t, lang)),
    )
    measures = {
        **timeline_measure_labels(_),
        "combined": _("Combined count (countries and organisations)"),
    }
    fig = edition_comparison(
        frame,
        labels={
            **measures,
            "named": _("Named in sources (a lower bound)"),
            "reported": _("Reported after the event"),
            "no_figure": _("not reported"),
            "sources_differ": _("Sources differ: the line spans their values"),
            "qualifiers": _qualifier_labels(_),
        },
        colors={"reported": theme.REPORTED, "named": theme.NAMED},
    )
    return _compare_chart(
        "compare",
        picked,
        figure=fig,
        title=_("Compare editions"),
        summary=captions.comparison_sentence(frame, _),
        source_ids=_compare_sources(ds, filters, picked.ids),
        data=frame.assign(measure=frame["measure"].map(measures))[
            ["label", "measure", "reported_label", "conflict", "named", "announced_label"]
        ],
    )


def build_presence(ds: Dataset, filters: Filters, lang: str, options: ChartOptions) -> ExportChart:
    """Compare page: who is named at which of the editions compared."""
    _ = translator(lang)
    picked = _editions(ds, filters, options, _)
    matrix = ds.presence_matrix(filters, picked.ids)
    if matrix.empty:
        raise _nothing(_("named participants"))
    names = [ds.participant_name(p, lang) for p in matrix.index]
    fig = presence_heatmap(
        matrix,
        names,
        edition_labels=picked.short,
        labels={"present": _("named"), "absent": _("not named")},
        colors=theme.PRESENCE,
        max_rows=MAX_PRESENCE_ROWS,
    )
    table = matrix.rename(columns=picked.short).set_axis(names).rename_axis(_("Participant"))
    return _compare_chart(
        "presence",
        picked,
        figure=fig,
        title=_("Who is named where"),
        summary=captions.presence_sentence(matrix, min(len(matrix), MAX_PRESENCE_ROWS), _),
        source_ids=_compare_sources(ds, filters, picked.ids),
        data=table.reset_index(),
    )


def build_changes(ds: Dataset, filters: Filters, lang: str, options: ChartOptions) -> ExportChart:
    """Compare page: returning, new and not-named-again participants."""
    _ = translator(lang)
    picked = _editions(ds, filters, options, _)
    changes = ds.participant_changes(filters, picked.ids)
    fig = changes_chart(
        changes,
        edition_labels=picked.short,
        colors=theme.CHANGES,
        labels={"returning": _("Returning"), "new": _("New"), "dropped": _("Not named again")},
    )
    return _compare_chart(
        "changes",
        picked,
        figure=fig,
        title=_("Returning and new"),
        summary=captions.labelled_changes_sentence(changes, picked.short, _),
        source_ids=_compare_sources(ds, filters, picked.ids),
        data=changes.replace({"from_edition": picked.short, "to_edition": picked.short}),
    )


def build_overlap(ds: Dataset, filters: Filters, lang: str, options: ChartOptions) -> ExportChart:
    """Compare page: overlap of named participants between every pair of editions."""
    _ = translator(lang)
    picked = _editions(ds, filters, options, _)
    overlap = ds.overlap_matrix(filters, picked.ids)
    fig = overlap_heatmap(
        overlap,
        edition_labels=picked.short,
        colors=theme.SEQUENTIAL,
        labels={"overlap": _("Shared participants (Jaccard)")},
    )
    return _compare_chart(
        "overlap",
        picked,
        figure=fig,
        title=_("Overlap"),
        summary=captions.overlap_sentence(overlap, picked.short, _),
        source_ids=_compare_sources(ds, filters, picked.ids),
        data=overlap.rename(index=picked.short, columns=picked.short).round(2).reset_index(),
    )


# -- organisations -----------------------------------------------------------------------------


def _organisations(ds: Dataset, filters: Filters, lang: str, options: ChartOptions):
    _ = translator(lang)
    unknown = [t for t in options.org_types if t not in ORGANISATION_TYPES]
    if unknown:
        raise DataError(
            [
                Problem(
                    "unknown organisation type",
                    column="org_types",
                    value=t,
                    expected="one of " + ", ".join(ORGANISATION_TYPES),
                )
                for t in unknown
            ]
        )
    orgs = ds.organisations_by_type(filters, options.org_types)
    if orgs.empty:
        raise _nothing(_("international organisations"))
    names = {o: ds.organisations.acronym(o) or ds.participant_name(o, lang) for o in orgs["org_id"]}
    type_labels = organisation_type_labels(_)
    type_colors = theme.ORGANISATION_TYPE_COLORS
    table = orgs.assign(
        name=[ds.participant_name(o, lang) for o in orgs["org_id"]],
        org_type=orgs["org_type"].map(type_labels),
    )[
        [
            "acronym",
            "name",
            "org_type",
            "editions",
            "events",
            "first_year",
            "last_year",
            "series_ids",
            "roles",
            "by_video",
        ]
    ]
    named = ds.participations(filters)
    named = named[named["org_id"].isin(orgs["org_id"])]
    common = {
        "summary": captions.organisation_types_sentence(orgs, names, _),
        "source_ids": _ids(named["source_id"]),
        "is_map": False,
        "data": table,
        "page": "organisations",
        "page_params": {"orgtype": tuple(options.org_types)} if options.org_types else {},
        "choices": (", ".join(type_labels[t] for t in options.org_types),)
        if options.org_types
        else (),
    }
    return _, orgs, names, type_labels, type_colors, common


def build_organisations(
    ds: Dataset, filters: Filters, lang: str, options: ChartOptions
) -> ExportChart:
    """Organisations page: which organisation is named in which year, by type."""
    _, _orgs, names, type_labels, type_colors, common = _organisations(ds, filters, lang, options)
    years = ds.organisation_years(filters, options.org_types)
    series_names = {
        s: n
        for s, n in zip(ds.tables.series["series_id"], ds.tables.series["short_name"], strict=True)
    }
    fig = organisation_matrix(
        years,
        names=names,
        type_labels=type_labels,
        colors=type_colors,
        series_names=series_names,
        role_labels={c: _(label) for c, label in ROLES.items()},
        labels={
            "year": _("Year"),
            "editions": _("Editions that year"),
            "series": _("Series"),
            "roles": _("Roles"),
            "type": _("Type"),
            "by_video": _("By video (open marker)"),
        },
    )
    return ExportChart(
        name="organisations", figure=fig, title=_("International organisations by year"), **common
    )


def build_organisations_bar(
    ds: Dataset, filters: Filters, lang: str, options: ChartOptions
) -> ExportChart:
    """Organisations page, second tab: editions attended per organisation."""
    _, orgs, names, type_labels, type_colors, common = _organisations(ds, filters, lang, options)
    fig = organisation_editions_bar(
        orgs,
        names=names,
        type_labels=type_labels,
        colors=type_colors,
        labels={
            "editions": _("Editions attended"),
            "type": _("Type"),
            "by_video": _("By video at least once"),
            "yes": _("yes"),
            "no": _("no"),
        },
    )
    return ExportChart(
        name="organisations-bar", figure=fig, title=_("Editions per organisation"), **common
    )


# -- country profile ---------------------------------------------------------------------------


def _participant(ds: Dataset, filters: Filters, lang: str, options: ChartOptions):
    _ = translator(lang)
    everyone = ds.participant_history(Filters())
    participant = options.participant or str(everyone["participant_id"].iloc[0])
    if participant not in set(everyone["participant_id"]):
        raise DataError(
            [
                Problem(
                    "unknown participant",
                    column="participant",
                    value=participant,
                    expected="the id of a participant named in the data, such as CHN or iom",
                    hint="find ids with `coopstats resolve NAME`",
                )
            ]
        )
    name = ds.participant_name(participant, lang)
    history = ds.participant_history(filters)
    row = history[history["participant_id"] == participant]
    if row.empty:
        raise DataError(
            [
                Problem(
                    captions.profile_sentence(name, None, _).rstrip("."),
                    column="filters",
                    hint="widen the years, or clear a filter",
                )
            ]
        )
    return _, participant, name, row.iloc[0].to_dict(), everyone


def build_profile(ds: Dataset, filters: Filters, lang: str, options: ChartOptions) -> ExportChart:
    """Country profile page: one participant's editions by series and year."""
    _, participant, name, record, everyone = _participant(ds, filters, lang, options)
    role_labels = {code: _(label) for code, label in ROLES.items()}
    roles = ", ".join(role_labels.get(r, r) for r in str(record["roles"]).split(", "))
    editions = ds.participant_editions(filters, participant)
    events = ds.events(filters)
    series = ds.tables.series.set_index("series_id")["short_name"]
    fig = participant_timeline(
        editions,
        series_names={s: str(series.get(s, s)) for s in editions["series_id"]},
        role_labels=role_labels,
        colors=theme.ROLE_COLORS,
        edition_titles=dict(zip(events["event_id"], events["title"], strict=True)),
        labels={
            "year": _("Year"),
            "series": _("Series"),
            "roles": _("Roles"),
            "events": _("Events named at (sub-forums included)"),
            "by_video": _("By video"),
            "video_marker": _("By video (open marker)"),
            "yes": _("yes"),
            "no": _("no"),
        },
    )
    named = ds.participations(filters)
    named = named[named["participant_id"] == participant]
    return ExportChart(
        name="profile",
        figure=fig,
        title=_("{name}: editions by series and year").format(name=name),
        summary=captions.profile_sentence(name, {**record, "roles": roles}, _),
        source_ids=_ids(named["source_id"]),
        is_map=False,
        data=editions,
        page="country",
        page_params={"country": (participant,)}
        if participant != everyone["participant_id"].iloc[0]
        else {},
        choices=(name,),
    )


def build_co_attendees(
    ds: Dataset, filters: Filters, lang: str, options: ChartOptions
) -> ExportChart:
    """Country profile page: who is most often named at the same editions."""
    _, participant, name, record, everyone = _participant(ds, filters, lang, options)
    co = ds.co_attendees(filters, participant)
    if co.empty:
        raise _nothing(_("co-attendees"))
    top = co.head(TOP_CO_ATTENDEES)
    co_names = {p: ds.participant_name(p, lang) for p in top["participant_id"]}
    fig = co_attendees_bar(
        top,
        names=co_names,
        type_labels={code: _(label) for code, label in PARTICIPANT_TYPES.items()},
        colors=theme.PARTICIPANT_TYPE_COLORS,
        labels={"shared_editions": _("Editions in common")},
    )
    named = ds.participations(filters)
    shared = named.loc[named["participant_id"] == participant, "edition_id"]
    named = named[named["edition_id"].isin(shared)]
    return ExportChart(
        name="co-attendees",
        figure=fig,
        title=_("Most often named at the same editions as {name}").format(name=name),
        summary=captions.co_attendees_sentence(co, name, co_names, int(record["editions"]), _),
        source_ids=_ids(named["source_id"]),
        is_map=False,
        data=top.assign(name=[co_names[p] for p in top["participant_id"]])[
            ["name", "participant_id", "participant_type", "shared_editions"]
        ],
        page="country",
        page_params={"country": (participant,)}
        if participant != everyone["participant_id"].iloc[0]
        else {},
        choices=(name,),
    )


CHARTS: dict[str, ChartSpec] = {
    spec.name: spec
    for spec in (
        ChartSpec(
            "map", "world map of participants (--measure editions|last_year|role)", "map", build_map
        ),
        ChartSpec(
            "timeline",
            "reported figures per edition (--measure participants|countries|organisations)",
            "timeline",
            build_timeline,
        ),
        ChartSpec(
            "cumulative",
            "named participants per edition and distinct so far",
            "timeline",
            build_cumulative,
        ),
        ChartSpec(
            "compare",
            "two to six editions side by side (--edition, repeatable)",
            "compare",
            build_compare,
        ),
        ChartSpec("presence", "who is named at which edition compared", "compare", build_presence),
        ChartSpec(
            "changes",
            "returning and new participants between editions compared",
            "compare",
            build_changes,
        ),
        ChartSpec(
            "overlap",
            "overlap of named participants between editions compared",
            "compare",
            build_overlap,
        ),
        ChartSpec(
            "organisations",
            "organisations by year (--org-type, repeatable)",
            "organisations",
            build_organisations,
        ),
        ChartSpec(
            "organisations-bar",
            "editions attended per organisation",
            "organisations",
            build_organisations_bar,
        ),
        ChartSpec(
            "profile", "one participant's editions (--participant ID)", "country", build_profile
        ),
        ChartSpec(
            "co-attendees",
            "most often named beside one participant (--participant ID)",
            "country",
            build_co_attendees,
        ),
    )
}


def build_chart(
    ds: Dataset,
    name: str,
    filters: Filters = Filters(),
    lang: str = "en",
    options: ChartOptions = ChartOptions(),
) -> ExportChart:
    """The chart called `name`, built as its page builds it. DataError when unknown or empty."""
    if name not in CHARTS:
        raise DataError(
            [
                Problem(
                    "unknown chart",
                    column="CHART",
                    value=name,
                    expected="one of: " + ", ".join(CHARTS),
                    hint="`coopstats export --list` names them",
                )
            ]
        )
    chart = CHARTS[name].build(ds, filters, lang, options)
    theme.themed(chart.figure)
    return chart
