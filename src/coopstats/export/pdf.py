"""The briefing slides as a PDF: each slide drawn as one page image, joined into one file.

The pages are drawn by the same Chromium as the charts (so Arabic and Chinese shape correctly)
and joined by Pillow; no office suite is needed. The interface is one function,
`pdf_bytes(slides, lang, static_dir) -> bytes`, so another writer (real text instead of page
images) can take its place.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import plotly.graph_objects as go
from PIL import Image

from coopstats.export.images import pdf_with_info, to_image
from coopstats.export.layout import (
    ACCENT,
    FOOTER_BOX,
    INK,
    MUTED,
    PAGE_PX,
    PICTURE_BOX,
    PX_PER_IN,
    SLIDE_H_IN,
    SLIDE_W_IN,
    SUBTITLE_BOX,
    SUMMARY_BOX,
    TITLE_BOX,
    at,
    cell,
    lines,
)
from coopstats.export.slides import Slide
from coopstats.figures import theme
from coopstats.figures.text import escape
from coopstats.i18n import is_rtl


def _note(
    text: str,
    box: tuple[float, float, float, float],
    size: int,
    color: str,
    rtl: bool,
    bold: bool = False,
) -> dict[str, object]:
    left, top, width, _height = box
    x, y = at(left + width if rtl else left, top)
    body = f"<b>{text}</b>" if bold else text
    return {
        "text": body,
        "x": x,
        "y": y,
        "xref": "paper",
        "yref": "paper",
        "xanchor": "right" if rtl else "left",
        "yanchor": "top",
        "align": "right" if rtl else "left",
        "showarrow": False,
        "font": {"family": theme.FONT_FAMILY, "size": size, "color": f"#{color}"},
    }


def page_figure(content: Slide, rtl: bool) -> go.Figure:
    """One slide drawn as a 1600 x 900 figure: the same words and image as the PPTX slide."""
    pt = PX_PER_IN / 72  # a point on the slide, in page pixels
    fig = go.Figure()
    notes: list[dict[str, object]] = []
    images: list[dict[str, object]] = []
    if content.kind == "title":
        notes.append(
            _note(
                lines([content.title], 11.73, 36 * pt),
                (0.8, 2.0, 11.73, 1.5),
                round(36 * pt),
                INK,
                rtl,
                bold=True,
            )
        )
        notes.append(
            _note(
                lines([content.subtitle, *content.lines], 11.73, 16 * pt),
                (0.8, 3.5, 11.73, 2.8),
                round(16 * pt),
                MUTED,
                rtl,
            )
        )
    else:
        notes.append(
            _note(
                lines([content.title], 12.33, 28 * pt),
                TITLE_BOX,
                round(28 * pt),
                INK,
                rtl,
                bold=True,
            )
        )
        notes.append(
            _note(
                lines([content.subtitle], 12.33, 13 * pt), SUBTITLE_BOX, round(13 * pt), MUTED, rtl
            )
        )
    if content.kind == "chart" and content.image:
        left, top, width, height = PICTURE_BOX
        x, y = at(left, top)
        images.append(
            {
                "source": "data:image/png;base64," + base64.b64encode(content.image).decode(),
                "xref": "paper",
                "yref": "paper",
                "x": x,
                "y": y,
                "sizex": width / SLIDE_W_IN,
                "sizey": height / SLIDE_H_IN,
                "xanchor": "left",
                "yanchor": "top",
                "sizing": "contain",
                "layer": "above",
            }
        )
        notes.append(
            _note(lines([content.summary], 12.33, 14 * pt), SUMMARY_BOX, round(14 * pt), INK, rtl)
        )
        notes.append(
            _note(
                lines([*content.footer, content.link], 12.33, 9 * pt),
                FOOTER_BOX,
                round(9 * pt),
                MUTED,
                rtl,
            )
        )
    elif content.kind == "figures":
        count = max(len(content.figures), 1)
        width = 12.33 / count
        for i, (label, value) in enumerate(content.figures):
            slot = (count - 1 - i) if rtl else i
            box = (0.5 + slot * width, 1.7, width - 0.2, 1.6)
            notes.append(_note(escape(value), box, round(40 * pt), ACCENT, rtl, bold=True))
            below = (box[0], 2.45, box[2], 0.8)
            notes.append(_note(lines([label], box[2], 14 * pt), below, round(14 * pt), MUTED, rtl))
        notes.append(
            _note(
                lines(list(content.lines), 12.33, 15 * pt),
                (0.5, 3.6, 12.33, 3.2),
                round(15 * pt),
                INK,
                rtl,
            )
        )
    elif content.kind == "sources" and content.table is not None:
        table = content.table.fillna("")
        fig.add_trace(
            go.Table(
                domain={
                    "x": [0.5 / SLIDE_W_IN, 12.83 / SLIDE_W_IN],
                    "y": [0.02, 1 - 1.5 / SLIDE_H_IN],
                },
                columnwidth=[3.0, 4.8, 1.2, 3.33],
                header={
                    "values": [f"<b>{h}</b>" for h in ("Publisher", "Title", "Accessed", "URL")],
                    "align": "right" if rtl else "left",
                    "font": {"family": theme.FONT_FAMILY, "size": 15},
                    "fill": {"color": theme.TABLE_HEADER},
                },
                cells={
                    "values": [
                        [cell(v, c == "url") for v in table[c]]
                        for c in ("publisher", "title", "accessed_date", "url")
                    ],
                    "align": "right" if rtl else "left",
                    "font": {"family": theme.FONT_FAMILY, "size": 13},
                    "height": 26,
                },
            )
        )
    elif content.kind != "title":
        notes.append(
            _note(
                lines(list(content.lines), 12.33, 20 * pt),
                (0.5, 2.5, 12.33, 2.0),
                round(20 * pt),
                INK,
                rtl,
            )
        )
    fig.update_layout(
        width=PAGE_PX.width,
        height=PAGE_PX.height,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        paper_bgcolor=theme.BACKGROUND,
        plot_bgcolor=theme.BACKGROUND,
        annotations=notes,
        images=images,
        xaxis={"visible": False},
        yaxis={"visible": False},
        showlegend=False,
    )
    return fig


def pdf_bytes(slides: list[Slide], lang: str, static_dir: Path) -> bytes:
    """The slides as a PDF, one rendered page image per slide, joined by Pillow."""
    rtl = is_rtl(lang)
    pages = []
    for content in slides:
        png = to_image(page_figure(content, rtl), "png", PAGE_PX, static_dir)
        pages.append(Image.open(io.BytesIO(png)).convert("RGB"))
    buffer = io.BytesIO()
    dpi = PAGE_PX.width * PAGE_PX.scale / SLIDE_W_IN
    pages[0].save(
        buffer,
        format="PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=dpi,
        quality=92,
    )
    # The words of the slides, as text: the pages themselves are pictures.
    charts = [s for s in slides if s.kind == "chart"]
    sources = [s for s in slides if s.kind == "sources" and s.table is not None]
    publishers = sorted({str(p) for s in sources for p in s.table["publisher"]})  # type: ignore[index]
    info = {
        "Title": slides[0].title,
        "Subject": " ".join([slides[0].subtitle, *(f"{s.title}: {s.summary}" for s in charts)]),
        "Keywords": " · ".join(slides[0].lines),
        "Source": "; ".join(publishers),
        "Creator": "coopstats",
    }
    return pdf_with_info(buffer.getvalue(), info)
