"""Every chart of the registry is the same on its page and in its export.

For each page, in two languages, the page is opened from a link (AppTest, as a browser would),
and each chart it sends is compared with the export of the same chart for the same link (the
chart's options read back from the page's URL, as the export panel and the embed view do):
the same traces with the same colours, labels, hover text and numbers, the same colour axis and
axis titles, and the same table. Layout furniture that an export adds (title, margins, footer,
a legend moved beside the plot) is not compared.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from coopstats import Filters
from coopstats.app.text import plain_table
from coopstats.charts import CHARTS, options_from_params
from coopstats.export.decorate import decorate
from coopstats.export.outputs import Request, prepare

ROOT = Path(__file__).resolve().parents[2]
PAGES = "src/coopstats/app/pages/"
LANGUAGES = ("en", "fr")

# Each link: page file, the link's parameters, then (the page's chart key, the registry's chart)
# in order.
SHOWN = {
    "overview": ("overview.py", {"series": ["gfmd"]}, [("overview_map", "overview-map")]),
    "map": ("world_map.py", {"series": ["gfmd"], "measure": ["role"]}, [("world_map", "map")]),
    "memberships": (
        "world_map.py",
        {"measure": ["membership"]},
        [("membership_map", "membership-map")],
    ),
    "timeline": (
        "timeline.py",
        {"series": ["gfmd", "gpscfl"], "measure": ["countries"]},
        [("timeline_chart", "timeline"), ("cumulative_chart", "cumulative")],
    ),
    "compare": (
        "compare.py",
        {"series": ["gfmd"]},
        [
            ("compare_reported", "compare"),
            ("compare_presence", "presence"),
            ("compare_changes", "changes"),
            ("compare_overlap", "overlap"),
        ],
    ),
    "organisations": (
        "organisations.py",
        {},
        [("organisations_matrix", "organisations"), ("organisations_bar", "organisations-bar")],
    ),
    "country": (
        "country.py",
        {"country": ["CHN"]},
        [("profile_timeline", "profile"), ("profile_co_attendees", "co-attendees")],
    ),
}
LAYOUT = ("coloraxis", "separators", "template", "xaxis", "yaxis")
AXIS = ("title", "type", "categoryarray", "tickvals", "ticktext", "autorange", "side")


def test_every_chart_of_the_registry_is_on_a_page():
    on_pages = [name for _, _, shown in SHOWN.values() for _, name in shown]
    assert sorted(on_pages) == sorted(CHARTS)


def _filters(params: dict[str, list[str]]) -> Filters:
    return Filters(series=tuple(params.get("series", ())))


def _traces(figure: dict) -> list[dict]:
    return [{k: v for k, v in t.items() if k != "uid"} for t in figure["data"]]


def _layout(figure: dict) -> dict:
    layout = figure["layout"]
    out = {k: layout.get(k) for k in LAYOUT if k not in ("xaxis", "yaxis")}
    for axis in ("xaxis", "yaxis"):
        out[axis] = {k: v for k, v in layout.get(axis, {}).items() if k in AXIS}
    return out


@pytest.fixture(scope="module", params=[(p, lang) for p in SHOWN for lang in LANGUAGES],
                ids=lambda p: f"{p[0]}-{p[1]}")  # fmt: skip
def page(request) -> tuple[str, str, AppTest]:
    name, lang = request.param
    file, params, shown = SHOWN[name]
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    for key, value in {**params, **({"lang": [lang]} if lang != "en" else {})}.items():
        at.query_params[key] = value
    at.run()
    if name != "overview":
        at.switch_page(PAGES + file).run()
    # A chart's table is drawn once its expander is opened (app/charts.py): open them all.
    assert not at.table
    for key, _chart in shown:
        at.session_state[f"{key}_table"] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return name, lang, at


def test_each_chart_on_its_page_is_its_export(ds, page):
    name, lang, at = page
    _, params, shown = SHOWN[name]
    sent = {
        el.proto.id.rsplit("-", 1)[-1]: json.loads(el.proto.spec) for el in at.get("plotly_chart")
    }
    live = {k: tuple(v if isinstance(v, list) else [v]) for k, v in at.query_params.items()}
    tables = [t.value for t in at.table]
    assert len(tables) == len(shown)
    for (key, chart_name), table in zip(shown, tables, strict=True):
        options = options_from_params(ds, chart_name, live)
        request = Request(chart=chart_name, filters=_filters(params), lang=lang, options=options,
                          params=live)  # fmt: skip
        # The app serves the dataset with its data names in the reader's language.
        chart, credits = prepare(ds.localised(lang), request)
        exported = json.loads(decorate(chart, credits, width=1600, height=900).to_json())
        on_page = sent[key]
        assert _traces(on_page) == _traces(exported), chart_name
        assert _layout(on_page) == _layout(exported), chart_name
        # The page escapes the table's text for st.table, which reads cells as Markdown.
        pd.testing.assert_frame_equal(
            table.reset_index(drop=True),
            plain_table(chart.table).reset_index(drop=True),
            check_dtype=False,
        )
