"""The dashboard's frame: page setup, language, data loading, shared filters and navigation.

Data-layer errors are caught here, once, and shown as a message a person can act on; no
traceback reaches a user.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import streamlit as st

from coopstats.app import sidebar, state, urlstate
from coopstats.app.view import View, dataset, set_current
from coopstats.errors import DataError
from coopstats.i18n import LANGUAGES, translator
from coopstats.settings import Settings

PAGES_DIR = Path(__file__).resolve().parent / "pages"
log = logging.getLogger("coopstats")


def _pages(_) -> dict[str, st.Page]:
    def page(file: str, title: str, icon: str, url_path: str, default: bool = False):
        return st.Page(PAGES_DIR / file, title=title, icon=icon, url_path=url_path, default=default)

    pages = [
        page("overview.py", _("Overview"), "🏠", "overview", default=True),
        page("world_map.py", _("Map"), "🗺️", "map"),
        page("timeline.py", _("Timeline"), "📈", "timeline"),
        page("compare.py", _("Compare"), "⚖️", "compare"),
        page("organisations.py", _("Organisations"), "🏛️", "organisations"),
        page("country.py", _("Country profile"), "🏳️", "country"),
        page("data.py", _("Data and sources"), "📋", "data"),
        page("about.py", _("About"), "ℹ️", "about"),
    ]
    return {p.url_path or "overview": p for p in pages}


def _browser_language() -> str:
    locale = (st.context.locale or "en").split("-")[0].lower()
    return locale if locale in LANGUAGES else "en"


def _language() -> str:
    with st.sidebar:
        lang = urlstate.choice(
            st.selectbox,
            "Language · اللغة · 语言",
            list(LANGUAGES),
            key=state.PARAM_LANG,
            default=_browser_language(),
            format_func=LANGUAGES.get,
        )
    return lang or "en"


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
    st.caption(_("Check the folder with `coopstats validate DIR`; every problem is listed there too."))


def main(settings: Settings | None = None) -> None:
    """Run one page view of the dashboard."""
    st.set_page_config(page_title="coopstats", page_icon="🌐", layout="wide")
    settings = settings or Settings.from_env()
    lang = _language()
    _ = translator(lang)
    try:
        ds = dataset(str(settings.data_dir))
    except DataError as error:
        show_data_error(error, _)
        st.stop()
    current_filters = sidebar.filters(ds, _)
    pages = _pages(_)
    set_current(
        View(ds=ds, filters=current_filters, lang=lang, _=_, settings=settings, pages=pages)
    )
    navigation = st.navigation(list(pages.values()))
    try:
        navigation.run()
    except DataError as error:
        show_data_error(error, _)
    except Exception:  # the last guard: log the traceback for operators, show a plain message
        log.exception("page failed")
        st.error(_("This view could not be drawn. Try other filters, or reload the page."))
