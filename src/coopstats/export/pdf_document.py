"""The briefing pack as a real-text, tagged PDF: an HTML rendition printed by Chromium.

    pdf_document(slides, lang)          # bytes of the PDF
    pack_html(slides, lang)             # the HTML it prints (also a readable file on its own)

Each slide becomes a 16:9 page (or more, when its table runs on): headings for titles, paragraphs
for subtitles, summaries and credits, the chart as an image whose alternative text is its
summary, the chart's data and the sources as real tables with header cells, links as links.
Chromium's print-to-PDF (headless, `--export-tagged-pdf`) keeps all of it as text that can be
selected, searched and read aloud, and writes a structure tree (headings, paragraphs, figures
with /Alt, tables), the document language (/Lang from `<html lang>`, and on every part in
another language, such as a source title in English inside an Arabic pack), an outline from the
headings and the title (/Title from `<title>`). The author, subject and keywords are then added
to the document information (`images.pdf_with_info`). Arabic is right to left throughout:
`<html dir="rtl">`, so headings, paragraphs and table columns run from the right.

What it cannot do (see docs/accessibility.md): the chart itself stays a picture (its words are
in the alternative text, the summary and the table); Chromium marks no table summary or column
scope beyond `<th>`; PDF/UA conformance is not claimed (no validator runs here).
"""

from __future__ import annotations

import base64
import html
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import pandas as pd

from coopstats.export.chromium import OFFLINE_ARGS
from coopstats.export.images import INSTALL_HINT, ImageExportError, find_chromium, pdf_with_info
from coopstats.figures import theme
from coopstats.i18n import HTML_LANG, is_rtl, translator

AUTHOR = "coopstats"
# A chart's data table in the PDF: the first rows, with a line saying how many there are.
TABLE_ROWS = 60
PRINT_TIMEOUT_S = 120
CHROMIUM_ARGS = (
    "--headless",
    *OFFLINE_ARGS,
    "--no-pdf-header-footer",
    "--export-tagged-pdf",
    "--generate-pdf-document-outline",
)
STYLE = """
@page { size: 13.333in 7.5in; margin: 0.45in 0.55in; }
html { font-family: %(font)s; color: %(text)s; font-size: 13pt; line-height: 1.35; }
section { break-after: page; }
section:last-child { break-after: auto; }
h1 { font-size: 30pt; margin: 1.2in 0 0.2in; }
h2 { font-size: 22pt; margin: 0 0 0.05in; }
.subtitle, .credits, .note { color: %(muted)s; }
.subtitle { font-size: 11pt; margin: 0 0 0.1in; }
.credits { font-size: 9pt; margin: 0.04in 0; }
figure { margin: 0; }
figure img { display: block; width: 100%%; max-height: 4.35in; object-fit: contain; }
figcaption, .summary { font-size: 13pt; margin: 0.08in 0; }
dl.figures { display: flex; gap: 0.3in; margin: 0.3in 0; }
dl.figures div { flex: 1; }
dl.figures dt { color: %(muted)s; font-size: 12pt; }
dl.figures dd { margin: 0; font-size: 28pt; font-weight: bold; }
table { border-collapse: collapse; width: 100%%; font-size: 9.5pt; margin-top: 0.1in; }
caption { text-align: start; font-weight: bold; font-size: 11pt; padding-bottom: 0.05in; }
th, td { border-bottom: 1px solid %(grid)s; padding: 2pt 4pt; text-align: start;
         vertical-align: top; unicode-bidi: plaintext; }
th { background: %(header)s; }
a { color: %(link)s; }
.url { direction: ltr; unicode-bidi: isolate; word-break: break-all; }
"""
_STYLE_COLOURS = {"font": theme.FONT_FAMILY, "text": theme.TEXT, "muted": theme.MUTED,
                  "grid": theme.POLYGON_LINE, "header": theme.TABLE_HEADER, "link": theme.REPORTED}  # fmt: skip


class SlideContent(Protocol):
    """What the writer reads from a slide (export.slides.Slide has it)."""

    kind: str
    title: str
    subtitle: str
    lines: tuple[str, ...]
    figures: tuple[tuple[str, str], ...]
    image: bytes | None
    summary: str
    footer: tuple[str, ...]
    link: str
    table: pd.DataFrame | None


def title_language(title: object, language: object) -> str:
    """The language a source title is written in: a title in square brackets was written by the
    project, in English, to describe the page (data/README.md); others are in the source's own
    language. "" when unknown."""
    text = str(title or "").strip()
    if text.startswith("[") and text.endswith("]"):
        return "en"
    return language if isinstance(language, str) else ""


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text))


def _link(url: str) -> str:
    """A full address as a link; anything else (how to open a view without a public address) as
    text."""
    if not url.startswith(("http://", "https://")):
        return _e(url)
    return f'<a class="url" href="{_e(url)}">{_e(url)}</a>'


def _table(frame: pd.DataFrame, caption: str, _, languages: pd.Series | None = None) -> str:
    """A data table with header cells; cells in `languages` (a column of codes) carry `lang`."""
    shown = frame.head(TABLE_ROWS)
    head = "".join(f'<th scope="col">{_e(c)}</th>' for c in shown.columns)
    rows = []
    for position, (_index, row) in enumerate(shown.iterrows()):
        cells = []
        for column, value in row.items():
            lang = ""
            if column == "title" and languages is not None:
                code = title_language(value, languages.iloc[position])
                if code:
                    lang = f' lang="{_e(code)}" dir="auto"'
            text = "" if pd.isna(value) else value
            if column == "url" and text:
                cells.append(f"<td>{_link(str(text))}</td>")
            else:
                cells.append(f"<td{lang}>{_e(text)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    note = ""
    if len(frame) > len(shown):
        note = '<p class="note">' + _e(
            _("The first {shown} of {total} rows; the Data and sources page has them all.").format(
                shown=len(shown), total=len(frame)
            )
        ) + "</p>"  # fmt: skip
    return (
        f"<table><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{note}"
    )


def _sources(frame: pd.DataFrame, _) -> str:
    languages = frame["language"] if "language" in frame.columns else None
    columns = {"publisher": _("Publisher"), "title": _("Title"), "url": _("Link"),
               "accessed_date": _("Accessed")}  # fmt: skip
    shown = frame[[c for c in columns if c in frame.columns]]
    table = _table(shown, _("Sources"), _, languages)
    # Header words in the pack's language; the column ids stay for the cells' lookups above.
    for code, word in columns.items():
        table = table.replace(
            f'<th scope="col">{_e(code)}</th>', f'<th scope="col">{_e(word)}</th>'
        )
    return table


def _section(slide: SlideContent, _) -> str:
    heading = "h1" if slide.kind == "title" else "h2"
    parts = [f"<{heading}>{_e(slide.title)}</{heading}>"]
    if slide.subtitle:
        parts.append(f'<p class="subtitle">{_e(slide.subtitle)}</p>')
    if slide.kind == "chart" and slide.image:
        data = base64.b64encode(slide.image).decode("ascii")
        parts.append(
            f'<figure><img src="data:image/png;base64,{data}" alt="{_e(slide.summary)}">'
            f'<figcaption class="summary">{_e(slide.summary)}</figcaption></figure>'
        )
        parts += [f'<p class="credits">{_e(line)}</p>' for line in slide.footer]
        if slide.link:
            parts.append(f'<p class="credits">{_link(slide.link)}</p>')
        if slide.table is not None and not slide.table.empty:
            parts.append(_table(slide.table, _("Data: {title}").format(title=slide.title), _))
        return "<section>" + "".join(parts) + "</section>"
    if slide.kind == "figures":
        items = "".join(
            f"<div><dt>{_e(label)}</dt><dd>{_e(value)}</dd></div>" for label, value in slide.figures
        )
        parts.append(f'<dl class="figures">{items}</dl>')
    if slide.kind == "sources" and slide.table is not None:
        parts.append(_sources(slide.table, _))
    else:
        parts += [
            f"<p>{_link(line) if line == slide.link else _e(line)}</p>" for line in slide.lines
        ]
    return "<section>" + "".join(parts) + "</section>"


def pack_html(slides: Sequence[SlideContent], lang: str) -> str:
    """The slides as one HTML document in `lang` (right to left in Arabic), ready to print."""
    _ = translator(lang)
    title = slides[0].title if slides else "coopstats"
    summaries = " ".join(f"{s.title}: {s.summary}" for s in slides if s.kind == "chart")
    return (
        f'<!doctype html><html lang="{HTML_LANG.get(lang, lang)}" '
        f'dir="{"rtl" if is_rtl(lang) else "ltr"}"><head><meta charset="utf-8">'
        f"<title>{_e(title)}</title>"
        f'<meta name="author" content="{AUTHOR}">'
        f'<meta name="description" content="{_e(summaries)}">'
        f"<style>{STYLE % _STYLE_COLOURS}</style></head><body>"
        + "".join(_section(slide, _) for slide in slides)
        + "</body></html>"
    )


def print_pdf(document: str, chromium: Path | None = None) -> bytes:
    """An HTML document printed to a tagged PDF by headless Chromium (no network is needed)."""
    browser = chromium or find_chromium()
    if browser is None:
        raise ImageExportError(
            f"The PDF is printed by Chromium, which is not installed: {INSTALL_HINT}"
        )
    with tempfile.TemporaryDirectory(prefix="coopstats-pdf-") as folder:
        source, target = Path(folder) / "pack.html", Path(folder) / "pack.pdf"
        source.write_text(document, encoding="utf-8")
        command = [str(browser), *CHROMIUM_ARGS, f"--user-data-dir={folder}/profile",
                   f"--print-to-pdf={target}", source.as_uri()]  # fmt: skip
        result = subprocess.run(command, capture_output=True, timeout=PRINT_TIMEOUT_S, check=False)
        if not target.exists() or target.stat().st_size == 0:
            raise ImageExportError(
                f"Chromium did not print the PDF (exit code {result.returncode}): "
                f"{result.stderr.decode('utf-8', 'replace')[-500:]}"
            )
        return target.read_bytes()


def pdf_document(slides: Sequence[SlideContent], lang: str, chromium: Path | None = None) -> bytes:
    """The briefing as a tagged, real-text PDF with title, language, author and subject."""
    pdf = print_pdf(pack_html(slides, lang), chromium)
    charts = [s for s in slides if s.kind == "chart"]
    first = slides[0] if slides else None
    subject = [first.subtitle if first else "", *(f"{s.title}: {s.summary}" for s in charts)]
    info = {
        "Title": first.title if first else "coopstats",
        "Author": AUTHOR,
        "Subject": " ".join(subject).strip(),
        "Keywords": " · ".join(first.lines) if first else "",
        "Creator": AUTHOR,
    }
    return pdf_with_info(pdf, info)
