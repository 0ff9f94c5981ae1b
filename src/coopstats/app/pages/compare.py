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
from coopstats.export.catalogue import ChartOptions
from coopstats.figures import theme
from coopstats.figures.captions import (
    comparison_sentence,
    labelled_changes_sentence,
    overlap_sentence,
    presence_sentence,
)
from coopstats.figures.compare import (
    MAX_PRESENCE_ROWS,
    changes_chart,
    edition_comparison,
    overlap_heatmap,
    presence_heatmap,
)
from coopstats.schema import QUALIFIERS

MAX_EDITIONS = 6
PARAM_EDITIONS = "editions"

view = current()
_ = view._
st.title(_("Compare editions"))

choices = ask(view, "comparison_choices")
if len(choices) < 2:
    charts.empty(view, _("two editions"))
    st.stop()
short = dict(zip(choices["edition_id"], choices["label"], strict=True))
options = dict(zip(choices["edition_id"], choices["option"], strict=True))
starts = dict(zip(choices["edition_id"], choices["start"], strict=True))
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
    format_func=options.get,
    max_selections=MAX_EDITIONS,
    placeholder=_("Choose editions"),
)
for item in ignored:
    st.warning(_("Ignored a link setting: {param} = {value} (not an edition of this selection).")
               .format(param=plain(item.param), value=plain(item.value)), icon=":material/warning:")  # fmt: skip
if len(picked) < 2:
    st.info(_("Pick at least two editions to compare them."))
    st.stop()
# Consecutive pairs (returning, new) only make sense in the order the editions were held.
picked = sorted(picked, key=starts.get)

frame = ask(view, "edition_comparison", picked)
# Reported labels (">240", "50–51") written for the interface language.
frame = frame.assign(reported_label=frame["reported_label"].map(view.label),
                     announced_label=frame["announced_label"].map(view.label))  # fmt: skip
measures = {"participants": _("Participants"), "countries": _("Countries and regions"),
            "organisations": _("International organisations"),
            "combined": _("Combined count (countries and organisations)")}  # fmt: skip
fig = edition_comparison(
    frame,
    labels={**measures, "named": _("Named in sources (a lower bound)"),
            "reported": _("Reported after the event"), "no_figure": _("not reported"),
            "sources_differ": _("Sources differ: the line spans their values"),
            "qualifiers": {code: _(spec["label"]) for code, spec in QUALIFIERS.items()}},
    colors={"reported": theme.REPORTED, "named": theme.NAMED},
)  # fmt: skip
columns = {"label": _("Edition"), "measure": _("Measure"), "reported_label": _("Reported"),
           "conflict": _("Sources differ"), "named": _("Named"),
           "announced_label": _("Announced before (not attendance)")}  # fmt: skip
table = frame.assign(measure=frame["measure"].map(measures))[list(columns)].rename(columns=columns)
charts.show(fig, key="compare_reported", view=view, summary=comparison_sentence(frame, _),
            table=table)  # fmt: skip
export_panel(view, "compare", ChartOptions(editions=tuple(picked)), key="export_compare_reported")

st.subheader(_("Who is named where"))
matrix = ask(view, "presence_matrix", picked)
if matrix.empty:
    charts.empty(view, _("named participants"))
else:
    names = [view.name(p) for p in matrix.index]
    fig = presence_heatmap(matrix, names, edition_labels=short,
                           labels={"present": _("named"), "absent": _("not named")},
                           colors=theme.PRESENCE, max_rows=MAX_PRESENCE_ROWS)  # fmt: skip
    table = matrix.rename(columns=short).set_axis(names).rename_axis(_("Participant"))
    charts.show(fig, key="compare_presence", view=view,
                summary=presence_sentence(matrix, min(len(matrix), MAX_PRESENCE_ROWS), _),
                table=table.reset_index())  # fmt: skip
    export_panel(
        view, "presence", ChartOptions(editions=tuple(picked)), key="export_compare_presence"
    )

left, right = st.columns(2)
with left:
    st.subheader(_("Returning and new"))
    changes = ask(view, "participant_changes", picked)
    fig = changes_chart(changes, edition_labels=short, colors=theme.CHANGES,
                        labels={"returning": _("Returning"), "new": _("New"),
                                "dropped": _("Not named again")})  # fmt: skip
    charts.show(fig, key="compare_changes", view=view,
                summary=labelled_changes_sentence(changes, short, _),
                table=changes.assign(from_edition=changes["from_edition"].map(short),
                                     to_edition=changes["to_edition"].map(short)).rename(
                    columns={"from_edition": _("From"), "to_edition": _("To"),
                             "returning": _("Returning"), "new": _("New"),
                             "dropped": _("Not named again")}))  # fmt: skip
    export_panel(
        view, "changes", ChartOptions(editions=tuple(picked)), key="export_compare_changes"
    )
with right:
    st.subheader(_("Overlap"))
    overlap = ask(view, "overlap_matrix", picked)
    fig = overlap_heatmap(overlap, edition_labels=short, colors=theme.SEQUENTIAL,
                          labels={"overlap": _("Shared participants (Jaccard)")})  # fmt: skip
    charts.show(fig, key="compare_overlap", view=view,
                summary=overlap_sentence(overlap, short, _),
                table=overlap.rename(index=short, columns=short).round(2).reset_index())  # fmt: skip
    export_panel(
        view, "overlap", ChartOptions(editions=tuple(picked)), key="export_compare_overlap"
    )
