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


def plan_of(script: str) -> dict:
    return json.loads(re.search(r"const plan = (\{.*?\});", script).group(1))


def test_the_installed_streamlit_ships_the_plotly_module_the_script_imports():
    # A Streamlit upgrade renames the file (its hash); the name is read from the package, and
    # this fails if the frontend stops shipping one such module.
    name = preload.plotly_module()
    assert name is not None and name.startswith("PlotlyChart.") and name.endswith(".js")
    assert (Path(st.__file__).resolve().parent / "static" / "static" / "js" / name).is_file()


def test_the_script_names_the_module_and_the_base_maps_where_plotly_looks_for_them():
    plan = plan_of(preload.script((preload.BASE_MAP,)))
    assert plan == {
        "module": preload.plotly_module(),
        "maps": ["world_50m"],
        "topojson": map_config(preload.TOPOJSON_URL)["topojsonURL"],
    }
    assert plan_of(preload.script())["maps"] == []
    # Where plotly.js looks before it fetches a base map of its own.
    assert "PlotlyGeoAssets.topojson[name]" in preload.script()


def test_a_map_page_preloads_first_and_asks_for_its_base_map():
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.switch_page(str(ROOT / "src" / "coopstats" / "app" / "pages" / "world_map.py"))
    at.run()
    assert not at.exception
    scripts = [element.proto.body for element in at.sidebar.get("html")]
    preloads = [plan_of(body) for body in scripts if "const plan = " in body]
    assert preloads[0]["maps"] == [] and preloads[0]["module"]
    assert ["world_50m"] in [plan["maps"] for plan in preloads]
