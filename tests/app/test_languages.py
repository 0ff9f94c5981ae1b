"""Every page in every interface language, through Streamlit's AppTest.

One AppTest per language (opened at `?lang=xx`, as a shared link would), then every page in turn
with `switch_page` (see pages/test_organisations_country_data.py for why a first run comes first). The
shell catches a page's exception and shows st.error, so "no exception" is checked as no
`at.exception` and no `at.error`. Each page's title must be its catalogue translation.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coopstats.i18n import LANGUAGES, translator

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = str(ROOT / "dashboard.py")
PAGES = "src/coopstats/app/pages"
TITLES = {
    "overview.py": "International cooperation forums at a glance",
    "world_map.py": "World map of participants",
    "timeline.py": "Editions over time",
    "compare.py": "Compare editions",
    "organisations.py": "International organisations",
    "country.py": "Country profile",
    "data.py": "Data and sources",
    "todo.py": "Research to-do list",
    # Editors' pages show only the sign-in to a viewer.
    "contribute.py": "Sign in",
    "history.py": "Sign in",
    "about.py": "About coopstats",
}

_apps: dict[str, AppTest] = {}


def app(lang: str) -> AppTest:
    """The dashboard opened at ?lang=<lang>, kept for the module (one session per language)."""
    if lang not in _apps:
        at = AppTest.from_file(DASHBOARD, default_timeout=90)
        if lang != "en":
            at.query_params["lang"] = lang
        _apps[lang] = at.run()
    return _apps[lang]


def test_every_page_file_is_covered():
    assert set(TITLES) == {p.name for p in (ROOT / PAGES).glob("*.py")}


@pytest.mark.parametrize("page", list(TITLES))
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_page_renders_in_every_language(lang, page):
    at = app(lang).switch_page(f"{PAGES}/{page}").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    title = at.title[0].value
    assert title == translator(lang)(TITLES[page])
    if lang != "en":
        assert title != TITLES[page], f"{page} has no {lang} title"
    assert at.selectbox(key="lang").value == lang


def test_arabic_link_shows_arabic_and_mirrors():
    at = AppTest.from_file(DASHBOARD, default_timeout=90)
    at.query_params["lang"] = "ar"
    at.run()
    assert not at.exception
    assert at.title[0].value == "منتديات التعاون الدولي في لمحة"
    assert at.sidebar.header[0].value == "المرشحات"
    # The mirrored style sheet is sent (style-only html goes to the event container).
    styles = [h.proto.body for h in at.get("html")]
    assert any("direction: rtl" in body for body in styles)


def test_english_sends_no_mirroring_and_keeps_lang_out_of_the_url():
    at = AppTest.from_file(DASHBOARD, default_timeout=90).run()
    assert not at.exception
    assert not any("direction: rtl" in h.proto.body for h in at.get("html"))
    assert "lang" not in at.query_params


def test_choosing_a_language_writes_it_to_the_url_and_translates_numbers():
    at = AppTest.from_file(DASHBOARD, default_timeout=90).run()
    at.selectbox(key="lang").set_value("fr").run()
    assert not at.exception
    assert at.query_params["lang"] in ("fr", ["fr"])
    assert at.title[0].value == "Les forums de coopération internationale en un coup d’œil"
    metrics = {m.label: m.value for m in at.metric}
    assert "Éditions" in metrics
