"""The briefing pack: the current view as 16:9 slides (slides.py), written as PowerPoint
(powerpoint.py: each chart image beside native, editable text, with the chart's title and
summary as the picture's alternative text) and as a real-text, tagged PDF (pdf_document.py: an
HTML rendition printed by Chromium). Each chart is rendered once, as PNG, for both.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from coopstats.charts import ChartOptions
from coopstats.dataset import Dataset
from coopstats.export.outputs import MIME, ExportFile, Request, filename
from coopstats.export.pdf_document import pdf_document
from coopstats.export.powerpoint import pptx_bytes
from coopstats.export.slides import briefing_slides

PACK_FORMATS = ("pptx", "pdf")


def pack_files(
    ds: Dataset,
    request: Request,
    static_dir: Path,
    formats: tuple[str, ...] = PACK_FORMATS,
    options: Mapping[str, ChartOptions] | None = None,
    charts: tuple[str, ...] | None = None,
) -> dict[str, ExportFile]:
    """The briefing pack as PPTX and/or PDF, from one set of slide images.

    By default the whole briefing (title, key figures, map, timeline, comparison, sources);
    with `charts`, only those charts' slides and their sources. `options` holds each chart's
    page choices by chart name; `request.chart` is not used.
    """
    unknown = [f for f in formats if f not in PACK_FORMATS]
    if unknown:
        raise ValueError(f"pack format {unknown[0]!r} is not one of {', '.join(PACK_FORMATS)}")
    slides = briefing_slides(ds, request, static_dir, options or {}, charts=charts)
    name = "briefing" if charts is None else "-".join(charts)
    out: dict[str, ExportFile] = {}
    if "pptx" in formats:
        out["pptx"] = ExportFile(
            pptx_bytes(slides, request.lang), filename(ds, name, "pptx"), MIME["pptx"]
        )
    if "pdf" in formats:
        out["pdf"] = ExportFile(
            pdf_document(slides, request.lang), filename(ds, name, "pdf"), MIME["pdf"]
        )
    return out
