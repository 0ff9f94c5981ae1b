"""The interface languages in Debian's Chromium, offline: Arabic mirrors, Chinese names on the map,
and an exported image in Arabic.

Right to left is checked twice, on purpose. `document.documentElement.dir == "rtl"` (and
`lang == "ar"`) is what screen readers, the browser's own bidi and form controls go by; the
shell sets it with a small script. The computed `direction` of the main block and the sidebar's
position on the right are what a reader sees, and come from the shell's style sheet. Either could
break without the other (a Streamlit upgrade renaming a test id, or scripts in st.html turned
off), so both are asserted.
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pytest

from coopstats import Filters
from coopstats.i18n import translator

sync_api = pytest.importorskip("playwright.sync_api")

APP = Path(__file__).resolve().parents[2] / "dashboard.py"
LOAD_TIMEOUT_MS = 60_000
ARABIC = re.compile("[\u0600-\u06ff]")
CJK = re.compile("[\u4e00-\u9fff]")
# Large countries first, away from the host-city stars.
HOVER_CANDIDATES = ("RUS", "AUS", "BRA", "CAN", "KAZ", "USA", "IND")
# Points inside a country's filled shape, sampled over its bounding box (centre first).
INSIDE_JS = """(code) => {
    const path = [...document.querySelectorAll('path.choroplethlocation')]
        .find((p) => p.__data__ && p.__data__.loc === code);
    if (!path) return [];
    const box = path.getBoundingClientRect();
    const toLocal = path.getScreenCTM().inverse();
    const candidates = [[0.5, 0.5]];
    for (let fy = 0.2; fy < 0.85; fy += 0.15)
        for (let fx = 0.2; fx < 0.85; fx += 0.15) candidates.push([fx, fy]);
    const out = [];
    for (const [fx, fy] of candidates) {
        const point = path.ownerSVGElement.createSVGPoint();
        point.x = box.left + box.width * fx;
        point.y = box.top + box.height * fy;
        if (path.isPointInFill(point.matrixTransform(toLocal))) out.push([point.x, point.y]);
    }
    return out;
}"""


@pytest.fixture(scope="module")
def url(serve_app) -> str:
    return serve_app(APP)


def settled(page, title: str) -> None:
    page.get_by_role("heading", name=title).wait_for(timeout=LOAD_TIMEOUT_MS)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=LOAD_TIMEOUT_MS
    )


def test_arabic_is_right_to_left_with_an_arabic_sidebar(page, url) -> None:
    _ = translator("ar")
    page.goto(f"{url}/?lang=ar")
    settled(page, _("International cooperation forums at a glance"))
    page.wait_for_function("() => document.documentElement.dir === 'rtl'", timeout=LOAD_TIMEOUT_MS)
    assert page.evaluate("document.documentElement.lang") == "ar"
    main_direction = page.evaluate(
        "getComputedStyle(document.querySelector('[data-testid=stMain]')).direction"
    )
    assert main_direction == "rtl"
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.get_by_text(_("Forum series"), exact=True).wait_for(timeout=LOAD_TIMEOUT_MS)
    text = sidebar.inner_text()
    assert _("Filters") in text and _("Forum series") in text
    assert len(ARABIC.findall(text)) > 100
    box = sidebar.bounding_box()
    assert box is not None and box["x"] > page.viewport_size["width"] / 2  # on the right
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.external_requests == []


def test_back_to_english_is_left_to_right(page, url) -> None:
    page.goto(f"{url}/about?lang=ar")
    settled(page, translator("ar")("About coopstats"))
    page.goto(f"{url}/about")
    settled(page, "About coopstats")
    page.wait_for_function("() => document.documentElement.dir === 'ltr'", timeout=LOAD_TIMEOUT_MS)
    assert page.evaluate("document.documentElement.lang") == "en"


def test_chinese_map_hover_names_the_country_in_chinese(page, url, ds) -> None:
    frame = ds.country_map(Filters(), "zh").set_index("iso3")
    page.goto(f"{url}/map?lang=zh")
    settled(page, translator("zh")("World map of participants"))
    page.wait_for_selector("path.choroplethlocation", state="attached", timeout=LOAD_TIMEOUT_MS)
    page.wait_for_function(
        "() => [...document.querySelectorAll('path.choroplethlocation')]"
        ".some((p) => (p.getAttribute('d') || '').length > 0)",
        timeout=LOAD_TIMEOUT_MS,
    )
    label = page.locator(".hoverlayer .hovertext")
    for code in (c for c in HOVER_CANDIDATES if c in frame.index):
        for x, y in page.evaluate(INSIDE_JS, code):
            page.mouse.move(x, y)
            try:
                label.first.wait_for(state="attached", timeout=1_500)
            except sync_api.TimeoutError:
                continue
            text = page.locator(".hoverlayer").text_content() or ""
            if f"({code})" in text:
                name = frame.at[code, "name"]
                assert CJK.search(name), name
                assert name in text
                assert translator("zh")("Editions") in text
                return
    pytest.fail("no hover label named a country")


def png_text(data: bytes) -> dict[str, str]:
    """The tEXt and iTXt chunks of a PNG."""
    out: dict[str, str] = {}
    pos = 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"tEXt":
            key, _, value = body.partition(b"\0")
            out[key.decode("latin-1")] = value.decode("latin-1")
        elif kind == b"iTXt":
            key, _, rest = body.partition(b"\0")
            compressed, rest = rest[0], rest[2:]
            _, _, rest = rest.partition(b"\0")  # language tag
            _, _, text = rest.partition(b"\0")  # translated keyword
            out[key.decode("latin-1")] = (zlib.decompress(text) if compressed else text).decode()
        pos += 12 + length
    return out


def test_an_arabic_png_export_is_produced(ds, chromium_path) -> None:
    outputs = pytest.importorskip("coopstats.export.outputs")
    from coopstats.settings import STATIC_DIR

    request = outputs.Request(chart="timeline", lang="ar", exported="2026-01-01")
    exported = outputs.chart_file(ds, request, "png", STATIC_DIR, size="slide")
    data = exported.data
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1600, 900)
    assert len(data) > 20_000  # a drawn chart, not an empty canvas
    about = png_text(data)
    title = about.get("Title", "")
    assert ARABIC.search(title), about


def test_a_french_browser_opens_in_french_and_the_url_says_so(browser, url) -> None:
    # st.context.locale is navigator.language: a French browser, no `lang` in the link.
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{url}/about")
        settled(page, translator("fr")("About coopstats"))
        page.wait_for_url(re.compile(r".*[?&]lang=fr.*"), timeout=LOAD_TIMEOUT_MS)
        # The document's language is set by a script the page sends, a moment after its text.
        page.wait_for_function(
            "() => document.documentElement.lang === 'fr'", timeout=LOAD_TIMEOUT_MS
        )
        assert page.evaluate("document.documentElement.lang") == "fr"
    finally:
        context.close()
