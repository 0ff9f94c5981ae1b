"""AppTest of the membership measure on the Map page, the profile's memberships and the search box."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

DASHBOARD = str(Path(__file__).resolve().parents[2] / "dashboard.py")
MAP_PAGE = "src/coopstats/app/pages/world_map.py"
COUNTRY_PAGE = "src/coopstats/app/pages/country.py"


def page(path: str | None, params: dict[str, object] | None = None) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=90)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if path:
        at.switch_page(path).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def membership_figure(at: AppTest) -> dict:
    (chart,) = at.get("plotly_chart")
    return json.loads(chart.proto.spec)


def captions(at: AppTest) -> str:
    """The captions as a reader sees them (the chart's notes come escaped for Markdown)."""
    return "\n".join(c.value.replace("\\", "") for c in at.caption)


def test_membership_measure_paints_at_least_150_countries_and_no_attendance():
    at = page(MAP_PAGE, {"measure": "membership"})
    fig = membership_figure(at)
    choropleth = next(t for t in fig["data"] if t["type"] == "choropleth")
    assert len(choropleth["locations"]) >= 150
    assert "Editions" not in json.dumps(fig)
    assert "not attendance" in captions(at)
    assert "GFMD" in captions(at)  # series without membership are named as left out


def test_series_filter_narrows_to_chosen_processes():
    at = page(MAP_PAGE, {"measure": "membership", "series": ["rabat-process", "gfmd"]})
    choropleth = next(t for t in membership_figure(at)["data"] if t["type"] == "choropleth")
    assert 50 <= len(choropleth["locations"]) <= 60
    assert "DZA" in choropleth["locations"]  # an observer: drawn, with no membership counted
    assert "CHN" not in choropleth["locations"]
    assert "Left out, because they have no membership: GFMD." in captions(at)


def test_filters_that_do_not_apply_say_so():
    at = page(MAP_PAGE, {"measure": "membership", "role": "host"})
    assert "do not apply to memberships: role" in captions(at)


def test_series_without_membership_only_gives_an_empty_map_with_a_reason():
    at = page(MAP_PAGE, {"measure": "membership", "series": "gfmd"})
    assert not at.get("plotly_chart")
    assert any("memberships" in i.value for i in at.info)


def test_membership_map_in_chinese_names_countries_and_processes_in_chinese():
    at = page(MAP_PAGE, {"measure": "membership", "lang": "zh"})
    choropleth = next(t for t in membership_figure(at)["data"] if t["type"] == "choropleth")
    names = {row[0] for row in choropleth["customdata"]}
    assert "中国" in names
    member_of = " ".join(row[3] for row in choropleth["customdata"])
    assert "国际刑警组织全体大会" in member_of


def test_profile_lists_memberships_even_without_attendance():
    at = page(COUNTRY_PAGE, {"country": "AND"})  # Andorra: an INTERPOL member named nowhere
    assert "Memberships" in [s.value for s in at.subheader]
    table = at.dataframe[0].value
    assert "INTERPOL GA" in table.iloc[:, 0].tolist()


def test_search_box_finds_by_a_name_in_another_language_and_opens_the_page():
    at = page(None)
    at.text_input(key="find").input("الإنتربول").run()
    labels = [b.label for b in at.button]
    assert "International Criminal Police Organization · organisation" in labels, labels
    at.button(key="find-organisation-interpol").click().run()
    assert not at.exception
    assert at.query_params.get("country") in (["interpol"], "interpol")


@pytest.mark.parametrize("text", ["全球难民论坛", "Khartoum"])
def test_search_box_finds_series(text):
    at = page(None)
    at.text_input(key="find").input(text).run()
    assert any("series" in b.label for b in at.button)


def test_profile_of_a_participant_lists_its_memberships_after_its_editions():
    at = page(COUNTRY_PAGE, {"country": "MAR"})
    subheaders = [s.value for s in at.subheader]
    assert subheaders[-1] == "Memberships"
    memberships = at.dataframe[-1].value
    assert {"INTERPOL GA", "Rabat Process"} <= set(memberships.iloc[:, 0])
