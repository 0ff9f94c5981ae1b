"""WCAG 2.1 AA on the served dashboard: axe-core on every page, in English and in Arabic.

Each page is opened, left to finish its script run and draw its charts, then axe-core (vendored,
see tests/browser/axe.py) runs its WCAG 2.0 and 2.1 level A and AA rules on the whole document.
Every violation fails the test with the rule, the element and axe's own hint. What axe cannot
check (colours of chart marks, colour-vision deficiencies, the keyboard path, the briefing files)
is tested elsewhere; docs/accessibility.md lists which test checks what.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from audit import describe, violations

from coopstats.i18n import translator

sync_api = pytest.importorskip("playwright.sync_api")

APP = Path(__file__).resolve().parents[2] / "dashboard.py"
LOAD_TIMEOUT_MS = 90_000
# Path (with the query a page needs) -> its English title.
PAGES = {
    "/": "International cooperation forums at a glance",
    "/map": "World map of participants",
    "/timeline": "Editions over time",
    "/compare": "Compare editions",
    "/organisations": "International organisations",
    "/country?country=CHN": "Country profile",
    "/data": "Data and sources",
    "/todo": "Research to-do list",
    "/about": "About coopstats",
}
CHARTS_DRAWN_JS = """() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]
    .every((chart) => chart.querySelector('.main-svg'))"""


@pytest.fixture(scope="module")
def url(serve_app) -> str:
    return serve_app(APP)


def open_page(page, url: str, path: str, lang: str) -> None:
    """Open a page in `lang` and wait until its run is over and every chart is drawn."""
    separator = "&" if "?" in path else "?"
    query = f"{separator}lang={lang}" if lang != "en" else ""
    page.goto(f"{url}{path}{query}")
    title = translator(lang)(PAGES[path])
    page.get_by_role("heading", name=title).first.wait_for(timeout=LOAD_TIMEOUT_MS)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=LOAD_TIMEOUT_MS
    )
    page.wait_for_function(
        f"() => document.documentElement.lang === '{lang}'", timeout=LOAD_TIMEOUT_MS
    )
    page.wait_for_function(CHARTS_DRAWN_JS, timeout=LOAD_TIMEOUT_MS)


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("path", list(PAGES))
def test_page_has_no_axe_violation(page, url, path, lang) -> None:
    open_page(page, url, path, lang)
    found = violations(page)
    counts = {v["id"]: len(v["nodes"]) for v in found}
    print(f"axe {lang} {path}: {sum(counts.values())} violations {counts}")
    assert found == [], f"axe-core on {path} in {lang}:\n{describe(found)}"
