"""The dashboard with the keyboard alone: Tab, Shift+Tab, Enter, Space, Escape and the arrows.

One path through the served app, as someone who cannot use a mouse would take it: open every
page from the navigation, use each page's own controls, download every kind of export (chart
images, PDF, HTML, the data as CSV and Excel, the sources, the briefing pack), then change every
sidebar filter and the language. No click, no `fill`, no `focus()`: focus moves only by key
presses, and each step checks what the keys changed (the URL, the heading, a downloaded file).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from coopstats.i18n import translator

sync_api = pytest.importorskip("playwright.sync_api")

APP = Path(__file__).resolve().parents[2] / "dashboard.py"
LOAD_TIMEOUT_MS = 90_000
DOWNLOAD_TIMEOUT_MS = 120_000
FOCUSED_JS = """() => {
    const e = document.activeElement;
    const holder = e && e.closest('[data-testid]');
    return {
        tag: e ? e.tagName : '',
        role: (e && e.getAttribute('role')) || '',
        label: (e && e.getAttribute('aria-label')) || '',
        text: ((e && (e.innerText || e.value)) || '').replace(/\\s+/g, ' ').trim().slice(0, 120),
        testid: holder ? holder.getAttribute('data-testid') : '',
        sidebar: Boolean(e && e.closest('[data-testid=stSidebar]')),
        checked: (e && e.getAttribute('aria-checked')) || '',
    };
}"""


@pytest.fixture(scope="module")
def url(serve_app) -> str:
    return serve_app(APP)


def settle(page) -> None:
    """Wait until the script run that a key press started is over."""
    page.wait_for_timeout(300)  # let the rerun begin before waiting for its end
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=LOAD_TIMEOUT_MS
    )


def tab_to(page, wanted, *, limit: int = 120, backwards: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until the focused element satisfies `wanted`; return it."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        focused = page.evaluate(FOCUSED_JS)
        if wanted(focused):
            return focused
        seen.append(focused["label"] or focused["text"][:30] or focused["tag"])
    pytest.fail(f"Tab never reached the element: went through {seen}")


def named(name: str, *, sidebar: bool = False):
    """A focus test: the element's label or text is `name` (icons' ligature words aside), in
    the sidebar or (by default) in the page."""
    pattern = re.compile(rf"(^|\s){re.escape(name)}(\s|$)")
    return lambda f: (
        f["sidebar"] == sidebar and (f["label"] == name or bool(pattern.search(f["text"])))
    )


def wait_param(page, name: str, value: str | None = None) -> None:
    """Wait until the address bar has `name` (= `value`), then for the run to end."""
    page.wait_for_function(
        "([name, value]) => { const all = new URLSearchParams(location.search).getAll(name);"
        " return value === null ? all.length > 0 : all.includes(value); }",
        arg=[name, value],
        timeout=LOAD_TIMEOUT_MS,
    )
    settle(page)


def choose_in_group(page, option: str) -> None:
    """In a radio group (segmented control, radio): arrows to `option`, Enter to choose it."""
    tab_to(page, lambda f: f["role"] == "radio" and not f["sidebar"])
    for _ in range(12):
        if page.evaluate(FOCUSED_JS)["text"].endswith(option):
            page.keyboard.press("Enter")
            return
        page.keyboard.press("ArrowRight")
    pytest.fail(f"the arrow keys never reached {option!r}")


def params(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def download(page, name: str, suffix: str) -> int:
    """Tab to the download button `name`, press Enter; the file's size in bytes."""
    tab_to(page, named(name))
    with page.expect_download(timeout=DOWNLOAD_TIMEOUT_MS) as info:
        page.keyboard.press("Enter")
    file = info.value
    assert file.suggested_filename.endswith(suffix), file.suggested_filename
    size = Path(file.path()).stat().st_size
    assert size > 0, file.suggested_filename
    return size


def open_page(page, title: str, link: str) -> None:
    """From anywhere: Tab to the navigation link `link`, press Enter, wait for `title`."""
    tab_to(page, lambda f: f["testid"] == "stSidebarNavLink" and f["text"] == link)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=title).first.wait_for(timeout=LOAD_TIMEOUT_MS)
    settle(page)


def test_every_page_control_export_and_filter_by_keyboard(page, url, chromium_path) -> None:
    page.goto(url)
    page.get_by_role("heading", name="International cooperation forums at a glance").wait_for(
        timeout=LOAD_TIMEOUT_MS
    )
    settle(page)

    # Every page, from the navigation.
    for link, title in (
        ("Map", "World map of participants"),
        ("Timeline", "Editions over time"),
        ("Compare", "Compare editions"),
        ("Organisations", "International organisations"),
        ("Country profile", "Country profile"),
        ("Data and sources", "Data and sources"),
        ("Research to-do", "Research to-do list"),
        ("About", "About coopstats"),
        ("Overview", "International cooperation forums at a glance"),
    ):
        open_page(page, title, link)
        assert page.get_by_role("heading", name=title).first.is_visible()

    # The map: colour by role with the segmented control, then the chart's table.
    open_page(page, "World map of participants", "Map")
    choose_in_group(page, "Role")
    wait_param(page, "measure", "role")

    # Every export of a chart, from its "Download or embed" panel.
    tab_to(page, named("Download or embed"))
    page.keyboard.press("Enter")
    settle(page)
    sizes = {
        "png slide": download(page, "PNG for slides (1600×900)", ".png"),
        "png a4": download(page, "PNG for print (A4 landscape)", ".png"),
        "svg": download(page, "SVG (vector, editable)", ".svg"),
        "pdf": download(page, "PDF", ".pdf"),
        "html": download(page, "Interactive HTML (works offline)", ".html"),
    }
    page.keyboard.press("Escape")
    settle(page)

    # Another page's own control: the timeline's measure.
    open_page(page, "Editions over time", "Timeline")
    choose_in_group(page, "Countries and regions")
    wait_param(page, "measure", "countries")

    # The data as CSV and Excel, and the sources.
    open_page(page, "Data and sources", "Data and sources")
    sizes["csv"] = download(page, "Download CSV", ".csv")
    sizes["xlsx"] = download(page, "Download Excel", ".xlsx")
    sizes["sources"] = download(page, "Download the sources (CSV)", ".csv")

    # The briefing pack, from the overview.
    open_page(page, "International cooperation forums at a glance", "Overview")
    tab_to(page, named("Prepare the briefing pack"))
    page.keyboard.press("Enter")
    # Drawing the slides takes seconds: wait for the files' buttons before tabbing to them.
    page.get_by_role("button", name="PowerPoint (.pptx)").wait_for(timeout=DOWNLOAD_TIMEOUT_MS)
    sizes["pptx"] = download(page, "PowerPoint (.pptx)", ".pptx")
    sizes["pack pdf"] = download(page, "PDF", ".pdf")
    print(f"keyboard downloads (bytes): {sizes}")
    assert page.external_requests == []


def test_every_filter_and_the_language_by_keyboard(page, url) -> None:
    # On the about page: its runs are quick.
    page.goto(f"{url}/about")
    page.get_by_role("heading", name="About coopstats").wait_for(timeout=LOAD_TIMEOUT_MS)
    settle(page)
    tab_to(page, named("Years — start", sidebar=True))
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    wait_param(page, "years")
    for label, param in (("Forum series", "series"), ("World region (UN M49)", "region")):
        tab_to(page, named(label, sidebar=True))
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        wait_param(page, param)
    tab_to(page, named("Include sub-forums and side meetings", sidebar=True))
    page.keyboard.press("Space")
    wait_param(page, "sub", "false")
    tab_to(page, lambda f: f["sidebar"] and f["testid"] == "stRadioOption")
    page.keyboard.press("ArrowDown")
    wait_param(page, "type")
    tab_to(page, named("Role", sidebar=True))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_param(page, "role")
    chosen = params(page)
    assert {"years", "series", "region", "sub", "type", "role"} <= set(chosen), chosen

    # The language, last: Arabic turns the page right to left.
    # The list opens on the option after the current one (English), which is Arabic.
    tab_to(page, lambda f: f["label"].startswith("\u2066Language"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    wait_param(page, "lang", "ar")
    title = translator("ar")("About coopstats")
    page.get_by_role("heading", name=title).first.wait_for(timeout=LOAD_TIMEOUT_MS)
    page.wait_for_function(
        "() => document.documentElement.lang === 'ar' && document.documentElement.dir === 'rtl'",
        timeout=LOAD_TIMEOUT_MS,
    )
    assert set(params(page)) >= {"years", "series", "region", "sub", "type", "role", "lang"}
    assert page.external_requests == []
