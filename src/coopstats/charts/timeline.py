"""The Timeline page's charts: reported figures per edition, and named participants so far."""

from __future__ import annotations

from coopstats import numbers
from coopstats.aggregate import Filters
from coopstats.charts import labels
from coopstats.charts.chart import Chart, ChartOptions, choose, nothing, source_ids
from coopstats.dataset import Dataset
from coopstats.figures import captions, theme
from coopstats.figures.cumulative import cumulative_participants_chart
from coopstats.figures.timeline import busiest, edition_timeline
from coopstats.i18n import translator

# The countries timeline also shows combined counts (countries and organisations as one number).
DRAWN = {"participants": ("participants",), "countries": ("countries", "combined"),
         "organisations": ("organisations",)}  # fmt: skip


def _colour_note(frame, capped: str, _) -> tuple[str, ...]:
    if capped:
        return (capped,)
    if frame["series_id"].nunique() > len(theme.SERIES):
        return (_("Colours repeat beyond {n} series: pick series in the sidebar to tell them "
                  "apart.").format(n=len(theme.SERIES)),)  # fmt: skip
    return ()


def timeline(ds: Dataset, filters: Filters, lang: str, options: ChartOptions) -> Chart:
    """Timeline page: reported figures per edition, beside named participants."""
    _ = translator(lang)
    measure = choose(options.measure, labels.TIMELINE_MEASURES, "measure")
    frame = ds.edition_timeline(filters, DRAWN[measure])
    if frame.empty:
        raise nothing(_("editions"))
    frame, capped = busiest(frame, "event_id", _)
    # Reported labels (">240", "50–51") and dates written for the language.
    frame = frame.assign(label=numbers.reported_column(frame, lang),
                         announced_label=numbers.reported_column(frame, lang, "announced"),
                         start_date=frame["start_date"].map(lambda d: numbers.date(d, lang)))  # fmt: skip
    measures = labels.timeline_measures(_)
    what = {"participants": _("participants"), "countries": _("countries and regions"),
            "organisations": _("international organisations")}[measure]  # fmt: skip
    words = {
        "y": _("{what} reported").format(what=measures[measure]),
        "reported": _("Reported after the event"),
        "sub_forum": _("Sub-forums and side meetings"),
        "combined": labels.combined(_),
        "named": _("Named in sources (a lower bound)"),
        "no_figure": _("No figure reported"),
        "sources_differ": _("Sources differ: the line spans their values"),
        "announced": _("Announced before the event (not attendance)"),
        "qualifiers": labels.qualifiers(_),
        "number": labels.number_writer(lang),
    }
    fig = edition_timeline(frame, measure=measure, labels=words,
                           colors={"series": theme.SERIES, "named": theme.NAMED})  # fmt: skip
    columns = {"series_name": _("Series"), "title": _("Event"), "start_date": _("Date"),
               "kind": _("Kind"), "measure": _("Measure"), "label": _("Reported"),
               "conflict": _("Sources differ"), "named": _("Named"),
               "announced_label": _("Announced before (not attendance)"),
               "source_ids": _("Sources")}  # fmt: skip
    kinds = {**labels.event_kinds(_), **measures, "combined": words["combined"]}
    table = frame.assign(kind=frame["kind"].map(kinds), measure=frame["measure"].map(kinds))
    return Chart(
        name="timeline",
        figure=fig,
        title=_("Editions over time: {measure}").format(measure=measures[measure]),
        summary=captions.timeline_measure_sentence(frame, measure, what, _),
        table=table[list(columns)].rename(columns=columns),
        source_ids=source_ids(frame["source_ids"], ds.participations(filters)["source_id"]),
        page="timeline",
        page_params={"measure": (measure,)} if measure != labels.TIMELINE_MEASURES[0] else {},
        notes=_colour_note(frame, capped, _),
    )


def cumulative(ds: Dataset, filters: Filters, lang: str, options: ChartOptions) -> Chart:
    """Timeline page, second chart: named per edition and distinct participants so far."""
    _ = translator(lang)
    frame = ds.cumulative_timeline(filters)
    if frame.empty:
        raise nothing(_("named participants"))
    frame, capped = busiest(frame, "edition_id", _)
    frame = frame.assign(start_date=frame["start_date"].map(lambda d: numbers.date(d, lang)))
    fig = cumulative_participants_chart(
        frame,
        labels={"y": _("Participants named"), "named": _("Named at the edition"),
                "new": _("Named for the first time"), "cumulative": _("Distinct so far"),
                "number": labels.number_writer(lang)},
        colors=theme.SERIES,
    )  # fmt: skip
    columns = {"series_name": _("Series"), "title": _("Edition"), "start_date": _("Date"),
               "named": _("Named at the edition"), "new": _("Named for the first time"),
               "cumulative": _("Distinct so far")}  # fmt: skip
    return Chart(
        name="cumulative",
        figure=fig,
        title=_("Named participants, edition by edition"),
        summary=captions.cumulative_sentence(frame, _),
        table=frame[list(columns)].rename(columns=columns),
        source_ids=source_ids(ds.participations(filters)["source_id"]),
        page="timeline",
        notes=(capped,) if capped else (),
    )
