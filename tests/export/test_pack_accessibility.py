"""The briefing pack for people who use screen readers or cannot tell colours apart.

PPTX: every slide has a title (its title placeholder), read first; every picture carries
alternative text, the chart's title and summary, in the pack's language, and is read before the
summary and credits. PDF: real text (titles, summaries, tables, sources can be extracted), a
structure tree with figures that carry /Alt, the document language and the parts in another
language, title and author, and an outline; Arabic runs right to left.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pytest

from coopstats.export.credits import BASE_MAP_LICENCE, DATA_LICENCE, PLACES_LICENCE
from coopstats.export.images import find_chromium
from coopstats.export.outputs import Request
from coopstats.export.pack import pack_files
from coopstats.export.pdf_document import pack_html
from coopstats.export.slides import Slide
from coopstats.i18n import translator
from coopstats.settings import STATIC_DIR

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(find_chromium() is None, reason="needs Chromium: apt-get install chromium"),
]
ARABIC = re.compile("[\u0600-\u06ff]")
PICTURE = 13  # MSO_SHAPE_TYPE.PICTURE


@pytest.fixture(scope="module", params=["en", "ar"])
def pack(request, ds):
    lang = request.param
    files = pack_files(ds, Request("pack", lang=lang, exported="2026-01-02"), STATIC_DIR)
    return lang, files


def _struct(node, found: list) -> None:
    """Walk a PDF structure tree: (tag, /Alt, /Lang) of every element."""
    node = node.get_object()
    if isinstance(node, list):
        for child in node:
            _struct(child, found)
        return
    if not hasattr(node, "get"):
        return
    if "/S" in node:
        found.append((str(node["/S"]), node.get("/Alt"), node.get("/Lang")))
    if "/K" in node:
        _struct(node["/K"], found)


def test_every_pptx_slide_has_a_title_read_first_and_pictures_with_alt_text(pack):
    from pptx import Presentation

    lang, files = pack
    deck = Presentation(io.BytesIO(files["pptx"].data))
    pictures = 0
    for slide in deck.slides:
        shapes = list(slide.shapes)
        title = slide.shapes.title
        assert title is not None and title.text_frame.text.strip()
        assert shapes[0].shape_id == title.shape_id  # reading order: the title first
        for position, shape in enumerate(shapes):
            if shape.shape_type != PICTURE:
                continue
            pictures += 1
            alt = shape._element.nvPicPr.cNvPr.get("descr") or ""
            assert alt.startswith(title.text_frame.text) and len(alt) > len(title.text) + 20
            if lang == "ar":
                assert ARABIC.search(alt), alt
            # The summary's text box comes after the picture it describes.
            later = " ".join(s.text_frame.text for s in shapes[position + 1 :] if s.has_text_frame)
            assert alt.split(". ", 1)[1][:30] in later
    assert pictures == 3


def test_the_pdf_is_tagged_real_text_with_language_title_and_author(pack):
    pypdf = pytest.importorskip("pypdf")
    lang, files = pack
    reader = pypdf.PdfReader(io.BytesIO(files["pdf"].data))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == lang
    assert bool(root["/MarkInfo"]["/Marked"])
    meta = reader.metadata
    assert meta["/Author"] == "coopstats" and meta["/Title"]
    text = unicodedata.normalize(
        "NFKC", "\n".join(page.extract_text() or "" for page in reader.pages)
    )
    found: list = []
    _struct(root["/StructTreeRoot"], found)
    tags = {tag for tag, _, _ in found}
    assert {"/H1", "/H2", "/P", "/Figure", "/Table", "/TH", "/TD"} <= tags, tags
    alts = [str(alt) for tag, alt, _ in found if tag == "/Figure" and alt]
    assert len(alts) == 3, alts
    if lang == "en":
        for words in ("International cooperation forums: briefing", "World map of participants",
                      "Sources", "Publisher", "countries and territories named"):  # fmt: skip
            assert words in text, words
        assert any("countries and territories named" in alt for alt in alts)
    else:
        assert all(ARABIC.search(alt) for alt in alts), alts
        assert len(ARABIC.findall(text)) > 500
        # Parts in another language are marked: a source title in English inside Arabic.
        assert any(lang_mark == "en" for _, _, lang_mark in found)
    outline = [item.title for item in reader.outline if hasattr(item, "title")]
    assert outline and outline[0] == meta["/Title"]


def test_the_pdf_html_is_right_to_left_in_arabic_and_marks_other_languages() -> None:
    import pandas as pd

    sources = pd.DataFrame({"publisher": ["UN"], "title": ["A report"], "url": ["https://x.org"],
                            "accessed_date": ["2026-01-01"], "language": ["en"]})  # fmt: skip
    slides = [Slide("title", "عنوان"), Slide("sources", "المصادر", table=sources)]
    page = pack_html(slides, "ar")
    assert '<html lang="ar" dir="rtl">' in page
    assert '<td lang="en" dir="auto">A report</td>' in page
    assert "<h1>عنوان</h1>" in page and "<title>عنوان</title>" in page
    assert '<th scope="col">' in page
    assert '<html lang="en" dir="ltr">' in pack_html(slides, "en")


def test_the_pack_says_how_to_cite_it_and_under_which_licences(pack):
    from pptx import Presentation

    lang, files = pack
    _ = translator(lang)
    # "How to cite: coopstats", as each language writes it.
    cite = _("How to cite: coopstats, “{title}”, data version {version}.").split("coopstats")[0]
    cite += "coopstats"
    data_licence = _("Licence of the data: {data}.").format(data=DATA_LICENCE)
    deck = Presentation(io.BytesIO(files["pptx"].data))
    texts = [
        " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        for slide in deck.slides
    ]
    # The title slide cites the briefing and gives the data's licence ...
    assert cite in texts[0] and data_licence in texts[0], texts[0]
    # ... and the map's slide names its base map's and places' licences too.
    map_slides = [text for text in texts if BASE_MAP_LICENCE in text]
    assert map_slides and all(PLACES_LICENCE in text for text in map_slides)
    assert all(cite in text for text in map_slides)
    if lang == "en":
        pypdf = pytest.importorskip("pypdf")
        reader = pypdf.PdfReader(io.BytesIO(files["pdf"].data))
        text = " ".join((page.extract_text() or "").replace("\n", " ") for page in reader.pages)
        assert cite in text and "Natural Earth" in text and "GeoNames" in text
