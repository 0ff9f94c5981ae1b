"""From a news item, on the Contribute page (AppTest): read, see the evidence, edit, commit."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
import pytest
from streamlit.testing.v1 import AppTest

from coopstats.schema import Event, columns
from coopstats.store import Draft

from .test_contribute import app, sign_in

ROOT = Path(__file__).resolve().parents[3]
DASHBOARD = str(ROOT / "dashboard.py")
CONTRIBUTE = str(ROOT / "src" / "coopstats" / "app" / "pages" / "contribute.py")
FIXTURES = ROOT / "tests" / "fixtures" / "extraction"
# The founding article's excerpt: an Arabic item about the 2025 migration sub-forum.
FOUNDING = (FIXTURES / "ar-nia-2025-migration-subforum.txt").read_text(encoding="utf-8")
ENGLISH = (FIXTURES / "en-interpol-89-istanbul.txt").read_text(encoding="utf-8")
URL = "https://example.org/news/2025/migration-sub-forum"
HOSTILE = (
    "<script>window.pwned=1</script> <img src=x onerror=alert(2)> **bold** "
    "[link](javascript:alert(3)) $math$"
)


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def editor_app() -> AppTest:
    return sign_in(app()).switch_page(CONTRIBUTE).run()


def read(at: AppTest, text: str | None = None, **known) -> AppTest:
    if text is not None:
        at.text_area(key="press_text").input(text)
    if "url" in known:
        at.text_input(key="press_url").input(known["url"])
    if "published" in known:
        at.date_input(key="press_published").set_value(known["published"])
    at = button(at, "Read the item").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def marked(at: AppTest) -> str:
    bodies = [h.proto.body for h in at.get("html") if "<mark" in h.proto.body]
    assert len(bodies) == 1
    return bodies[0]


def editor_of(at: AppTest, suffix: str, record: int = 0):
    return next(d for d in at.data_editor if d.key and d.key.endswith(f"_{record}_{suffix}"))


def test_an_editor_reads_the_founding_article_edits_a_figure_and_commits(store):
    before = store.history(limit=1)[0].id
    at = read(editor_app(), FOUNDING, url=URL, published=date(2025, 10, 14))
    body = marked(at)
    assert 'lang="ar" dir="rtl"' in body
    assert "<mark" in body and "أكثر من 240 شخص</mark>" in body
    # Each field's evidence is marked and labelled, not only coloured.
    assert "[participants &gt;240]" in body and "[City: Lianyungang" in body
    assert at.selectbox(key=next(s.key for s in at.selectbox if s.key.endswith("_0_matched"))
                        ).value == "gpscfl-2025-migration"  # fmt: skip
    figures = editor_of(at, "figures")
    assert list(figures.value["value"]) == [240, 50, 5]
    assert "CHN" in list(editor_of(at, "participants").value["participant"])
    # Nothing is written by reading.
    assert store.history(limit=1)[0].id == before

    at.session_state[figures.key] = {
        "edited_rows": {0: {"value": 250}}, "added_rows": [], "deleted_rows": []
    }  # fmt: skip
    at = at.run()
    at = button(at, "Commit the draft").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Saved as changeset" in s.value for s in at.success), [e.value for e in at.error]

    history = store.history(limit=2)
    assert history[1].id == before  # exactly one new changeset
    latest = history[0]
    assert latest.kind == "add" and latest.editor == "ana"
    tables = store.load_tables()
    source = tables.sources[tables.sources["url"] == URL]
    assert len(source) == 1 and source["published_date"].iloc[0] == "2025-10-14"
    assert latest.source_id == source["source_id"].iloc[0]
    cited = tables.figures[tables.figures["source_id"] == latest.source_id]
    assert set(zip(cited["metric"], cited["value"], strict=True)) == {
        ("participants", 250), ("countries_and_regions", 50), ("organisations", 5)
    }  # fmt: skip
    assert set(cited["event_id"]) == {"gpscfl-2025-migration"}
    assert "أكثر من 240 شخص" in set(cited["quote"])
    # The dashboard's pages read the new data at the next interaction: the Data and sources
    # page lists the item among the sources of what it shows.
    at.switch_page(str(Path(CONTRIBUTE).with_name("data.py"))).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = next(d.value for d in at.dataframe if "url" in d.value.columns)
    assert URL in set(shown["url"])


def test_with_review_required_the_draft_waits_for_another_editor(store, monkeypatch):
    monkeypatch.setenv("COOPSTATS_REVIEW", "required")
    before = store.data_version()
    at = read(editor_app(), ENGLISH, url=URL, published=date(2021, 11, 23))
    at = button(at, "Commit the draft").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("another editor must approve" in s.value for s in at.success), [
        e.value for e in at.error
    ]
    assert store.data_version() == before


def test_a_viewer_cannot_reach_the_news_item_panel(store):
    at = AppTest.from_file(DASHBOARD, default_timeout=120).run()
    at.switch_page(CONTRIBUTE).run()
    assert at.title[0].value == "Sign in"
    assert not at.text_area and not at.file_uploader and not at.data_editor
    assert not [b for b in at.button if b.label in ("Read the item", "Commit the draft")]


def test_hostile_text_is_shown_literally(store):
    at = read(editor_app(), f"{HOSTILE}\n\n{ENGLISH}", published=date(2021, 11, 23))
    body = marked(at)
    assert "<script" not in body and "<img" not in body
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in body
    assert "&lt;img src=x onerror=alert(2)&gt;" in body
    for literal in ("**bold**", "[link](javascript:alert(3))", "$math$"):
        assert literal in body
    # The text reaches the page only there: no Markdown element carries it.
    assert not [m for m in at.markdown if "pwned" in m.value or "javascript:" in m.value]


def test_an_incomplete_edit_is_refused_whole_and_nothing_is_written(store):
    before = store.data_version()
    at = read(editor_app(), ENGLISH, url=URL, published=date(2021, 11, 23))
    figures = editor_of(at, "figures")
    at.session_state[figures.key] = {
        "edited_rows": {}, "added_rows": [{"metric": "countries", "status": "reported"}],
        "deleted_rows": [],
    }  # fmt: skip
    at = button(at.run(), "Commit the draft").click().run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value.replace("\\", "") for e in at.error]
    assert any("Nothing was saved" in e for e in errors)
    assert any("records/0/figures/2/value" in e and "Hint" in e for e in errors), errors
    assert store.data_version() == before


def _docx(text: str) -> bytes:
    document = docx.Document()
    for paragraph in text.split("\n\n"):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("item.txt", ENGLISH.encode("utf-8")),
        ("item.html", f"<html><body><script>window.pwned=1</script><p>{ENGLISH}</p>"
                      "</body></html>".encode()),
        ("item.docx", _docx(ENGLISH)),
    ],
)  # fmt: skip
def test_an_uploaded_item_is_read(store, name, data):
    at = editor_app()
    at.radio(key="press_how").set_value("upload").run()
    at.file_uploader(key="press_file").set_value((name, data, "application/octet-stream"))
    at = read(at, published=date(2021, 11, 23))
    body = marked(at)
    assert "nearly 470 police chiefs" in body and "pwned" not in body
    assert list(editor_of(at, "figures").value["value"]) == [470, 160]


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("item.pdf", b"%PDF-1.7\n...", ["this type of file is not read", "'.pdf'", "Hint"]),
        ("item.txt", "Genève, délégués".encode("latin-1"), ["not UTF-8", "Hint"]),
        ("item.html", b"<p>  </p>", ["holds no text", "Hint"]),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_four_part_message(store, name, data, words):
    at = editor_app()
    at.radio(key="press_how").set_value("upload").run()
    at.file_uploader(key="press_file").set_value((name, data, "application/octet-stream"))
    at = read(at)
    errors = [e.value.replace("\\", "") for e in at.error]
    assert any(name in e and all(w in e for w in words) for e in errors), errors
    assert not at.data_editor


def test_a_change_to_the_matched_event_since_reading_refuses_the_commit(store):
    at = read(editor_app(), FOUNDING, url=URL, published=date(2025, 10, 14))
    # Another editor changes the matched event between the reading and the commit.
    events = store.load_tables().events
    row = events[events["event_id"] == "gpscfl-2025-migration"].iloc[0]
    meanwhile = Draft()
    meanwhile.put("events", {**{c: row[c] for c in columns(Event)}, "city": "Nanjing"})
    other = store.commit(meanwhile, editor="ana", summary="meanwhile", kind="edit")
    assert other is not None

    at = button(at.run(), "Commit the draft").click().run()
    assert not at.exception, [e.value for e in at.exception]
    errors = " ".join(e.value for e in at.error)
    assert "another writer changed this event since you read it" in errors, errors
    assert not any("Saved as changeset" in s.value for s in at.success)
    assert store.history(limit=1)[0].id == other.id  # nothing written
