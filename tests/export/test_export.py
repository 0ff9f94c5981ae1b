"""Exports: the chart catalogue, credits and links, files (PNG, SVG, PDF, HTML, PPTX), the CLI.

Structure tests run everywhere. Rendering tests need Debian's Chromium (kaleido) and are
skipped without it; they share one rendering of each file (module fixtures), because the
first image starts Chromium.
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import replace
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from coopstats import Filters
from coopstats.charts import CHARTS, ChartOptions, build_chart, links, options_from_params
from coopstats.cli import main
from coopstats.errors import DataError
from coopstats.export.credits import credits_for, source_line
from coopstats.export.decorate import decorate
from coopstats.export.html import geo_assets, offline_html
from coopstats.export.images import find_chromium, pdf_with_info, png_with_text
from coopstats.export.outputs import Request, chart_file, prepare
from coopstats.export.pack import pack_files
from coopstats.settings import STATIC_DIR
from coopstats.spreadsheet import neutralise, to_csv_bytes, to_excel_bytes

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD = str(ROOT / "dashboard.py")
MAP_PAGE = "src/coopstats/app/pages/world_map.py"
GFMD = Filters(series=("gfmd",))
BASE = "https://coopstats.example.org"
TODAY = "2026-01-02"
_without_chromium = pytest.mark.skipif(
    find_chromium() is None, reason="needs Chromium: sudo apt-get install chromium"
)


def needs_chromium(test):
    """Renders images in Chromium through kaleido: slow (starts a browser), skipped without one."""
    return pytest.mark.slow(_without_chromium(test))


def request(chart: str, **changes: object) -> Request:
    return replace(Request(chart, filters=GFMD, base_url=BASE, exported=TODAY), **changes)


# -- the catalogue -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CHARTS))
def test_every_chart_builds_with_words_and_sources(ds, name):
    chart = build_chart(ds, name)
    assert isinstance(chart.figure, go.Figure) and len(chart.figure.data) > 0
    assert chart.title and chart.summary.endswith(".")
    assert chart.source_ids and set(chart.source_ids) <= set(ds.tables.sources["source_id"])
    assert chart.page in {"overview", "map", "timeline", "compare", "organisations", "country"}
    assert not chart.table.empty


def test_an_unknown_chart_or_an_empty_selection_is_a_data_error(ds):
    with pytest.raises(DataError, match=r"unknown chart.*export --list"):
        build_chart(ds, "pie")
    with pytest.raises(DataError, match="nothing to show"):
        build_chart(ds, "map", Filters(years=(1800, 1801)))
    with pytest.raises(DataError, match="unknown measure"):
        build_chart(ds, "map", options=ChartOptions(measure="size"))


def test_the_map_export_holds_exactly_the_filtered_countries(ds):
    filters = Filters(series=("gfmd",), years=(2015, 2025), roles=("host", "participant"))
    chart = build_chart(ds, "map", filters)
    named = ds.participations(filters)
    expected = set(named.loc[named["participant_type"].isin(["country", "territory"]), "iso3"])
    drawn = set(chart.figure.data[0].locations)
    markers = [t for t in chart.figure.data if t.uid == "participants_points"]
    if markers:
        drawn |= {row[1] for row in markers[0].customdata}
    assert drawn == expected == set(chart.table["ISO-3"])
    everything = build_chart(ds, "map")
    assert len(everything.table) > len(chart.table)


def test_the_timeline_export_draws_the_selected_editions_only(ds):
    chart = build_chart(ds, "timeline", GFMD)
    assert set(chart.table["Series"]) == {"GFMD"}
    frame = ds.edition_timeline(GFMD, ("participants",))
    drawn = sum(len(t.x) for t in chart.figure.data if t.uid and t.uid.startswith("gfmd-"))
    assert drawn == int(frame["value_min"].notna().sum())


def test_the_export_draws_what_the_map_page_draws(ds):
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["series"] = "gfmd"
    at.run()
    at.query_params["measure"] = "last_year"
    at.switch_page(MAP_PAGE).run()
    assert not at.exception
    page = json.loads(at.get("plotly_chart")[0].proto.spec)
    export = build_chart(ds, "map", GFMD, options=ChartOptions(measure="last_year"))
    exported = json.loads(export.figure.to_json())
    assert [t["type"] for t in page["data"]] == [t["type"] for t in exported["data"]]
    for mine, theirs in zip(exported["data"], page["data"], strict=True):
        for field in ("locations", "z", "lat", "lon", "customdata"):
            assert mine.get(field) == theirs.get(field), field
    assert exported["layout"]["coloraxis"] == page["layout"]["coloraxis"]


# -- words and links ---------------------------------------------------------------------------


def test_decorate_burns_in_title_filters_summary_sources_version_and_link(ds):
    chart, credits = prepare(ds, request("timeline"))
    fig = decorate(chart, credits, width=1600, height=900)
    text = json.dumps(json.loads(fig.to_json()), ensure_ascii=False)
    assert fig.layout.title.text == f"<b>{chart.title}</b>"
    assert "Forum series: GFMD" in fig.layout.title.subtitle.text
    for words in (chart.summary[:40], "Sources:", ds.version, f"{BASE}/timeline?series=gfmd"):
        assert words in text, words
    assert (fig.layout.width, fig.layout.height) == (1600, 900)
    assert chart.figure.layout.title.text is None, "the page's figure is left untouched"


def test_a_horizontal_legend_moves_beside_the_plot_so_it_cannot_hit_the_title(ds):
    chart, credits = prepare(ds, request("timeline"))
    assert chart.figure.layout.legend.orientation == "h"
    assert decorate(chart, credits).layout.legend.orientation == "v"


def test_source_line_names_publishers_with_access_dates_and_counts_the_rest(ds):
    ids = ds.sources_used(Filters())["source_id"]
    line = source_line(ds, ids, str, limit=2)
    assert line.startswith("Sources: ") and "(accessed 20" in line
    assert re.search(r"and \d+ more publishers\.$", line)


def test_cli_permalink_parameters_are_what_the_sidebar_reads(ds):
    filters = Filters(years=(2010, 2020), series=("gfmd", "gpscfl"), kinds=("edition",),
                      participant_types=("country", "territory"), roles=("host",))  # fmt: skip
    params = links.filter_params(ds, filters, "zh")
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    for key, values in params.items():
        at.query_params[key] = list(values)
    at.run()
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    assert at.multiselect(key="series").value == ["gfmd", "gpscfl"]
    assert tuple(at.slider(key="years").value) == (2010, 2020)
    assert at.checkbox(key="sub").value is False
    assert at.radio(key="type").value == "countries"
    assert at.multiselect(key="role").value == ["host"]
    assert at.selectbox(key="lang").value == "zh"


def test_frozen_links_pin_the_version_and_embed_urls_name_the_chart(ds):
    params = {"series": ("gfmd",), "v": ("old",), "embed": ("true",)}
    assert links.permalink(BASE, "map", params) == f"{BASE}/map?series=gfmd"
    assert links.permalink(BASE, "overview", {}, version="abc") == f"{BASE}/?v=abc"
    assert links.embed_url(BASE, "map", params, version="abc") == (
        f"{BASE}/?embed=true&chart=map&series=gfmd&v=abc"
    )
    snippet = links.iframe_snippet('https://x.org/?a=1&b="2"', 'Map "<b>"')
    assert snippet.startswith("<iframe ") and "&quot;2&quot;" in snippet and "<b>" not in snippet
    assert links.version_notice(None, ds.version) is None
    assert links.version_notice(ds.version, ds.version) is None
    assert "changed since" in links.version_notice("0123456789ab", ds.version)


def test_chart_options_are_read_back_from_the_url(ds):
    params = {"measure": ("role",), "editions": ("gfmd-2024", "nope"), "orgtype": ("un_system",)}
    assert options_from_params(ds, "map", params).measure == "role"
    assert options_from_params(ds, "timeline", {"measure": ("role",)}).measure is None
    assert options_from_params(ds, "compare", params).editions == ("gfmd-2024",)
    assert options_from_params(ds, "organisations", params).org_types == ("un_system",)
    assert options_from_params(ds, "profile", {"country": ("CHN",)}).participant == "CHN"


# -- safe ----------------------------------------------------------------------------------------


def test_formula_injection_is_neutralised_in_csv_and_excel():
    """A cell that a spreadsheet would run (OWASP CSV injection) arrives as text."""
    frame = pd.DataFrame({"name": ["=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0", "-1+2",
                                   "@SUM(A1)", "\t=1", "plain"], "value": [-3, 1, 2, 3, 4, 5]})  # fmt: skip
    safe = neutralise(frame)
    assert safe["name"].tolist()[:5] == ["'" + v for v in frame["name"][:5]]
    assert safe["name"].iloc[5] == "plain" and safe["value"].tolist() == frame["value"].tolist()
    csv = to_csv_bytes(frame).decode("utf-8-sig")
    assert "\n=HYPERLINK" not in csv and "'=HYPERLINK" in csv
    workbook = pd.read_excel(io.BytesIO(to_excel_bytes(frame)), sheet_name="data")
    assert workbook["name"].iloc[0].startswith("'=")


def test_data_cannot_inject_markup_into_the_offline_html(ds):
    chart = build_chart(ds, "overlap")
    evil = replace(chart, title="<script>alert(1)</script>", summary="<img src=x onerror=alert(1)>")
    credits = credits_for(ds, evil, Filters(), "en", f"{BASE}/compare", TODAY)
    page = offline_html(evil, decorate(evil, credits, height=None), credits,
                        pd.DataFrame(columns=["publisher", "title", "url", "accessed_date", "source_id"]),
                        STATIC_DIR).decode()  # fmt: skip
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)" in page


def test_metadata_is_added_without_touching_the_picture():
    png = (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDR" + bytes(13) + b"\x00\x00\x00\x00"
           + b"\x00\x00\x00\x00IEND\xaeB`\x82")  # fmt: skip
    tagged = png_with_text(png, {"Title": "خريطة 地图"})
    assert tagged.startswith(png[:33]) and tagged.endswith(png[33:])
    assert "خريطة 地图".encode() in tagged
    pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\nxref\n0 2\ntrailer\n<</Size 2\n/Root 1 0 R>>\nstartxref\n30\n%%EOF\n"
    updated = pdf_with_info(pdf, {"Title": "Map"})
    assert updated.startswith(pdf) and b"/Info 2 0 R" in updated and b"/Prev 30" in updated


def test_offline_html_needs_the_base_map_topojson(ds, tmp_path):
    chart = build_chart(ds, "map", GFMD)
    assert set(geo_assets(chart.figure, STATIC_DIR)) == {"world_50m"}
    with pytest.raises(FileNotFoundError, match=r"world_50m\.json"):
        geo_assets(chart.figure, tmp_path)


# -- files (Chromium) ----------------------------------------------------------------------------


def _pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


@pytest.fixture(scope="module")
def map_files(ds):
    """The map for GFMD in every format, as the page makes them."""
    return {
        key: chart_file(ds, request("map"), fmt, STATIC_DIR, size=size)
        for key, fmt, size in (
            ("png", "png", "slide"),
            ("png_a4", "png", "a4"),
            ("svg", "svg", "slide"),
            ("pdf", "pdf", "slide"),
        )
    }


@needs_chromium
def test_png_exports_are_slide_and_print_sized_with_their_words_inside(ds, map_files):
    from PIL import Image

    made = map_files
    for key, size in (("png", (1600, 900)), ("png_a4", (2246, 1588))):
        image = Image.open(io.BytesIO(made[key].data))
        assert made[key].data.startswith(b"\x89PNG\r\n\x1a\n") and image.size == size
        image.load()
        assert image.text["Title"] == "World map of participants"
        assert "Sources: " in image.text["Source"] and ds.version in image.text["Comment"]
    assert made["png"].filename == f"coopstats-map-slide-{ds.version}.png"
    assert made["png_a4"].filename == f"coopstats-map-a4-{ds.version}.png"


@needs_chromium
def test_svg_export_parses_and_carries_title_filters_sources_and_link(ds, map_files):
    made = map_files
    root = ET.fromstring(made["svg"].data)
    assert root.tag.endswith("svg")
    text = " ".join("".join(el.itertext()) for el in root.iter() if el.tag.endswith("text"))
    for words in ("World map of participants", "Forum series: GFMD", "Colour by", "Sources:",
                  ds.version, BASE):  # fmt: skip
        assert words in text, words
    assert made["svg"].data.decode().count('class="choroplethlocation"') > 5


@needs_chromium
def test_an_arabic_export_carries_its_arabic_title_and_link(ds):
    from PIL import Image

    from coopstats.i18n import translator

    made = chart_file(ds, request("map", lang="ar"), "png", STATIC_DIR, size="slide")
    image = Image.open(io.BytesIO(made.data))
    image.load()
    title = translator("ar")("World map of participants")
    assert title != "World map of participants"
    assert image.text["Title"] == title


@needs_chromium
def test_pdf_export_is_one_page_with_its_title_in_the_document_info(map_files):
    made = map_files
    data = made["pdf"].data
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert _pdf_pages(data) == 1
    title = "World map of participants".encode("utf-16-be").hex().upper().encode()
    assert title in data


def test_offline_html_is_one_file_with_plotly_and_the_base_map(ds):
    made = chart_file(ds, request("map"), "html", STATIC_DIR)
    page = made.data.decode()
    assert page.index("window.PlotlyGeoAssets") < page.index("plotly.js v")
    assert '"world_50m"' in page and "https://cdn.plot.ly" not in page.split("plotly.js v")[0]
    assert "World map of participants" in page and "Sources (" in page and ds.version in page
    assert made.filename.endswith(".html") and made.mime == "text/html"


@pytest.fixture(scope="module")
def pack(ds):
    return pack_files(ds, request("pack"), STATIC_DIR)


@needs_chromium
def test_the_briefing_pack_has_every_slide_in_pptx_and_pdf(ds, pack):
    from pptx import Presentation

    files = pack
    deck = Presentation(io.BytesIO(files["pptx"].data))
    titles = [s.shapes.title.text_frame.text for s in deck.slides]
    sources = [t for t in titles if t.startswith("Sources")]
    assert titles[:5] == ["International cooperation forums: briefing", "Key figures",
                          "World map of participants", "Editions over time: Participants",
                          "Compare editions"]  # fmt: skip
    assert len(titles) == 5 + len(sources) and sources
    assert (deck.slide_width.inches, deck.slide_height.inches) == pytest.approx(
        (13.333, 7.5), abs=0.01
    )
    with zipfile.ZipFile(io.BytesIO(files["pptx"].data)) as archive:
        xml = " ".join(archive.read(n).decode() for n in archive.namelist()
                       if n.startswith("ppt/slides/slide"))  # fmt: skip
    for words in ("Forum series: GFMD", "Sources: ", ds.version, BASE, "accessed"):
        assert words in xml, words
    pictures = [sh for s in deck.slides for sh in s.shapes if sh.shape_type == 13]
    assert len(pictures) == 3 and all(p.image.blob.startswith(b"\x89PNG") for p in pictures)
    pdf = files["pdf"].data
    # Real text: a slide whose table runs on takes more than one page.
    assert pdf.startswith(b"%PDF-") and _pdf_pages(pdf) >= len(titles)
    assert (
        "International cooperation forums: briefing".encode("utf-16-be").hex().upper().encode()
        in pdf
    )


@needs_chromium
def test_cli_and_page_exports_agree(ds, tmp_path, capsys):
    page = chart_file(ds, request("timeline", params={"series": ("gfmd",)}), "svg", STATIC_DIR)
    out = tmp_path / "timeline.svg"
    code = main(["export", "timeline", "--series", "gfmd", "--base-url", BASE, "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    assert out.name in capsys.readouterr().out

    def words(svg: bytes) -> list[str]:
        root = ET.fromstring(svg)
        found = ["".join(el.itertext()) for el in root.iter() if el.tag.endswith("text")]
        return [
            w for w in found if not re.fullmatch(r"exported \d{4}-\d\d-\d\d|.*· exported .*", w)
        ]

    assert words(out.read_bytes()) == words(page.data)


def test_cli_lists_the_charts_and_refuses_bad_requests(capsys, tmp_path):
    assert main(["export", "--list"]) == 0
    listed = capsys.readouterr().out
    assert all(f"{name}\t" in listed for name in CHARTS) and "pack\t" in listed
    assert main(["export", "map", "-o", str(tmp_path / "map.gif")]) == 2
    assert "unsupported export format" in capsys.readouterr().err
    assert main(["export", "pack", "-o", str(tmp_path / "pack.png")]) == 2
    assert main(["export", "map"]) == 2
    assert not list(tmp_path.iterdir())


def test_kaleido_tabs_reload_in_the_background():
    """A used kaleido tab reloads after the image is handed back; if kaleido renames the
    hook this relies on, images still work but each waits for a reload, and this test says so."""
    import kaleido

    from coopstats.export.images import TABS, background_reload_kaleido

    made = background_reload_kaleido()
    assert made is not kaleido.Kaleido and issubclass(made, kaleido.Kaleido)
    assert "_return_kaleido_tab" in vars(made)
    assert TABS >= 2
