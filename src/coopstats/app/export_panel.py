"""Downloads and embedding under a chart, the briefing pack, and the chart-only embed view.

Nothing here starts Chromium when a page loads: the image buttons hand Streamlit a function
that renders on click (deferred download data), in the shared kaleido server of
coopstats.export.images. When there is no Chromium the panel says how to install it, and
offers the chart with its title and credits for the browser's own PNG or SVG download.

    export_panel(view, "map", ChartOptions(measure=measure))   # under a chart, on its page
    briefing_pack(view)                                        # anywhere: PPTX and PDF
    if embed_requested(): embed_view(view)                     # in the shell, instead of pages
    version_notice(view)                                       # in the shell, on every page
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

import streamlit as st

from coopstats.app.freshness import last_changed_text
from coopstats.app.text import plain
from coopstats.app.view import View
from coopstats.charts import CHARTS, Chart, ChartOptions, links, options_from_params
from coopstats.errors import DataError
from coopstats.export.credits import Credits
from coopstats.export.decorate import decorate
from coopstats.export.images import INSTALL_HINT, SLIDE, ImageExportError, find_chromium
from coopstats.export.outputs import (
    MIME,
    ExportFile,
    Request,
    chart_file,
    filename,
    prepare,
)
from coopstats.figures.locale import localise
from coopstats.figures.participation_map import map_config

log = logging.getLogger("coopstats")
TOPOJSON_URL = "app/static/"
EMBED_HEIGHT = 560


# -- where the app is, and what its URL says ---------------------------------------------------


def base_url(view: View) -> str:
    """The dashboard's public address (COOPSTATS_PUBLIC_URL), else its root URL as the browser
    sees it (the page path dropped), else "" (links are then paths, with a word on opening them)."""
    if view.settings.public_url:
        return view.settings.public_url.rstrip("/")
    url = st.context.url
    if not url:
        return ""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if segments and segments[-1] in set(view.pages) | {"overview"}:
        segments = segments[:-1]
    path = "/" + "/".join(segments) if segments else ""
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def live_params() -> dict[str, tuple[str, ...]]:
    """The page's query parameters, as its URL shows them (bound widgets write them there)."""
    return {key: tuple(st.query_params.get_all(key)) for key in st.query_params}


def _request(view: View, chart_name: str, options: ChartOptions, frozen: bool = False) -> Request:
    return Request(
        chart=chart_name,
        filters=view.filters,
        lang=view.lang,
        options=options,
        base_url=base_url(view),
        params=live_params(),
        frozen=frozen,
        exported=dt.date.today().isoformat(),
    )


# -- under a chart ----------------------------------------------------------------------------


def _deferred(view: View, request: Request, fmt: str, size: str = "slide") -> Callable[[], bytes]:
    """The file's bytes, made when the button is clicked (on Streamlit's download thread)."""
    ds, static_dir = view.ds, view.settings.static_dir

    def make() -> bytes:
        try:
            return chart_file(ds, request, fmt, static_dir, size=size).data
        except (ImageExportError, DataError):
            log.exception("export of %s as %s failed", request.chart, fmt)
            raise

    return make


def export_panel(
    view: View, chart_name: str, options: ChartOptions | None = None, *, key: str | None = None
) -> None:
    """A "Download or embed" popover for one chart of the page, built as the page builds it.

    `options` are the page's own choices for this chart (measure, editions, organisation
    types, participant), so the files show what the page shows. Downloads: PNG for slides
    (1600x900), PNG for print (A4 landscape, 2x), SVG, PDF and an offline interactive HTML
    file, each with title, filters, sources, data version and link. Embed: an iframe snippet
    and a standalone link, live or frozen to this data version.
    """
    _ = view._
    options = options or ChartOptions()
    key = key or f"export_{chart_name}"
    popover = st.popover(
        _("Download or embed"), icon=":material/download:", key=key, on_change="rerun"
    )
    if not popover.open:
        return
    with popover:
        try:
            chart, credits = prepare(view.ds, _request(view, chart_name, options))
        except DataError as error:
            st.info(plain(error.problems[0].message()))
            return
        _downloads(view, chart_name, options, chart, credits, key)
        st.divider()
        _embed(view, chart_name, chart, key)


def _downloads(
    view: View,
    chart_name: str,
    options: ChartOptions,
    chart: Chart,
    credits: Credits,
    key: str,
) -> None:
    _ = view._
    request = _request(view, chart_name, options)
    ds = view.ds
    st.markdown(f"**{_('Download')}**")
    st.caption(
        _(
            "Each file carries the title, the filters, the sources, the data version and a link back."
        )
    )
    html = _deferred(view, request, "html")
    if find_chromium() is None:
        st.warning(
            _(
                "Images are made with Chromium, which is not installed on this server. An "
                "administrator can {hint}."
            ).format(hint=INSTALL_HINT),
            icon=":material/warning:",
        )
        _browser_download(view, chart, credits, key)
    else:
        buttons = (
            (_("PNG for slides (1600×900)"), "png", "slide", "png_slide"),
            (_("PNG for print (A4 landscape)"), "png", "a4", "png_a4"),
            (_("SVG (vector, editable)"), "svg", "slide", "svg"),
            (_("PDF"), "pdf", "slide", "pdf"),
        )
        for label, fmt, size, suffix in buttons:
            name = filename(ds, chart_name, fmt, size if fmt == "png" else None)
            st.download_button(
                label,
                data=_deferred(view, request, fmt, size),
                file_name=name,
                mime=MIME[fmt],
                key=f"{key}_{suffix}",
                on_click="ignore",
                icon=":material/image:",
                width="stretch",
            )
    st.download_button(
        _("Interactive HTML (works offline)"),
        data=html,
        file_name=filename(ds, chart_name, "html"),
        mime=MIME["html"],
        key=f"{key}_html",
        on_click="ignore",
        icon=":material/code:",
        width="stretch",
    )


def _browser_download(view: View, chart: Chart, credits: Credits, key: str) -> None:
    """Without Chromium: the decorated chart, whose toolbar camera saves it as PNG or SVG."""
    _ = view._
    fmt = st.radio(
        _("Format of the toolbar download"),
        ["png", "svg"],
        horizontal=True,
        format_func=str.upper,
        key=f"{key}_browser_format",
    )
    st.caption(
        _(
            "Use the camera button above the chart below: it saves this picture, with its "
            "title and sources, as a file made by your browser."
        )
    )
    fig = decorate(chart, credits, width=SLIDE.width, height=SLIDE.height)
    base = map_config(TOPOJSON_URL) if chart.is_map else {"displaylogo": False}
    config = {
        **base,
        "toImageButtonOptions": {
            "format": fmt,
            "filename": filename(view.ds, chart.name, "slide").rsplit(".", 1)[0],
            "width": SLIDE.width,
            "height": SLIDE.height,
            "scale": 2 if fmt == "png" else 1,
        },
    }
    st.plotly_chart(fig, config=config, key=f"{key}_browser_chart", theme=None)


def _embed(view: View, chart_name: str, chart: Chart, key: str) -> None:
    _ = view._
    st.markdown(f"**{_('Embed or link')}**")
    frozen = st.checkbox(
        _("Freeze to this data version ({version})").format(version=view.ds.version),
        key=f"{key}_frozen",
        help=_(
            "A frozen link pins the dataset version: if the data change later, the page says "
            "so, and a briefing can cite what the link showed then."
        ),
    )
    params = live_params()
    version = view.ds.version if frozen else None
    root = base_url(view)
    embed = links.embed_url(root, chart_name, params, version=version)
    standalone = links.permalink(root, chart.page, params, version=version)
    st.caption(_("Iframe for a web page (the chart only):"))
    st.code(
        links.iframe_snippet(embed, chart.title, EMBED_HEIGHT), language="html", wrap_lines=True
    )
    st.caption(
        _(
            "Link to this view (an embedded chart cannot change the address of the page "
            "around it, so share this one):"
        )
    )
    st.code(standalone, language=None, wrap_lines=True)


# -- the briefing pack ------------------------------------------------------------------------


def briefing_pack(
    view: View, options: dict[str, ChartOptions] | None = None, *, key: str = "briefing_pack"
) -> None:
    """One click: the current view as a 16:9 briefing, PPTX and PDF, from the same slide images.

    Title slide (filters, date), key figures, the map, the timeline and the comparison, each
    with its one-sentence summary, and the sources. `options` holds chart choices by name.
    """
    _ = view._
    if find_chromium() is None:
        st.caption(
            _(
                "The briefing pack needs Chromium on the server; an administrator can {hint}."
            ).format(hint=INSTALL_HINT)
        )
        return
    if not st.button(
        _("Prepare the briefing pack"),
        icon=":material/slideshow:",
        key=key,
        help=_("Slides for the current filters: PowerPoint and PDF. Takes a few seconds."),
    ):
        return
    request = _request(view, "pack", ChartOptions())
    with st.spinner(_("Drawing the slides…")):
        try:
            files = _pack(view, request, options or {})
        except (ImageExportError, DataError) as error:
            st.error(plain(str(error)))
            return
    left, right = st.columns(2)
    left.download_button(
        _("PowerPoint (.pptx)"),
        data=files["pptx"].data,
        file_name=files["pptx"].filename,
        mime=files["pptx"].mime,
        key=f"{key}_pptx",
        on_click="ignore",
        width="stretch",
    )
    right.download_button(
        _("PDF"),
        data=files["pdf"].data,
        file_name=files["pdf"].filename,
        mime=files["pdf"].mime,
        key=f"{key}_pdf",
        on_click="ignore",
        width="stretch",
    )


def _pack(view: View, request: Request, options: dict[str, ChartOptions]) -> dict[str, ExportFile]:
    # Imported here, when a pack is made: python-pptx (with xml.sax) takes about a quarter of a
    # second to import, on the way to the first page of a server just started.
    from coopstats.export.pack import pack_files

    return pack_files(view.ds, request, view.settings.static_dir, options=options)


# -- embed view and frozen links ----------------------------------------------------------------


def embed_requested() -> bool:
    """True when the URL asks for one chart alone (`?embed=true&chart=NAME`)."""
    return bool(st.context.is_embedded) and bool(st.query_params.get(links.CHART_PARAM))


def version_notice(view: View) -> None:
    """A visible notice when a frozen link (`v=`) was made from other data than those served."""
    notice = links.version_notice(st.query_params.get(links.VERSION_PARAM), view.ds.version, view._)
    if notice:
        st.warning(plain(notice), icon=":material/history:")


def embed_view(view: View) -> None:
    """The chart named by `?chart=` alone, for an iframe: chart, summary, credits, a link out."""
    _ = view._
    name = st.query_params.get(links.CHART_PARAM, "")
    if name not in CHARTS:
        st.error(
            _("Unknown chart {name!r}; one of: {names}.").format(
                name=plain(name), names=", ".join(CHARTS)
            )
        )
        return
    version_notice(view)
    params = live_params()
    options = options_from_params(view.ds, name, params)
    request = Request(
        chart=name,
        filters=view.filters,
        lang=view.lang,
        options=options,
        base_url=base_url(view),
        params=params,
        frozen=links.VERSION_PARAM in params,
    )
    try:
        chart, credits = prepare(view.ds, request)
    except DataError as error:
        st.info(plain(error.problems[0].message()))
        return
    st.markdown(f"**{plain(chart.title)}**")
    st.caption(plain(credits.subtitle))
    config = map_config(TOPOJSON_URL) if chart.is_map else {"displaylogo": False}
    fig = localise(chart.figure, view.lang)  # separators; mirrored in Arabic
    fig.update_layout(height=EMBED_HEIGHT - 140)
    st.plotly_chart(fig, config=config, key=f"embed_{name}", theme=None)
    st.caption(plain(chart.sentences))
    st.caption(plain(credits.sources) + " · " + plain(last_changed_text(view.store, view.ds, _)))
    st.caption(plain(credits.licences) + " " + plain(credits.citation))
    # Out of the iframe to the full dashboard, pinned to the same version when the link was.
    out = links.permalink(
        request.base_url, chart.page, params, version=st.query_params.get(links.VERSION_PARAM)
    )
    st.markdown(f"[{plain(_('Open in coopstats'))} ↗]({out})")
