"""The dashboard's frame, Overview and About pages, through Streamlit's AppTest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = str(ROOT / "dashboard.py")
PAGES = ROOT / "src" / "coopstats" / "app" / "pages"


def app(**params: str | list[str]) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_overview_renders_headline_figures():
    at = app()
    assert not at.exception
    assert at.title[0].value == "International cooperation forums at a glance"
    labels = {m.label: m.value for m in at.metric}
    assert int(labels["Editions"].replace(",", "")) > 40
    assert "Latest edition" in at.subheader[0].value
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert chart["data"][0]["type"] == "choropleth"


def test_filters_change_the_headline_and_reach_the_url():
    at = app()
    before = {m.label: m.value for m in at.metric}["Editions"]
    at.multiselect(key="series").set_value(["gpscfl"]).run()
    after = {m.label: m.value for m in at.metric}["Editions"]
    assert not at.exception
    assert int(after) < int(before.replace(",", ""))
    assert at.query_params["series"] in ("gpscfl", ["gpscfl"])


def test_query_parameters_seed_the_filters():
    at = app(series="gpscfl", years=["2024", "2025"])
    assert not at.exception
    assert at.multiselect(key="series").value == ["gpscfl"]
    assert tuple(at.slider(key="years").value) == (2024, 2025)
    editions = {m.label: m.value for m in at.metric}["Editions"]
    assert editions == "2"


def test_bad_query_parameters_are_ignored_with_a_notice():
    at = app(series=["gpscfl", "no-such-series"], years=["abc", "2025"], role="emperor")
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    assert "no\\-such\\-series" in notices or "no-such-series" in notices
    assert "emperor" in notices
    assert "abc" in notices
    assert at.multiselect(key="series").value == ["gpscfl"]


def test_a_filter_that_matches_nothing_shows_a_message_not_an_empty_chart():
    at = app(series="imrf", type="organisations")
    assert not at.exception
    assert at.get("plotly_chart") == []
    assert any("Nothing to show" in i.value for i in at.info)


def test_about_page_explains_reported_and_named():
    at = app()
    at.switch_page(str(PAGES / "about.py")).run()
    assert not at.exception
    assert at.title[0].value == "About coopstats"
    text = " ".join(m.value for m in at.markdown)
    assert "lower bound" in text
    assert "do not imply official endorsement" in text


@pytest.fixture
def broken_data(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "events.csv").write_bytes("event_id\n".encode("utf-16"))
    monkeypatch.setenv("COOPSTATS_DATA_DIR", str(folder))
    return folder


def test_a_bad_data_folder_shows_the_problems_not_a_traceback(broken_data):
    at = app()
    assert not at.exception
    assert "could not be loaded" in at.error[0].value
    problems = at.dataframe[0].value
    files = set(problems["file"])
    assert "events.csv" in files and "series.csv" in files
    assert problems["problem"].str.contains("UTF-16").any()
