"""End to end: the dashboard (`dashboard.py`) served once and driven in Debian's Chromium, offline.

Every page loads without a console error or a request past localhost; the map paints its
countries, follows the year filter through the URL, rebuilds a view from a link, renders in
embed mode, warns about a bad link, and opens a country profile when a country is clicked.

The expected numbers come from coopstats itself, so the tests follow the bundled data.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from coopstats import Filters

sync_api = pytest.importorskip("playwright.sync_api")

APP = Path(__file__).resolve().parents[2] / "dashboard.py"
LOAD_TIMEOUT_MS = 60_000
TITLES = {
    "/": "International cooperation forums at a glance",
    "/map": "World map of participants",
    "/timeline": "Editions over time",
    "/compare": "Compare editions",
    "/organisations": "International organisations",
    "/country": "Country profile",
    "/data": "Data and sources",
    "/about": "About coopstats",
}
# On a page other than the default one, the frontend first asks /<page>/_stcore/health and
# /<page>/_stcore/host-config, gets 404, then uses the root (platform-notes §6). Not our errors.
BENIGN_404 = re.compile(r"/[a-z]+/_stcore/(health|host-config)\)$")
# Large countries first: the hover test needs room beside the host-city stars.
CLICK_CANDIDATES = ("AUS", "RUS", "BRA", "CAN", "KAZ", "USA", "IND", "CHN")

PAINTED_JS = """(selector) => [...document.querySelectorAll(selector)]
    .filter((p) => (p.getAttribute('d') || '').length > 0).length"""
# Sample the shape's bounding box and keep the points inside the filled shape.
INSIDE_JS = """(code) => {
    const path = [...document.querySelectorAll('path.choroplethlocation')]
        .find((p) => p.__data__ && p.__data__.loc === code);
    if (!path) return [];
    const box = path.getBoundingClientRect();
    const toLocal = path.getScreenCTM().inverse();
    const out = [];
    for (let fy = 0.15; fy < 0.9; fy += 0.1) {
        for (let fx = 0.15; fx < 0.9; fx += 0.1) {
            const point = path.ownerSVGElement.createSVGPoint();
            point.x = box.left + box.width * fx;
            point.y = box.top + box.height * fy;
            if (path.isPointInFill(point.matrixTransform(toLocal))) out.push([point.x, point.y]);
        }
    }
    return out;
}"""


def polygons(ds, filters: Filters | None = None) -> int:
    """How many countries the map should shade: those named, with a shape in world_50m.json."""
    return int(ds.country_map(filters or Filters())["has_polygon"].sum())


@pytest.fixture(scope="module")
def app(serve_app) -> dict[str, float | str]:
    """The served dashboard (one server for the module) and when it was started."""
    started = time.monotonic()
    return {"url": serve_app(APP), "started": started}


def errors(page) -> list[str]:
    return [e for e in page.console_errors if not ("404" in e and BENIGN_404.search(e))]


def painted(page) -> int:
    return page.evaluate(PAINTED_JS, "path.choroplethlocation")


def wait_painted(page, expected: int) -> None:
    """Wait until exactly `expected` shapes are drawn (a redraw briefly shows old and new)."""
    page.wait_for_function(f"(s) => ({PAINTED_JS})(s) === {expected}", arg="path.choroplethlocation",
                           timeout=LOAD_TIMEOUT_MS)  # fmt: skip


def base_map_responses(page) -> list[tuple[str, int]]:
    """The responses to the base map's URL so far, as (url, status)."""
    return [(u, s) for u, s in page.responses if u.endswith("world_50m.json")]


def open_map(page, app, query: str = "") -> None:
    page.goto(f"{app['url']}/map{query}")
    page.wait_for_selector("path.choroplethlocation", state="attached", timeout=LOAD_TIMEOUT_MS)


def params(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def sidebar_years(page) -> list[str]:
    return [
        page.locator(f'[data-testid=stSidebar] input[aria-label="Years — {end}"]').input_value()
        for end in ("start", "end")
    ]


def hover_point(page, iso3: str) -> tuple[float, float] | None:
    """A point over `iso3` where the hover label names it (a host-city star may cover some)."""
    for x, y in page.evaluate(INSIDE_JS, iso3):
        page.mouse.move(x, y)
        # Wait for a label naming the country: the label of the point before (a host-city star)
        # can still be attached while plotly, throttled, has not yet redrawn it.
        label = page.locator(".hoverlayer .hovertext", has_text=f"({iso3})")
        try:
            label.first.wait_for(state="attached", timeout=1_000)
        except sync_api.TimeoutError:  # no label naming it at this point: try the next one
            continue
        return x, y
    return None


def settled(page, title: str) -> None:
    """Wait for the page's title, then for its script run to end (the status widget goes)."""
    page.get_by_role("heading", name=title).wait_for(timeout=LOAD_TIMEOUT_MS)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=LOAD_TIMEOUT_MS
    )


def test_map_paints_the_named_countries_and_hovers_them(page, app, ds) -> None:
    frame = ds.country_map(Filters()).set_index("iso3")
    open_map(page, app)
    expected = polygons(ds)
    wait_painted(page, expected)
    print(f"server start to map painted: {time.monotonic() - app['started']:.1f} s")
    # The issue asked for >= 150 shapes; the bundled data names fewer countries than that, and
    # the base map's countries are one single path, so the honest floor is what the data names.
    assert painted(page) == expected >= 80
    assert page.locator(".geo .layer.countries path").count() == 1
    assert page.get_by_role("heading", name=TITLES["/map"]).is_visible()
    coverage = re.compile(r"countries and territories named across \d+ editions")
    assert page.get_by_text(coverage).is_visible()
    assert page.locator(".geo .scattergeo path.point").count() > 0  # host-city stars
    # From our server, once from the preload; plotly.js fetches it a second time only when its
    # chart is drawn before the preload's copy has arrived, a race a loaded host can lose.
    geometry = base_map_responses(page)
    assert set(geometry) == {(f"{app['url']}/app/static/world_50m.json", 200)}
    assert len(geometry) <= 2
    # The run's first element started both (coopstats.app.preload): it ran, was not sanitised away.
    assert page.evaluate("window.__coopstatsPreload") == {"module": True, "world_50m": True}

    code = next(c for c in CLICK_CANDIDATES if c in frame.index)
    assert hover_point(page, code) is not None, f"no point over {code} shows its hover label"
    text = page.locator(".hoverlayer .hovertext", has_text=f"({code})").first.text_content() or ""
    assert f"{frame.at[code, 'name']} ({code})" in text
    assert f"Editions: {frame.at[code, 'editions']}" in text
    assert page.external_requests == []
    assert errors(page) == []


def test_year_filter_goes_to_the_url_and_a_click_opens_a_profile(page, app, ds) -> None:
    open_map(page, app)
    wait_painted(page, polygons(ds))
    fetched = base_map_responses(page)
    page.locator('[data-testid=stSidebar] input[aria-label="Years — start"]').focus()
    for _ in range(29):  # 1991 -> 2020, one year per key press
        page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r".*[?&]years=2020.*"), timeout=LOAD_TIMEOUT_MS)
    assert params(page)["years"] == ["2020", "2025"]
    filters = Filters(years=(2020, 2025))
    fewer = polygons(ds, filters)
    assert fewer < polygons(ds)
    wait_painted(page, fewer)
    # The redraw reused the base map it had: no further fetch.
    assert fetched and base_map_responses(page) == fetched

    named = set(ds.country_map(filters)["iso3"])
    code = next(c for c in CLICK_CANDIDATES if c in named)
    point = hover_point(page, code)
    assert point is not None, f"no point over {code} shows its hover label"
    page.mouse.click(*point)
    page.wait_for_url(re.compile(r".*/country\?.*"), timeout=LOAD_TIMEOUT_MS)
    assert params(page)["country"] == [code]
    assert params(page)["years"] == ["2020", "2025"]  # the filters came along
    page.get_by_role("heading", name=TITLES["/country"]).wait_for(timeout=LOAD_TIMEOUT_MS)
    assert page.external_requests == []
    assert errors(page) == []


def test_a_link_with_filters_rebuilds_the_view(page, app, ds) -> None:
    open_map(page, app, "?years=2024&years=2025&series=gpscfl")
    filters = Filters(years=(2024, 2025), series=("gpscfl",))
    fewer = polygons(ds, filters)
    assert fewer < polygons(ds, Filters(years=(2024, 2025)))
    wait_painted(page, fewer)
    assert sidebar_years(page) == ["2024", "2025"]
    series = page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]")
    chips = series.filter(has_text="Forum series").locator("[data-tag]")
    assert chips.all_text_contents() == [
        ds.tables.series.set_index("series_id").at["gpscfl", "short_name"]
    ]
    assert params(page)["years"] == ["2024", "2025"]
    assert params(page)["series"] == ["gpscfl"]
    assert page.locator("[data-testid=stAlertContentWarning]").count() == 0
    assert errors(page) == []


def test_embed_mode_renders_the_map(page, app, ds) -> None:
    open_map(page, app, "?embed=true")
    wait_painted(page, polygons(ds))
    assert page.get_by_role("heading", name=TITLES["/map"]).is_visible()
    assert page.external_requests == []
    assert errors(page) == []


def test_a_bad_link_is_reported_not_raised(page, app) -> None:
    page.goto(f"{app['url']}/map?years=abc&series=nope")
    settled(page, TITLES["/map"])
    text = " ".join(page.locator("[data-testid=stAlertContentWarning]").all_text_contents())
    assert "Ignored a link setting: years = abc" in text
    assert "series = nope" in text
    page.locator("[data-testid=stPlotlyChart]").wait_for(timeout=LOAD_TIMEOUT_MS)
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator("[data-testid=stAlertContentError]").count() == 0
    assert "years" not in params(page) and "series" not in params(page)
    assert errors(page) == []


# /map is here too: its title and errors on a plain load, without waiting for the paint.
@pytest.mark.parametrize("path", list(TITLES))
def test_every_page_loads_offline_with_its_title(page, app, path: str) -> None:
    page.goto(f"{app['url']}{path}")
    settled(page, TITLES[path])
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.external_requests == []
    assert errors(page) == []


IN_HEAD_JS = """() => [...document.head.querySelectorAll('script')]
    .some((s) => s.text.includes('__coopstatsPreload'))"""
STARTED_JS = """(part) => {
    const found = performance.getEntriesByType('resource').find((e) => e.name.includes(part));
    return found ? found.startTime : null;
}"""


def test_served_by_serve_py_the_page_starts_plotly_and_the_base_map_before_its_first_run(
    page, serve_app, ds
) -> None:
    base = serve_app(APP.parent / "serve.py")
    page.goto(f"{base}/map")
    wait_painted(page, polygons(ds))
    assert page.evaluate(IN_HEAD_JS)
    # Plotly's module was asked for before the code that draws the run's first element (the
    # Html element holding the run's own copy of the script).
    plotly, first_element = (
        page.evaluate(STARTED_JS, part) for part in ("/PlotlyChart.", "/Html.")
    )
    assert plotly is not None and first_element is not None and plotly < first_element
    assert page.evaluate("window.__coopstatsPreload") == {"module": True, "world_50m": True}
    geometry = base_map_responses(page)
    assert set(geometry) == {(f"{base}/app/static/world_50m.json", 200)} and len(geometry) <= 2
    assert page.external_requests == []
    assert errors(page) == []
