"""Membership map: structure, not pixels; labels in another language to catch hard-coded text."""

from __future__ import annotations

import pandas as pd
import pytest

from coopstats.errors import DataError
from coopstats.figures.membership_map import membership_map

LABELS = {
    "colorbar": "进程数",
    "processes": "成员",
    "member_of": "成员资格",
    "observer_of": "观察员",
}
COLORS = ["#eeeeee", "#08306b"]


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "iso3": ["AAA", "BBB", "CCC"],
            "name": ["Alpha", "Beta", "Gamma"],
            "processes": [2, 1, 0],
            "member_of": ["P1, P2", "P1", ""],
            "observer_of": ["", "", "P2"],
            "has_polygon": [True, True, False],
            "lat": [1.0, 2.0, 3.0],
            "lon": [1.0, 2.0, 3.0],
        }
    )


def test_countries_are_filled_and_shapeless_ones_drawn_as_markers():
    fig = membership_map(frame(), labels=LABELS, colors=COLORS, title="成员")
    choropleth, points = fig.data
    assert choropleth.type == "choropleth" and choropleth.locationmode == "ISO-3"
    assert list(choropleth.locations) == ["AAA", "BBB"]
    assert list(choropleth.z) == [2.0, 1.0]
    assert points.type == "scattergeo" and list(points.marker.color) == [0.0]
    assert fig.layout.coloraxis.cmin == 0 and fig.layout.coloraxis.cmax == 2
    assert fig.layout.coloraxis.colorbar.dtick == 1
    assert fig.layout.coloraxis.colorbar.title.text == "进程数"
    assert "成员资格" in choropleth.hovertemplate and "观察员" in choropleth.hovertemplate
    assert fig.layout.title.text == "成员"


def test_no_attendance_words_in_the_figure():
    fig = membership_map(frame(), labels=LABELS, colors=COLORS)
    text = fig.to_json()
    assert "attend" not in text and "edition" not in text


def test_a_marker_without_coordinates_is_refused():
    bad = frame().assign(lat=[1.0, 2.0, None])
    with pytest.raises(DataError, match="CCC has neither a map polygon nor coordinates"):
        membership_map(bad, labels=LABELS, colors=COLORS)


def test_missing_labels_are_named():
    with pytest.raises(ValueError, match="labels lacks observer_of"):
        membership_map(frame(), labels={k: v for k, v in LABELS.items() if k != "observer_of"},
                       colors=COLORS)  # fmt: skip


def test_empty_frame_gives_a_map_without_colour_bar():
    fig = membership_map(frame().iloc[:0], labels=LABELS, colors=COLORS)
    assert len(fig.data) == 1 and fig.layout.coloraxis.showscale is False
