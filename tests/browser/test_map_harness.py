"""Self-test of the browser harness: the participation map really paints, offline.

A throwaway app (written to a temporary folder, beside a link to the repository's static/)
renders `participation_map` on ten rows of test data with the app's map config.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

# Test data: real ISO-3 codes (so the base map has the shapes), made-up attendance.
# TUV and GIB have no polygon in world_50m.json and must come out as markers.
MAP_APP = """
import pandas as pd
import streamlit as st

from coopstats.figures.participation_map import map_config, participation_map

frame = pd.DataFrame(
    {
        "iso3": ["FRA", "CHN", "BRA", "KEN", "CAN", "NZL", "SGP", "MLT", "TUV", "GIB"],
        "name": ["France", "China <b>&</b> co", "Brazil", "Kenya", "Canada", "New Zealand",
                 "Singapore", "Malta", "Tuvalu", "Gibraltar"],
        "editions": [5, 4, 1, 3, 2, 1, 2, 1, 1, 2],
        "first_year": [2010, 2011, 2019, 2012, 2015, 2020, 2016, 2021, 2018, 2017],
        "last_year": [2022, 2021, 2019, 2020, 2018, 2020, 2019, 2021, 2018, 2019],
        "roles": ["host", "speaker", "participant", "host, speaker", "participant",
                  "observer", "participant", "participant", "observer", "participant"],
        "has_polygon": [True, True, True, True, True, True, True, True, False, False],
        "lat": [46.6, 35.0, -10.0, 0.2, 56.1, -41.3, 1.35, 35.9, -8.52, 36.14],
        "lon": [2.4, 103.0, -55.0, 37.9, -106.3, 174.8, 103.8, 14.4, 179.2, -5.35],
    }
)
hosts = pd.DataFrame({"city": ["Nairobi"], "lat": [-1.29], "lon": [36.82], "events": ["2012"]})
labels = {"colorbar": "Editions", "editions": "Editions", "first_year": "First year",
          "last_year": "Last year", "roles": "Roles", "host_city": "Host city"}
fig = participation_map(frame, measure="editions", labels=labels,
                        colors=["#d0e1f2", "#59a2cf", "#08306b"], hosts=hosts)
st.plotly_chart(fig, config=map_config("app/static/"), key="participation_map")
"""
ROWS_WITH_POLYGON = 8
MARKERS = 2 + 1  # Tuvalu and Gibraltar, plus one host city

BASE_MAP_LAYERS = (".geo .layer.land path", ".geo .layer.countries path")


@pytest.fixture(scope="module")
def map_app(tmp_path_factory: pytest.TempPathFactory, app_with_static) -> Path:
    return app_with_static(tmp_path_factory.mktemp("map_app"), MAP_APP)


def test_participation_map_paints_offline(
    serve_app, page, painted_paths, map_app, tmp_path: Path
) -> None:
    base_url = serve_app(map_app)
    started = time.monotonic()
    page.goto(f"{base_url}/")

    painted = painted_paths(page, timeout_ms=60_000)
    seconds = time.monotonic() - started
    assert painted == ROWS_WITH_POLYGON

    # The base map is two long paths (land, country borders) drawn from world_50m.json.
    for selector in BASE_MAP_LAYERS:
        lengths = page.eval_on_selector_all(
            selector, "(ps) => ps.map((p) => (p.getAttribute('d') || '').length)"
        )
        assert lengths and max(lengths) > 100_000, (selector, lengths)
    assert page.locator(".geo .scattergeo path.point").count() == MARKERS

    static_responses = [(u, s) for u, s in page.responses if u.endswith("/world_50m.json")]
    assert static_responses == [(f"{base_url}/app/static/world_50m.json", 200)]
    assert page.external_requests == []
    assert page.console_errors == []

    page.screenshot(path=tmp_path / "map_harness.png")
    print(f"map painted {painted} shapes in {seconds:.1f} s; screenshot {tmp_path}")


def test_hover_shows_html_in_a_name_as_text(serve_app, page, painted_paths, map_app) -> None:
    page.goto(f"{serve_app(map_app)}/")
    painted_paths(page, timeout_ms=60_000)
    # Paths follow the frame's order among rows with a polygon: China is the second. Plotly
    # geo takes pointer events on its background layer, so move the mouse there, not hover().
    box = page.locator("path.choroplethlocation").nth(1).bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    hover = page.locator(".hoverlayer .hovertext").first
    hover.wait_for(state="attached", timeout=60_000)
    text = hover.text_content() or ""
    assert "China <b>&</b> co (CHN)" in text
    assert "Editions: 4" in text
    assert page.console_errors == []
