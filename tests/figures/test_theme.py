"""The theme: every colour of the product in one module, one template on the page and in exports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coopstats import Filters
from coopstats.charts import CHARTS, build_chart
from coopstats.figures import theme
from coopstats.schema import ORGANISATION_TYPES, PARTICIPANT_TYPES, ROLES

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "coopstats"
HEX = re.compile(r"#[0-9a-fA-F]{6}\b")
# figures/legibility.py computes with colours (its docstring shows examples); it defines none.
ALLOWED = {PACKAGE / "figures" / "theme.py", PACKAGE / "figures" / "legibility.py"}


def test_no_colour_is_written_outside_the_theme():
    found = [
        f"{path.relative_to(ROOT)}: {match}"
        for path in PACKAGE.rglob("*.py")
        if path not in ALLOWED
        for match in HEX.findall(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_palettes_are_hex_colours_and_cover_their_vocabularies():
    palettes = [theme.CATEGORICAL, theme.SEQUENTIAL, theme.MARKERS, theme.SERIES, theme.PRESENCE,
                list(theme.CHANGES.values()), list(theme.ROLE_COLORS.values()),
                list(theme.ORGANISATION_TYPE_COLORS.values()),
                list(theme.PARTICIPANT_TYPE_COLORS.values())]  # fmt: skip
    for palette in palettes:
        assert palette and all(re.fullmatch(r"#[0-9a-fA-F]{6}", c) for c in palette), palette
    assert set(theme.ROLE_COLORS) == set(ROLES)
    assert set(theme.ORGANISATION_TYPE_COLORS) == set(ORGANISATION_TYPES)
    assert set(theme.PARTICIPANT_TYPE_COLORS) == set(PARTICIPANT_TYPES)
    # Named counts have a colour of their own: no series is drawn in it.
    assert theme.NAMED not in theme.SERIES


def test_every_exported_chart_is_drawn_on_the_theme_not_plotlys_grey(ds):
    for name in CHARTS:
        chart = build_chart(ds, name, Filters(), "en")
        template = chart.figure.layout.template.layout
        assert template.plot_bgcolor == theme.BACKGROUND, name
        assert template.paper_bgcolor == theme.BACKGROUND, name
        assert list(template.colorway) == list(theme.CATEGORICAL), name


@pytest.fixture(scope="module")
def timeline_page() -> dict:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["series"] = ["gfmd", "gpscfl"]
    at.run()
    at.switch_page("src/coopstats/app/pages/timeline.py").run()
    assert not at.exception
    element = at.get("plotly_chart")[0]
    return {**json.loads(element.proto.spec), "streamlit_theme": element.proto.theme}


def test_the_timeline_page_and_its_export_draw_the_same_series_colours(ds, timeline_page):
    # The export used a palette of its own (orange second) while the page drew green second.
    exported = build_chart(ds, "timeline", Filters(series=("gfmd", "gpscfl")), "en")
    page = [(t.get("name"), t.get("marker", {}).get("color")) for t in timeline_page["data"]]
    mine = [(t.name, t.marker.color) for t in exported.figure.data]
    assert page == mine
    series = [t.marker.color for t in exported.figure.data if (t.uid or "").endswith("-editions")]
    assert series == list(theme.SERIES[: len(series)])


def test_the_page_draws_with_the_theme_template_not_streamlits(timeline_page):
    assert timeline_page["layout"]["template"]["layout"]["plot_bgcolor"] == theme.BACKGROUND
    assert timeline_page["streamlit_theme"] == ""
