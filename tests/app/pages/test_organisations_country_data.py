"""AppTest of the Organisations, Country profile and Data and sources pages.

Reaching a page. shell.py registers every page as `st.Page(PAGES_DIR / file, url_path=...)`:
an absolute path and a custom URL path. `AppTest.switch_page(path)` takes a path relative to the
main script (dashboard.py), resolves it, and looks for a page whose *resolved script path*
matches among the pages that `st.navigation` registered during the previous run. So: `run()`
once (the default page registers the navigation), then
`at.switch_page("src/coopstats/app/pages/data.py").run()`. Switching before the first run fails:
AppTest would hash the file name, which matches no custom url_path.

Downloads. AppTest lists `st.download_button`s (`at.download_button(key=...)`) with their proto,
whose `url` names the stored file ("/mock/media/<id>.csv"), but keeps the bytes in a
MemoryMediaFileStorage created inside `run()` and dropped after it. The `media` fixture swaps in
a subclass that remembers itself, so a test reads exactly the bytes and file name that the
button serves and compares them with the frame that `st.dataframe` displays.

Shell errors. The shell catches a page's exception and shows `st.error`, so "no exception"
is checked as no `at.exception` and no `at.error`.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import ClassVar

import pandas as pd
import pytest
import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from coopstats import Filters
from coopstats.settings import BUNDLED_DATA_DIR
from coopstats.spreadsheet import to_csv_bytes

ROOT = Path(__file__).resolve().parents[3]
DASHBOARD = str(ROOT / "dashboard.py")
PAGES = "src/coopstats/app/pages"


class RecordingStorage(MemoryMediaFileStorage):
    """The in-memory media store of an AppTest run, kept so that a test can read the files."""

    instances: ClassVar[list[RecordingStorage]] = []

    def __init__(self, media_endpoint: str) -> None:
        super().__init__(media_endpoint)
        RecordingStorage.instances.append(self)


class RecordingManager(MediaFileManager):
    """The media file manager of an AppTest run, kept so that a test can click a deferred
    download (one whose file is made only when asked for)."""

    instances: ClassVar[list[RecordingManager]] = []

    def __init__(self, storage: MemoryMediaFileStorage) -> None:
        super().__init__(storage)
        RecordingManager.instances.append(self)


@pytest.fixture
def media(monkeypatch):
    """Read a download button's file: (file name, bytes) as the browser would receive them.

    A deferred download is made here as a click would make it."""
    RecordingStorage.instances.clear()
    RecordingManager.instances.clear()
    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", RecordingStorage)
    monkeypatch.setattr(app_test_module, "MediaFileManager", RecordingManager)

    def read(at: AppTest, key: str) -> tuple[str, bytes]:
        proto = at.download_button(key=key).proto
        url = proto.url or RecordingManager.instances[-1].execute_deferred(proto.deferred_file_id)
        stored = RecordingStorage.instances[-1].get_file(url.rsplit("/", 1)[-1])
        return stored.filename, stored.content

    return read


def open_page(page: str, params: dict[str, str | list[str]] | None = None) -> AppTest:
    """Open the dashboard at a URL with `params`, then go to `page`.

    The parameters are set before the first run: a URL-bound sidebar widget reads the URL when
    it is created, and is already created once the first run is over. AppTest keeps the other
    parameters across switch_page (a browser would need `st.page_link(query_params=...)`).
    """
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"{PAGES}/{page}.py").run()
    assert_clean(at)
    return at


def assert_clean(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def param(at: AppTest, key: str) -> list[str]:
    """A query parameter's values after a run (AppTest gives a str or a list)."""
    value = at.query_params.get(key)
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def plotly_specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def trace_field(spec: dict, field: str) -> list[object]:
    """One field of every trace (Streamlit drops `uid` from the spec it sends)."""
    return [trace.get(field) for trace in spec["data"]]


# -- Organisations ------------------------------------------------------------------------------


def test_organisations_page_draws_the_matrix_and_the_bar():
    at = open_page("organisations")
    assert at.title[0].value == "International organisations"
    matrix, bar = plotly_specs(at)
    assert {t["type"] for t in matrix["data"]} == {"scatter"}
    assert {t["type"] for t in bar["data"]} == {"bar"}
    # Some organisations took part by video: open markers, explained in the legend.
    assert "circle-open" in [t["marker"]["symbol"] for t in matrix["data"]]
    assert "By video (open marker)" in trace_field(matrix, "name")
    assert any("international organisations are named" in c.value for c in at.caption)


def test_organisation_type_pills_filter_the_charts_and_the_url():
    at = open_page("organisations")
    at.pills(key="orgtype").set_value(["regional"]).run()
    assert_clean(at)
    matrix, bar = plotly_specs(at)
    assert set(trace_field(matrix, "legendgroup")) == {"regional"}
    assert trace_field(bar, "legendgroup") == ["regional"]
    # The URL is written by the browser for a bound widget, so AppTest cannot see it here; the
    # next test covers the other direction (URL -> widget).


def test_organisation_types_are_seeded_from_the_url():
    at = open_page("organisations", {"orgtype": ["UN system", "mechanism"]})
    assert at.pills(key="orgtype").value == ["un_system", "mechanism"]
    _, bar = plotly_specs(at)
    assert trace_field(bar, "legendgroup") == ["un_system", "mechanism"]


def test_organisations_page_says_so_when_the_filters_leave_no_organisation():
    at = open_page("organisations")
    at.radio(key="type").set_value("countries").run()
    assert_clean(at)
    assert not at.get("plotly_chart")
    assert any("Nothing to show" in i.value for i in at.info)


# -- Country profile ----------------------------------------------------------------------------


def test_country_page_shows_the_most_frequent_participant_by_default(ds):
    top = ds.participant_history(Filters())["participant_id"].iloc[0]
    at = open_page("country")
    assert at.title[0].value == "Country profile"
    assert at.selectbox(key="country").value == top
    assert param(at, "country") == []  # the default stays out of the URL
    labels = [m.label for m in at.metric]
    assert labels == ["Editions", "First year", "Last year", "Highest role", "Editions by video"]
    timeline, co_attendees = plotly_specs(at)
    assert set(trace_field(timeline, "name")) <= {
        "host",
        "organiser",
        "co-chair",
        "participant",
        "speaker",
        "observer",
        "By video (open marker)",
    }
    assert {t["type"] for t in co_attendees["data"]} == {"bar"}
    events = at.dataframe[0].value
    assert (events["event_id"].isin(ds.events(Filters())["event_id"])).all()


def test_country_is_seeded_from_an_id_in_the_url_in_any_language():
    # The map links to ?country=<id>; the id does not depend on the interface language.
    at = open_page("country", {"country": "iom"})
    assert at.selectbox(key="country").value == "iom"
    assert param(at, "country") == ["iom"]
    at.selectbox(key="lang").set_value("fr").run()
    assert_clean(at)
    assert at.selectbox(key="country").value == "iom"
    assert param(at, "country") == ["iom"]
    assert int(at.metric[0].value) > 0


def test_choosing_a_participant_writes_its_id_to_the_url(ds):
    top = ds.participant_history(Filters())["participant_id"].iloc[0]
    at = open_page("country")
    at.selectbox(key="country").set_value("AUS").run()
    assert_clean(at)
    assert param(at, "country") == ["AUS"]
    assert "Australia" in at.caption[0].value
    at.selectbox(key="country").set_value(top).run()
    assert param(at, "country") == []


def test_an_unknown_country_in_the_url_is_ignored_with_a_warning(ds):
    top = ds.participant_history(Filters())["participant_id"].iloc[0]
    at = open_page("country", {"country": "XXX"})
    assert at.selectbox(key="country").value == top
    assert any("XXX" in w.value for w in at.warning)
    assert param(at, "country") == []


def test_a_participant_outside_the_filters_gets_a_message_not_a_crash():
    at = open_page("country", {"country": "CHN", "years": ["1991", "1997"]})
    assert at.selectbox(key="country").value == "CHN"
    assert any("is not named at any event for these filters" in i.value for i in at.info)
    assert not at.get("plotly_chart")


# -- Data and sources ---------------------------------------------------------------------------


def test_data_page_downloads_exactly_the_displayed_frame(ds, media):
    at = open_page("data")
    assert at.title[0].value == "Data and sources"
    assert at.selectbox(key="table").value == "events"
    shown = at.dataframe[0].value
    name, content = media(at, "download_csv")
    assert name == f"coopstats-events-{ds.version}.csv"
    assert content == to_csv_bytes(shown)
    assert len(pd.read_csv(io.BytesIO(content))) == len(shown) == len(ds.events(Filters()))


def test_downloads_follow_the_table_and_the_filters_in_the_url(ds, media):
    at = open_page("data", {"table": "organisations", "years": ["2015", "2020"]})
    filters = Filters(years=(2015, 2020))
    expected = ds.organisation_participation(filters)
    shown = at.dataframe[0].value
    assert shown["org_id"].tolist() == expected["org_id"].tolist()

    name, content = media(at, "download_csv")
    assert name == f"coopstats-organisations-{ds.version}.csv"
    assert content == to_csv_bytes(shown) == to_csv_bytes(expected)

    name, content = media(at, "download_xlsx")
    assert name == f"coopstats-organisations-{ds.version}.xlsx"
    sheets = pd.read_excel(io.BytesIO(content), sheet_name=None)
    assert list(sheets) == ["organisations", "about"]
    pd.testing.assert_frame_equal(
        sheets["organisations"],
        pd.read_csv(io.BytesIO(to_csv_bytes(expected)), encoding="utf-8-sig"),
    )
    about = dict(zip(sheets["about"]["field"], sheets["about"]["value"], strict=True))
    assert about["dataset version"] == ds.version
    assert about["filter: Years"] == "2015–2020"
    assert str(about["rows"]) == str(len(expected))
    # Every download says how to cite it, its licence and when the data last changed.
    assert about["how to cite"].startswith("How to cite: coopstats, ")
    assert f"data last changed {ds.changed}" in about["how to cite"]
    assert about["licence"] == "Licence of the data: CC BY 4.0."
    beside = " ".join(c.value for c in at.caption).replace("\\", "")
    assert "How to cite: coopstats" in beside and "CC BY 4.0" in beside


def test_choosing_a_table_updates_the_frame_and_the_file_names(ds, media):
    at = open_page("data")
    at.selectbox(key="table").set_value("participants").run()
    assert_clean(at)
    shown = at.dataframe[0].value
    assert len(shown) == len(ds.participant_history(Filters()))
    name, content = media(at, "download_csv")
    assert name == f"coopstats-participants-{ds.version}.csv"
    assert content == to_csv_bytes(shown)


def test_an_unknown_table_in_the_url_falls_back_to_events():
    at = open_page("data", {"table": "passwords"})
    assert at.selectbox(key="table").value == "events"


def test_sources_table_lists_every_source_of_the_selection_and_flags_mirrors(ds, media):
    at = open_page("data")
    shown = at.dataframe[1].value
    assert shown.loc[shown["is_mirror"], "flag"].str.contains("mirror").all()
    assert (shown.loc[~shown["is_mirror"], "flag"] == "").all()
    sources = shown.drop(columns="flag")  # the flag decorates the table; the file is the data
    expected = ds.sources_used(Filters())
    assert sources["source_id"].tolist() == expected["source_id"].tolist()
    assert sources["is_mirror"].any()
    assert sources["accessed_date"].notna().all()
    columns = json.loads(at.dataframe[1].proto.columns)
    assert columns["url"]["type_config"]["type"] == "link"
    name, content = media(at, "download_sources")
    assert name == f"coopstats-sources-{ds.version}.csv"
    assert content == to_csv_bytes(sources)


def test_the_sources_list_is_drawn_when_asked_with_every_source_of_the_selection(ds):
    at = open_page("data")
    assert not [h for h in at.get("html") if "<cite" in h.proto.body]
    at.toggle(key="sources_list").set_value(True).run()
    assert_clean(at)
    (listed,) = [h.proto.body for h in at.get("html") if "<cite" in h.proto.body]
    assert listed.count("<li>") == len(ds.sources_used(Filters()))


def test_a_formula_in_the_data_is_neutralised_in_both_downloads(tmp_path, monkeypatch, media):
    data = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA_DIR, data)
    events_csv = data / "events.csv"
    with events_csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][rows[0].index("title")] = "=cmd()"
    with events_csv.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    monkeypatch.setenv("COOPSTATS_DATA_DIR", str(data))

    at = open_page("data")
    shown = at.dataframe[0].value
    assert "=cmd()" in shown["title"].tolist()  # shown as it is, in a table cell
    _, content = media(at, "download_csv")
    titles = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig")["title"].tolist()
    assert "'=cmd()" in titles and "=cmd()" not in titles
    _, content = media(at, "download_xlsx")
    titles = pd.read_excel(io.BytesIO(content), sheet_name="events")["title"].tolist()
    assert "'=cmd()" in titles and "=cmd()" not in titles
