"""Every file an export produces, from one request: the page's downloads and the CLI share this.

`Request` says what is exported (chart, filters, language, the page's choices) and how it links
back (base URL, the live query parameters when a page asks, frozen or live). `chart_file` turns
it into PNG, SVG, PDF or HTML bytes with a file name and MIME type; pack.py makes the briefing
pack from the same request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from coopstats.aggregate import Filters
from coopstats.charts import Chart, ChartOptions, build_chart, links
from coopstats.dataset import Dataset
from coopstats.export.credits import Credits, credits_for, source_table
from coopstats.export.decorate import decorate
from coopstats.export.html import offline_html
from coopstats.export.images import SIZES, pdf_with_info, png_with_text, svg_with_text, to_image

CHART_FORMATS = ("png", "svg", "pdf", "html")
MIME = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "html": "text/html",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


@dataclass(frozen=True)
class Request:
    """One export: which chart, for which view, linking back where."""

    chart: str
    filters: Filters = field(default_factory=Filters)
    lang: str = "en"
    options: ChartOptions = field(default_factory=ChartOptions)
    # The dashboard's public address; "" when unknown (the export then says how to open it).
    base_url: str = ""
    # The page's live query parameters (exactly what its URL says); None: rebuilt from filters.
    params: Mapping[str, tuple[str, ...]] | None = None
    frozen: bool = False
    exported: str = ""

    def today(self) -> str:
        return self.exported or dt.date.today().isoformat()


@dataclass(frozen=True)
class ExportFile:
    data: bytes
    filename: str
    mime: str


def view_params(ds: Dataset, request: Request, chart: Chart) -> dict[str, tuple[str, ...]]:
    """The query parameters that reproduce the view: the live ones, or rebuilt from the filters."""
    if request.params is not None:
        return {k: tuple(v) for k, v in request.params.items()}
    return {**links.filter_params(ds, request.filters, request.lang), **chart.page_params}


def chart_permalink(ds: Dataset, request: Request, chart: Chart) -> str:
    version = ds.version if request.frozen else None
    return links.permalink(
        request.base_url, chart.page, view_params(ds, request, chart), version=version
    )


def prepare(ds: Dataset, request: Request) -> tuple[Chart, Credits]:
    """The chart and its credits (filters, sources, version, permalink, date)."""
    chart = build_chart(ds, request.chart, request.filters, request.lang, request.options)
    credits = credits_for(
        ds,
        chart,
        request.filters,
        request.lang,
        chart_permalink(ds, request, chart),
        request.today(),
    )
    return chart, credits


def filename(ds: Dataset, name: str, ext: str, size: str | None = None) -> str:
    """coopstats-map-slide-<version>.png: the chart, the size when it matters, the data version."""
    parts = ["coopstats", name, *([size] if size else []), ds.version]
    return "-".join(parts) + f".{ext}"


def chart_file(
    ds: Dataset,
    request: Request,
    fmt: str,
    static_dir: Path,
    size: str = "slide",
    prepared: tuple[Chart, Credits] | None = None,
) -> ExportFile:
    """A chart as PNG, SVG, PDF (kaleido) or offline HTML, with its title, filters and credits."""
    if fmt not in CHART_FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(CHART_FORMATS)}")
    chart, credits = prepared or prepare(ds, request)
    if fmt == "html":
        decorated = decorate(chart, credits, width=1100, height=None)
        data = offline_html(
            chart, decorated, credits, source_table(ds, chart.source_ids), static_dir
        )
        return ExportFile(data, filename(ds, chart.name, "html"), MIME["html"])
    if size not in SIZES:
        raise ValueError(f"size {size!r} is not one of {', '.join(SIZES)}")
    spec = SIZES[size]
    decorated = decorate(chart, credits, width=spec.width, height=spec.height)
    data = with_metadata(to_image(decorated, fmt, spec, static_dir), fmt, chart, credits)
    label = size if fmt == "png" else None
    return ExportFile(data, filename(ds, chart.name, fmt, label), MIME[fmt])


def with_metadata(data: bytes, fmt: str, chart: Chart, credits: Credits) -> bytes:
    """Title, filters, summary, sources, version and link written into a PNG or PDF as text;
    an SVG gets its title and summary as `<title>` and `<desc>` for screen readers.

    What the image shows as pixels can then be searched, read by a screen reader and checked.
    """
    about = {
        "Title": chart.title,
        "Subject": f"{credits.subtitle}. {chart.sentences}",
        "Source": credits.sources,
        "Keywords": f"coopstats; data version {credits.version}; {credits.permalink}",
    }
    if fmt == "png":
        return png_with_text(
            data,
            {
                "Title": about["Title"],
                "Description": about["Subject"],
                "Source": about["Source"],
                "Comment": about["Keywords"],
                "Software": "coopstats",
            },
        )
    if fmt == "pdf":
        return pdf_with_info(data, {**about, "Creator": "coopstats"})
    if fmt == "svg":
        return svg_with_text(data, chart.title, f"{chart.summary} {credits.sources}")
    return data
