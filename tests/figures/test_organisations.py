"""Organisations: the aggregations behind the page, and the structure of its two figures."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from coopstats.aggregate.organisations import of_org_types, organisation_years
from coopstats.errors import DataError
from coopstats.figures.organisations import (
    BAR_LABEL_KEYS,
    MATRIX_LABEL_KEYS,
    organisation_editions_bar,
    organisation_matrix,
)

# Deliberately not English, so that a hard-coded English string would show up.
MATRIX_LABELS = {
    "year": "Année",
    "editions": "Éditions",
    "series": "Séries",
    "roles": "Rôles",
    "type": "Type",
    "by_video": "Par vidéo",
}
BAR_LABELS = {
    "editions": "Éditions",
    "type": "Type",
    "by_video": "Vidéo",
    "yes": "oui",
    "no": "non",
}
COLORS = {"un_system": "#E69F00", "regional": "#009E73", "mechanism": "#CC79A7"}
TYPE_LABELS = {"un_system": "ONU", "regional": "régional", "mechanism": "mécanisme"}
NAMES = {"org-a": "A<b>&C", "org-b": "Org B", "org-c": "Org C"}


def participations() -> pd.DataFrame:
    """Selected participations with made-up organisations and one country (left out)."""
    rows = [
        # event, edition, series, year, participant, type, role, mode
        ("s-2020", "s-2020", "s", 2020, "org-a", "organisation", "participant", "in_person"),
        ("s-2020-sub", "s-2020", "s", 2020, "org-a", "organisation", "speaker", "video"),
        ("t-2020", "t-2020", "t", 2020, "org-a", "organisation", "observer", "video"),
        ("s-2021", "s-2021", "s", 2021, "org-b", "organisation", "participant", "video"),
        ("s-2021", "s-2021", "s", 2021, "org-c", "organisation", "participant", "unknown"),
        ("s-2021", "s-2021", "s", 2021, "AAA", "country", "host", "in_person"),
    ]
    frame = pd.DataFrame(
        rows,
        columns=["event_id", "edition_id", "series_id", "year", "participant_id",
                 "participant_type", "role", "mode"],
    )  # fmt: skip
    is_org = frame["participant_type"] == "organisation"
    frame["org_id"] = frame["participant_id"].where(is_org)
    frame["iso3"] = frame["participant_id"].where(~is_org)
    return frame


def organisations() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "org_id": ["org-a", "org-b", "org-c"],
            "acronym": ["OA", None, "OC"],
            "name_en": ["Org A", "Org B", "Org C"],
            "org_type": ["regional", "un_system", "un_system"],
        }
    )


# -- aggregations -------------------------------------------------------------------------------


def test_organisation_years_counts_editions_and_video_per_year_grouped_by_type():
    out = organisation_years(participations(), organisations())
    expected = pd.DataFrame(
        {
            "org_id": ["org-b", "org-c", "org-a"],
            "acronym": [None, "OC", "OA"],
            "name_en": ["Org B", "Org C", "Org A"],
            "org_type": ["un_system", "un_system", "regional"],
            "year": [2021, 2021, 2020],
            "editions": [1, 1, 2],
            "video_editions": [1, 0, 2],
            "series_ids": ["s", "s", "s, t"],
            "roles": ["participant", "participant", "participant, speaker, observer"],
            "total_editions": [1, 1, 2],
        }
    )
    pd.testing.assert_frame_equal(out, expected, check_dtype=False)


def test_organisation_years_keeps_only_the_chosen_types_and_does_not_mutate():
    selected = participations()
    before = selected.copy()
    out = organisation_years(selected, organisations(), ("regional",))
    assert out["org_id"].tolist() == ["org-a"]
    pd.testing.assert_frame_equal(selected, before)


def test_organisation_years_of_nobody_is_empty_with_its_columns():
    selected = participations()
    out = organisation_years(selected[selected["participant_type"] == "country"], organisations())
    assert out.empty and "video_editions" in out.columns


@pytest.mark.parametrize(
    ("types", "expected"),
    [((), ["org-c", "org-b", "org-a"]), (("regional",), ["org-a"]), (("mechanism",), [])],
)
def test_of_org_types_filters_and_groups_by_type(types, expected):
    frame = pd.DataFrame(
        {
            "org_id": ["org-a", "org-b", "org-c"],
            "org_type": ["regional", "un_system", "un_system"],
            "editions": [5, 1, 2],
        }
    )
    assert of_org_types(frame, types)["org_id"].tolist() == expected


# -- figures ------------------------------------------------------------------------------------


def matrix_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "org_id": ["org-b", "org-b", "org-a", "org-c"],
            "org_type": ["un_system", "un_system", "regional", "mechanism"],
            "year": [2019, 2021, 2020, 2021],
            "editions": [1, 2, 1, 1],
            "video_editions": [0, 2, 0, 0],
            "series_ids": ["s", "s, t", "s", "t"],
            "roles": ["participant", "observer", "host", "participant"],
        }
    )


def draw_matrix(frame: pd.DataFrame | None = None) -> go.Figure:
    return organisation_matrix(
        matrix_frame() if frame is None else frame,
        names=NAMES,
        type_labels=TYPE_LABELS,
        colors=COLORS,
        labels=MATRIX_LABELS,
        series_names={"s": "S<1>", "t": "T"},
        role_labels={"participant": "participant·e", "observer": "observateur", "host": "hôte"},
    )


def test_matrix_draws_one_scatter_per_type_and_mode_plus_a_video_legend():
    fig = draw_matrix()
    assert all(isinstance(trace, go.Scatter) for trace in fig.data)
    uids = [trace.uid for trace in fig.data]
    assert uids == [
        "un_system-present", "un_system-video", "regional-present", "mechanism-present",
        "video-legend",
    ]  # fmt: skip
    by_uid = {trace.uid: trace for trace in fig.data}
    assert by_uid["un_system-present"].marker.color == COLORS["un_system"]
    assert by_uid["regional-present"].marker.color == COLORS["regional"]
    assert by_uid["un_system-video"].marker.symbol == "circle-open"
    assert by_uid["un_system-present"].marker.symbol == "circle"
    # One legend entry per type, and the open marker explained once.
    assert [t.name for t in fig.data if t.showlegend is not False] == [
        "ONU", "régional", "mécanisme", "Par vidéo",
    ]  # fmt: skip
    assert list(by_uid["un_system-video"].x) == [2021]


def test_matrix_axes_years_and_organisations_in_frame_order_with_escaped_names():
    fig = draw_matrix()
    assert fig.layout.xaxis.type == "linear"
    assert fig.layout.xaxis.tickformat == "d"
    assert fig.layout.xaxis.dtick == 1  # a short span: one tick per year
    assert fig.layout.xaxis.title.text == "Année"
    yaxis = fig.layout.yaxis
    assert yaxis.type == "category"
    assert list(yaxis.categoryarray) == ["org-b", "org-a", "org-c"]
    assert list(yaxis.ticktext) == ["Org B", "A&lt;b&gt;&amp;C", "Org C"]
    assert yaxis.autorange == "reversed"


def test_matrix_hover_text_is_escaped_and_translated():
    fig = draw_matrix()
    regional = next(t for t in fig.data if t.uid == "regional-present")
    assert regional.customdata[0][0] == "A&lt;b&gt;&amp;C"
    assert regional.customdata[0][4] == "hôte"
    un_video = next(t for t in fig.data if t.uid == "un_system-video")
    assert un_video.customdata[0][3] == "S&lt;1&gt;, T"
    assert "Rôles" in regional.hovertemplate and "Roles" not in regional.hovertemplate


def test_matrix_of_an_empty_frame_has_no_traces():
    fig = draw_matrix(matrix_frame().iloc[0:0])
    assert len(fig.data) == 0


def test_matrix_refuses_missing_labels_and_columns():
    with pytest.raises(ValueError, match="labels lacks year"):
        organisation_matrix(
            matrix_frame(), names=NAMES, type_labels=TYPE_LABELS, colors=COLORS,
            labels={k: v for k, v in MATRIX_LABELS.items() if k != "year"},
        )  # fmt: skip
    with pytest.raises(DataError, match="video_editions"):
        draw_matrix(matrix_frame().drop(columns="video_editions"))
    assert set(MATRIX_LABELS) == set(MATRIX_LABEL_KEYS)


def bar_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "org_id": ["org-b", "org-c", "org-a"],
            "org_type": ["un_system", "un_system", "regional"],
            "editions": [4, 2, 3],
            "by_video": [True, False, False],
        }
    )


def test_bar_draws_horizontal_bars_one_trace_per_type_in_vocabulary_order():
    fig = organisation_editions_bar(
        bar_frame(), names=NAMES, type_labels=TYPE_LABELS, colors=COLORS, labels=BAR_LABELS
    )
    assert [type(t) for t in fig.data] == [go.Bar, go.Bar]
    assert [t.uid for t in fig.data] == ["un_system", "regional"]
    assert all(t.orientation == "h" for t in fig.data)
    assert [t.marker.color for t in fig.data] == [COLORS["un_system"], COLORS["regional"]]
    assert list(fig.data[0].x) == [4, 2]
    assert list(fig.data[0].y) == ["org-b", "org-c"]
    assert [row[2] for row in fig.data[0].customdata] == ["oui", "non"]
    assert fig.data[1].customdata[0][0] == "A&lt;b&gt;&amp;C"
    assert list(fig.layout.yaxis.ticktext) == ["Org B", "Org C", "A&lt;b&gt;&amp;C"]
    assert fig.layout.xaxis.title.text == "Éditions"
    assert set(BAR_LABELS) == set(BAR_LABEL_KEYS)


def test_bar_shows_an_unknown_type_last_with_a_neutral_colour():
    frame = bar_frame().assign(org_type=["un_system", "new_type", "regional"])
    fig = organisation_editions_bar(
        frame, names=NAMES, type_labels=TYPE_LABELS, colors=COLORS, labels=BAR_LABELS
    )
    assert [t.uid for t in fig.data] == ["un_system", "regional", "new_type"]
    assert fig.data[-1].name == "new_type"


def test_matrix_hover_lists_six_series_then_counts_the_rest():
    frame = matrix_frame()
    frame.loc[2, "series_ids"] = ", ".join(f"s{i:02d}" for i in range(1, 10))
    fig = draw_matrix(frame)
    regional = next(t for t in fig.data if t.uid == "regional-present")
    assert regional.customdata[0][3] == "s01, s02, s03, s04, s05, s06, … (+3)"
