"""Country profile: the aggregations behind the page, and the structure of its two figures."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from coopstats.aggregate.profile import participant_editions, participant_events
from coopstats.errors import DataError
from coopstats.figures.profile import (
    CO_ATTENDEE_LABEL_KEYS,
    TIMELINE_LABEL_KEYS,
    co_attendees_bar,
    participant_timeline,
)
from coopstats.figures.theme import ROLE_SYMBOLS

# Deliberately not English, so that a hard-coded English string would show up.
TIMELINE_LABELS = {
    "year": "Année",
    "series": "Série",
    "roles": "Rôles",
    "events": "Événements",
    "by_video": "Par vidéo",
    "video_marker": "Par vidéo (marque vide)",
    "yes": "oui",
    "no": "non",
}
ROLE_COLORS = {"host": "#E69F00", "co_chair": "#56B4E9", "participant": "#009E73"}
ROLE_LABELS = {"host": "hôte", "co_chair": "coprésident", "participant": "participant·e"}
SERIES_NAMES = {"s": "Série <S>", "t": "T&T"}


def participations() -> pd.DataFrame:
    """Selected participations of made-up participants AAA, BBB and org-x."""
    rows = [
        # event, edition, series, year, kind, participant, type, role, mode, source
        ("s-2020", "s-2020", "s", 2020, "edition", "AAA", "country", "host", "in_person", "src1"),
        ("s-2020", "s-2020", "s", 2020, "edition", "AAA", "country", "participant", "in_person", "src1"),
        ("s-2020-sub", "s-2020", "s", 2020, "sub_forum", "AAA", "country", "participant", "video", "src2"),
        ("t-2021", "t-2021", "t", 2021, "edition", "AAA", "country", "co_chair", "unknown", "src2"),
        ("t-2021", "t-2021", "t", 2021, "edition", "BBB", "country", "participant", "in_person", "src2"),
        ("s-2020", "s-2020", "s", 2020, "edition", "org-x", "organisation", "participant", "video", "src1"),
    ]  # fmt: skip
    return pd.DataFrame(
        rows,
        columns=["event_id", "edition_id", "series_id", "year", "kind", "participant_id",
                 "participant_type", "role", "mode", "source_id"],
    )  # fmt: skip


def events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": ["s-2020", "s-2020-sub", "t-2021"],
            "title": ["S 2020", "S 2020 sub-forum", "T 2021"],
            "start_date": ["2020-05-01", "2020-05-02", "2021"],
        }
    )


def sources() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source_id": ["src1", "src2"],
            "publisher": ["Pub One", "Pub Two"],
            "url": ["https://one.example/a", None],
            "is_mirror": [False, True],
        }
    )


# -- aggregations -------------------------------------------------------------------------------


def test_participant_events_lists_each_event_and_role_with_its_source():
    out = participant_events(participations(), events(), sources(), "AAA")
    assert out[["event_id", "role"]].values.tolist() == [
        ["s-2020", "host"],
        ["s-2020", "participant"],
        ["s-2020-sub", "participant"],
        ["t-2021", "co_chair"],
    ]
    assert out["title"].tolist() == ["S 2020", "S 2020", "S 2020 sub-forum", "T 2021"]
    assert out["source_publisher"].tolist() == ["Pub One", "Pub One", "Pub Two", "Pub Two"]
    assert out["is_mirror"].tolist() == [False, False, True, True]


def test_participant_events_are_ordered_by_date_then_event_then_role():
    # Rows given out of order, and an event with no known date: it comes last.
    shuffled = participations().iloc[[3, 2, 1, 0]]
    dated = events().assign(start_date=["2020-05-01", None, "2019"])
    out = participant_events(shuffled, dated, sources(), "AAA")
    assert out[["event_id", "role"]].values.tolist() == [
        ["t-2021", "co_chair"],
        ["s-2020", "host"],
        ["s-2020", "participant"],
        ["s-2020-sub", "participant"],
    ]


def test_participant_events_keep_a_row_whose_source_is_not_in_the_sources_table():
    out = participant_events(participations(), events(), sources().iloc[:1], "AAA")
    assert out["source_id"].tolist() == ["src1", "src1", "src2", "src2"]
    assert out["source_publisher"].tolist()[:2] == ["Pub One", "Pub One"]
    assert out["source_publisher"].isna().tolist() == [False, False, True, True]


def test_participant_events_of_someone_not_named_is_empty_with_its_columns():
    out = participant_events(participations(), events(), sources(), "ZZZ")
    assert out.empty and "source_url" in out.columns


def test_participant_editions_folds_sub_forums_into_their_edition():
    selected = participations()
    before = selected.copy()
    out = participant_editions(selected, "AAA")
    expected = pd.DataFrame(
        {
            "edition_id": ["s-2020", "t-2021"],
            "series_id": ["s", "t"],
            "year": [2020, 2021],
            "events": [2, 1],
            "roles": ["host, participant", "co_chair"],
            "top_role": ["host", "co_chair"],
            "by_video": [True, False],
        }
    )
    pd.testing.assert_frame_equal(out, expected, check_dtype=False)
    pd.testing.assert_frame_equal(selected, before)


# -- figures ------------------------------------------------------------------------------------


def timeline_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "edition_id": ["s-2019", "s-2020", "t-2021", "s-2022"],
            "series_id": ["s", "s", "t", "s"],
            "year": [2019, 2020, 2021, 2022],
            "events": [1, 2, 1, 1],
            "roles": ["participant", "host, participant", "co_chair", "host"],
            "top_role": ["participant", "host", "co_chair", "host"],
            "by_video": [False, True, False, False],
        }
    )


def draw_timeline(frame: pd.DataFrame | None = None) -> go.Figure:
    return participant_timeline(
        timeline_frame() if frame is None else frame,
        series_names=SERIES_NAMES,
        role_labels=ROLE_LABELS,
        colors=ROLE_COLORS,
        labels=TIMELINE_LABELS,
        edition_titles={"s-2020": "S <2020> & co"},
    )


def test_timeline_has_one_trace_per_role_in_roles_order_shaped_by_role():
    fig = draw_timeline()
    roles = [t for t in fig.data if t.uid != "video-legend"]
    assert all(isinstance(t, go.Scatter) for t in fig.data)
    assert [t.uid for t in roles] == ["role-host", "role-co_chair", "role-participant"]
    assert [t.name for t in roles] == ["hôte", "coprésident", "participant·e"]
    assert [t.marker.color for t in roles] == [
        ROLE_COLORS[r] for r in ("host", "co_chair", "participant")
    ]
    host = roles[0]
    # Open marker for the edition attended by video, the role's own shape otherwise.
    assert list(host.marker.symbol) == ["star-open", "star"]
    assert list(host.x) == [2020, 2022] and list(host.y) == ["s", "s"]
    assert list(roles[2].marker.symbol) == [ROLE_SYMBOLS["participant"]]
    assert fig.data[-1].uid == "video-legend" and fig.data[-1].name == "Par vidéo (marque vide)"


def test_timeline_axes_year_and_series_names_escaped():
    fig = draw_timeline()
    assert fig.layout.xaxis.type == "linear" and fig.layout.xaxis.tickformat == "d"
    assert fig.layout.xaxis.title.text == "Année"
    yaxis = fig.layout.yaxis
    assert yaxis.type == "category"
    assert list(yaxis.categoryarray) == ["s", "t"]  # in order of first year
    assert list(yaxis.ticktext) == ["Série &lt;S&gt;", "T&amp;T"]


def test_timeline_hover_is_escaped_and_translated():
    host = draw_timeline().data[0]
    assert host.customdata[0][0] == "S &lt;2020&gt; &amp; co"
    assert host.customdata[0][2] == "hôte, participant·e"
    assert host.customdata[0][4] == "oui"
    assert host.customdata[1][0] == "s-2022"  # no title given: the id
    assert "Rôles" in host.hovertemplate and "Roles" not in host.hovertemplate


def test_timeline_without_video_has_no_video_legend():
    fig = draw_timeline(timeline_frame().assign(by_video=False))
    assert "video-legend" not in [t.uid for t in fig.data]


def test_timeline_refuses_missing_labels_and_columns():
    with pytest.raises(ValueError, match="video_marker"):
        participant_timeline(
            timeline_frame(), series_names=SERIES_NAMES, role_labels=ROLE_LABELS,
            colors=ROLE_COLORS, labels={k: v for k, v in TIMELINE_LABELS.items() if k != "video_marker"},
        )  # fmt: skip
    with pytest.raises(DataError, match="top_role"):
        draw_timeline(timeline_frame().drop(columns="top_role"))
    assert set(TIMELINE_LABELS) == set(TIMELINE_LABEL_KEYS)


def co_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "participant_id": ["BBB", "org-x", "CCC"],
            "participant_type": ["country", "organisation", "country"],
            "shared_editions": [3, 2, 1],
        }
    )


def test_co_attendees_bar_is_horizontal_coloured_by_type_with_escaped_names():
    colors = {"country": "#0072B2", "territory": "#E69F00", "organisation": "#009E73"}
    fig = co_attendees_bar(
        co_frame(),
        names={"BBB": "Bee <script>", "org-x": "X & Y", "CCC": "Cee"},
        type_labels={"country": "pays", "organisation": "organisation internationale"},
        colors=colors,
        labels={"shared_editions": "Éditions en commun"},
    )
    assert [type(t) for t in fig.data] == [go.Bar, go.Bar]
    assert [t.uid for t in fig.data] == ["type-country", "type-organisation"]
    assert all(t.orientation == "h" for t in fig.data)
    assert [t.marker.color for t in fig.data] == ["#0072B2", "#009E73"]
    assert list(fig.data[0].x) == [3, 1]
    assert list(fig.layout.yaxis.categoryarray) == ["BBB", "org-x", "CCC"]
    assert list(fig.layout.yaxis.ticktext) == ["Bee &lt;script&gt;", "X &amp; Y", "Cee"]
    assert fig.data[0].customdata[0][0] == "Bee &lt;script&gt;"
    assert fig.layout.xaxis.title.text == "Éditions en commun"
    assert fig.layout.yaxis.autorange == "reversed"
    assert CO_ATTENDEE_LABEL_KEYS == ("shared_editions",)
