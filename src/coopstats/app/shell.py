"""The dashboard's frame: page setup, language, data loading, shared filters and navigation.

Data-layer errors are caught here, once, and shown as a message a person can act on; no
traceback reaches a user.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import streamlit as st

from coopstats.app import (
    alternatives,
    data_source,
    export_panel,
    freshness,
    sidebar,
    signin,
    state,
    urlstate,
    warmup,
)
from coopstats.app.search_box import search_box
from coopstats.app.view import View, localised_dataset, set_current
from coopstats.errors import DataError
from coopstats.i18n import HTML_LANG, LANGUAGES, is_rtl, translator
from coopstats.settings import Settings

PAGES_DIR = Path(__file__).resolve().parent / "pages"
log = logging.getLogger("coopstats")


# Pages for editors: hidden from the navigation until sign-in (their URLs show the sign-in).
EDITOR_PAGES = ("contribute", "history")


def _pages(_, signed_in: bool = False) -> dict[str, st.Page]:
    # No page icons: emoji need an emoji font, which offline Linux desktops often lack.
    def page(file: str, title: str, url_path: str, default: bool = False):
        visibility = "hidden" if url_path in EDITOR_PAGES and not signed_in else "visible"
        return st.Page(
            PAGES_DIR / file, title=title, url_path=url_path, default=default, visibility=visibility
        )

    pages = [
        page("overview.py", _("Overview"), "overview", default=True),
        page("world_map.py", _("Map"), "map"),
        page("timeline.py", _("Timeline"), "timeline"),
        page("compare.py", _("Compare"), "compare"),
        page("organisations.py", _("Organisations"), "organisations"),
        page("country.py", _("Country profile"), "country"),
        page("data.py", _("Data and sources"), "data"),
        page("todo.py", _("Research to-do"), "todo"),
        page("contribute.py", _("Contribute"), "contribute"),
        page("history.py", _("History"), "history"),
        page("about.py", _("About"), "about"),
    ]
    return {p.url_path or "overview": p for p in pages}


def browser_language(locale: str | None, fallback: str = "en") -> str:
    """The interface language of a browser locale ("fr-CA" -> "fr", "zh-TW" -> "zh"), when it is
    one of the six; else `fallback` (itself "en" unless it is one of the six)."""
    code = (locale or "").replace("_", "-").split("-")[0].lower()
    if code in LANGUAGES:
        return code
    return fallback if fallback in LANGUAGES else "en"


def _language(settings: Settings) -> str:
    """The interface language: the URL's `lang`, else the browser's, else the configured default.

    English is the URL's default (`lang` is left out for it), so any other language, even one
    taken from the browser, is written into the URL: a link always opens in the language it was
    made in, whoever opens it.
    """
    key = state.PARAM_LANG
    if key not in st.session_state and st.query_params.get(key) not in LANGUAGES:
        st.session_state[key] = browser_language(st.context.locale, settings.default_language)
    with st.sidebar:
        lang = urlstate.choice(
            st.selectbox,
            # The same label in every language, so that someone lost in one finds the way out.
            # Isolated left to right (U+2066 ... U+2069), so that it reads the same in Arabic.
            "\u2066Language · اللغة · 语言 · Langue · Язык · Idioma\u2069",
            list(LANGUAGES),
            key=key,
            default="en",
            format_func=LANGUAGES.get,
        )
    return lang or "en"


# Arabic: the app mirrors. A constant style sheet (never data) makes the main block and the
# sidebar right to left (which also puts the sidebar on the right), aligns text to the start
# (the right), and lets table cells, code and navigation labels take the direction of their own
# first strong letter (`unicode-bidi: plaintext`), so a Latin name or acronym in Arabic reads as
# it should. Two things stay left to right inside: Plotly charts, whose layout engine places
# and measures text assuming LTR (they mirror through figures/locale.py instead; its hidden
# measuring SVG, #js-plotly-tester, sits in <body> and would otherwise inherit `dir=rtl` and
# shrink every automatic margin), and st.dataframe, a canvas grid without RTL support (its
# cells still shape and order Arabic text correctly).
RTL_CSS = """<style>
[data-testid="stAppViewContainer"], [data-testid="stSidebar"], [data-testid="stMain"],
[data-testid="stHeader"] { direction: rtl; }
.stMainBlockContainer, [data-testid="stSidebarContent"] { text-align: right; }
[data-testid="stMarkdownContainer"], [data-testid="stHeadingWithActionElements"],
[data-testid="stCaptionContainer"], [data-testid="stMetricValue"],
[data-testid="stMetricLabel"], [data-testid="stWidgetLabel"] { text-align: start; }
[data-testid="stTable"] td, [data-testid="stTable"] th, [data-testid="stCode"], code,
[data-testid="stSidebarNavLink"] span { unicode-bidi: plaintext; }
[data-testid="stDataFrame"], .js-plotly-plot, .plot-container, #js-plotly-tester { direction: ltr; }
</style>"""

# The document's own language and direction, for screen readers, fonts and the browser's bidi.
# Only constants of the six languages reach the script.
_DOCUMENT_SCRIPT = (
    "<script>(() => {{ const root = window.parent.document.documentElement;"
    " root.lang = '{lang}'; root.dir = '{dir}'; }})();</script>"
)


def apply_direction(lang: str) -> None:
    """Set the page's `lang` and `dir`, and in Arabic mirror the layout (RTL_CSS)."""
    lang = lang if lang in LANGUAGES else "en"
    if is_rtl(lang):
        st.html(RTL_CSS)
    with st.sidebar:
        st.html(
            _DOCUMENT_SCRIPT.format(lang=HTML_LANG[lang], dir="rtl" if is_rtl(lang) else "ltr"),
            unsafe_allow_javascript=True,
        )


def show_data_error(error: DataError, _) -> None:
    """The data could not be used: say why, where, and what to do, as plain text."""
    st.error(_("The dataset could not be loaded. Nothing is shown until these problems are fixed."))
    problems = pd.DataFrame(
        [
            {
                _("severity"): p.severity,
                _("file"): p.file,
                _("row"): p.row,
                _("column"): p.column,
                _("value"): None if p.value is None else str(p.value),
                _("problem"): p.message(),
            }
            for p in error.problems
        ]
    )
    st.dataframe(problems, hide_index=True, width="stretch")
    st.caption(
        _("Check the folder with `coopstats validate DIR`; every problem is listed there too.")
    )


def main(settings: Settings | None = None) -> None:
    """Run one page view of the dashboard."""
    warmup.run_begun()
    embed_chart = export_panel.embed_requested()
    st.set_page_config(
        page_title="coopstats",
        page_icon="🌐",
        layout="wide",
        initial_sidebar_state="collapsed" if embed_chart else "auto",
    )
    settings = settings or Settings.from_env()
    lang = _language(settings)
    apply_direction(lang)
    alternatives.install()
    _ = translator(lang)
    try:
        ds = data_source.dataset(settings, lang, localised_dataset)
        store = data_source.store(settings)
    except DataError as error:
        show_data_error(error, _)
        st.stop()
    search_slot = st.sidebar.container()  # the search box sits above the filters
    editor = signin.current_editor(store)
    current_filters = sidebar.filters(ds, _)
    pages = _pages(_, signed_in=editor is not None)
    view = View(ds=ds, filters=current_filters, lang=lang, _=_, settings=settings, pages=pages,
                store=store, editor=editor)  # fmt: skip
    set_current(view)
    search_box(view, search_slot)
    export_panel.version_notice(view)
    data_source.frozen_notice(settings, ds, _)
    if embed_chart:
        export_panel.embed_view(view)
        return
    navigation = st.navigation(list(pages.values()))
    # An editors' page opened by a viewer shows its own sign-in form, so not this one too.
    if not (navigation.url_path in EDITOR_PAGES and editor is None):
        signin.sidebar(store, editor, _)
    st.sidebar.caption(freshness.last_changed_text(store, ds, _))
    if store is not None:
        freshness.stale_notice(store, store.data_version(), _)
    try:
        navigation.run()
    except DataError as error:
        show_data_error(error, _)
    except Exception:  # the last guard: log the traceback for operators, show a plain message
        log.exception("page failed")
        st.error(_("This view could not be drawn. Try other filters, or reload the page."))
    finally:
        warmup.page_shown()
