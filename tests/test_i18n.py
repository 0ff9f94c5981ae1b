"""Interface languages: the catalogues are complete and current, numbers and names follow the
language, and Arabic figures mirror.

The catalogue tests read the committed files (src/coopstats/locale: coopstats.pot and one .po per
language) and re-extract the strings from the source into a temporary template, so a string added
to the code without `make catalogues-update` and a translation, or a string that is gone from the
code but still in a catalogue, fails here.
"""

from __future__ import annotations

import string
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from coopstats import numbers
from coopstats.app.shell import browser_language
from coopstats.app.state import Ignored
from coopstats.figures import captions
from coopstats.figures.locale import localise, separators, sides_mirrored
from coopstats.i18n import DOMAIN, LANGUAGES, LOCALE_DIR, N_, lang_of, translator

ROOT = Path(__file__).resolve().parents[1]
POT = LOCALE_DIR / f"{DOMAIN}.pot"
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(path: Path, locale: str | None = None):
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def msgids(catalog) -> set[str]:
    return {m.id for m in catalog if m.id}


def fields(text: str) -> list[str]:
    """The `{placeholders}` of a message, with their conversions and formats, sorted."""
    out = []
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            out.append(f"{name}!{conversion or ''}:{spec or ''}")
    return sorted(out)


@pytest.fixture(scope="module")
def template():
    return read(POT)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The template extracted now from the source, as `make catalogues-extract` would."""
    out = tmp_path_factory.mktemp("catalogues") / "now.pot"
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "_", "-k", "N_",
         "-o", str(out), str(ROOT / "src")]
    )  # fmt: skip
    return read(out)


def test_the_template_is_up_to_date_with_the_source(template, extracted):
    new = sorted(msgids(extracted) - msgids(template))
    gone = sorted(msgids(template) - msgids(extracted))
    assert not new and not gone, (
        f"coopstats.pot is stale: {len(new)} new strings {new[:5]}, {len(gone)} removed "
        f"{gone[:5]}; run `make catalogues-update` and translate the new ones"
    )


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_catalogue_translates_every_string_and_nothing_stale(template, lang):
    catalog = read(po_path(lang), locale=lang)
    missing = sorted(msgids(template) - msgids(catalog))
    stale = sorted(msgids(catalog) - msgids(template))
    empty = sorted(m.id for m in catalog if m.id and not m.string)
    fuzzy = sorted(m.id for m in catalog if m.id and m.fuzzy)
    assert not missing, f"{lang}: not in the catalogue (make catalogues-update): {missing[:5]}"
    assert not stale, f"{lang}: no longer in the source: {stale[:5]}"
    assert not empty, f"{lang}: untranslated: {empty[:5]}"
    assert not fuzzy, f"{lang}: fuzzy (check, then drop the flag): {fuzzy[:5]}"
    assert not catalog.obsolete, f"{lang}: obsolete entries: {list(catalog.obsolete)[:5]}"
    assert "#~" not in po_path(lang).read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_every_placeholder(lang):
    catalog = read(po_path(lang), locale=lang)
    wrong = [(m.id, m.string) for m in catalog if m.id and fields(m.id) != fields(m.string)]
    assert not wrong, f"{lang}: placeholders differ: {wrong[:3]}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_compiled_catalogues_are_current(lang):
    po = po_path(lang)
    mo = po.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime, (
        f"{mo} is missing or older than its .po: run `make catalogues` (make install does)"
    )
    assert translator(lang)("Overview") != "Overview"


def test_translator_carries_its_language_and_falls_back_to_english():
    assert translator("zh")("Overview") == "概览"
    assert translator("fr")("Countries and regions") == "Pays et régions"
    assert translator("ar").lang == "ar" and translator("zh").locale == "zh_Hans"
    assert translator("de")("Overview") == "Overview" and translator("de").lang == "en"
    assert lang_of(str) == "en" and lang_of(translator("ru")) == "ru"
    assert N_("Overview") == "Overview"


def test_vocabulary_labels_are_in_the_catalogues():
    from coopstats.schema import PARTICIPANT_TYPES, ROLES

    assert translator("zh")(PARTICIPANT_TYPES["territory"]) == "地区"
    assert translator("ar")(ROLES["host"]) == "مضيف"


# -- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "2,000"), ("fr", "2\u202f000"), ("ru", "2\xa0000"), ("es", "2.000"),
     ("zh", "2,000"), ("ar", "2,000")],
)  # fmt: skip
def test_numbers_follow_the_language(lang, expected):
    assert numbers.number(2000, lang) == expected
    assert numbers.year(2025, lang) == "2025"  # years are never grouped


def test_arabic_uses_cldrs_default_numbering_system():
    # CLDR's `ar` (Babel 2.19) defaults to Latin digits; a locale that asks for Arabic-Indic ones
    # gets them (Babel alone switches only the symbols).
    assert numbers.numbering_system("ar") == "latn"
    assert numbers._digits("2025", "ar") == "2025"


def test_reported_figures_are_written_with_their_qualifiers_in_each_language():
    assert numbers.count(2000, "nearly") == "~2,000"
    assert numbers.count(2000, "nearly", "fr") == "~2\u202f000"
    assert numbers.range_label([50, 51], ["exact", "exact"]) == "50–51"
    assert numbers.range_label([240, 240], ["more_than", "about"], "es") == ">240 / ~240"
    assert numbers.range_label([1500, 2000], ["exact", "about"], "ru") == "1\xa0500–~2\xa0000"
    assert numbers.reported(240, 2000, "more_than", "about", "fr") == ">240–~2\u202f000"
    assert numbers.reported(240, 240, "more_than;about", "more_than;about") == ">240 / ~240"
    assert numbers.reported(12345, 13000, ["exact"], ["exact"], "es") == "12.345–13.000"
    assert numbers.reported(pd.NA, pd.NA, "", "", "fr") == ""
    assert numbers.reported(None, None, "", "") == ""


def test_dates_percentages_and_lists_follow_the_language():
    assert numbers.date("2025-09-15", "en") == "Sep 15, 2025"
    assert numbers.date("2025-09-15", "zh") == "2025年9月15日"
    assert numbers.date("2025-09-15", "fr") == "15 sept. 2025"
    assert numbers.date("2025-09", "ar") == "سبتمبر 2025"
    assert numbers.date("2025", "ru") == "2025"
    assert numbers.percent(0.42, "en") == "42%" and numbers.percent(0.42, "fr") == "42\xa0%"
    assert numbers.join(["a", "b", "c"], "en") == "a, b, c"
    assert numbers.join(["a", "b"], "zh") == "a、b"


def test_sentences_write_numbers_for_their_language():
    row = {"year": 2025, "named_countries": 6, "named_organisations": 1200,
           "countries_min": 50, "countries_max": 51, "countries_qualifiers_min": "exact",
           "countries_qualifiers_max": "exact", "organisations_min": 2000,
           "organisations_max": 2000, "organisations_qualifiers_min": "about",
           "organisations_qualifiers_max": "about"}  # fmt: skip
    english = captions.event_sentence(row, str)
    assert english == (
        "In 2025, 6 of the 50–51 reported countries and regions and 1,200 of ~2,000 "
        "international organisations are named."
    )
    french = captions.event_sentence(row, translator("fr"))
    assert "1\u202f200" in french and "~2\u202f000" in french and french.startswith("En 2025")
    assert "国家和地区" in captions.event_sentence(row, translator("zh"))


# -- names -----------------------------------------------------------------------------------


def test_country_region_and_organisation_names_follow_the_language(ds):
    assert ds.participant_name("CHN", "ar") == "الصين"
    assert ds.participant_name("RUS", "zh") == "俄罗斯"
    assert ds.countries.region_name("Western Asia", "zh") == "西亚"
    assert ds.countries.region_name("Western Asia", "en") == "Western Asia"
    assert ds.participant_name("iom", "fr") == "Organisation internationale pour les migrations"
    # An organisation without a name in the language: English, with its acronym.
    assert ds.participant_name("grsp", "zh") == "Global Road Safety Partnership (GRSP)"
    assert set(ds.country_map(lang="zh")["name"]) >= {"中国", "俄罗斯"}


def test_browser_locale_picks_the_language():
    assert browser_language("fr-CA") == "fr"
    assert browser_language("zh-TW") == "zh"
    assert browser_language("ar_EG") == "ar"
    assert browser_language("de-DE") == "en"
    assert browser_language(None, "es") == "es"
    assert browser_language("de-DE", "xx") == "en"


def test_ignored_link_settings_say_what_they_expect_in_any_language():
    item = Ignored.of("years", "abc", N_("a year from {lo} to {hi}"), lo="1991", hi="2025")
    assert item.expected == "a year from 1991 to 2025"
    assert item.expected_in(translator("fr")) == "une année de 1991 à 2025"
    assert Ignored("role", "x", "one of: host").expected_in(translator("fr")) == "one of: host"


# -- figures ---------------------------------------------------------------------------------


def test_separators_per_language():
    assert separators("en") == ".,"
    assert separators("fr") == ",\u202f"
    assert separators("es") == ",."


def test_arabic_mirrors_legends_and_horizontal_bars_but_not_time():
    bars = go.Figure(go.Bar(x=[3, 2], y=["IOM", "UNHCR"], orientation="h"))
    bars.update_layout(legend={"orientation": "h", "x": 0, "xanchor": "left"})
    localise(bars, "ar")
    assert bars.layout.xaxis.autorange == "reversed" and bars.layout.yaxis.side == "right"
    assert bars.layout.legend.x == 1 and bars.layout.legend.xanchor == "right"
    assert bars.layout.hoverlabel.align == "right"
    assert bars.layout.legend.traceorder == "reversed"

    timeline = go.Figure(go.Scatter(x=[2019, 2021, 2024], y=[5, 8, 6]))
    localise(timeline, "ar")
    assert timeline.layout.xaxis.autorange is None  # time still runs left to right
    assert timeline.layout.legend.x is None  # a legend column stays clear of the y ticks
    assert not sides_mirrored(timeline) and sides_mirrored(bars)

    english = go.Figure(go.Bar(x=[3], y=["IOM"], orientation="h"))
    localise(english, "en")
    assert english.layout.xaxis.autorange is None and english.layout.separators == ".,"


def test_arabic_moves_a_maps_colour_bar_left_but_not_a_heatmaps():
    fig = go.Figure(go.Choropleth(locations=["CHN"], z=[3]))
    fig.update_layout(legend={"x": 0, "y": 0, "xanchor": "left"})
    localise(fig, "ar")
    assert fig.data[0].colorbar.x == pytest.approx(-0.02)
    assert fig.data[0].colorbar.xanchor == "right"
    assert fig.layout.legend.x == 1 and fig.layout.legend.xanchor == "right"
    heatmap = go.Figure(go.Heatmap(z=[[0.1, 0.5]], x=["GFMD 2024", "GFMD 2025"], y=["IOM"]))
    localise(heatmap, "ar")
    assert heatmap.data[0].colorbar.x is None and heatmap.layout.yaxis.side is None
