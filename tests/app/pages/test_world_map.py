"""AppTest of the Map page: the map, its measures, links, the organisations panel, empty filters.

Reaching the page: shell.py registers `st.Page(PAGES_DIR / "world_map.py", url_path="map")`, an
absolute path. `AppTest.switch_page(path)` resolves `path` against dashboard.py's folder and
matches the resolved script path among the pages `st.navigation` registered in the previous run,
so the app runs once (the Overview page) before `switch_page`.

Links carry ids in every language (`?measure=role&series=gpscfl`, see app/urlstate.py), so a
test sets them before the first run, as a browser opening the link would.
"""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from coopstats import Filters, numbers
from coopstats.schema import ROLES

DASHBOARD = str(Path(__file__).resolve().parents[3] / "dashboard.py")
MAP_PAGE = "src/coopstats/app/pages/world_map.py"
# A figure with the base map inside would weigh megabytes; ours carries only the data.
MAX_SPEC_BYTES = 100_000


def map_page(params: dict[str, object] | None = None) -> AppTest:
    """The Map page of a session opened with `params` in the URL."""
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(MAP_PAGE).run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def figure(at: AppTest) -> dict:
    (chart,) = at.get("plotly_chart")
    return json.loads(chart.proto.spec)


def test_the_map_shows_every_named_country_and_no_geometry(ds) -> None:
    at = map_page()
    frame = ds.country_map(Filters())
    assert at.title[0].value == "World map of participants"
    (chart,) = at.get("plotly_chart")
    spec = chart.proto.spec
    assert len(spec.encode()) < MAX_SPEC_BYTES
    fig = json.loads(spec)
    choropleth = next(t for t in fig["data"] if t["type"] == "choropleth")
    assert sorted(choropleth["locations"]) == sorted(frame.loc[frame["has_polygon"], "iso3"])
    assert choropleth["locationmode"] == "ISO-3"
    assert "geojson" not in choropleth
    assert json.loads(chart.proto.config)["topojsonURL"] == "app/static/"
    assert any(t.get("name") == "Host city" for t in fig["data"])
    assert "named across" in at.markdown[0].value


def test_the_role_measure_shows_role_labels_not_codes() -> None:
    at = map_page()
    at.button_group(key="measure").set_value("role").run()
    assert at.query_params["measure"] == "role"
    colorbar = figure(at)["layout"]["coloraxis"]["colorbar"]
    assert colorbar["title"]["text"] == "Role"
    assert colorbar["ticktext"] == list(ROLES.values())
    assert "co_chair" not in json.dumps(figure(at)["data"])


def test_a_link_seeds_the_filters_and_the_measure(ds) -> None:
    at = map_page({"years": ["2024", "2025"], "measure": "last_year"})
    assert at.slider(key="years").value == (2024, 2025)
    assert at.button_group(key="measure").value == "last_year"
    assert figure(at)["layout"]["coloraxis"]["colorbar"]["title"]["text"] == "Last year attended"
    frame = ds.country_map(Filters(years=(2024, 2025)))
    choropleth = next(t for t in figure(at)["data"] if t["type"] == "choropleth")
    assert len(choropleth["locations"]) == int(frame["has_polygon"].sum())


def test_one_edition_in_focus_says_how_many_of_the_reported_were_named(ds) -> None:
    filters = Filters(years=(2025, 2025), series=("gpscfl",))
    summary = ds.event_summary(filters)
    edition = summary[summary["kind"] == "edition"].iloc[0]
    at = map_page({"years": ["2025", "2025"], "series": "gpscfl"})
    named = len(ds.country_map(filters))
    reported = numbers.reported_in(edition, "en", "countries")
    if reported:
        expected = f"{named} of {reported} reported countries named"
    else:
        expected = f"{named} countries and territories named; no country count was reported"
    assert expected in at.markdown[0].value


def test_organisations_are_listed_beside_the_map(ds) -> None:
    at = map_page()
    orgs = ds.organisation_participation(Filters())
    assert "Organisations named" in [h.value for h in at.subheader]
    panel = next(d for d in at.dataframe if "Organisation" in d.value.columns)
    assert len(panel.value) == len(orgs)
    assert panel.value["Editions"].tolist() == orgs["editions"].tolist()


def test_organisations_only_still_lists_them_and_says_the_map_is_empty() -> None:
    at = map_page({"type": "organisations"})
    assert not at.get("plotly_chart")
    assert any("Nothing to show for countries and territories" in i.value for i in at.info)
    assert any("Organisation" in d.value.columns for d in at.dataframe)


def test_filters_that_select_nothing_show_the_empty_message() -> None:
    at = map_page({"years": ["1994", "1995"]})  # no event between the 1993 and 1997 editions
    assert [i.value for i in at.info] == [
        "Nothing to show for the map with these filters. Widen the years, or clear a filter."
    ]
    assert not at.get("plotly_chart")


def test_choosing_a_country_opens_its_profile_with_the_filters() -> None:
    at = map_page({"years": ["2024", "2025"], "series": "gpscfl", "measure": "role"})
    at.selectbox(key="open_country").set_value("CHN").run()
    assert not at.exception
    assert at.query_params["country"] == "CHN"
    assert at.query_params["years"] == ["2024", "2025"]
    assert at.query_params["series"] == "gpscfl"
    assert "measure" not in at.query_params  # the map's own setting stays behind
    assert at.title[0].value == "Country profile"


def test_the_map_table_is_drawn_only_once_opened_and_its_text_is_escaped(ds) -> None:
    at = map_page()
    assert [e for e in at.expander if e.label == "Show the data as a table"]
    assert not at.table  # closed: nothing for the browser to lay out before the map
    at.session_state["world_map_table"] = True
    at.run()
    assert not at.exception
    (table,) = at.table
    shown = table.value
    frame = ds.country_map(Filters())
    assert len(shown) == len(frame)
    # st.table reads cells as Markdown: every text cell is escaped (a "." in "St. Lucia" too).
    names = shown.iloc[:, 0].tolist()
    assert all("[" not in n.replace("\\[", "") for n in names if isinstance(n, str))
