"""Structure of the compare figures (never pixels), and the comparison frame they draw."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from coopstats.aggregate import comparison
from coopstats.aggregate import timeline as agg
from coopstats.figures.compare import edition_comparison
from coopstats.figures.presence import (
    MAX_NAME_CHARS,
    changes_chart,
    overlap_heatmap,
    presence_heatmap,
)
from coopstats.figures.theme import QUALIFIER_SYMBOLS
from coopstats.schema import QUALIFIERS

EDITION_LABELS = {"e1": "Alpha 2020", "e2": "Alpha <2021>", "e3": "Beta 2022"}
# Deliberately not English, so that a hard-coded English string would show up.
COMPARISON_LABELS = {
    "participants": "Participants",
    "countries": "Pays",
    "organisations": "Organisations",
    "combined": "Combiné",
    "named": "Nommés",
    "reported": "Signalé",
    "no_figure": "non signalé",
    "sources_differ": "Les sources divergent",
    "qualifiers": {code: f"q-{code}" for code in QUALIFIERS},
}
COMPARISON_COLORS = {"reported": "#0072B2", "named": "#D55E00"}


def comparison_frame() -> pd.DataFrame:
    """Two editions x four measures: ranges, a qualifier, an unknown, a combined count."""
    rows = []
    for position, (edition, label) in enumerate([("e1", "Alpha 2020"), ("e2", "Alpha <2021>")]):
        for measure in agg.MEASURES:
            rows.append(
                {
                    "position": position,
                    "edition_id": edition,
                    "label": label,
                    "title": f"Forum {edition} & co",
                    "measure": measure,
                    "value_min": pd.NA,
                    "value_max": pd.NA,
                    "qualifier": "",
                    "reported_label": "",
                    "conflict": False,
                    "named": pd.NA if measure == "participants" else 3,
                }
            )
    frame = pd.DataFrame(rows).astype(
        {"value_min": "Int64", "value_max": "Int64", "named": "Int64"}
    )

    def put(edition: str, measure: str, lo: int, hi: int, qualifier: str, text: str) -> None:
        at = (frame["edition_id"] == edition) & (frame["measure"] == measure)
        frame.loc[at, ["value_min", "value_max", "qualifier", "reported_label", "conflict"]] = [
            lo,
            hi,
            qualifier,
            text,
            lo != hi,
        ]

    put("e1", "participants", 240, 240, "more_than", ">240")
    put("e1", "countries", 50, 51, "exact", "50–51")
    put("e2", "countries", 40, 40, "about", "~40")
    put("e1", "organisations", 5, 5, "exact", "5")
    put("e2", "combined", 120, 120, "exact", "120")
    return frame


def by_uid(fig) -> dict[str, object]:
    return {trace.uid: trace for trace in fig.data}


def test_edition_comparison_panels_and_traces() -> None:
    fig = edition_comparison(comparison_frame(), labels=COMPARISON_LABELS, colors=COMPARISON_COLORS)
    traces = by_uid(fig)
    assert [a.text for a in fig.layout.annotations] == ["Participants", "Pays", "Organisations"]
    # No named bars for people; named bars for countries and organisations.
    assert "named-participants" not in traces
    assert traces["named-countries"].type == "bar"
    assert traces["named-organisations"].type == "bar"
    assert traces["named-countries"].marker.line.color == "#D55E00"  # lighter fill, full outline
    for axis in ("xaxis", "xaxis2", "xaxis3"):
        assert fig.layout[axis].type == "category"
    assert {"key-exact", "key-more_than", "key-about"} <= set(traces)


def test_a_reported_figure_is_never_a_bar() -> None:
    fig = edition_comparison(comparison_frame(), labels=COMPARISON_LABELS, colors=COMPARISON_COLORS)
    bars = [t for t in fig.data if t.type == "bar"]
    assert {t.uid for t in bars} == {"named-countries", "named-organisations"}
    countries = by_uid(fig)["reported-countries"]
    assert countries.type == "scatter"
    assert list(countries.y) == [50.0, 40.0]
    assert countries.marker.symbol == (QUALIFIER_SYMBOLS["exact"], QUALIFIER_SYMBOLS["about"])
    # The range is drawn where sources disagree, and only there.
    assert countries.error_y.visible is True
    assert list(countries.error_y.array) == [1.0, 0.0]
    assert list(by_uid(fig)["reported-text-countries"].text) == ["50–51", "~40"]


def test_unknown_figures_are_words_under_the_edition_not_zeros() -> None:
    fig = edition_comparison(comparison_frame(), labels=COMPARISON_LABELS, colors=COMPARISON_COLORS)
    people = by_uid(fig)["reported-participants"]
    assert list(people.y) == [240.0]  # e2 reported no participants: no dot at 0
    assert "non signalé" in fig.layout.xaxis.ticktext[1]
    assert "non signalé" not in fig.layout.xaxis.ticktext[0]
    # Every edition keeps its place on a panel with nothing to draw for it.
    assert list(by_uid(fig)["editions-participants"].x) == ["Alpha 2020", "Alpha &lt;2021&gt;"]


def test_combined_count_is_a_hollow_marker_on_the_countries_panel() -> None:
    fig = edition_comparison(comparison_frame(), labels=COMPARISON_LABELS, colors=COMPARISON_COLORS)
    combined = by_uid(fig)["reported-combined"]
    assert combined.marker.symbol.endswith("-open")
    assert combined.name == "Combiné"
    assert combined.xaxis == "x2"
    assert 120.0 not in list(by_uid(fig)["reported-countries"].y)


def test_comparison_hover_and_labels_are_escaped() -> None:
    fig = edition_comparison(comparison_frame(), labels=COMPARISON_LABELS, colors=COMPARISON_COLORS)
    countries = by_uid(fig)["reported-countries"]
    assert "Alpha &lt;2021&gt;" in list(countries.x)
    assert "Forum e1 &amp; co" in countries.hovertext[0]
    assert "Les sources divergent" in countries.hovertext[0]


def presence() -> tuple[pd.DataFrame, list[str]]:
    matrix = pd.DataFrame(
        {"e1": [True, True, False, True], "e2": [True, False, True, False]},
        index=pd.Index(["AAA", "BBB", "CCC", "org-x"], name="participant_id"),
    )
    names = ["Alpha", "Beta <Co>", "Gamma", "An organisation with a very long name indeed, truly"]
    return matrix, names


def test_presence_heatmap_dims_two_colours_and_escaping() -> None:
    matrix, names = presence()
    fig = presence_heatmap(
        matrix,
        names,
        edition_labels=EDITION_LABELS,
        labels={"present": "nommé", "absent": "non nommé"},
        colors=["#eeeeee", "#0072B2"],
    )
    (heat,) = fig.data
    assert heat.type == "heatmap"
    assert np.asarray(heat.z).shape == (4, 2)
    assert list(heat.x) == ["Alpha 2020", "Alpha &lt;2021&gt;"]
    assert heat.y[1] == "Beta &lt;Co&gt;"
    assert len(heat.y[3]) <= MAX_NAME_CHARS and heat.y[3].endswith("…")
    assert "An organisation with a very long name indeed, truly" in heat.hovertext[3][0]
    assert {c for _, c in heat.colorscale} == {"#eeeeee", "#0072B2"}
    assert list(heat.colorbar.ticktext) == ["non nommé", "nommé"]
    assert fig.layout.yaxis.autorange == "reversed"


def test_presence_heatmap_keeps_the_first_rows_only() -> None:
    matrix, names = presence()
    fig = presence_heatmap(
        matrix,
        names,
        edition_labels=EDITION_LABELS,
        max_rows=2,
        labels={"present": "nommé", "absent": "non nommé"},
        colors=["#eeeeee", "#0072B2"],
    )
    assert np.asarray(fig.data[0].z).shape == (2, 2)
    with pytest.raises(ValueError, match="names has 3 entries"):
        presence_heatmap(
            matrix,
            names[:3],
            edition_labels=EDITION_LABELS,
            labels={"present": "p", "absent": "a"},
            colors=["#fff", "#000"],
        )


def test_changes_chart_stacks_returning_and_new_above_dropped_below() -> None:
    changes = pd.DataFrame(
        {
            "from_edition": ["e1", "e2"],
            "to_edition": ["e2", "e3"],
            "returning": [2, 1],
            "new": [3, 0],
            "dropped": [1, 4],
        }
    )
    fig = changes_chart(
        changes,
        edition_labels=EDITION_LABELS,
        labels={"returning": "Revenus", "new": "Nouveaux", "dropped": "Partis"},
        colors={"returning": "#0072B2", "new": "#E69F00", "dropped": "#CC79A7"},
    )
    assert [t.type for t in fig.data] == ["bar"] * 3
    assert fig.layout.barmode == "relative"
    assert [t.name for t in fig.data] == ["Revenus", "Nouveaux", "Partis"]
    assert list(fig.data[2].y) == [-1, -4]
    assert fig.layout.yaxis.dtick == 1
    assert list(fig.data[0].x) == [
        "Alpha 2020 → Alpha &lt;2021&gt;",
        "Alpha &lt;2021&gt; → Beta 2022",
    ]


def test_overlap_heatmap_is_annotated_and_square() -> None:
    overlap = pd.DataFrame(
        {"e1": [1.0, 0.25, np.nan], "e2": [0.25, 1.0, np.nan], "e3": [np.nan] * 3},
        index=pd.Index(["e1", "e2", "e3"], name="edition_id"),
    )
    fig = overlap_heatmap(
        overlap,
        edition_labels=EDITION_LABELS,
        labels={"overlap": "Recouvrement"},
        colors=["#d0e1f2", "#08306b"],
    )
    (heat,) = fig.data
    assert np.asarray(heat.z).shape == (3, 3)
    assert heat.zmin == 0 and heat.zmax == 1
    assert heat.texttemplate == "%{text}"
    assert heat.text[0][1] == "0.25" and heat.text[2][2] == "–"
    assert "Recouvrement" in heat.hovertext[0][1]
    assert list(heat.x) == list(heat.y) == ["Alpha 2020", "Alpha &lt;2021&gt;", "Beta 2022"]


def test_edition_comparison_frame_folds_sub_forums_into_named_counts() -> None:
    timeline = pd.DataFrame(
        [
            {
                "event_id": e,
                "edition_id": e,
                "kind": "edition",
                "title": e,
                "year": 2020,
                "measure": m,
                "metric": "",
                "value_min": pd.NA,
                "value_max": pd.NA,
                "qualifier": "",
                "qualifiers_min": "",
                "qualifiers_max": "",
                "conflict": False,
                "announced_min": pd.NA,
                "announced_max": pd.NA,
                "announced_qualifiers_min": "",
                "announced_qualifiers_max": "",
                "named": 0,
                "series_id": "alpha",
            }
            for e in ("e1", "e2")
            for m in agg.MEASURES
        ]
    )
    participations = pd.DataFrame(
        {
            "event_id": ["e1", "e1-sub", "e1-sub", "e2"],
            "edition_id": ["e1", "e1", "e1", "e2"],
            "participant_id": ["AAA", "BBB", "org-x", "AAA"],
            "participant_type": ["country", "country", "organisation", "country"],
        }
    )
    choices = pd.DataFrame(
        {
            "edition_id": ["e1", "e2"],
            "label": ["A 1", "A 2"],
            "title": ["One", "Two"],
            "year": [2020, 2021],
        }
    )
    out = comparison.edition_comparison(timeline, participations, choices, ["e2", "e1", "nope"])
    assert out["edition_id"].drop_duplicates().tolist() == ["e2", "e1"]
    named = out.set_index(["edition_id", "measure"])["named"]
    assert named[("e1", "countries")] == 2
    assert named[("e1", "organisations")] == 1
    assert named[("e1", "combined")] == 3
    assert pd.isna(named[("e1", "participants")])
    assert out["label"].iloc[0] == "A 2"


def test_changes_hover_writes_numbers_in_the_given_language() -> None:
    # Hover counts were always grouped the English way ("1,234"), whatever the language.
    from coopstats.charts.labels import number_writer

    changes = pd.DataFrame({"from_edition": ["e1"], "to_edition": ["e2"], "returning": [1234],
                            "new": [5], "dropped": [0]})  # fmt: skip
    words = {"returning": "Revenus", "new": "Nouveaux", "dropped": "Partis"}
    colors = {"returning": "#0072B2", "new": "#E69F00", "dropped": "#CC79A7"}
    french = changes_chart(changes, edition_labels=EDITION_LABELS, colors=colors,
                           labels={**words, "number": number_writer("fr")})  # fmt: skip
    english = changes_chart(changes, edition_labels=EDITION_LABELS, colors=colors, labels=words)
    assert "Revenus: 1\u202f234" in french.data[0].hovertext[0]
    assert french.data[0].text[0] == "1\u202f234"
    assert "Revenus: 1,234" in english.data[0].hovertext[0]
