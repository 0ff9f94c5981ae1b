"""The briefing slides as a PowerPoint deck: each chart's image beside native, editable text."""

from __future__ import annotations

import io

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.util import Inches, Pt

from coopstats.charts import links
from coopstats.export.layout import (
    ACCENT,
    FOOTER_BOX,
    INK,
    MUTED,
    PICTURE_BOX,
    SLIDE_H_IN,
    SLIDE_W_IN,
    SUBTITLE_BOX,
    SUMMARY_BOX,
    TITLE_BOX,
)
from coopstats.export.slides import Slide
from coopstats.i18n import is_rtl


def pptx_bytes(slides: list[Slide], lang: str) -> bytes:
    """The slides as a 16:9 PowerPoint deck: native text, chart images, a sources table."""

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

    left, top, width, height = box
    shape = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    shape.text_frame.word_wrap = True
    return shape


def _place(shape, box: tuple[float, float, float, float]) -> None:

    left, top, width, height = box
    shape.left, shape.top, shape.width, shape.height = (
        Inches(left),
        Inches(top),
        Inches(width),
        Inches(height),
    )


def _run(paragraph, text: str, size: int, color: str, bold: bool = False, link: str = ""):

    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = RGBColor.from_string(color)
    if link and text == link and links.is_absolute(link):
        run.hyperlink.address = link
    return run


def _direction(paragraph, rtl: bool) -> None:

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
