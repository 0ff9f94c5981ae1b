"""End to end: `/map?measure=membership` paints the countries that belong to a process.

Counted in the browser as drawn choropleth shapes (a shape with a non-empty path), as
platform-notes §7 describes; the expected number comes from coopstats itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coopstats import Filters

pytest.importorskip("playwright.sync_api")

APP = Path(__file__).resolve().parents[2] / "dashboard.py"
LOAD_TIMEOUT_MS = 90_000
PAINTED_JS = """(selector) => [...document.querySelectorAll(selector)]
    .filter((p) => (p.getAttribute('d') || '').length > 0).length"""


def test_membership_map_paints_at_least_150_countries(serve_app, page, ds):
    frame = ds.membership_map(Filters())
    shaped = int(frame["has_polygon"].sum())
    assert shaped >= 150
    page.goto(f"{serve_app(APP)}/map?measure=membership")
    page.wait_for_function(f"(s) => ({PAINTED_JS})(s) >= 150", arg="path.choroplethlocation",
                           timeout=LOAD_TIMEOUT_MS)  # fmt: skip
    painted = page.evaluate(PAINTED_JS, "path.choroplethlocation")
    # Countries too small for the 50m base map (as on the attendance map) draw no path.
    assert 150 <= painted <= shaped
    assert page.external_requests == []
