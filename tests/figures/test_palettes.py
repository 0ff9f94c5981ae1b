"""The chart colours pass what axe-core cannot check: contrast of marks and colour-vision deficiencies.

- WCAG 1.4.11: every mark that carries a value (points, lines, bars, map fills, cells) reaches
  3:1 against the plot's white background; map fills also against the grey of land without data.
  A bar drawn lighter passes when its outline does. Checked on the palettes of figures/theme.py,
  on the Streamlit theme, and on every chart the catalogue can build.
- Colour vision: the distinct colours of each palette stay apart under deuteranopia, protanopia
  and tritanopia (Machado et al. 2009, severity 1) and normal vision; the smallest CIEDE2000
  difference of any pair is checked. A sequential ramp must keep falling in lightness, which
  every deficiency preserves.
- Series that share a colour (more series than colours) differ by something else than colour:
  marker shape and line dash on the cumulative chart, bar hatches under it, and on the edition
  timeline (whose marker shapes say the qualifier) a dashed or dotted line joining the markers.
"""

from __future__ import annotations

import tomllib
from itertools import pairwise
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from coopstats import Filters
from coopstats.charts import CHARTS, build_chart
from coopstats.figures import theme
from coopstats.figures.cumulative import cumulative_participants_chart
from coopstats.figures.legibility import (
    DEFICIENCIES,
    contrast_ratio,
    delta_e,
    relative_luminance,
    rgb,
    simulate,
    smallest_difference,
    to_hex,
)
from coopstats.figures.timeline import edition_timeline
from coopstats.schema import ORGANISATION_TYPES, QUALIFIERS, ROLES

ROOT = Path(__file__).resolve().parents[2]
MARK_CONTRAST = 3.0  # WCAG 2.1, 1.4.11 non-text contrast
# CIEDE2000 between any two colours of a palette, as each deficiency sees them. About 2 is just
# noticeable side by side; 12 keeps small markers and thin lines apart at a glance.
SMALLEST_DIFFERENCE = 12.0
# Steps of an ordered ramp, next to each other.
SMALLEST_STEP = 4.0
VISIONS = ("normal", *DEFICIENCIES)

PALETTES = {
    "categorical": theme.CATEGORICAL,
    "markers": theme.MARKERS,
    "series and named": (*theme.SERIES, theme.NAMED),
    "reported and named": (theme.REPORTED, theme.NAMED),
    "presence": theme.PRESENCE,
    "changes": tuple(theme.CHANGES.values()),
    "participant types": tuple(theme.PARTICIPANT_TYPE_COLORS.values()),
    "roles": tuple(theme.ROLE_COLORS.values()),
    "organisation types": tuple(theme.ORGANISATION_TYPE_COLORS.values()),
}
# Colours that mark something on a chart, beside those of the palettes.
MARKS = {"no figure": theme.NO_FIGURE, "key": theme.KEY, "host city": theme.HOST_MARKER}


def _blend(color: str, opacity: float, background: str = theme.BACKGROUND) -> str:
    """What a colour drawn at `opacity` over `background` looks like."""
    return to_hex(opacity * rgb(color) + (1 - opacity) * rgb(background))


@pytest.mark.parametrize("name", list(PALETTES))
def test_every_palette_colour_reaches_3_to_1_on_the_background(name) -> None:
    weak = {c: round(contrast_ratio(c, theme.BACKGROUND), 2) for c in PALETTES[name]
            if contrast_ratio(c, theme.BACKGROUND) < MARK_CONTRAST}  # fmt: skip
    assert weak == {}


@pytest.mark.parametrize("name", list(MARKS))
def test_every_other_mark_colour_reaches_3_to_1(name) -> None:
    assert contrast_ratio(MARKS[name], theme.BACKGROUND) >= MARK_CONTRAST


@pytest.mark.parametrize("palette", [theme.CATEGORICAL, theme.SEQUENTIAL])
def test_map_fills_stand_out_from_the_background_and_from_land_without_data(palette) -> None:
    for colour in palette:
        assert contrast_ratio(colour, theme.BACKGROUND) >= MARK_CONTRAST, colour
        assert contrast_ratio(colour, theme.NO_DATA_LAND) >= MARK_CONTRAST, colour


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize("name", list(PALETTES))
def test_palette_colours_stay_apart_with_every_colour_vision(name, vision) -> None:
    gap, first, second = smallest_difference(list(PALETTES[name]), vision)
    assert gap >= SMALLEST_DIFFERENCE, (
        f"{name} palette under {vision}: {first} and {second} differ by only {gap:.1f} "
        f"(CIEDE2000; at least {SMALLEST_DIFFERENCE} wanted)"
    )


@pytest.mark.parametrize("vision", VISIONS)
def test_the_sequential_ramp_falls_in_lightness_with_visible_steps(vision) -> None:
    seen = [simulate(c, vision) for c in theme.SEQUENTIAL]
    luminance = [relative_luminance(c) for c in seen]
    assert luminance == sorted(luminance, reverse=True) and len(set(luminance)) == len(seen)
    steps = [delta_e(a, b) for a, b in pairwise(seen)]
    assert min(steps) >= SMALLEST_STEP, steps


def test_the_streamlit_theme_draws_the_same_accessible_colours() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    chart_theme = config["theme"]
    assert [c.lower() for c in chart_theme["chartCategoricalColors"]] == [
        c.lower() for c in theme.CATEGORICAL
    ]
    sequential = chart_theme["chartSequentialColors"]
    assert len(sequential) == 10  # Streamlit ignores any other count
    for colour in sequential:
        assert contrast_ratio(colour, theme.BACKGROUND) >= MARK_CONTRAST, colour


def _mark_colours(fig) -> list[tuple[str, str, str | None]]:
    """(trace, colour as drawn, its outline) of every single-colour mark of a figure."""
    found = []
    for trace in fig.data:
        if trace.type in ("choropleth", "heatmap"):
            scale = trace.colorscale or ()
            found += [(trace.type, str(c), None) for _, c in scale]
            continue
        if getattr(trace, "x", None) is not None and all(v is None for v in trace.x):
            continue  # a legend key that draws nothing
        marker = getattr(trace, "marker", None)
        opacity = 1.0 if trace.opacity is None else float(trace.opacity)
        if marker is not None and isinstance(marker.color, str):
            if marker.opacity is not None and not isinstance(marker.opacity, tuple):
                opacity *= float(marker.opacity)
            outline = marker.line.color if marker.line and marker.line.width else None
            drawn = _blend(marker.color, opacity) if marker.color.startswith("#") else None
            if drawn:
                found.append((trace.name or trace.type, drawn, outline))
        line = getattr(trace, "line", None)
        if line is not None and isinstance(line.color, str) and line.color.startswith("#"):
            found.append((trace.name or trace.type, line.color, None))
    return found


@pytest.mark.parametrize("name", list(CHARTS))
def test_every_chart_draws_its_marks_at_3_to_1(ds, name) -> None:
    try:
        chart = build_chart(ds, name, Filters(), "en")
    except Exception as error:  # a chart with nothing to show for all data: nothing to check
        pytest.skip(f"{name}: {error}")
    weak = []
    for trace, drawn, outline in _mark_colours(chart.figure):
        if not drawn.startswith("#"):
            continue
        fill_ok = contrast_ratio(drawn, theme.BACKGROUND) >= MARK_CONTRAST
        outline_ok = bool(outline and str(outline).startswith("#")
                          and contrast_ratio(str(outline), theme.BACKGROUND) >= MARK_CONTRAST)  # fmt: skip
        if not (fill_ok or outline_ok):
            weak.append(f"{trace}: {drawn} ({contrast_ratio(drawn, theme.BACKGROUND):.2f}:1)")
    assert weak == []


def test_series_that_share_a_colour_differ_by_marker_and_dash() -> None:
    count = len(theme.SERIES) * 2 + 1
    frame = pd.DataFrame(
        {
            "series_id": [f"s{i:02d}" for i in range(count)],
            "series_name": [f"Series {i}" for i in range(count)],
            "title": [f"Edition {i}" for i in range(count)],
            "start_date": ["2020"] * count,
            "plot_date": pd.to_datetime(["2020-06-01"] * count),
            "named": np.arange(count) + 1,
            "new": np.ones(count, dtype=int),
            "cumulative": np.arange(count) + 1,
        }
    )
    labels = {"y": "n", "named": "named", "new": "new", "cumulative": "so far"}
    fig = cumulative_participants_chart(frame, labels=labels, colors=theme.SERIES)
    lines = [t for t in fig.data if t.type == "scatter"]
    styles = [(t.marker.color, t.marker.symbol, t.line.dash) for t in lines]
    assert len(set(styles)) == count, styles
    for colour in theme.SERIES:
        shared = [s for s in styles if s[0] == colour]
        assert len({s[1] for s in shared}) == len(shared), shared  # shapes differ
    bars = [t for t in fig.data if t.type == "bar"]
    hatches = [(t.marker.line.color, t.marker.pattern.shape or "") for t in bars]
    assert len(set(hatches)) == count, hatches


def _timeline_frame(count: int, qualifier: str = "more_than") -> pd.DataFrame:
    """One edition per series, every figure with the same qualifier (so the same shape)."""
    return pd.DataFrame(
        {
            "series_id": [f"s{i:02d}" for i in range(count) for _ in range(2)],
            "series_name": [f"Series {i}" for i in range(count) for _ in range(2)],
            "event_id": [f"s{i:02d}-{y}" for i in range(count) for y in (2020, 2022)],
            "kind": ["edition"] * (2 * count),
            "title": [f"Edition {i}" for i in range(2 * count)],
            "start_date": ["2020", "2022"] * count,
            "plot_date": pd.to_datetime(["2020-06-01", "2022-06-01"] * count),
            "measure": ["countries"] * (2 * count),
            "value_min": [float(10 + i) for i in range(2 * count)],
            "value_max": [float(10 + i) for i in range(2 * count)],
            "qualifier": [qualifier] * (2 * count),
            "label": [f">{10 + i}" for i in range(2 * count)],
            "conflict": [False] * (2 * count),
            "announced_label": [""] * (2 * count),
            "named": [pd.NA] * (2 * count),
        }
    )


TIMELINE_WORDS = {
    "y": "pays",
    "reported": "signalé",
    "sub_forum": "sous-forum",
    "combined": "combiné",
    "named": "nommés",
    "no_figure": "aucun chiffre",
    "sources_differ": "les sources divergent",
    "announced": "annoncé",
    "qualifiers": {code: f"q-{code}" for code in QUALIFIERS},
}


def _look(trace) -> tuple[object, ...]:
    """What tells a series' trace apart besides its colour: shapes, line and its dash."""
    symbols = trace.marker.symbol
    symbols = tuple(symbols) if isinstance(symbols, tuple | list) else (symbols,)
    joined = "lines" in (trace.mode or "")
    return (symbols, joined, trace.line.dash if joined else None)


@pytest.mark.parametrize("qualifier", ["exact", "more_than", "at_least", "about"])
def test_timeline_series_that_share_a_colour_differ_by_dash_or_shape(qualifier) -> None:
    """Regression: from the sixth series on, the edition timeline drew a series exactly as the
    one whose colour it reused (same colour, and the same qualifier shapes)."""
    count = len(theme.SERIES) * 2 + 2
    fig = edition_timeline(
        _timeline_frame(count, qualifier),
        measure="countries",
        labels=TIMELINE_WORDS,
        colors={"series": theme.SERIES, "named": theme.NAMED},
    )
    series = [t for t in fig.data if str(t.uid).endswith("-editions")]
    assert len(series) == count
    for colour in theme.SERIES:
        shared = [_look(t) for t in series if t.marker.color == colour]
        assert len(shared) >= 2
        assert len(set(shared)) == len(shared), (colour, shared)
    # The shapes still say the qualifier, whichever turn of colours a series is in.
    wanted = theme.QUALIFIER_SYMBOLS[qualifier]
    assert {s for t in series for s in _look(t)[0]} == {wanted}
    keys = [t for t in fig.data if t.legendgroup == "qualifiers"]
    assert [k.marker.symbol for k in keys] == [wanted]


def test_timeline_series_of_the_first_turn_of_colours_are_bare_markers() -> None:
    """No line joins two editions while colours alone tell series apart: a line between
    editions could be read as a value for the years between them."""
    fig = edition_timeline(
        _timeline_frame(len(theme.SERIES)),
        measure="countries",
        labels=TIMELINE_WORDS,
        colors={"series": theme.SERIES, "named": theme.NAMED},
    )
    series = [t for t in fig.data if str(t.uid).endswith("-editions")]
    assert {t.mode for t in series} == {"markers"}
    assert len({t.marker.color for t in series}) == len(series)


def test_organisation_types_never_share_a_colour() -> None:
    """The organisation charts tell types apart by colour (with the legend, hover and axis
    labels): each type must have a colour of its own."""
    colours = theme.ORGANISATION_TYPE_COLORS
    assert set(colours) == set(ORGANISATION_TYPES)
    assert len(set(colours.values())) == len(colours)


def test_roles_never_share_a_colour_or_a_shape() -> None:
    assert set(theme.ROLE_COLORS) == set(ROLES) == set(theme.ROLE_SYMBOLS)
    assert len(set(theme.ROLE_COLORS.values())) == len(ROLES)
    assert len(set(theme.ROLE_SYMBOLS.values())) == len(ROLES)
