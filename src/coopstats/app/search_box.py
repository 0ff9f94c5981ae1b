"""The sidebar's search box: a country, organisation, series or event by any of its names.

Names in any of the six languages match (coopstats.directory); each result opens its page:
a country, territory or organisation its profile, a series the timeline narrowed to it, an
event its card on the research to-do page.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from coopstats.app import state
from coopstats.app.view import View
from coopstats.dataset import Dataset
from coopstats.directory import find, name_keys

KEY = "find"
MAX_RESULTS = 8
# kind -> (page url path, query parameter naming the target)
TARGETS = {
    "country": ("country", state.PARAM_COUNTRY),
    "organisation": ("country", state.PARAM_COUNTRY),
    "series": ("timeline", state.PARAM_SERIES),
    "event": ("todo", "event"),
}


@st.cache_resource(show_spinner=False)
def _keys(version: str, _ds: Dataset) -> pd.DataFrame:
    """Every name key of the dataset, made once per dataset version."""
    return name_keys(_ds.tables, _ds.countries, _ds.organisations)


def label(view: View, kind: str, target_id: str) -> str:
    """What a result shows: its name in the interface language and what kind of thing it is."""
    _ = view._
    if kind in ("country", "organisation"):
        what = _("country or territory") if kind == "country" else _("organisation")
        return f"{view.name(target_id)} · {what}"
    if kind == "series":
        what = _("series")
        return f"{view.series_name(target_id)} · {what}"
    event = view.ds.tables.events.set_index("event_id").loc[target_id]
    what = _("event")
    return f"{event['title']} ({view.year(event['year'])}) · {what}"


def search_box(view: View, slot: object) -> None:
    """The search box and its results, in `slot` (a container at the top of the sidebar)."""
    _ = view._
    with slot:  # type: ignore[attr-defined]
        text = st.text_input(_("Find a country, organisation, series or event"), key=KEY,
                             placeholder=_("A name in any of the six languages"))  # fmt: skip
        if not text:
            return
        found = find(_keys(view.ds.version, view.ds), text, limit=MAX_RESULTS)
        if found.empty:
            st.caption(_("Nothing found for “{text}”.").format(text=text))
            return
        for kind, target_id in zip(found["kind"], found["target_id"], strict=True):
            if st.button(label(view, kind, target_id), key=f"{KEY}-{kind}-{target_id}",
                         width="stretch"):  # fmt: skip
                page, param = TARGETS[kind]
                params = {param: target_id}
                if state.PARAM_LANG in st.query_params:
                    params[state.PARAM_LANG] = st.query_params[state.PARAM_LANG]
                st.switch_page(view.pages[page], query_params=params)
