"""Each way a chart used to differ between its page and its exports, pinned by a test.

The page and the export were built by two copies of the chart code (app/pages and
export/catalogue.py); these tests name the differences a user found, and fail on that code.
The parity test (test_parity.py) compares every chart as a whole; the subtitles and permalinks
are pinned in tests/export/test_credits.py, the timeline's colours in tests/figures/test_theme.py.
"""

from __future__ import annotations

from coopstats import Filters
from coopstats.charts import CHARTS, build_chart
from coopstats.export.decorate import decorate
from coopstats.export.outputs import Request, prepare
from coopstats.figures import theme
from coopstats.i18n import translator
from coopstats.schema import ROLES

GFMD = Filters(series=("gfmd",))


def test_the_overview_small_map_exports_as_drawn_without_host_city_stars(ds):
    # The Overview's export was the Map page's chart, which gains a star per host city.
    chart, credits = prepare(ds, Request("overview-map", filters=GFMD))
    exported = decorate(chart, credits, width=1600, height=900)
    assert chart.page == "overview"
    assert [t for t in exported.data if t.uid == "hosts"] == []
    assert [t for t in build_chart(ds, "map", GFMD).figure.data if t.uid == "hosts"]


def test_the_organisations_table_exported_gives_roles_in_words_not_codes(ds):
    # The export of the organisations chart kept the role codes ("host", "co_chair") that the
    # page translates.
    _ = translator("fr")
    for name in ("organisations", "organisations-bar", "map"):
        table = build_chart(ds, name, Filters(), "fr").table
        if _("Roles") not in table:
            continue
        words = set(", ".join(table[_("Roles")]).split(", "))
        assert words and words <= {_(label) for label in ROLES.values()}, name
        assert not words & (set(ROLES) - {_(label) for label in ROLES.values()}), name


def test_the_exported_timeline_is_drawn_on_white_not_plotlys_grey(ds):
    # The PNG and the pack's slide had plotly's default grey plot area.
    chart, credits = prepare(ds, Request("timeline", filters=GFMD))
    for figure in (chart.figure, decorate(chart, credits, width=1600, height=900)):
        layout = figure.layout.template.layout
        assert layout.plot_bgcolor == layout.paper_bgcolor == theme.BACKGROUND
        assert figure.layout.plot_bgcolor in (None, theme.BACKGROUND)


def test_the_membership_map_exports_what_the_page_says_beside_it(ds):
    # A membership is not attendance: an export of the membership map must say so too.
    chart, credits = prepare(ds, Request("membership-map", lang="fr"))
    assert chart.page == "map" and dict(chart.page_params) == {"measure": ("membership",)}
    assert "adhésion" in chart.sentences.lower()
    assert chart.is_map and "CC BY 4.0" in credits.licences
    assert "/map?" in credits.permalink and "measure=membership" in credits.permalink


def test_every_chart_of_the_registry_is_reached_from_a_page_link(ds):
    assert set(CHARTS) >= {"map", "overview-map", "membership-map", "timeline", "organisations"}
    for name, spec in CHARTS.items():
        assert spec.page in {"overview", "map", "timeline", "compare", "organisations", "country"}
        assert spec.description, name
