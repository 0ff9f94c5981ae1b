"""The briefing pack: the current view as 16:9 slides, in PowerPoint and in PDF.

Slides: a title slide (filters, date, data version, link), key figures, the map, the timeline
and the comparison (each with its one-sentence summary and sources line), then the sources.
A chart that has nothing to show for the filters becomes a slide that says so, so the deck
always has the same shape.

Each chart is rendered once (kaleido, PNG). The PPTX places that image beside native,
editable text (python-pptx), with the chart's title and summary as the picture's alternative
text. The PDF is real, tagged text printed by the same Chromium from an HTML rendition of the
slides (export/pdf_document.py): headings, summaries, the charts' data and the sources as
tables, each chart a picture with its summary as alternative text; no office suite is needed.
"""

from __future__ import annotations

import io
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
from coopstats.export.images import ImageSize, to_image
from coopstats.export.pdf_document import pdf_document
from coopstats.figures import captions, theme
from coopstats.i18n import is_rtl, translator

PACK_CHARTS = ("map", "timeline", "compare")
SLIDE_W_IN, SLIDE_H_IN = 13.333, 7.5
CHART_PX = ImageSize("pack-chart", 1600, 600, 2.0)
SOURCES_PER_SLIDE = 12
# Where things go on every slide, in inches: (left, top, width, height).
TITLE_BOX = (0.5, 0.3, 12.33, 0.75)
SUBTITLE_BOX = (0.5, 1.02, 12.33, 0.4)
PICTURE_BOX = (0.5, 1.45, 12.33, 12.33 * CHART_PX.height / CHART_PX.width)
SUMMARY_BOX = (0.5, 6.12, 12.33, 0.55)
FOOTER_BOX = (0.5, 6.7, 12.33, 0.7)
# python-pptx takes colours as RRGGBB without "#".
INK, MUTED, ACCENT = (c.lstrip("#").upper() for c in (theme.TEXT, theme.MUTED, theme.REPORTED))


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


# -- content -----------------------------------------------------------------------------------


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
    from coopstats.export.outputs import chart_permalink

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


# -- PowerPoint --------------------------------------------------------------------------------


def pptx_bytes(slides: list[Slide], lang: str) -> bytes:
    """The slides as a 16:9 PowerPoint deck: native text, chart images, a sources table."""
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(SLIDE_W_IN), Inches(SLIDE_H_IN)
    deck.core_properties.title = slides[0].title if slides else "coopstats"
    deck.core_properties.subject = slides[0].subtitle if slides else ""
    rtl = is_rtl(lang)
    for content in slides:
        if content.kind == "title":
            _title_slide(deck, content, rtl)
            continue
        slide = deck.slides.add_slide(deck.slide_layouts[5])  # "Title Only"
        _place(slide.shapes.title, TITLE_BOX)
        _text(slide.shapes.title.text_frame, [content.title], 28, INK, rtl, bold=True)
        _text(_box(slide, SUBTITLE_BOX), [content.subtitle], 13, MUTED, rtl)
        if content.kind == "chart" and content.image:
            left, top, width, height = PICTURE_BOX
            picture = slide.shapes.add_picture(
                io.BytesIO(content.image), Inches(left), Inches(top), Inches(width), Inches(height)
            )
            # Alternative text for screen readers: what the chart says.
            picture._element.nvPicPr.cNvPr.set("descr", f"{content.title}. {content.summary}")
            _text(_box(slide, SUMMARY_BOX), [content.summary], 14, INK, rtl)
            _text(
                _box(slide, FOOTER_BOX),
                [*content.footer, content.link],
                9,
                MUTED,
                rtl,
                link=content.link,
            )
            slide.notes_slide.notes_text_frame.text = "\n".join((content.summary, *content.footer))
        elif content.kind == "figures":
            _figures(slide, content, rtl)
        elif content.kind == "sources" and content.table is not None:
            _sources(slide, content.table, rtl)
        else:
            _text(_box(slide, (0.5, 2.5, 12.33, 2.0)), list(content.lines), 20, INK, rtl)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _title_slide(deck, content: Slide, rtl: bool) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    _place(slide.shapes.title, (0.8, 1.8, 11.73, 1.5))
    _text(slide.shapes.title.text_frame, [content.title], 36, INK, rtl, bold=True)
    body = slide.placeholders[1]
    _place(body, (0.8, 3.5, 11.73, 2.8))
    _text(body.text_frame, [content.subtitle, *content.lines], 16, MUTED, rtl, link=content.link)


def _figures(slide, content: Slide, rtl: bool) -> None:
    count = max(len(content.figures), 1)
    width = 12.33 / count
    for i, (label, value) in enumerate(content.figures):
        slot = (count - 1 - i) if rtl else i
        box = _box(slide, (0.5 + slot * width, 1.7, width - 0.2, 1.6))
        _text(box.text_frame, [value], 40, ACCENT, rtl, bold=True)
        paragraph = box.text_frame.add_paragraph()
        _run(paragraph, label, 14, MUTED)
        _direction(paragraph, rtl)
    lines = _box(slide, (0.5, 3.6, 12.33, 3.2))
    _text(lines.text_frame, list(content.lines), 15, INK, rtl)
    lines.text_frame.word_wrap = True


def _sources(slide, table: pd.DataFrame, rtl: bool) -> None:
    from pptx.util import Inches, Pt

    headers = ("Publisher", "Title", "Accessed", "URL")
    columns = ("publisher", "title", "accessed_date", "url")
    widths = (3.0, 4.8, 1.2, 3.33)
    shape = slide.shapes.add_table(
        len(table) + 1,
        len(headers),
        Inches(0.5),
        Inches(1.5),
        Inches(12.33),
        Inches(0.3 * (len(table) + 1)),
    )
    grid = shape.table
    for j, width in enumerate(widths):
        grid.columns[j].width = Inches(width)
    for j, header in enumerate(headers):
        grid.cell(0, j).text = header
    for i, row in enumerate(table.itertuples(), start=1):
        for j, column in enumerate(columns):
            value = getattr(row, column)
            cell = grid.cell(i, j)
            cell.text = (
                "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
            )
            if column == "url" and cell.text.startswith(("http://", "https://")):
                cell.text_frame.paragraphs[0].runs[0].hyperlink.address = cell.text
    for i in range(len(table) + 1):
        for j in range(len(headers)):
            for paragraph in grid.cell(i, j).text_frame.paragraphs:
                _direction(paragraph, rtl)
                for run in paragraph.runs:
                    run.font.size = Pt(10 if i else 11)


def _box(slide, box: tuple[float, float, float, float]):
    from pptx.util import Inches

    left, top, width, height = box
    shape = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    shape.text_frame.word_wrap = True
    return shape


def _place(shape, box: tuple[float, float, float, float]) -> None:
    from pptx.util import Inches

    left, top, width, height = box
    shape.left, shape.top, shape.width, shape.height = (
        Inches(left),
        Inches(top),
        Inches(width),
        Inches(height),
    )


def _run(paragraph, text: str, size: int, color: str, bold: bool = False, link: str = ""):
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = RGBColor.from_string(color)
    if link and text == link and links.is_absolute(link):
        run.hyperlink.address = link
    return run


def _direction(paragraph, rtl: bool) -> None:
    from pptx.enum.text import PP_ALIGN

    if rtl:
        paragraph.alignment = PP_ALIGN.RIGHT
        paragraph._p.get_or_add_pPr().set("rtl", "1")  # python-pptx has no API for direction


def _text(
    frame, lines: list[str], size: int, color: str, rtl: bool, bold: bool = False, link: str = ""
) -> None:
    frame = getattr(frame, "text_frame", frame)
    frame.clear()
    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        _run(paragraph, line, size, color, bold, link)
        _direction(paragraph, rtl)


# -- PDF ---------------------------------------------------------------------------------------


def pdf_bytes(slides: list[Slide], lang: str, static_dir: Path) -> bytes:
    """The slides as a real-text, tagged PDF (export/pdf_document.py): headings, summaries,
    tables and sources are text; each chart is a picture with its summary as alternative text."""
    return pdf_document(slides, lang)
