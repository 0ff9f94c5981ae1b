"""The browser starts loading Plotly's module and the base map while a page's first run is on
the server (coopstats.app.preload)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from coopstats.app import preload
from coopstats.figures.participation_map import map_config

ROOT = Path(__file__).resolve().parents[2]


# DOMPurify, which the frontend runs on every `st.html`, removes an element whose text reads like
# markup: a `<` followed by a letter, a digit, `_`, `/` or `!` (its mXSS guard). A script with
# one anywhere, even in a comment, is dropped before it runs.
LOOKS_LIKE_MARKUP = re.compile(r"<[/\w!]")
SCRIPT = re.compile(r"<script[^>]*>(.*?)</script>", re.S)


def survives_the_sanitiser(body: str) -> bool:
    return not any(LOOKS_LIKE_MARKUP.search(code) for code in SCRIPT.findall(body))


def plan_of(script: str) -> dict:
    return json.loads(re.search(r"const plan = (\{.*?\});", script).group(1))


def test_the_installed_streamlit_ships_the_plotly_module_the_script_imports():
    # A Streamlit upgrade renames the file (its hash); the name is read from the package, and
    # this fails if the frontend stops shipping one such module.
    name = preload.plotly_module()
    assert name is not None and name.startswith("PlotlyChart.") and name.endswith(".js")
    assert (Path(st.__file__).resolve().parent / "static" / "static" / "js" / name).is_file()


def test_the_script_names_the_module_and_the_base_maps_where_plotly_looks_for_them():
    plan = plan_of(preload.script())
    assert plan == {
        "module": preload.plotly_module(),
        "maps": ["world_50m"],
        "map_pages": ["", "map"],
        "topojson": map_config(preload.TOPOJSON_URL)["topojsonURL"],
    }
    # Where plotly.js looks before it fetches a base map of its own.
    assert "PlotlyGeoAssets.topojson[name]" in preload.script()


def test_every_page_preloads_in_the_first_element_of_its_run():
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.switch_page(str(ROOT / "src" / "coopstats" / "app" / "pages" / "about.py"))
    at.run()
    assert not at.exception
    scripts = [element.proto.body for element in at.sidebar.get("html")]
    assert "const plan = " in scripts[0]
    assert plan_of(scripts[0])["module"] == preload.plotly_module()


def test_the_sanitiser_rule_catches_what_dropped_the_preload():
    assert not survives_the_sanitiser("<script>// the entry is <base>static/js</script>")
    assert survives_the_sanitiser("<script>const ok = 1 < 2 && a => b;</script>")


def test_the_frontend_keeps_the_preloading_script():
    # Regression: a comment naming `<base>static/js/...` made DOMPurify drop the whole script,
    # so nothing was preloaded on any page.
    assert SCRIPT.findall(preload.script())
    assert survives_the_sanitiser(preload.script())


def test_every_script_of_the_map_page_survives_the_sanitiser():
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()  # switch_page matches among the pages the run before registered
    at.switch_page("src/coopstats/app/pages/world_map.py").run()
    assert not at.exception
    assert at.title[0].value == "World map of participants"
    bodies = [e.proto.body for e in at.get("html") if e.proto.unsafe_allow_javascript]
    assert len(bodies) >= 2
    assert all(survives_the_sanitiser(body) for body in bodies)
