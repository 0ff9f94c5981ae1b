"""Shared chart furniture: the map's labels and colours, and a chart with its summary and table.

Every chart is shown with a one-sentence summary under it and its data as a table alternative,
and carries its name and summary for screen readers (app/alternatives.py).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from coopstats.app import alternatives
from coopstats.app.text import plain
from coopstats.app.view import View
from coopstats.figures import theme
from coopstats.figures.locale import localise
from coopstats.figures.membership_map import membership_map as draw_membership_map
from coopstats.figures.participation_map import map_config, participation_map

TOPOJSON_URL = "app/static/"


def map_labels(view: View, measure: str) -> dict[str, str]:
    _ = view._
    colorbar = {"editions": _("Editions attended"), "last_year": _("Last year attended"),
                "role": _("Role")}[measure]  # fmt: skip
    return {
        "colorbar": colorbar,
        "editions": _("Editions"),
        "first_year": _("First year"),
        "last_year": _("Last year"),
        "roles": _("Roles"),
        "host_city": _("Host city"),
    }


def world_map(view: View, frame: pd.DataFrame, measure: str, hosts: pd.DataFrame | None = None,
              height: int = 520) -> go.Figure:  # fmt: skip
    colors = theme.CATEGORICAL if measure == "role" else theme.SEQUENTIAL
    fig = participation_map(frame, measure=measure, labels=map_labels(view, measure), colors=colors,
                            hosts=hosts)  # fmt: skip
    fig.update_layout(height=height)
    return fig


def show(fig: go.Figure, *, key: str, summary: str, table: pd.DataFrame | None = None,
         is_map: bool = False, on_select: str = "ignore", view: View) -> object:  # fmt: skip
    """Draw a chart, its one-sentence summary, and its data behind a "table" expander.

    The figure is drawn with the project's template (figures/theme.py, not Streamlit's theme, so
    that it looks as it does when exported) and set up for the interface language
    (figures/locale.py: separators, and a mirrored layout in Arabic).
    """
    localise(theme.themed(fig), view.lang)
    hint = (
        view._("Press Enter to open the data of this chart as a table.")
        if table is not None
        else ""
    )
    alternatives.describe(fig, summary=summary, hint=hint)
    config = map_config(TOPOJSON_URL) if is_map else {"displaylogo": False}
    config = {**config, "toImageButtonOptions": {"format": "png", "filename": f"coopstats-{key}",
                                                 "scale": 2}}  # fmt: skip
    event = st.plotly_chart(fig, key=key, config=config, on_select=on_select, theme=None,
                            selection_mode=("points",) if on_select != "ignore" else ("points", "box", "lasso"))  # fmt: skip
    st.caption(plain(summary))
    if table is not None:
        with st.expander(view._("Show the data as a table")):
            # A real <table> (rows and header cells a screen reader can walk), not the canvas
            # grid of st.dataframe, whose cells exist only as pixels.
            st.table(table, hide_index=True)
    return event


def empty(view: View, what: str) -> None:
    """A friendly message in place of an empty chart."""
    st.info(view._("Nothing to show for {what} with these filters. Widen the years, or clear a filter.")
            .format(what=what))  # fmt: skip


def membership_map(view: View, frame: pd.DataFrame, height: int = 520) -> go.Figure:
    """The membership map (figures.membership_map) with its labels in the interface language."""
    _ = view._
    labels = {
        "colorbar": _("Processes belonged to"),
        "processes": _("Member of (number)"),
        "member_of": _("Member of"),
        "observer_of": _("Observer in"),
    }
    fig = draw_membership_map(frame, labels=labels, colors=theme.SEQUENTIAL)
    fig.update_layout(height=height)
    return fig
