"""Drawing a chart of the registry (coopstats.charts) on a page, with its summary and table.

Every chart is shown with a one-sentence summary under it and its data as a table alternative,
and carries its name and summary for screen readers (app/alternatives.py).
"""

from __future__ import annotations

import streamlit as st

from coopstats.app import alternatives
from coopstats.app.text import plain, plain_table
from coopstats.app.view import View
from coopstats.charts import Chart
from coopstats.figures.locale import localise
from coopstats.figures.participation_map import map_config

TOPOJSON_URL = "app/static/"


def show(chart: Chart, *, key: str, view: View, on_select: str = "ignore") -> object:
    """Draw a chart of the registry: its lead in bold, the figure, its notes and one-sentence
    summary, and its data behind a "table" expander.

    The figure is drawn with the project's template (figures/theme.py, not Streamlit's theme, so
    that it looks as it does when exported) and set up for the interface language
    (figures/locale.py: separators, and a mirrored layout in Arabic).
    """
    if chart.lead:
        st.markdown(f"**{plain(chart.lead)}**")
    fig = localise(chart.figure, view.lang)
    hint = view._("Press Enter to open the data of this chart as a table.")
    alternatives.describe(fig, summary=chart.summary, hint=hint)
    config = map_config(TOPOJSON_URL) if chart.is_map else {"displaylogo": False}
    config = {**config, "toImageButtonOptions": {"format": "png", "filename": f"coopstats-{key}",
                                                 "scale": 2}}  # fmt: skip
    event = st.plotly_chart(fig, key=key, config=config, on_select=on_select, theme=None,
                            selection_mode=("points",) if on_select != "ignore" else ("points", "box", "lasso"))  # fmt: skip
    for note in chart.notes:
        st.caption(plain(note))
    st.caption(plain(chart.summary))
    # Drawn only once opened (a rerun): a closed table cost the browser a fifth of its work
    # before the first map was painted, every cell going through Streamlit's Markdown.
    table = st.expander(view._("Show the data as a table"), key=f"{key}_table", on_change="rerun")
    if table.open:
        with table:
            # A real <table> (rows and header cells a screen reader can walk), not the canvas
            # grid of st.dataframe, whose cells exist only as pixels. st.table reads each cell
            # as Markdown, so text from the data is escaped.
            st.table(plain_table(chart.table), hide_index=True)
    return event


def empty(view: View, what: str) -> None:
    """A friendly message in place of an empty chart."""
    st.info(view._("Nothing to show for {what} with these filters. Widen the years, or clear a filter.")
            .format(what=what))  # fmt: skip
