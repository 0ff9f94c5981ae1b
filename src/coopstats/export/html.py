"""One HTML file per chart that works from disk with no network.

plotly.js is inlined. A map also needs its base map: plotly.js would fetch
`topojsonURL + "world_50m.json"`, which fails from file:// and offline. It skips the fetch when
`window.PlotlyGeoAssets.topojson[name]` is already set, so the TopoJSON from static/ is written
into the page as that object, before plotly.js runs (see platform-notes section 4).
"""

from __future__ import annotations

import json
from html import escape as html_escape
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from coopstats.charts import Chart
from coopstats.export.credits import Credits
from coopstats.figures import theme
from coopstats.i18n import is_rtl, translator

PLOTLY_CONFIG_MARKER = "<script>window.PlotlyConfig = "


def geo_assets(fig: go.Figure, static_dir: Path) -> dict[str, object]:
    """The TopoJSON files a figure's geo subplots need, by plotly.js name ("world_50m")."""
    names = set()
    for key in fig.layout:
        if key.startswith("geo"):
            geo = fig.layout[key]
            scope = geo.scope or "world"
            resolution = int(geo.resolution or 110)
            names.add(f"{scope.replace(' ', '_')}_{resolution}m")
    if not names and any(t.type in ("choropleth", "scattergeo") for t in fig.data):
        names.add("world_110m")
    assets: dict[str, object] = {}
    for name in sorted(names):
        path = Path(static_dir) / f"{name}.json"
        if not path.is_file():
            raise FileNotFoundError(
                f"the map needs {path.name} in {static_dir} for an offline HTML export; "
                "see static/README.md for where it comes from"
            )
        assets[name] = json.loads(path.read_text(encoding="utf-8"))
    return assets


def _script_json(value: object) -> str:
    """JSON safe inside a <script> element (no "</script>" or "<!--" can end it early)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _sources_list(sources: pd.DataFrame) -> str:
    items = []
    for row in sources.itertuples():
        title = html_escape(str(row.title or row.source_id))
        if isinstance(row.url, str) and row.url.startswith(("http://", "https://")):
            title = f'<a href="{html_escape(row.url, quote=True)}">{title}</a>'
        accessed = html_escape(str(row.accessed_date or ""))
        items.append(
            f"<li>{html_escape(str(row.publisher))}: {title}"
            f"{f' ({accessed})' if accessed else ''}</li>"
        )
    return "\n".join(items)


def offline_html(
    chart: Chart,
    decorated: go.Figure,
    credits: Credits,
    sources: pd.DataFrame,
    static_dir: Path,
) -> bytes:
    """A self-contained HTML page: the decorated chart, its summary and its full source list."""
    _ = translator(credits.lang)
    config = {
        "displaylogo": False,
        "responsive": True,
        "toImageButtonOptions": {
            "format": "png",
            "filename": f"coopstats-{chart.name}",
            "scale": 2,
        },
    }
    body = decorated.to_html(
        include_plotlyjs=True,
        full_html=False,
        config=config,
        default_width="100%",
        default_height=f"{decorated.layout.height}px",
    )
    if chart.is_map:
        assets = _script_json({"topojson": geo_assets(decorated, static_dir)})
        if PLOTLY_CONFIG_MARKER not in body:
            raise RuntimeError("plotly's HTML changed: cannot find where to put the base map")
        body = body.replace(
            PLOTLY_CONFIG_MARKER,
            f"<script>window.PlotlyGeoAssets = {assets};</script>{PLOTLY_CONFIG_MARKER}",
            1,
        )
    lang = html_escape(credits.lang, quote=True)
    direction = "rtl" if is_rtl(credits.lang) else "ltr"
    link = html_escape(credits.permalink, quote=True)
    page = f"""<!doctype html>
<html lang="{lang}" dir="{direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="coopstats, data version {html_escape(credits.version)}">
<title>{html_escape(chart.title)}</title>
<style>
body {{ font-family: {theme.FONT_FAMILY}; margin: 1rem 2rem; color: {theme.TEXT}; }}
.plotly-graph-div {{ break-inside: avoid; }}
footer {{ font-size: 0.85rem; color: {theme.MUTED}; max-width: 80rem; }}
</style>
</head>
<body>
<main>
{body}
<p>{html_escape(chart.sentences)}</p>
</main>
<footer>
<p>{html_escape(credits.subtitle)}</p>
<p>{
        html_escape(
            _("coopstats · data version {version} · exported {date}").format(
                version=credits.version, date=credits.exported
            )
        )
    }
· {
        f'<a href="{link}">{html_escape(credits.link_line(_))}</a>'
        if credits.linkable
        else html_escape(credits.link_line(_))
    }</p>
<p>{html_escape(credits.licences)}</p>
<p>{html_escape(credits.citation)}</p>
<details><summary>{html_escape(_("Sources ({n})").format(n=len(sources)))}</summary>
<ul>
{_sources_list(sources)}
</ul>
</details>
</footer>
</body>
</html>
"""
    return page.encode("utf-8")
