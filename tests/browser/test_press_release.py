"""End to end in Chromium: an editor uploads a news item as .docx on the Contribute page, sees
each field's evidence marked in the text (and the item's markup shown as text, never run),
and commits the draft as one changeset."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from editing import PASSWORD, sign_in

from coopstats.store import Store, editors

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard.py"
ITEM = ROOT / "tests" / "fixtures" / "extraction" / "en-interpol-89-istanbul.txt"
URL = "https://example.org/news/interpol-89"
TIMEOUT_MS = 90_000
HOSTILE = "<img src=x onerror=window.pwned=1> **bold** [link](javascript:alert(1)) $math$"


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    folder = tmp_path_factory.mktemp("press-home")
    store = Store.open(f"sqlite:///{folder / 'coopstats.sqlite'}")
    editors.add(store.engine, "ana", PASSWORD)
    return {"folder": folder, "store": store}


def item_docx() -> bytes:
    document = docx.Document()
    for paragraph in [*ITEM.read_text(encoding="utf-8").split("\n\n"), HOSTILE]:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_an_editor_uploads_a_docx_sees_the_evidence_and_commits(page, serve_app, home, tmp_path):
    base = serve_app(APP, env={"COOPSTATS_HOME": str(home["folder"])})
    sign_in(page, base, TIMEOUT_MS)
    page.get_by_role("link", name="Contribute").click()
    expect(page.get_by_role("heading", name="Contribute")).to_be_visible(timeout=TIMEOUT_MS)

    page.get_by_role("tab", name="From a news item").click()
    page.get_by_text("Upload a file").click()
    upload = tmp_path / "interpol-89.docx"
    upload.write_bytes(item_docx())
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="News item")
    uploader.locator("input[type=file]").set_input_files(str(upload))
    expect(uploader.get_by_text("interpol-89.docx")).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_label("Address (URL) of the item (optional)").fill(URL)
    page.get_by_role("button", name="Read the item").click()

    mark = page.locator("mark", has_text="nearly 470 police chiefs")
    expect(mark).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("[participants ~470]")).to_be_visible()
    # The item's markup is text on the page: no image made from it, no script run.
    expect(page.get_by_text(HOSTILE)).to_be_visible()
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("() => window.pwned === undefined")
    # The evidence block keeps the text's language for screen readers.
    assert page.locator("div[lang='en'][dir='ltr']", has=mark).count() == 1

    page.get_by_role("button", name="Commit the draft").click()
    expect(page.get_by_text(re.compile(r"Saved as changeset \d+"))).to_be_visible(
        timeout=TIMEOUT_MS
    )
    latest = home["store"].history(limit=1)[0]
    assert latest.kind == "add" and latest.editor == "ana"
    sources = home["store"].load_tables().sources
    assert latest.source_id in set(sources.loc[sources["url"] == URL, "source_id"])
