"""The Timeline and Compare pages in Streamlit's AppTest, on the bundled data.

How a page is reached: the shell registers pages with st.Page(absolute path, url_path=...).
`AppTest.switch_page` takes a path relative to dashboard.py and, after a first `run()`, matches
it against the registered script paths, so `at.run()` then
`at.switch_page("src/coopstats/app/pages/timeline.py").run()` opens the page.

What the URL holds: ids, in every interface language (`measure=countries`,
`editions=gfmd-2018&editions=gfmd-2020`, `series=gfmd`). Streamlit's own `bind="query-params"`
would write format_func's label instead, so the pages use app/urlstate.py's `choice`.

What the chart spec holds: `json.loads(chart.proto.spec)` is the figure as Plotly JSON, minus
trace `uid`s (Streamlit drops them), with numeric arrays packed as {"dtype", "bdata"}; traces
are found by name and arrays unpacked with `values`.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[3] / "dashboard.py")
TIMELINE = "src/coopstats/app/pages/timeline.py"
COMPARE = "src/coopstats/app/pages/compare.py"


def open_page(page: str, **params: str | list[str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    at.switch_page(page).run()
    return at


def specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def names(spec: dict) -> list[str]:
    return [trace.get("name", "") for trace in spec["data"]]


def trace(spec: dict, name: str) -> dict:
    return next(t for t in spec["data"] if t.get("name") == name)


def values(array: object) -> list:
    """A spec array as a list, whether plain or packed by Plotly as base64 ("bdata")."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)  # type: ignore[call-overload]


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


# -- timeline ------------------------------------------------------------------------------------


def test_timeline_draws_both_charts_with_captions_and_tables() -> None:
    at = open_page(TIMELINE)
    assert_clean(at)
    assert at.title[0].value == "Editions over time"
    (measure,) = at.get("button_group")
    assert measure.key == "measure" and measure.value == "participants"
    timeline, cumulative = specs(at)
    assert timeline["layout"]["xaxis"]["type"] == "date"
    assert {"GFMD", "No figure reported", "exactly", "more than"} <= set(names(timeline))
    assert trace(timeline, "No figure reported")["yaxis"] == "y2"
    # People are not named: no named-count trace for the participants measure.
    assert "Named in sources (a lower bound)" not in names(timeline)
    assert {t["type"] for t in cumulative["data"]} == {"bar", "scatter"}
    assert len(at.main.expander) == 2  # one table alternative per chart
    assert any("editions have a reported number of participants" in c.value for c in at.caption)


def test_timeline_measure_change_redraws_and_updates_the_url() -> None:
    at = open_page(TIMELINE, series="gpscfl")
    at.get("button_group")[0].set_value("countries").run()
    assert_clean(at)
    assert at.query_params["measure"] == "countries"
    spec = specs(at)[0]
    assert names(spec)[:3] == [
        "Reported after the event",
        "Sub-forums and side meetings",
        "Combined count (countries and organisations)",
    ]
    assert {"Named in sources (a lower bound)", "No figure reported"} <= set(names(spec))
    editions = trace(spec, "Reported after the event")
    assert 0 not in values(editions["y"])
    # 2015 and 2020 exact; 2023 "50余个国家和地区" (more than). 2018's "30+" counts countries and
    # organisations together, so it is a combined count, not a point here.
    assert editions["marker"]["symbol"] == ["circle", "circle", "triangle-up"]
    combined = trace(spec, "Combined count (countries and organisations)")
    assert combined["marker"]["symbol"] == "square-open"
    # 2018 "30+ countries and organisations"; 2023 ">50" (one combined source); 2024 Xinhua's 122
    # after the event; 2025 120.
    assert values(combined["y"]) == [30.0, 50.0, 122.0, 120.0]


def test_timeline_measure_is_seeded_from_the_url() -> None:
    at = open_page(TIMELINE, measure="organisations")
    assert_clean(at)
    assert at.get("button_group")[0].value == "organisations"
    assert (
        specs(at)[0]["layout"]["yaxis"]["title"]["text"] == "International organisations reported"
    )


@pytest.mark.parametrize("value", ["bogus", "Countries and regions", "<script>"])
def test_timeline_ignores_a_bad_measure_in_the_url(value: str) -> None:
    at = open_page(TIMELINE, measure=value)
    assert_clean(at)
    assert at.get("button_group")[0].value == "participants"


# -- compare -------------------------------------------------------------------------------------


def test_compare_defaults_to_the_latest_two_editions_of_the_first_series() -> None:
    at = open_page(COMPARE, series="gfmd")
    assert_clean(at)
    assert at.title[0].value == "Compare editions"
    picker = at.multiselect(key="editions")
    assert picker.value == ["gfmd-2024", "gfmd-2025"]
    comparison, presence, changes, overlap = specs(at)
    bars = [t for t in comparison["data"] if t["type"] == "bar"]
    assert {t["name"] for t in bars} == {"Named in sources (a lower bound)"}
    assert "Reported after the event" in names(comparison)
    assert [t["type"] for t in presence["data"]] == ["heatmap"]
    assert names(changes) == ["Returning", "New", "Not named again"]
    assert overlap["data"][0]["z"]["shape"] == "2, 2"


def test_compare_editions_are_seeded_from_the_url_and_bad_ones_dropped() -> None:
    at = open_page(COMPARE, editions=["gfmd-2018", "nowhere-1999", "GFMD 2015", "gfmd-2020"])
    assert_clean(at)
    assert at.multiselect(key="editions").value == ["gfmd-2018", "gfmd-2020"]
    assert at.query_params["editions"] == ["gfmd-2018", "gfmd-2020"]
    warnings = " ".join(w.value for w in at.warning)
    assert "nowhere" in warnings and "GFMD 2015" in warnings
    overlap = specs(at)[3]
    assert overlap["data"][0]["x"] == ["GFMD 2018", "GFMD 2020"]


def test_compare_cuts_a_long_link_to_six_editions() -> None:
    years = (2007, 2008, 2010, 2012, 2014, 2015, 2016, 2017)
    at = open_page(COMPARE, editions=[f"gfmd-{y}" for y in years])
    assert_clean(at)
    assert at.multiselect(key="editions").value == [f"gfmd-{y}" for y in years[:6]]
    assert any("at most 6 editions" in w.value for w in at.warning)


def test_compare_picking_a_third_edition_adds_a_pair() -> None:
    at = open_page(COMPARE, editions=["gfmd-2018", "gfmd-2020"])
    at.multiselect(key="editions").select("gfmd-2015").run()
    assert_clean(at)
    assert sorted(at.query_params["editions"]) == ["gfmd-2015", "gfmd-2018", "gfmd-2020"]
    changes = specs(at)[2]
    # Pairs follow the order the editions were held, not the order they were picked.
    assert changes["data"][0]["x"] == ["GFMD 2015 → GFMD 2018", "GFMD 2018 → GFMD 2020"]


def test_compare_falls_back_to_the_default_when_filters_drop_the_picked_editions() -> None:
    at = open_page(COMPARE, editions=["gfmd-2018", "gfmd-2020"])
    at.multiselect(key="series").select("gpscfl").run()
    assert_clean(at)
    assert at.multiselect(key="editions").value == ["gpscfl-2024", "gpscfl-2025"]
    assert not at.warning


def test_compare_asks_for_two_editions() -> None:
    at = open_page(COMPARE, editions=["gfmd-2018"])
    assert_clean(at)
    assert at.multiselect(key="editions").value == ["gfmd-2018"]
    assert any("at least two editions" in info.value for info in at.info)
    assert not at.get("plotly_chart")


def test_timeline_draws_the_busiest_series_and_says_how_many_are_left_out(ds, monkeypatch) -> None:
    """Beyond SERIES_SHOWN series, both timeline charts draw the busiest ones and a caption
    says so; the export of the same chart draws the same series and carries the sentence."""
    from coopstats.aggregate import Filters
    from coopstats.charts import ChartOptions, build_chart
    from coopstats.figures import timeline

    monkeypatch.setattr(timeline, "SERIES_SHOWN", 3)
    at = open_page(TIMELINE)
    assert_clean(at)
    total = ds.edition_timeline(Filters())["series_id"].nunique()
    assert total > 3
    sentence = f"Showing the 3 series with the most events of the {total} selected"
    assert sum(sentence in c.value for c in at.caption) == 2
    drawn = {t.get("legendgroup") for t in specs(at)[1]["data"]} - {None}
    assert len(drawn) == 3
    exported = build_chart(ds, "cumulative", Filters(), "en", ChartOptions())
    assert {t.legendgroup for t in exported.figure.data} == drawn
    assert sentence in exported.sentences


def test_busiest_series_ranks_by_distinct_events_then_id() -> None:
    import pandas as pd

    from coopstats.figures.timeline import busiest_series

    frame = pd.DataFrame({"series_id": list("aabbbcd"), "event_id": list("1234556")})
    assert busiest_series(frame, "event_id", limit=4) == ["a", "b", "c", "d"]
    assert busiest_series(frame, "event_id", limit=2) == ["a", "b"]
    assert busiest_series(frame, "event_id", limit=3) == ["a", "b", "c"]  # c and d tie: by id
