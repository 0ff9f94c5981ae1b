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
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

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


def preload() -> None:
    """Start loading Plotly's module (and, on a map page, the base map) in the browser now."""
    with st.sidebar:
        st.html(script(), unsafe_allow_javascript=True)
