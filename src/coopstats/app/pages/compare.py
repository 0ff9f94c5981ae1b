"""Compare: two to six editions side by side.

The editions are a multiselect kept in the URL as ids (`editions=gfmd-2018&editions=gfmd-2020`,
see app/urlstate.py); by default the latest two editions of the first series that has two. Reported figures beside named counts; who is
named where; returning, new and not-named-again participants; overlap between every pair.
"""

import streamlit as st

from coopstats.app import charts, state, urlstate
from coopstats.app.export_panel import export_panel
from coopstats.app.text import plain
from coopstats.app.view import ask, current
from coopstats.charts import ChartOptions, NothingToShow
from coopstats.charts.compare import MAX_EDITIONS

PARAM_EDITIONS = "editions"

view = current()
_ = view._
st.title(_("Compare editions"))

choices = ask(view, "comparison_choices")
if len(choices) < 2:
    charts.empty(view, _("two editions"))
    st.stop()
short = dict(zip(choices["edition_id"], choices["label"], strict=True))
option_labels = dict(zip(choices["edition_id"], choices["option"], strict=True))
stale = st.session_state.get(PARAM_EDITIONS)
if stale and not set(stale) & set(short):
    # The sidebar filters changed under the picked editions: start again from the default pair.
    del st.session_state[PARAM_EDITIONS]
    st.query_params.pop(PARAM_EDITIONS, None)
ignored: list[state.Ignored] = []
linked = st.query_params.get_all(PARAM_EDITIONS)
if PARAM_EDITIONS not in st.session_state and len(linked) > MAX_EDITIONS:
    # urlstate.choice seeds every valid id of a link and Streamlit raises past max_selections:
    # keep the first six editions of a longer link, and say so.
    st.query_params[PARAM_EDITIONS] = [e for e in linked if e in short][:MAX_EDITIONS]
    st.warning(_("A link can compare at most {n} editions: the first {n} are shown.")
               .format(n=MAX_EDITIONS), icon=":material/warning:")  # fmt: skip
picked = urlstate.choice(
    st.multiselect,
    _("Editions to compare (2 to 6)"),
    list(short),
    key=PARAM_EDITIONS,
    default=choices.loc[choices["default"], "edition_id"].tolist(),
    ignored=ignored,
    format_func=option_labels.get,
    max_selections=MAX_EDITIONS,
    placeholder=_("Choose editions"),
)
for item in ignored:
    st.warning(_("Ignored a link setting: {param} = {value} (not an edition of this selection).")
               .format(param=plain(item.param), value=plain(item.value)), icon=":material/warning:")  # fmt: skip
if len(picked) < 2:
    st.info(_("Pick at least two editions to compare them."))
    st.stop()
options = ChartOptions(editions=tuple(picked))
charts.show(view.chart("compare", options), key="compare_reported", view=view)
export_panel(view, "compare", options, key="export_compare_reported")

st.subheader(_("Who is named where"))
try:
    charts.show(view.chart("presence", options), key="compare_presence", view=view)
    export_panel(view, "presence", options, key="export_compare_presence")
except NothingToShow as nothing:
    charts.empty(view, nothing.what)

left, right = st.columns(2)
with left:
    st.subheader(_("Returning and new"))
    charts.show(view.chart("changes", options), key="compare_changes", view=view)
    export_panel(view, "changes", options, key="export_compare_changes")
with right:
    st.subheader(_("Overlap"))
    charts.show(view.chart("overlap", options), key="compare_overlap", view=view)
    export_panel(view, "overlap", options, key="export_compare_overlap")
