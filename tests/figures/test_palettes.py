"""The chart colours pass what axe-core cannot check: contrast of marks and colour-vision deficiencies.

- WCAG 1.4.11: every mark that carries a value (points, lines, bars, map fills, cells) reaches
  3:1 against the plot's white background; map fills also against the grey of land without data.
  A bar drawn lighter passes when its outline does. Checked on the palettes of figures/theme.py,
  on the Streamlit theme, and on every chart the catalogue can build.
- Colour vision: the distinct colours of each palette stay apart under deuteranopia, protanopia
  and tritanopia (Machado et al. 2009, severity 1) and normal vision; the smallest CIEDE2000
  difference of any pair is checked. A sequential ramp must keep falling in lightness, which
  every deficiency preserves.
- Series that share a colour (more series than colours) differ by marker shape and line dash.
"""

from __future__ import annotations

import tomllib
from itertools import pairwise
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from coopstats import Filters
from coopstats.export.catalogue import CHARTS, build_chart
from coopstats.figures import theme
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
from coopstats.figures.timeline import cumulative_participants_chart

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
