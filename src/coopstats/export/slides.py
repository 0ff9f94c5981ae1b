"""The briefing's content, slide by slide, whatever it is rendered into (powerpoint.py,
pdf_document.py).

Slides: a title slide (filters, date, data version, how to cite, link), key figures, the map,
the timeline and the comparison (each with its one-sentence summary, sources, licences and
citation), then the sources. A chart that has nothing to show for the filters becomes a slide
that says so, so the deck always has the same shape. Each chart is rendered once (kaleido, PNG).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from coopstats import numbers
from coopstats.charts import ChartOptions, build_chart, links
from coopstats.charts.filters import filters_line
from coopstats.dataset import Dataset
from coopstats.errors import DataError
from coopstats.export.credits import (
    DATA_LICENCE,
    citation,
    credits_for,
    last_changed,
    source_table,
)
from coopstats.export.images import to_image
from coopstats.export.layout import CHART_PX, SOURCES_PER_SLIDE
from coopstats.export.outputs import chart_permalink
from coopstats.figures import captions
from coopstats.i18n import translator

PACK_CHARTS = ("map", "timeline", "compare")


@dataclass(frozen=True)
class Slide:
    """One slide's content, whatever it is rendered into."""

    kind: str  # "title", "figures", "chart", "message" or "sources"
    title: str
    subtitle: str = ""
    lines: tuple[str, ...] = ()
    figures: tuple[tuple[str, str], ...] = ()
    image: bytes | None = None
    summary: str = ""
    footer: tuple[str, ...] = ()
    link: str = ""
    table: pd.DataFrame | None = field(default=None, compare=False)


def key_figures(
    ds: Dataset, filters, lang: str
) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """The overview page's headline numbers, and lines about the latest edition."""
    _ = translator(lang)
    events = ds.events(filters)
    summary = ds.event_summary(filters)
    history = ds.participant_history(filters)
    editions = events[events["kind"] == "edition"]

    def n(value: object) -> str:  # written for the language: "2,000", "2 000", "2.000"
        return numbers.number(value, lang)

    figures = (
        (_("Editions"), n(len(editions))),
        (
            _("Countries and territories named"),
            n(history["participant_type"].isin(["country", "territory"]).sum()),
        ),
        (_("Organisations named"), n((history["participant_type"] == "organisation").sum())),
        (
            _("Events with a reported attendance"),
            f"{n(summary['participants_min'].notna().sum())} / {n(len(summary))}",
        ),
    )
    if editions.empty:
        return figures, (_("No editions match these filters."),)
    latest = editions.iloc[-1]
    row = summary.set_index("event_id").loc[latest["event_id"]]
    lines = (
        _("Latest edition: {title}").format(title=latest["title"]),
        " · ".join(
            str(p)
            for p in (numbers.date(latest["start_date"], lang), latest["city"])
            if isinstance(p, str) and p
        ),
        "; ".join(
            f"{label}: {numbers.reported_in(row, lang, headline) or _('not reported')}"
            for label, headline in (
                (_("Participants reported"), "participants"),
                (_("Countries and regions reported"), "countries"),
                (_("Organisations reported"), "organisations"),
            )
        ),
        captions.event_sentence({**row.to_dict(), "year": latest["year"]}, _),
        _("Sources name only some participants: named counts are a lower bound, never the total."),
    )
    return figures, lines


def briefing_slides(
    ds: Dataset,
    request,
    static_dir: Path,
    options: Mapping[str, ChartOptions],
    charts: tuple[str, ...] | None = None,
) -> list[Slide]:
    """The pack's slides for the view in `request` (an outputs.Request), chart images rendered.

    `charts=None`: the whole briefing. Otherwise only those charts' slides, then the sources.
    """
    _ = translator(request.lang)
    base_params = None
    if request.params is not None:  # the live URL: keep the shared filters, not the page's own
        base_params = {k: v for k, v in request.params.items() if k not in links.PAGE_PARAMS}
    subtitle = filters_line(ds, request.filters, request.lang)
    overview = links.permalink(
        request.base_url,
        "overview",
        base_params
        if base_params is not None
        else links.filter_params(ds, request.filters, request.lang),
        version=ds.version if request.frozen else None,
    )
    today = request.today()
    slides: list[Slide] = []
    source_ids: set[str] = set()
    if charts is None:
        slides.append(
            Slide(
                "title",
                _("International cooperation forums: briefing"),
                subtitle=subtitle,
                link=overview,
                lines=(
                    today,
                    _("Data version {version}").format(version=ds.version),
                    citation(
                        _("International cooperation forums: briefing"),
                        ds.version,
                        last_changed(ds),
                        _,
                    ),
                    _("Licence of the data: {data}.").format(data=DATA_LICENCE),
                    overview if links.is_absolute(overview) else links.printed(overview, _),
                ),
            )
        )
        figures, lines = key_figures(ds, request.filters, request.lang)
        slides.append(
            Slide(
                "figures",
                _("Key figures"),
                subtitle=subtitle,
                figures=figures,
                lines=lines,
                link=overview,
            )
        )
        events = ds.events(request.filters)
        figures_table = ds.tables.figures
        source_ids.update(
            figures_table.loc[figures_table["event_id"].isin(events["event_id"]), "source_id"]
        )
    for name in charts or PACK_CHARTS:
        chart_request = replace(request, chart=name, options=options.get(name, ChartOptions()))
        if base_params is not None:
            chart_request = replace(chart_request, params=base_params)
        try:
            chart = build_chart(ds, name, request.filters, request.lang, chart_request.options)
        except DataError as error:
            slides.append(
                Slide(
                    "message",
                    _("Nothing to show"),
                    subtitle=subtitle,
                    lines=(error.problems[0].what,),
                    link=overview,
                )
            )
            continue
        if base_params is not None:
            chart_request = replace(chart_request, params={**base_params, **chart.page_params})
        link = chart_permalink(ds, chart_request, chart)
        credits = credits_for(ds, chart, request.filters, request.lang, link, today)
        image = to_image(chart.figure, "png", CHART_PX, static_dir)
        source_ids.update(chart.source_ids)
        slides.append(
            Slide(
                "chart",
                chart.title,
                subtitle=credits.subtitle,
                image=image,
                summary=chart.sentences,
                footer=tuple(credits.footer_lines(_)[:-1]),
                link=link if links.is_absolute(link) else links.printed(link, _),
                table=chart.table,
            )
        )
    table = source_table(ds, sorted(source_ids))
    pages = max(1, math.ceil(len(table) / SOURCES_PER_SLIDE))
    for page in range(pages):
        part = table.iloc[page * SOURCES_PER_SLIDE : (page + 1) * SOURCES_PER_SLIDE]
        title = (
            _("Sources")
            if pages == 1
            else _("Sources ({page} of {pages})").format(page=page + 1, pages=pages)
        )
        slides.append(
            Slide(
                "sources",
                title,
                subtitle=_("{n} sources behind this briefing").format(n=len(table)),
                table=part.reset_index(drop=True),
                link=overview,
            )
        )
    return slides
