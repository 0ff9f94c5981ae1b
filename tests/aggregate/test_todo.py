"""The research to-do list: one small frame per missing-data code, sorting, filtering, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from coopstats import cli
from coopstats.aggregate.todo import (
    MISSING,
    ORDERS,
    research_todo,
    sort_todo,
    todo_counts,
    with_missing,
)


def events(*rows: dict) -> pd.DataFrame:
    base = {"series_id": "alpha", "kind": "edition", "date_precision": "day", "city": "Springfield",
            "host_iso3": "AAA", "source_id": "src-own"}  # fmt: skip
    frame = pd.DataFrame([{**base, **row} for row in rows])
    frame["start"] = pd.to_datetime(frame["year"].astype(str) + "-01-01")
    frame["title"] = frame["event_id"].str.upper()
    return frame


def figures(*rows: dict) -> pd.DataFrame:
    base = {"metric": "participants", "scope": None, "value": 100, "qualifier": "exact",
            "status": "reported", "source_id": "src-own"}  # fmt: skip
    columns = ["event_id", *base]
    return pd.DataFrame([{**base, **row} for row in rows], columns=columns)


def named(*rows: dict) -> pd.DataFrame:
    base = {"participant_type": "country", "delegation_of": None, "source_id": "src-own"}
    columns = ["event_id", "participant_id", *base]
    return pd.DataFrame([{**base, **row} for row in rows], columns=columns)


SOURCES = pd.DataFrame(
    {"source_id": ["src-own", "src-copy", "src-other"], "is_mirror": [False, True, False]}
)
CITIES = pd.DataFrame({"city": ["Springfield"], "iso3": ["AAA"], "lat": [1.0], "lon": [2.0]})


def todo_of(ev, fig=None, part=None) -> pd.DataFrame:
    return research_todo(ev, figures() if fig is None else fig,
                         named() if part is None else part, SOURCES, CITIES)  # fmt: skip


def missing_of(todo: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    return dict(zip(todo["event_id"], todo["missing"], strict=True))


def test_a_complete_event_is_not_on_the_list():
    ev = events({"event_id": "ok", "year": 2020})
    fig = figures({"event_id": "ok", "metric": "countries", "value": 2})
    part = named({"event_id": "ok", "participant_id": "AAA"})
    todo = todo_of(ev, fig, part)
    assert todo.empty
    assert list(todo.columns)[:8] == ["event_id", "series_id", "kind", "year", "start", "title",
                                      "missing", "n_missing"]  # fmt: skip


def test_no_figure_at_all():
    todo = todo_of(events({"event_id": "bare", "year": 2020}))
    assert missing_of(todo) == {"bare": ("no_reported_figure",)}


def test_only_announced_figures_are_not_reported_ones():
    ev = events({"event_id": "pre", "year": 2020}, {"event_id": "inv", "year": 2021})
    fig = figures(
        {"event_id": "pre", "status": "pre_event"}, {"event_id": "inv", "status": "invited"}
    )
    assert missing_of(todo_of(ev, fig)) == {
        "pre": ("only_pre_event_figures",),
        "inv": ("only_pre_event_figures",),
    }


@pytest.mark.parametrize(
    ("reported", "named_codes", "few"),
    [
        (4, ["AAA", "BBB"], False),  # exactly half: enough
        (5, ["AAA", "BBB"], True),
        (3, [], True),
        # A territory within another's delegation does not count as a country named.
        (3, ["AAA", "HKX"], True),
    ],
)
def test_fewer_than_half_of_the_reported_countries_named(reported, named_codes, few):
    ev = events({"event_id": "e", "year": 2020})
    fig = figures({"event_id": "e", "metric": "countries_and_regions", "value": reported})
    part = named(*[{"event_id": "e", "participant_id": code} for code in named_codes])
    if "HKX" in named_codes:
        part.loc[part["participant_id"] == "HKX", ["participant_type", "delegation_of"]] = (
            "territory",
            "AAA",
        )
    todo = todo_of(ev, fig, part)
    assert ("few_named_countries" in missing_of(todo).get("e", ())) is few


def test_conflicting_sources_take_the_lowest_value_for_the_half():
    ev = events({"event_id": "e", "year": 2020})
    fig = figures(
        {"event_id": "e", "metric": "countries", "value": 4},
        {"event_id": "e", "metric": "countries", "value": 40, "source_id": "src-other"},
    )
    part = named(
        {"event_id": "e", "participant_id": "AAA"}, {"event_id": "e", "participant_id": "BBB"}
    )
    assert missing_of(todo_of(ev, fig, part)) == {"e": ("conflicting_sources",)}


def test_year_only_dates_mirror_sources_and_cities_without_a_point():
    ev = events(
        {"event_id": "vague", "year": 2019, "date_precision": "year"},
        {"event_id": "copied", "year": 2020, "source_id": "src-copy"},
        {"event_id": "nowhere", "year": 2021, "city": "Shelbyville"},
        {"event_id": "no-city", "year": 2022, "city": None, "host_iso3": None},
    )
    fig = figures(
        {"event_id": "vague"},
        {"event_id": "copied", "source_id": "src-copy"},
        {"event_id": "nowhere"},
        {"event_id": "no-city"},
    )
    assert missing_of(todo_of(ev, fig)) == {
        "vague": ("date_year_only",),
        "copied": ("only_mirror_sources",),
        "nowhere": ("city_without_coordinates",),
    }


def test_one_original_source_is_enough():
    ev = events({"event_id": "e", "year": 2020, "source_id": "src-copy"})
    fig = figures({"event_id": "e", "source_id": "src-copy"})
    part = named({"event_id": "e", "participant_id": "AAA", "source_id": "src-other"})
    assert todo_of(ev, fig, part).empty


def test_codes_come_in_list_order_with_a_flag_column_each():
    ev = events({"event_id": "e", "year": 2020, "date_precision": "year", "city": "Nowhere"})
    todo = todo_of(ev)
    assert todo.loc[0, "missing"] == ("no_reported_figure", "date_year_only",
                                      "city_without_coordinates")  # fmt: skip
    assert todo.loc[0, "n_missing"] == 3
    assert [bool(todo.loc[0, c]) for c in MISSING] == [c in todo.loc[0, "missing"] for c in MISSING]


def test_inputs_are_not_mutated():
    ev = events({"event_id": "e", "year": 2020})
    fig = figures({"event_id": "e", "status": "invited"})
    before = (ev.copy(), fig.copy())
    todo_of(ev, fig)
    pd.testing.assert_frame_equal(ev, before[0])
    pd.testing.assert_frame_equal(fig, before[1])


def test_sorting_and_filtering():
    ev = events(
        {"event_id": "a", "year": 2018, "series_id": "zeta"},
        {"event_id": "b", "year": 2020, "date_precision": "year", "series_id": "alpha"},
        {"event_id": "c", "year": 2019, "series_id": "alpha"},
    )
    todo = todo_of(ev)
    assert list(todo["event_id"]) == ["a", "c", "b"]
    assert list(sort_todo(todo, "newest")["event_id"]) == ["b", "c", "a"]
    assert list(sort_todo(todo, "most_missing")["event_id"]) == ["b", "a", "c"]
    assert list(sort_todo(todo, "series")["event_id"]) == ["c", "b", "a"]
    assert list(with_missing(todo, ("date_year_only",))["event_id"]) == ["b"]
    assert len(with_missing(todo, ())) == 3
    counts = todo_counts(todo).set_index("code")["events"]
    assert counts["no_reported_figure"] == 3 and counts["date_year_only"] == 1
    with pytest.raises(ValueError, match="expected one of"):
        sort_todo(todo, "random")
    assert set(ORDERS) == {"most_missing", "newest", "oldest", "series"}


def test_cli_todo_json_lists_events_with_their_codes(capsys):
    assert cli.main(["todo", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows, "the bundled data has gaps to research"
    assert set(rows[0]) == {"event_id", "title", "year", "missing"}
    assert all(isinstance(r["year"], int) and r["missing"] for r in rows)
    assert {code for r in rows for code in r["missing"]} <= set(MISSING)


def test_cli_todo_filters_by_code_and_prints_text(capsys):
    assert cli.main(["todo", "--missing", "date_year_only", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert all("date_year_only" in r["missing"] for r in rows)
    assert cli.main(["todo", "--sort", "newest"]) == 0
    assert "events with something missing" in capsys.readouterr().out


# -- the page, through AppTest -----------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
TODO_PAGE = str(ROOT / "src" / "coopstats" / "app" / "pages" / "todo.py")


def todo_app(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(TODO_PAGE).run()


def test_page_lists_events_with_links_and_filters_by_code():
    at = todo_app()
    assert not at.exception
    assert at.title[0].value == "Research to-do list"
    table = at.dataframe[0].value
    assert len(table) > 10
    assert table["link"].str.startswith("todo?").all()
    assert table["link"].str.contains("event=").all()
    at.multiselect(key="todo_missing").set_value(["date_year_only"]).run()
    narrowed = at.dataframe[0].value
    assert 0 < len(narrowed) < len(table)
    assert narrowed["missing"].str.contains("date known only to the year").all()
    at.selectbox(key="todo_sort").set_value("newest").run()
    years = list(at.dataframe[0].value["year"])
    assert years == sorted(years, reverse=True)


def test_page_follows_the_sidebar_filters(ds):
    at = todo_app(series="gpscfl")
    table = at.dataframe[0].value
    assert not at.exception
    # The series column shows the series' short name.
    assert set(table["series_id"]) == {ds.series_names["gpscfl"]}


def test_an_event_link_opens_its_card():
    at = todo_app(event="interpol-ga-2025")
    assert not at.exception
    assert "INTERPOL" in at.subheader[0].value
    text = " ".join(m.value for m in at.markdown)
    assert "Still to find" in text
    # Marrakech is placed from GeoNames now: no longer a city without coordinates.
    assert "host city without coordinates" not in text
    at.button(key="todo_back").click().run()
    assert "event" not in at.query_params


def test_an_unknown_event_link_says_so():
    at = todo_app(event="<b>nope</b>")
    assert not at.exception
    assert "No event has the id" in at.warning[0].value
    assert "<b>" not in at.warning[0].value
