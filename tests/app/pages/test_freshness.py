"""Every page says when the data last changed (the sidebar's last line), for viewers and editors."""

from __future__ import annotations

import pytest

from coopstats.app.shell import PAGES_DIR
from coopstats.i18n import translator

from .test_contribute import app, sign_in

PAGES = sorted(p.name for p in PAGES_DIR.glob("*.py"))


def last_changed(at) -> list[str]:
    return [c.value for c in at.sidebar.caption if "last changed" in c.value]


@pytest.mark.parametrize("signed_in", [False, True], ids=["viewer", "editor"])
def test_every_page_says_when_the_data_last_changed(store, signed_in):
    at = sign_in(app()) if signed_in else app()
    version = store.data_version()
    when = store.history(limit=1)[0].time.strftime("%Y-%m-%d %H:%M")
    for page in PAGES:
        at.switch_page(str(PAGES_DIR / page)).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        lines = last_changed(at)
        assert lines == [f"Data last changed {when} UTC (changeset {version})"], (page, lines)


@pytest.mark.parametrize("lang", ["ar", "zh", "fr", "ru", "es"])
def test_the_line_follows_a_new_changeset_in_every_language(store, lang):
    at = app(lang=lang)
    before = store.data_version()
    editor_at = sign_in(app())
    editor_at.switch_page(str(PAGES_DIR / "contribute.py")).run()
    editor_at.selectbox(key="partform_event").set_value("gfmd-2016").run()
    editor_at.selectbox(key="partform_gfmd-2016___new___who").set_value("TUV")
    next(b for b in editor_at.button if b.label == "Save the participant").click().run()
    version = store.data_version()
    assert version != before
    at.switch_page(str(PAGES_DIR / "world_map.py")).run()
    when = store.history(limit=1)[0].time.strftime("%Y-%m-%d %H:%M")
    expected = translator(lang)("Data last changed {time} UTC (changeset {version})")
    assert expected != "Data last changed {time} UTC (changeset {version})"
    captions = [c.value for c in at.sidebar.caption]
    # Regression: a localised dataset's version ("2-fr") showed as "Dataset version 2-fr".
    assert expected.format(time=when, version=version) in captions, captions
