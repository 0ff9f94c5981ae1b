"""What the browser fetches while a page's first run is still on the server: Plotly's code and
the base map.

Streamlit's frontend loads the module that draws Plotly charts (about 4.7 MB of JavaScript)
only when the first chart element arrives, and plotly.js fetches the base map only once that
module has run: on a page whose chart comes after the sidebar and a few queries, the browser
sat idle during the run and then did both one after the other. Here the first element of a run
(a script, once per browser tab) starts both at once:

- the module, by a dynamic `import()` of the very file the frontend will ask for (same URL, so
  the browser's module map hands the frontend the module already evaluated);
- on the pages that draw a world map first (read from the address: the script runs before the
  server knows the page), the base map, parsed and put where plotly.js looks before it
  fetches one (`window.PlotlyGeoAssets.topojson["world_50m"]`). Started with the module, it
  usually arrives long before the module has run. On a loaded host plotly.js can be first; it
  then fetches the map itself as before, and the map is downloaded twice.

The module's file name carries a hash that changes with Streamlit's version, so it is read from
the installed package; when it cannot be found, nothing is preloaded and pages work as before.

The frontend passes `st.html` through DOMPurify, which drops a whole element, script and all,
when its text holds something that reads like a tag (a `<` then a letter, `/` or `!`), even in a
comment: the script must never contain one (tests/app/test_preload.py checks it).

Served by `serve.py` (what `make run` starts), the same script starts earlier still: `EarlyLoad`
puts it into the head of the page Streamlit serves, where it runs as the page is parsed. The
first element's copy then finds both started and does nothing. Measured on the map page: the
module had waited for the first run's first element, 5.4 s after the page was opened.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import streamlit as st

BASE_MAP = "world_50m"
# Pages (url paths under the app's base path) that draw a world map first.
MAP_PAGES = ("", "map")
# Where plotly.js fetches base maps from, relative to the page (figures.participation_map.map_config).
TOPOJSON_URL = "app/static/"

_SCRIPT = r"""<script>(() => {{
const w = window.parent, d = w.document;
const plan = {plan};
w.__coopstatsPreload = w.__coopstatsPreload || {{}};
const done = w.__coopstatsPreload;
const entry = d.querySelector('script[type="module"][src*="/static/js/index"]');
if (plan.module && entry && !done.module) {{
    done.module = true;
    import(new URL(plan.module, entry.src).href).catch(() => {{}});
}}
// The app's base path: the frontend's entry module is static/js/index.*.js under it.
const base = entry ? new URL("../../", entry.src).pathname : "/";
const path = d.location.pathname;
const page = path.startsWith(base) ? path.slice(base.length).replace(/\/+$/, "") : null;
const maps = plan.map_pages.includes(page) ? plan.maps : [];
for (const name of maps) {{
    if (done[name]) continue;
    done[name] = true;
    w.fetch(new URL(plan.topojson + name + ".json", d.baseURI).href)
        .then((response) => response.ok ? response.json() : null)
        .then((topology) => {{
            if (!topology) return;
            w.PlotlyGeoAssets = w.PlotlyGeoAssets || {{topojson: {{}}}};
            w.PlotlyGeoAssets.topojson = w.PlotlyGeoAssets.topojson || {{}};
            if (!w.PlotlyGeoAssets.topojson[name]) w.PlotlyGeoAssets.topojson[name] = topology;
        }})
        .catch(() => {{}});
}}
}})();</script>"""


@functools.cache
def plotly_module() -> str | None:
    """The file name of the frontend's Plotly chart module in the installed Streamlit, or None."""
    folder = Path(st.__file__).resolve().parent / "static" / "static" / "js"
    found = sorted(folder.glob("PlotlyChart.*.js"))
    return found[0].name if len(found) == 1 else None


def script(maps: tuple[str, ...] = (BASE_MAP,), map_pages: tuple[str, ...] = MAP_PAGES) -> str:
    """The preloading script: Plotly's module; on `map_pages`, the base maps named in `maps`."""
    plan = {"module": plotly_module(), "maps": list(maps), "map_pages": list(map_pages),
            "topojson": TOPOJSON_URL}  # fmt: skip
    return _SCRIPT.format(plan=json.dumps(plan))


def head_script() -> str:
    """What `EarlyLoad` puts into the page's head: the same script, run as the head is parsed
    (its `done` flags keep the first element's copy from starting anything twice)."""
    return script()


def preload() -> None:
    """Start loading Plotly's module (and, on a map page, the base map) in the browser now."""
    with st.sidebar:
        st.html(script(), unsafe_allow_javascript=True)


class EarlyLoad:
    """ASGI middleware (serve.py): the page Streamlit serves gets `head_script()` before its
    `</head>`, so the browser starts loading Plotly's module and the base map as it reads the
    page, not when the first run's first element arrives.

    Only a GET that accepts HTML (a browser opening a page) is asked for uncompressed, and only
    a whole HTML answer to it is changed: its length is set again, and its validators dropped
    (a browser's copy of the page must not outlive the script it holds). Anything else passes
    through as it is.
    """

    HEAD_END = b"</head>"

    def __init__(self, app: Any) -> None:
        self.app = app
        self._head = head_script().encode("utf-8")

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        accepted = (
            dict(scope.get("headers", [])).get(b"accept", b"") if scope["type"] == "http" else b""
        )
        if scope.get("method") != "GET" or b"text/html" not in accepted:
            await self.app(scope, receive, send)
            return
        # A page is some 9 KB: asked for uncompressed, so that it can be read and changed here.
        headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"accept-encoding"]
        scope = {**scope, "headers": headers}
        held: dict[str, Any] = {}
        body: list[bytes] = []

        async def rewrite(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = {k.lower(): v for k, v in message.get("headers", [])}
                html = headers.get(b"content-type", b"").startswith(b"text/html")
                if html and b"content-encoding" not in headers and message.get("status") == 200:
                    held["start"] = message
                    return
                await send(message)
                return
            if message["type"] != "http.response.body" or "start" not in held:
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            page = b"".join(body)
            at = page.find(self.HEAD_END)
            if at >= 0:
                page = page[:at] + self._head + page[at:]
            dropped = (b"content-length", b"etag", b"last-modified")
            headers = [(k, v) for k, v in held["start"].get("headers", [])
                       if k.lower() not in dropped]  # fmt: skip
            headers.append((b"content-length", str(len(page)).encode("ascii")))
            await send({**held["start"], "headers": headers})
            await send({"type": "http.response.body", "body": page, "more_body": False})

        await self.app(scope, receive, rewrite)
