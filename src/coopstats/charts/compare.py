"""The Compare page's charts: two to six editions side by side, who is named where, returning
and new participants, and the overlap between every pair."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import compress

from coopstats import numbers
from coopstats.aggregate import Filters
from coopstats.charts import labels
from coopstats.charts.chart import Chart, ChartOptions, nothing, source_ids
from coopstats.dataset import Dataset
from coopstats.errors import DataError, Problem
from coopstats.figures import captions, theme
from coopstats.figures.compare import edition_comparison
from coopstats.figures.presence import (
    MAX_PRESENCE_ROWS,
    changes_chart,
    overlap_heatmap,
    presence_heatmap,
)
from coopstats.i18n import translator

MAX_EDITIONS = 6


@dataclass(frozen=True)
class Picked:
    """The editions compared, in the order they were held, and their short labels."""

    ids: list[str]
    short: dict[str, str]
    default: bool


def picked_editions(ds: Dataset, filters: Filters, options: ChartOptions, _) -> Picked:
    """The editions compared: the page's choice, or the default pair; DataError when invalid."""
    choices = ds.comparison_choices(filters)
    if len(choices) < 2:
        raise nothing(_("two editions"))
    # Plain lists: each of the page's four charts asks, and iterating Arrow text is slow.
    ids = choices["edition_id"].tolist()
    # Start dates as integers (microseconds): a Timestamp per edition cost a millisecond.
    known = dict(zip(ids, choices["start"].to_numpy().view("i8").tolist(), strict=True))
    picked = (list(dict.fromkeys(options.editions))
              or list(compress(ids, choices["default"].tolist())))  # fmt: skip
    unknown = [e for e in picked if e not in known]
    if unknown:
        raise DataError([Problem("edition not in the selection", column="editions", value=e,
                                 expected="an edition id that the filters select",
                                 hint="list them with `coopstats events`") for e in unknown])  # fmt: skip
    if not 2 <= len(picked) <= MAX_EDITIONS:
        raise DataError([Problem("wrong number of editions to compare", column="editions",
                                 value=len(picked), expected=f"2 to {MAX_EDITIONS}")])  # fmt: skip
    # Consecutive pairs (returning, new) only make sense in the order the editions were held.
    return Picked(ids=sorted(picked, key=known.get),
                  short=dict(zip(ids, choices["label"].tolist(), strict=True)),
                  default=not options.editions)  # fmt: skip


def _chart(ds: Dataset, filters: Filters, picked: Picked, **fields: object) -> Chart:
    # The page's four charts cite the same sources: one answer, shared.
    cited = ds.comparison_sources(filters, picked.ids)
    return Chart(
        source_ids=source_ids(cited["source_ids"]),
        page="compare",
        page_params={} if picked.default else {"editions": tuple(picked.ids)},
        choices=(", ".join(picked.short.get(e, e) for e in picked.ids),),
        **fields,  # type: ignore[arg-type]
    )


def comparison(ds: Dataset, filters: Filters, lang: str, options: ChartOptions) -> Chart:
    """Compare page: reported figures and named counts of two to six editions."""
    _ = translator(lang)
    picked = picked_editions(ds, filters, options, _)
    frame = ds.edition_comparison(filters, picked.ids)
    # Reported figures (">240", "50–51") written for the language, from numbers and codes.
    frame = frame.assign(reported_label=numbers.reported_column(frame, lang),
                         announced_label=numbers.reported_column(frame, lang, "announced"))  # fmt: skip
    measures = {**labels.timeline_measures(_), "combined": labels.combined(_)}
    fig = edition_comparison(
        frame,
        labels={**measures, "named": _("Named in sources (a lower bound)"),
                "reported": _("Reported after the event"), "no_figure": _("not reported"),
                "sources_differ": _("Sources differ: the line spans their values"),
                "qualifiers": labels.qualifiers(_), "number": labels.number_writer(lang)},
        colors={"reported": theme.REPORTED, "named": theme.NAMED},
    )  # fmt: skip
    columns = {"label": _("Edition"), "measure": _("Measure"), "reported_label": _("Reported"),
               "conflict": _("Sources differ"), "named": _("Named"),
               "announced_label": _("Announced before (not attendance)")}  # fmt: skip
    table = frame.assign(measure=frame["measure"].map(measures))[list(columns)]
    return _chart(ds, filters, picked, name="compare", figure=fig, title=_("Compare editions"),
                  summary=captions.comparison_sentence(frame, _),
                  table=table.rename(columns=columns))  # fmt: skip


def presence(ds: Dataset, filters: Filters, lang: str, options: ChartOptions) -> Chart:
    """Compare page: who is named at which of the editions compared."""
    _ = translator(lang)
    picked = picked_editions(ds, filters, options, _)
    matrix = ds.presence_matrix(filters, picked.ids)
    if matrix.empty:
        raise nothing(_("named participants"))
    names = [ds.participant_name(p, lang) for p in matrix.index]
    fig = presence_heatmap(matrix, names, edition_labels=picked.short,
                           labels={"present": _("named"), "absent": _("not named")},
                           colors=theme.PRESENCE, max_rows=MAX_PRESENCE_ROWS)  # fmt: skip
    table = matrix.rename(columns=picked.short).set_axis(names).rename_axis(_("Participant"))
    return _chart(ds, filters, picked, name="presence", figure=fig,
                  title=_("Who is named where"),
                  summary=captions.presence_sentence(matrix, min(len(matrix), MAX_PRESENCE_ROWS), _),
                  table=table.reset_index())  # fmt: skip


def changes(ds: Dataset, filters: Filters, lang: str, options: ChartOptions) -> Chart:
    """Compare page: returning, new and not-named-again participants."""
    _ = translator(lang)
    picked = picked_editions(ds, filters, options, _)
    frame = ds.participant_changes(filters, picked.ids)
    words = {"returning": _("Returning"), "new": _("New"), "dropped": _("Not named again")}
    fig = changes_chart(frame, edition_labels=picked.short, colors=theme.CHANGES,
                        labels={**words, "number": labels.number_writer(lang)})  # fmt: skip
    table = frame.assign(from_edition=frame["from_edition"].map(picked.short),
                         to_edition=frame["to_edition"].map(picked.short))  # fmt: skip
    return _chart(ds, filters, picked, name="changes", figure=fig, title=_("Returning and new"),
                  summary=captions.labelled_changes_sentence(frame, picked.short, _),
                  table=table.rename(columns={"from_edition": _("From"), "to_edition": _("To"),
                                              **words}))  # fmt: skip


def overlap(ds: Dataset, filters: Filters, lang: str, options: ChartOptions) -> Chart:
    """Compare page: overlap of named participants between every pair of editions."""
    _ = translator(lang)
    picked = picked_editions(ds, filters, options, _)
    matrix = ds.overlap_matrix(filters, picked.ids)
    fig = overlap_heatmap(matrix, edition_labels=picked.short, colors=theme.SEQUENTIAL,
                          labels={"overlap": _("Shared participants (Jaccard)")})  # fmt: skip
    table = matrix.rename(index=picked.short, columns=picked.short).round(2).reset_index()
    return _chart(ds, filters, picked, name="overlap", figure=fig, title=_("Overlap"),
                  summary=captions.overlap_sentence(matrix, picked.short, _), table=table)  # fmt: skip
