"""Exports in a real Chromium: the offline HTML map paints from disk, the embed view, a download.

The offline HTML is opened with a file:// URL and every request off localhost is aborted (the
`page` fixture), so a map that paints proves that plotly.js and the base map are inside the file.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from coopstats import Filters, load_dataset
from coopstats.export.images import find_chromium
from coopstats.export.outputs import Request, chart_file
from coopstats.settings import BUNDLED_DATA_DIR, STATIC_DIR

ROOT = Path(__file__).resolve().parents[2]
EMBED_APP = """
import streamlit as st

from coopstats.app import export_panel, sidebar
from coopstats.app.view import View, dataset
from coopstats.i18n import translator
from coopstats.settings import Settings

settings = Settings.from_env()
ds = dataset(str(settings.data_dir))
_ = translator("en")
view = View(ds=ds, filters=sidebar.filters(ds, _), lang="en", _=_, settings=settings)
if export_panel.embed_requested():
    export_panel.embed_view(view)
else:
    st.write("not embedded")
"""


def test_offline_html_map_paints_from_disk_with_no_network(ds, page, painted_paths, tmp_path):
    made = chart_file(ds, Request("map", filters=Filters(series=("gfmd",))), "html", STATIC_DIR)
    path = tmp_path / made.filename
    path.write_bytes(made.data)
    frame = ds.country_map(Filters(series=("gfmd",)))
    page.goto(path.as_uri())
    painted = painted_paths(page)
    assert painted >= int(frame["has_polygon"].sum()) > 5
    assert page.external_requests == []
    assert not [e for e in page.console_errors if "topojson" in e or "uncaught" in e]
    assert page.get_by_text("World map of participants").first.is_visible()
    assert page.locator("footer").get_by_text(ds.version).count() >= 1


@pytest.fixture(scope="module")
def embed_app(tmp_path_factory, app_with_static) -> Path:
    return app_with_static(tmp_path_factory.mktemp("embed_app"), EMBED_APP)


def test_embed_view_shows_one_chart_with_credits_and_a_way_out(serve_app, page, painted_paths,
                                                               embed_app, ds):  # fmt: skip
    base = serve_app(embed_app)
    page.goto(f"{base}/?embed=true&chart=map&series=gfmd&measure=role")
    assert painted_paths(page) > 5
    assert page.get_by_text("World map of participants").first.is_visible()
    assert page.get_by_text("Colour by: Role").first.is_visible()
    link = page.get_by_role("link", name="Open in coopstats")
    href = link.get_attribute("href") or ""
    assert "/map?" in href and "series=gfmd" in href and "measure=role" in href
    assert "embed" not in href
    # The embedded chart says how to cite it and under which licences, like every export.
    assert page.get_by_text("How to cite: coopstats", exact=False).first.is_visible()
    assert page.get_by_text("Licences: data", exact=False).first.is_visible()
    assert page.external_requests == []


def test_the_membership_map_embeds_with_its_notes(serve_app, page, painted_paths, embed_app):
    # The membership measure was drawn by the page alone: no export, no embed.
    base = serve_app(embed_app)
    page.goto(f"{base}/?embed=true&chart=membership-map&measure=membership")
    assert painted_paths(page) > 5
    assert page.get_by_text("World map of memberships").first.is_visible()
    assert page.get_by_text("A membership is not attendance", exact=False).first.is_visible()
    href = page.get_by_role("link", name="Open in coopstats").get_attribute("href") or ""
    assert "/map?" in href and "measure=membership" in href and "embed" not in href


def test_a_frozen_link_from_other_data_says_so(serve_app, page, embed_app):
    base = serve_app(embed_app)
    page.goto(f"{base}/?embed=true&chart=timeline&series=gfmd&v=000000000000")
    notice = page.get_by_text("the data have changed since")
    notice.wait_for(timeout=60_000)
    # The embed app reads the data folder itself (CSV mode), not the store the `ds` fixture
    # reads: the notice names that folder's version.
    assert load_dataset(BUNDLED_DATA_DIR).version in notice.inner_text()


def test_an_unknown_chart_lists_the_known_ones(serve_app, page, embed_app):
    base = serve_app(embed_app)
    page.goto(f"{base}/?embed=true&chart=pie")
    page.get_by_text("Unknown chart").wait_for(timeout=60_000)
    assert "timeline" in page.get_by_text("Unknown chart").inner_text()


@pytest.mark.skipif(find_chromium() is None, reason="server-side images need Chromium")
def test_the_overview_offers_a_png_made_on_click(serve_app, page, painted_paths, ds):
    base = serve_app(ROOT / "dashboard.py")
    page.goto(f"{base}/?series=gfmd")
    assert painted_paths(page) > 5  # the page has run to its end
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)
    opener = page.get_by_role("button", name="Download or embed")
    opener.scroll_into_view_if_needed()
    opener.click()
    button = page.get_by_role("button", name="PNG for slides (1600×900)")
    button.wait_for(timeout=60_000)
    if shots := os.environ.get("COOPSTATS_TEST_SCREENSHOTS"):
        page.screenshot(path=str(Path(shots) / "export-panel.png"))
    snippet = page.locator("code").filter(has_text="<iframe").first.inner_text()
    # The Overview's small map is a chart of its own (no host-city stars), exported as drawn.
    assert "embed=true" in snippet and "chart=overview-map" in snippet and "series=gfmd" in snippet
    started = time.perf_counter()
    with page.expect_download(timeout=120_000) as download:
        button.click()
    data = Path(download.value.path()).read_bytes()
    print(f"\nPNG download from the page: {time.perf_counter() - started:.1f} s")
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert download.value.suggested_filename == f"coopstats-overview-map-slide-{ds.version}.png"


def test_without_chromium_the_panel_says_how_to_install_it_and_offers_the_browser_download(
    serve_app, page, painted_paths
):
    # BROWSER_PATH naming no program is how kaleido and the panel see a server without Chromium.
    base = serve_app(ROOT / "dashboard.py", env={"BROWSER_PATH": "/nonexistent/chromium"})
    page.goto(f"{base}/?series=gfmd")
    assert painted_paths(page) > 5
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)
    assert page.get_by_text("apt-get install").first.is_visible()  # the briefing pack's note
    page.get_by_role("button", name="Download or embed").click()
    page.get_by_text("Format of the toolbar download").wait_for(timeout=60_000)
    assert page.get_by_text("apt-get install -y chromium").count() >= 2
    popover = page.locator('[data-testid="stPopoverBody"]')
    popover.locator(".js-plotly-plot").wait_for(timeout=60_000)
    assert popover.get_by_text("World map of participants").count() >= 1
    page.get_by_role("button", name="Interactive HTML (works offline)").wait_for(timeout=30_000)
    assert page.get_by_role("button", name="PNG for slides (1600×900)").count() == 0
