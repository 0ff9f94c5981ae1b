"""Structure of the timeline figures, and of the frames they draw (aggregate/timeline.py).

Never pixels: trace kinds and counts, marker symbols, error bars, axes, escaped hover text.
The aggregation tests sit here because these figures are their only readers.
"""

from __future__ import annotations

import pandas as pd
import pytest

from coopstats import numbers
from coopstats.aggregate import comparison
from coopstats.aggregate import timeline as agg
from coopstats.errors import DataError
from coopstats.figures.cumulative import cumulative_participants_chart
from coopstats.figures.theme import QUALIFIER_SYMBOLS
from coopstats.figures.timeline import edition_timeline
from coopstats.schema import QUALIFIERS

# Deliberately not English, so that a hard-coded English string would show up.
LABELS = {
    "y": "Pays signalés",
    "reported": "Signalé",
    "sub_forum": "Sous-forums",
    "combined": "Compte combiné",
    "named": "Nommés",
    "no_figure": "Aucun chiffre",
    "sources_differ": "Les sources divergent",
    "announced": "Annoncé avant",
    "qualifiers": {code: f"q-{code}" for code in QUALIFIERS},
}
COLORS = {"series": ["#0072B2", "#E69F00", "#009E73"], "named": "#D55E00"}
CUMULATIVE_LABELS = {
    "y": "Nommés",
    "named": "À l'édition",
    "new": "Nouveaux",
    "cumulative": "Cumul",
}


def row(event_id: str, **values: object) -> dict[str, object]:
    base: dict[str, object] = {
        "series_id": "alpha",
        "series_name": "Alpha",
        "event_id": event_id,
        "edition_id": event_id,
        "kind": "edition",
        "title": f"Forum {event_id}",
        "start_date": "2020-05-01",
        "plot_date": pd.Timestamp("2020-05-01"),
        "measure": "countries",
        "value_min": pd.NA,
        "value_max": pd.NA,
        "qualifier": "",
        "label": "",
        "conflict": False,
        "announced_label": "",
        "named": 0,
    }
    return {**base, **values}


def timeline_frame() -> pd.DataFrame:
    """Alpha: an exact figure, a disputed one, an unknown; a sub-forum; a combined count."""
    return pd.DataFrame(
        [
            row("a1", value_min=40, value_max=40, qualifier="exact", label="40", named=5),
            row(
                "a2",
                plot_date=pd.Timestamp("2021-11-15"),
                start_date="2021-11",
                value_min=50,
                value_max=60,
                qualifier="more_than",
                label=">50–60",
                conflict=True,
                named=7,
            ),
            row(
                "a3",
                plot_date=pd.Timestamp("2021-03-01"),
                start_date="2021-03-01",
                named=2,
                announced_label="150",
            ),
            row(
                "a3-sub",
                kind="sub_forum",
                edition_id="a3",
                plot_date=pd.Timestamp("2021-03-02"),
                value_min=12,
                value_max=12,
                qualifier="about",
                label="~12",
                named=3,
            ),
            row(
                "a3",
                plot_date=pd.Timestamp("2021-03-01"),
                measure="combined",
                value_min=70,
                value_max=70,
                qualifier="exact",
                label="70",
                named=9,
            ),
        ]
    ).astype({"value_min": "Int64", "value_max": "Int64", "named": "Int64"})


def traces_by_uid(fig) -> dict[str, object]:
    return {trace.uid: trace for trace in fig.data}


def test_traces_axes_and_legend_keys() -> None:
    fig = edition_timeline(timeline_frame(), measure="countries", labels=LABELS, colors=COLORS)
    traces = traces_by_uid(fig)
    assert list(traces) == [
        "alpha-editions",
        "alpha-sub",
        "alpha-combined",
        "named",
        "no_figure",
        "key-exact",
        "key-more_than",
        "key-about",
    ]
    assert all(t.type == "scatter" for t in fig.data)
    assert fig.layout.xaxis.type == "date"
    assert fig.layout.yaxis.title.text == "Pays signalés"
    assert traces["alpha-editions"].name == "Signalé"
    assert traces["alpha-sub"].name == "Sous-forums"
    # Sub-forums are lighter, outlined in the series colour (3:1 on white).
    assert traces["alpha-sub"].marker.color != traces["alpha-editions"].marker.color
    assert traces["alpha-sub"].marker.line.color == traces["alpha-editions"].marker.color
    # Legend keys draw nothing.
    assert traces["key-exact"].x == (None,)
    assert traces["key-about"].name == "q-about / q-nearly"


@pytest.mark.parametrize("qualifier", list(QUALIFIERS))
def test_marker_symbol_encodes_the_qualifier(qualifier: str) -> None:
    frame = pd.DataFrame(
        [row("a1", value_min=10, value_max=10, qualifier=qualifier, label="10")]
    ).astype({"value_min": "Int64", "value_max": "Int64"})
    fig = edition_timeline(frame, measure="countries", labels=LABELS, colors=COLORS)
    assert traces_by_uid(fig)["alpha-editions"].marker.symbol == (QUALIFIER_SYMBOLS[qualifier],)


def test_qualifier_symbols_follow_the_brief() -> None:
    assert QUALIFIER_SYMBOLS == {
        "exact": "circle",
        "more_than": "triangle-up",
        "about": "diamond",
        "nearly": "diamond",
        "at_least": "triangle-up-open",
        "up_to": "triangle-down",
    }


def test_conflicting_sources_draw_a_range_from_the_lowest_value() -> None:
    fig = edition_timeline(timeline_frame(), measure="countries", labels=LABELS, colors=COLORS)
    editions = traces_by_uid(fig)["alpha-editions"]
    assert list(editions.y) == [40.0, 50.0]
    assert editions.error_y.visible is True
    assert list(editions.error_y.array) == [0.0, 10.0]
    assert list(editions.error_y.arrayminus) == [0.0, 0.0]
    assert editions.error_y.symmetric is False
    # Where every source agrees there is no range at all.
    assert traces_by_uid(fig)["alpha-sub"].error_y.visible is False


def test_unknown_is_a_grey_tick_off_the_value_axis_never_a_zero() -> None:
    fig = edition_timeline(timeline_frame(), measure="countries", labels=LABELS, colors=COLORS)
    traces = traces_by_uid(fig)
    unknown = traces["no_figure"]
    assert unknown.yaxis == "y2"
    assert [pd.Timestamp(x) for x in unknown.x] == [pd.Timestamp("2021-03-01")]
    assert fig.layout.yaxis2.visible is False
    for uid in ("alpha-editions", "alpha-sub", "alpha-combined"):
        assert 0 not in list(traces[uid].y)
    assert "Annoncé avant: 150" in unknown.hovertext[0]


def test_named_counts_are_their_own_trace_in_their_own_colour() -> None:
    fig = edition_timeline(timeline_frame(), measure="countries", labels=LABELS, colors=COLORS)
    named = traces_by_uid(fig)["named"]
    assert named.name == "Nommés"
    assert named.marker.color == "#D55E00"
    assert named.marker.color not in COLORS["series"]
    # Editions only: a sub-forum's named count is in its hover text.
    assert list(named.y) == [5.0, 7.0, 2.0]
    assert "Nommés: 3" in traces_by_uid(fig)["alpha-sub"].hovertext[0]


def test_combined_counts_are_hollow_and_labelled_never_country_counts() -> None:
    fig = edition_timeline(timeline_frame(), measure="countries", labels=LABELS, colors=COLORS)
    traces = traces_by_uid(fig)
    assert traces["alpha-combined"].marker.symbol.endswith("-open")
    assert traces["alpha-combined"].name == "Compte combiné"
    assert 70.0 not in list(traces["alpha-editions"].y)
    # Another measure never picks up combined rows.
    fig = edition_timeline(timeline_frame(), measure="combined", labels=LABELS, colors=COLORS)
    assert "alpha-combined" not in traces_by_uid(fig)


def test_a_status_column_keeps_reported_figures_only() -> None:
    frame = timeline_frame().assign(status="reported")
    frame.loc[0, "status"] = "pre_event"
    fig = edition_timeline(frame, measure="countries", labels=LABELS, colors=COLORS)
    assert 40.0 not in list(traces_by_uid(fig)["alpha-editions"].y)


def test_hover_text_from_data_is_escaped() -> None:
    frame = timeline_frame()
    frame.loc[0, "title"] = "Forum <b>A</b> & B"
    frame.loc[0, "series_name"] = "Al<pha>"
    fig = edition_timeline(frame, measure="countries", labels=LABELS, colors=COLORS)
    hover = traces_by_uid(fig)["alpha-editions"].hovertext[0]
    assert "Forum &lt;b&gt;A&lt;/b&gt; &amp; B" in hover
    assert "<b>A</b>" not in hover
    assert "Al&lt;pha&gt;" in hover


def test_one_colour_per_series() -> None:
    frame = pd.concat(
        [timeline_frame(), timeline_frame().assign(series_id="beta", series_name="Beta")],
        ignore_index=True,
    )
    fig = edition_timeline(frame, measure="countries", labels=LABELS, colors=COLORS)
    traces = traces_by_uid(fig)
    assert traces["alpha-editions"].marker.color == "#0072B2"
    assert traces["beta-editions"].marker.color == "#E69F00"
    assert traces["beta-editions"].name == "Beta"
    assert traces["beta-sub"].name == "Beta: Sous-forums"


def test_bad_inputs_say_what_is_missing() -> None:
    with pytest.raises(DataError, match="lacks a column"):
        edition_timeline(
            timeline_frame().drop(columns="qualifier"),
            measure="countries",
            labels=LABELS,
            colors=COLORS,
        )
    with pytest.raises(ValueError, match="labels lacks no_figure"):
        edition_timeline(
            timeline_frame(),
            measure="countries",
            labels={k: v for k, v in LABELS.items() if k != "no_figure"},
            colors=COLORS,
        )


def cumulative_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "series_id": ["alpha", "alpha", "beta"],
            "series_name": ["Alpha", "Alpha", "Beta"],
            "edition_id": ["a1", "a2", "b1"],
            "title": ["Forum a1", "Forum <a2>", "Forum b1"],
            "year": [2020, 2021, 2021],
            "start_date": ["2020-05-01", "2021", "2021-02"],
            "plot_date": pd.to_datetime(["2020-05-01", "2021-07-01", "2021-02-15"]),
            "named": [3, 4, 2],
            "new": [3, 1, 2],
            "cumulative": [3, 4, 2],
        }
    )


def test_cumulative_chart_bars_and_lines_per_series() -> None:
    fig = cumulative_participants_chart(
        cumulative_frame(), labels=CUMULATIVE_LABELS, colors=["#0072B2", "#E69F00"]
    )
    assert [(t.type, t.uid) for t in fig.data] == [
        ("bar", "alpha-named"),
        ("scatter", "alpha-cumulative"),
        ("bar", "beta-named"),
        ("scatter", "beta-cumulative"),
    ]
    assert fig.layout.xaxis.type == "date"
    assert list(fig.data[1].y) == [3, 4]
    assert fig.data[1].line.shape == "hv"
    # Bars lighter than the line, outlined in the series colour.
    assert fig.data[0].marker.line.color == fig.data[1].line.color == "#0072B2"
    assert fig.data[2].marker.line.color == "#E69F00"
    assert "Forum &lt;a2&gt;" in fig.data[0].hovertext[1]


# -- the frames these figures draw -------------------------------------------------------------


def source_tables() -> dict[str, pd.DataFrame]:
    events = pd.DataFrame(
        {
            "event_id": ["e1", "e1-sub", "e2"],
            "series_id": ["alpha"] * 3,
            "edition_id": ["e1", "e1", "e2"],
            "kind": ["edition", "sub_forum", "edition"],
            "title": ["First", "First, sub", "Second"],
            "edition_number": pd.array([1, None, 2], dtype="Int64"),
            "year": [2020, 2020, 2021],
            "start_date": ["2020", "2020-06-02", "2021-09"],
            "date_precision": ["year", "day", "month"],
            "start": pd.to_datetime(["2020-01-01", "2020-06-02", "2021-09-01"]),
        }
    )
    figures = pd.DataFrame(
        {
            "event_id": ["e1", "e1", "e1", "e2", "e2"],
            "metric": ["countries", "countries", "participants", "countries", "countries"],
            "scope": [None] * 5,
            "value": pd.array([50, 51, 300, 999, 80], dtype="Int64"),
            "qualifier": ["more_than", "exact", "about", "exact", "exact"],
            "status": ["reported", "reported", "reported", "pre_event", "invited"],
            "source_id": ["s1", "s2", "s1", "s3", "s4"],
        }
    )
    participations = pd.DataFrame(
        {
            "event_id": ["e1", "e1", "e1-sub", "e2"],
            "edition_id": ["e1", "e1", "e1", "e2"],
            "participant_id": ["AAA", "org-x", "BBB", "AAA"],
            "participant_type": ["country", "organisation", "country", "country"],
        }
    )
    series = pd.DataFrame({"series_id": ["alpha"], "short_name": ["Alpha"]})
    return {
        "events": events,
        "figures": figures,
        "participations": participations,
        "series": series,
    }


def test_edition_timeline_keeps_ranges_qualifiers_and_unknowns() -> None:
    t = source_tables()
    out = agg.edition_timeline(
        t["events"], t["figures"], t["participations"], t["series"], ("countries", "participants")
    )
    countries = out[out["measure"] == "countries"].set_index("event_id")
    assert countries.loc["e1", ["value_min", "value_max"]].tolist() == [50, 51]
    assert countries.loc["e1", ["qualifiers_min", "qualifiers_max"]].tolist() == [
        "more_than",
        "exact",
    ]
    # Numbers and codes only: the chart layer writes the words.
    assert numbers.reported_in(countries.loc["e1"], "fr") == ">50–51"
    assert not {"label", "announced_label"} & set(out.columns)
    assert countries.loc["e1", "qualifier"] == "more_than"
    assert bool(countries.loc["e1", "conflict"])
    # Pre-event and invited figures are never a value: they are kept apart, as announced.
    assert pd.isna(countries.loc["e2", "value_min"])
    assert countries.loc["e2", ["announced_min", "announced_max"]].tolist() == [80, 999]
    assert numbers.reported_in(countries.loc["e2"], "en", "announced") == "80–999"
    # An edition's named count folds in its sub-forum; the sub-forum counts its own.
    assert countries.loc["e1", "named"] == 2
    assert countries.loc["e1-sub", "named"] == 1
    people = out[out["measure"] == "participants"].set_index("event_id")
    assert pd.isna(people.loc["e1", "named"])
    # Known to the year: mid-year; to the month: mid-month.
    assert countries.loc["e1", "plot_date"] == pd.Timestamp("2020-07-01")
    assert countries.loc["e2", "plot_date"] == pd.Timestamp("2021-09-15")
    assert list(out.columns) == agg.TIMELINE_COLUMNS


def test_no_trace_plots_a_pre_event_figure() -> None:
    t = source_tables()
    frame = agg.edition_timeline(t["events"], t["figures"], t["participations"], t["series"])
    frame = frame.assign(label=numbers.reported_column(frame),
                         announced_label=numbers.reported_column(frame, headline="announced"))  # fmt: skip
    fig = edition_timeline(frame, measure="countries", labels=LABELS, colors=COLORS)
    drawn = [
        y
        for trace in fig.data
        if trace.yaxis != "y2" and trace.y is not None
        for y in trace.y
        if y is not None
    ]
    assert 999.0 not in drawn and 80.0 not in drawn
    assert 50.0 in drawn


def test_edition_timeline_does_not_mutate_inputs() -> None:
    t = source_tables()
    copies = {k: v.copy() for k, v in t.items()}
    agg.edition_timeline(t["events"], t["figures"], t["participations"], t["series"])
    for key, frame in t.items():
        pd.testing.assert_frame_equal(frame, copies[key])


def test_comparison_choices_labels_and_default_pair() -> None:
    editions = pd.DataFrame(
        {
            "event_id": ["b1", "a1", "a2", "a3"],
            "series_id": ["beta", "alpha", "alpha", "alpha"],
            "year": [2019, 2020, 2020, 2021],
            "title": ["B one", "A one", "A two", "A three"],
            "edition_number": pd.array([1, None, 2, 3], dtype="Int64"),
            "start": pd.to_datetime(["2019-01-01", "2020-01-01", "2020-10-01", "2021-01-01"]),
        }
    )
    series = pd.DataFrame({"series_id": ["alpha", "beta"], "short_name": ["Alpha", "Beta"]})
    out = comparison.comparison_choices(editions, series)
    assert out["label"].tolist() == ["Alpha 2020 (#1)", "Alpha 2020 (2)", "Alpha 2021", "Beta 2019"]
    assert out.loc[out["default"], "edition_id"].tolist() == ["a2", "a3"]
    # Beta has one edition: even when asked for first, the default falls to Alpha.
    out = comparison.comparison_choices(editions, series, ("beta",))
    assert out.loc[out["default"], "edition_id"].tolist() == ["a2", "a3"]


def test_unchecked_traces_give_the_json_of_checked_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    """The timeline figures skip plotly's per-property checks for speed; with the checks on,
    the same frames must give the same figure JSON, and the checks must accept every trace."""
    import json

    import plotly.io as pio

    from coopstats.figures import cumulative, timeline

    def both() -> list[dict]:
        return [
            json.loads(pio.to_json(fig, validate=False))
            for fig in (
                edition_timeline(
                    timeline_frame(), measure="countries", labels=LABELS, colors=COLORS
                ),
                cumulative_participants_chart(
                    cumulative_frame(), labels=CUMULATIVE_LABELS, colors=["#0072B2"]
                ),
            )
        ]

    unchecked = both()
    for module in (timeline, cumulative):
        monkeypatch.setattr(module, "UNCHECKED", {})
    checked = both()
    assert unchecked == checked
    assert all(fig["data"] for fig in checked)
