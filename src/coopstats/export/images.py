"""Static images of figures (PNG, SVG, PDF) from one long-lived kaleido server.

The first image starts Chromium (about 4 s); later ones reuse its tab (well under a second).
The server runs an asyncio loop in a daemon thread that owns one `kaleido.Kaleido`; callers in
any thread submit work to it with `asyncio.run_coroutine_threadsafe`, so Streamlit sessions can
ask at the same time. Nothing starts until the first image is asked for: a page load never
launches Chromium.

Maps need the base-map TopoJSON; kaleido is pointed at the repository's static/ folder with a
file:// URL, so no image ever reaches for the plotly CDN.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import plotly.graph_objects as go
import plotly.io as pio

FORMATS = ("png", "svg", "pdf")
INSTALL_HINT = (
    "install Chromium and a CJK font from Debian: "
    "sudo apt-get install -y chromium fonts-wqy-microhei (never `plotly_get_chrome`, "
    "which downloads a browser)"
)
# One image may take a while (a 50m map serialises megabytes); Chromium's start is slower still.
RENDER_TIMEOUT_S = 90.0
START_TIMEOUT_S = 60.0


class ImageExportError(RuntimeError):
    """A static image could not be made: what failed, and what to do about it."""


class ChromiumMissing(ImageExportError):
    """No Chromium to render with; the message says how to install one."""


@dataclass(frozen=True)
class ImageSize:
    """Pixels of the layout (`width` x `height`) and the factor applied when rasterising."""

    name: str
    width: int
    height: int
    scale: float


# 16:9 at the size of a slide; A4 landscape (297 x 210 mm) at 96 dpi, rasterised at 2x.
SLIDE = ImageSize("slide", 1600, 900, 1.0)
PRINT_A4 = ImageSize("a4", 1123, 794, 2.0)
SIZES = {size.name: size for size in (SLIDE, PRINT_A4)}


def find_chromium() -> str | None:
    """The Chromium or Chrome kaleido would use (BROWSER_PATH first, then PATH), or None.

    Only looks (no launch), so a page can ask on every run. A BROWSER_PATH that names no
    executable counts as missing, as kaleido would fail on it too.
    """
    from choreographer.browsers.chromium import Chromium

    try:
        path = Chromium.find_browser(skip_local=False)
    except Exception:  # best effort: choreographer's search may fail on odd systems
        path = shutil.which("chromium") or shutil.which("chromium-browser")
    return path if path and os.access(path, os.X_OK) else None


def topojson_url(static_dir: Path) -> str:
    """file:// URL of the folder holding world_50m.json and world_110m.json, with a slash."""
    return Path(static_dir).resolve().as_uri().rstrip("/") + "/"


class KaleidoServer:
    """One Chromium, started on first use, shared by every thread of the process."""

    def __init__(self, static_dir: Path) -> None:
        self.topojson = topojson_url(static_dir)
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido: object | None = None
        self._thread: threading.Thread | None = None
        self._stopped: asyncio.Event | None = None

    @property
    def running(self) -> bool:
        return self._kaleido is not None

    def start(self) -> None:
        """Launch Chromium unless it runs already. Raises ChromiumMissing when there is none."""
        with self._lock:
            if self._kaleido is not None:
                return
            if find_chromium() is None:
                raise ChromiumMissing(
                    f"Static images (PNG, SVG, PDF) need Chromium, and none was found; {INSTALL_HINT}."
                )
            ready: Future[object] = Future()
            loop = asyncio.new_event_loop()
            thread = threading.Thread(
                target=self._serve, args=(loop, ready), name="coopstats-kaleido", daemon=True
            )
            thread.start()
            try:
                self._kaleido = ready.result(timeout=START_TIMEOUT_S)
            except FutureTimeout:
                raise ImageExportError(
                    f"Chromium did not start within {START_TIMEOUT_S:.0f} s; check that "
                    f"`chromium --headless --no-sandbox --dump-dom about:blank` works"
                ) from None
            except Exception as error:
                raise _explain(error) from error
            self._loop, self._thread = loop, thread
            # Point plotly's own exports (fig.to_image) at the same offline base maps.
            if not pio.defaults.topojson:
                pio.defaults.topojson = self.topojson
            atexit.register(self.stop)

    def _serve(self, loop: asyncio.AbstractEventLoop, ready: Future[object]) -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._main(ready))
        finally:
            loop.close()

    async def _main(self, ready: Future[object]) -> None:
        self._stopped = asyncio.Event()
        try:
            # mathjax=False: no CDN request for MathJax; plotly.js comes from the plotly package.
            # Two tabs: one renders while the other reloads (see background_reload_kaleido).
            kaleido_class = background_reload_kaleido()
            async with kaleido_class(n=TABS, timeout=RENDER_TIMEOUT_S, mathjax=False) as k:
                ready.set_result(k)
                await self._stopped.wait()
        except BaseException as error:
            if not ready.done():
                ready.set_exception(error)
            else:
                raise

    def stop(self) -> None:
        """Close Chromium; the next image starts it again."""
        with self._lock:
            loop, thread, stopped = self._loop, self._thread, self._stopped
            if loop is None or thread is None or stopped is None:
                return
            loop.call_soon_threadsafe(stopped.set)
            thread.join(timeout=15)
            self._loop = self._thread = self._kaleido = self._stopped = None

    def render(
        self, fig: go.Figure | dict, fmt: str, width: int, height: int, scale: float
    ) -> bytes:
        """The figure as `fmt` bytes, `width` x `height` layout pixels times `scale`."""
        if fmt not in FORMATS:
            raise ValueError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
        self.start()
        spec = fig.to_plotly_json() if isinstance(fig, go.Figure) else fig
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        kaleido = self._kaleido
        loop = self._loop
        if kaleido is None or loop is None:  # stopped by another thread meanwhile
            return self.render(fig, fmt, width, height, scale)
        coroutine = kaleido.calc_fig(spec, opts=opts, topojson=self.topojson)  # type: ignore[attr-defined]
        future = asyncio.run_coroutine_threadsafe(coroutine, loop)
        try:
            return future.result(timeout=RENDER_TIMEOUT_S + 10)
        except FutureTimeout:
            future.cancel()
            self.stop()  # a stuck Chromium is restarted by the next call
            raise ImageExportError(
                f"the {fmt.upper()} image took longer than {RENDER_TIMEOUT_S:.0f} s; try again, "
                "or a smaller selection"
            ) from None
        except Exception as error:
            raise _explain(error) from error


TABS = 2


def background_reload_kaleido() -> type:
    """kaleido.Kaleido that reloads a used tab after handing the image back, not before.

    kaleido reloads a tab (plotly.js parsed afresh, about half a second) after every image and
    makes the caller wait for it. Here the reload runs in the background and the tab rejoins
    the queue when it is done, so a warm image costs its render only. The hook is kaleido's
    private `_return_kaleido_tab` (kaleido 1.5); if a kaleido release drops it, the plain
    class is used and a test says so.
    """
    import kaleido

    if not hasattr(kaleido.Kaleido, "_return_kaleido_tab"):
        return kaleido.Kaleido

    class BackgroundReload(kaleido.Kaleido):
        _reloads: ClassVar[set[asyncio.Task]] = set()

        async def _return_kaleido_tab(self, tab: object) -> None:
            parent = super()._return_kaleido_tab
            task = asyncio.ensure_future(parent(tab))
            self._reloads.add(task)  # a reference, so the task is not collected mid-way
            task.add_done_callback(self._reloads.discard)

    return BackgroundReload


def _explain(error: BaseException) -> ImageExportError:
    text = str(error)
    if type(error).__name__ == "ChromeNotFoundError" or "requires Chrome" in text:
        return ChromiumMissing(
            f"Static images need Chromium, and kaleido found none; {INSTALL_HINT}."
        )
    if "topojson" in text:
        return ImageExportError(
            f"the map could not load its base map ({text}); check that static/world_50m.json exists"
        )
    return ImageExportError(f"the image could not be rendered: {text}")


_servers: dict[Path, KaleidoServer] = {}
_servers_lock = threading.Lock()


def server(static_dir: Path) -> KaleidoServer:
    """The process's server for one static folder (created, not started, on first call)."""
    key = Path(static_dir).resolve()
    with _servers_lock:
        if key not in _servers:
            _servers[key] = KaleidoServer(key)
        return _servers[key]


def to_image(fig: go.Figure, fmt: str, size: ImageSize, static_dir: Path) -> bytes:
    """PNG, SVG or PDF bytes of a figure at one of SIZES (the figure's own size is ignored)."""
    scale = size.scale if fmt == "png" else 1.0
    return server(static_dir).render(fig, fmt, size.width, size.height, scale)


def to_png(fig: go.Figure, static_dir: Path, size: ImageSize = SLIDE) -> bytes:
    return to_image(fig, "png", size, static_dir)


def to_svg(fig: go.Figure, static_dir: Path, size: ImageSize = SLIDE) -> bytes:
    return to_image(fig, "svg", size, static_dir)


def to_pdf(fig: go.Figure, static_dir: Path, size: ImageSize = SLIDE) -> bytes:
    return to_image(fig, "pdf", size, static_dir)


# -- metadata: the title and credits inside the file, for search, screen readers and tests ----


def png_with_text(png: bytes, text: dict[str, str]) -> bytes:
    """A PNG with iTXt chunks (UTF-8) such as Title, Description, Source, after its header.

    The picture is not re-encoded: chunks are inserted after IHDR, as the PNG spec allows.
    """
    import struct
    import zlib

    signature, ihdr_end = png[:8], 8 + 8 + 13 + 4  # signature, IHDR length+type, data, CRC
    if signature != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG file")
    chunks = b""
    for keyword, value in text.items():
        body = keyword.encode("latin-1")[:79] + b"\0\0\0\0\0" + value.encode("utf-8")
        chunk = b"iTXt" + body
        chunks += struct.pack(">I", len(body)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    return png[:ihdr_end] + chunks + png[ihdr_end:]


def svg_with_text(svg: bytes, title: str, description: str) -> bytes:
    """An SVG named and described for screen readers: `role="img"`, then `<title>` and `<desc>`
    as the first children of the root element, which `aria-labelledby` points at."""
    import html
    import re

    opening = re.search(rb"<svg\b[^>]*>", svg)
    if opening is None:
        raise ValueError("not an SVG file")
    tag = opening.group(0)
    label = b' role="img" aria-labelledby="coopstats-title coopstats-desc"'
    tag = tag[:-2] + label + b"/>" if tag.endswith(b"/>") else tag[:-1] + label + b">"
    text = (
        f'<title id="coopstats-title">{html.escape(title)}</title>'
        f'<desc id="coopstats-desc">{html.escape(description)}</desc>'
    ).encode()
    return svg[: opening.start()] + tag + text + svg[opening.end() :]


def _pdf_text(value: str) -> bytes:
    """A PDF text string: UTF-16BE with a byte-order mark, in hex (safe for any script)."""
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def pdf_with_info(pdf: bytes, info: dict[str, str]) -> bytes:
    """A PDF whose document information (Title, Subject, Keywords...) is `info`.

    Written as an incremental update (a new Info object, xref section and trailer appended),
    so the pages are untouched. Handles classic xref tables, which Skia (kaleido) writes.
    """
    import re

    tail = pdf[-2048:]
    start = re.findall(rb"startxref\s+(\d+)\s+%%EOF", tail)
    trailer = re.findall(rb"trailer\s*<<(.*?)>>", tail, flags=re.S)
    if not start or not trailer:
        return pdf  # not a layout we know how to extend: leave the file as it is
    size = int(re.search(rb"/Size\s+(\d+)", trailer[-1]).group(1))  # type: ignore[union-attr]
    root = re.search(rb"/Root\s+(\d+\s+\d+\s+R)", trailer[-1])
    if root is None:
        return pdf
    entries = b"".join(b"/" + key.encode("ascii") + b" " + _pdf_text(value) + b"\n"
                       for key, value in info.items())  # fmt: skip
    body = pdf if pdf.endswith(b"\n") else pdf + b"\n"
    offset = len(body)
    obj = b"%d 0 obj\n<<" % size + entries + b">>\nendobj\n"
    xref_at = offset + len(obj)
    xref = b"xref\n%d 1\n%010d 00000 n \n" % (size, offset)
    new_trailer = (b"trailer\n<</Size %d\n/Root " % (size + 1) + root.group(1)
                   + b"\n/Info %d 0 R\n/Prev %s>>\nstartxref\n%d\n%%%%EOF\n"
                   % (size, start[-1], xref_at))  # fmt: skip
    return body + obj + xref + new_trailer
