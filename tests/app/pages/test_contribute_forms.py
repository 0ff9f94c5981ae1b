"""The Contribute page's forms through AppTest: figures, events and named participants added and
edited, retractions, and an import that creates its event; checked against the store."""

from __future__ import annotations

import pandas as pd
import pytest

from coopstats.dataset import load_dataset
from coopstats.settings import Settings
from coopstats.store import Draft

from .test_contribute import REGISTRATIONS, button, editor_app, xlsx

EVENT = "gfmd-2016"


def saved(at) -> str:
    """The changeset id the page reported, failing with the page's errors when none."""
    assert not at.exception, [e.value for e in at.exception]
    done = [s.value for s in at.success if "Saved as changeset" in s.value]
    assert done, [e.value for e in at.error]
    return done[-1].split("changeset ")[1].split(" ")[0]


def errors(at) -> list[str]:
    return [e.value.replace("\\", "") for e in at.error]


def shown_data(table: str) -> pd.DataFrame:
    """A table of the dataset the dashboard reads (the store, latest changeset)."""
    return getattr(load_dataset(settings=Settings.from_env()).tables, table)


def new_figure(at, url: str = "https://example.org/gfmd-2016-report"):
    """Fill the figure form for a new figure of EVENT, with a new source."""
    at.selectbox(key="figureform_event").set_value(EVENT).run()
    key = "figureform___new__"
    at.selectbox(key=f"{key}_source").set_value("__new__").run()
    at.text_input(key=f"{key}_newsource_url").input(url)
    at.text_input(key=f"{key}_newsource_stitle").input("GFMD 2016 chair's report")
    at.text_input(key=f"{key}_newsource_publisher").input("GFMD")
    at.selectbox(key=f"{key}_metric").set_value("countries")
    at.number_input(key=f"{key}_value").set_value(128)
    at.selectbox(key=f"{key}_qualifier").set_value("more_than")
    at.selectbox(key=f"{key}_status").set_value("reported")
    at.text_area(key=f"{key}_quote").input("delegates from more than 128 <b>countries</b>")
    return at


def test_a_figure_is_added_with_its_source_url_and_words(store):
    at = new_figure(editor_app())
    at = button(at, "Save the figure").click().run()
    changeset = saved(at)
    latest = store.history(limit=1)[0]
    assert (latest.id, latest.editor, latest.kind) == (changeset, "ana", "add")
    figures = shown_data("figures")
    row = figures[(figures["event_id"] == EVENT) & (figures["value"] == 128)].iloc[0]
    assert (row["metric"], row["qualifier"], row["status"]) == (
        "countries",
        "more_than",
        "reported",
    )
    # The source's own words are kept as typed (markup included), never interpreted.
    assert row["quote"] == "delegates from more than 128 <b>countries</b>"
    source = shown_data("sources").set_index("source_id").loc[row["source_id"]]
    assert source["url"] == "https://example.org/gfmd-2016-report"
    assert source["title"] == "GFMD 2016 chair's report"
    assert latest.source_id == row["source_id"]


def test_a_bad_figure_shows_four_part_errors_inline_and_saves_nothing(store):
    before = store.data_version()
    at = new_figure(editor_app(), url="example.org/no-scheme")
    at.text_input(key="figureform___new___newsource_language").input("English")
    at = button(at, "Save the figure").click().run()
    assert not at.exception, [e.value for e in at.exception]
    shown = errors(at)
    assert any("Nothing was saved" in e for e in shown)
    url = next(e for e in shown if "column url" in e)
    language = next(e for e in shown if "column language" in e)
    for message in (url, language):
        # What failed, where (store table and row), expected against found, and a hint.
        assert "sources row" in message and "got " in message and "expected" in message, message
    assert "'example.org/no-scheme'" in url and "'English'" in language
    assert store.data_version() == before
    at.text_input(key="figureform___new___newsource_url").input("https://example.org/r")
    at.text_input(key="figureform___new___newsource_language").input("en")
    at = button(at, "Save the figure").click().run()
    saved(at)
    assert store.data_version() != before


def test_editing_a_figure_shows_its_values_and_changes_only_what_was_changed(store):
    figures = store.load_tables().figures
    figure = figures[figures["quote"].notna()].iloc[0]
    at = editor_app()
    at.selectbox(key="figureform_event").set_value(figure["event_id"]).run()
    at.selectbox(key="figureform_pick").set_value(figure["figure_id"]).run()
    key = f"figureform_{figure['figure_id']}"
    # The form shows the chosen figure, not the values of the last one shown.
    assert at.number_input(key=f"{key}_value").value == figure["value"]
    assert at.selectbox(key=f"{key}_metric").value == figure["metric"]
    assert at.selectbox(key=f"{key}_source").value == figure["source_id"]
    assert at.text_area(key=f"{key}_quote").value == figure["quote"]
    at.number_input(key=f"{key}_value").set_value(int(figure["value"]) + 7)
    at = button(at, "Save the figure").click().run()
    changeset = saved(at)
    assert store.history(limit=1)[0].kind == "edit"
    after = store.load_tables().figures.set_index("figure_id")
    assert after.loc[figure["figure_id"], "value"] == figure["value"] + 7
    changes = store.changes_of(changeset)
    assert [(c.table, c.action) for c in changes] == [("figures", "update")]
    differs = {k for k in changes[0].after if changes[0].after[k] != changes[0].before[k]}
    assert differs == {"value"}


def test_an_existing_event_is_edited(store):
    at = editor_app()
    at.selectbox(key="eventform_pick").set_value(EVENT).run()
    key = f"eventform_{EVENT}"
    assert at.text_input(key=f"{key}_title").value == "9th GFMD Summit"
    assert at.text_input(key=f"{key}_city").value == "Dhaka"
    assert at.text_input(key=f"{key}_start").value == "2016-12-10"
    at.text_input(key=f"{key}_city").input("Dhaka (Bangabandhu Centre)")
    at = button(at, "Save the event").click().run()
    changeset = saved(at)
    latest = store.history(limit=1)[0]
    assert (latest.editor, latest.kind) == ("ana", "edit")
    event = shown_data("events").set_index("event_id").loc[EVENT]
    assert event["city"] == "Dhaka (Bangabandhu Centre)"
    assert event["title"] == "9th GFMD Summit" and event["start_date"] == "2016-12-10"
    changes = store.changes_of(changeset)
    assert [(c.table, c.key, c.action) for c in changes] == [("events", f'["{EVENT}"]', "update")]


def test_an_event_edit_with_a_bad_date_is_refused_inline(store):
    before = store.data_version()
    at = editor_app()
    at.selectbox(key="eventform_pick").set_value(EVENT).run()
    at.text_input(key=f"eventform_{EVENT}_end").input("12/12/2016")
    at = button(at, "Save the event").click().run()
    assert any("end_date" in e and "expected" in e for e in errors(at)), errors(at)
    assert store.data_version() == before


def test_a_named_participant_is_added_then_edited_with_role_and_mode(store):
    at = editor_app()
    at.selectbox(key="partform_event").set_value(EVENT).run()
    key = f"partform_{EVENT}___new__"
    at.selectbox(key=f"{key}_who").set_value("TUV")
    at.selectbox(key=f"{key}_role").set_value("observer")
    at.selectbox(key=f"{key}_mode").set_value("video")
    at = button(at, "Save the participant").click().run()
    saved(at)
    assert store.history(limit=1)[0].kind == "add"
    rows = shown_data("participations")
    row = rows[(rows["event_id"] == EVENT) & (rows["participant_id"] == "TUV")]
    assert row[["role", "mode", "status"]].values.tolist() == [["observer", "video", "attended"]]

    # The page was drawn again after the save: the new row is there to pick at once.
    at.selectbox(key="partform_pick").set_value("TUV|observer").run()
    key = f"partform_{EVENT}_TUV|observer"
    assert at.selectbox(key=f"{key}_mode").value == "video"
    # Participant and role are the row's key: shown, not changeable in an edit.
    assert at.selectbox(key=f"{key}_who").disabled and at.selectbox(key=f"{key}_role").disabled
    at.selectbox(key=f"{key}_mode").set_value("in_person")
    at.text_area(key=f"{key}_notes").input("Named in the chair's summary.")
    at = button(at, "Save the participant").click().run()
    changeset = saved(at)
    assert store.history(limit=1)[0].kind == "edit"
    rows = shown_data("participations")
    row = rows[(rows["event_id"] == EVENT) & (rows["participant_id"] == "TUV")]
    assert row[["role", "mode", "notes"]].values.tolist() == [
        ["observer", "in_person", "Named in the chair's summary."]
    ]
    assert [c.action for c in store.changes_of(changeset)] == ["update"]


def test_editing_a_listed_participant_keeps_its_count_of_delegates(store):
    # As an attendance list leaves it: a count of delegates.
    source = store.load_tables().sources["source_id"].iloc[0]
    draft = Draft()
    draft.put("participations", {"event_id": EVENT, "iso3": "TUV", "org_id": None,
                                 "role": "participant", "mode": "unknown", "delegation_of": None,
                                 "source_id": source, "notes": None, "delegates": 3,
                                 "status": "attended"})  # fmt: skip
    store.commit(draft, editor="ana", summary="a registration list", kind="import")
    rows = store.load_tables().participations
    listed = rows[rows["delegates"].notna()].iloc[0]
    at = editor_app()
    at.selectbox(key="partform_event").set_value(listed["event_id"]).run()
    chosen = f"{listed['participant_id']}|{listed['role']}"
    at.selectbox(key="partform_pick").set_value(chosen).run()
    key = f"partform_{listed['event_id']}_{chosen}"
    at.text_area(key=f"{key}_notes").input("checked")
    at = button(at, "Save the participant").click().run()
    saved(at)
    after = store.load_tables().participations
    row = after[
        (after["event_id"] == listed["event_id"])
        & (after["participant_id"] == listed["participant_id"])
        & (after["role"] == listed["role"])
    ].iloc[0]
    assert row["delegates"] == listed["delegates"] and row["status"] == listed["status"]


def retract(at, kind: str, event_id: str, which: str | None, reason: str):
    at.radio(key="retract_kind").set_value(kind).run()
    at.selectbox(key="retract_event").set_value(event_id).run()
    if which is not None:
        at.selectbox(key="retract_which").set_value(which)
    at.text_input(key="retract_reason").input(reason)
    return button(at, "Retract").click().run()


@pytest.mark.parametrize("kind", ["figures", "participations", "events"])
def test_a_retraction_leaves_the_dashboard_and_stays_in_the_history(store, kind):
    tables = store.load_tables()
    event = "gfmd-2007"
    if kind == "figures":
        which = tables.figures.query("event_id == @event")["figure_id"].iloc[0]
        gone = [("figures", "figure_id", which)]
    elif kind == "participations":
        row = tables.participations.query("event_id == @event").iloc[0]
        which = f"{row['participant_id']}|{row['role']}"
        gone = [("participations", "participant_id", row["participant_id"])]
    else:
        which = event
        gone = [("events", "event_id", event), ("figures", "event_id", event),
                ("participations", "event_id", event)]  # fmt: skip
    counts = {t: len(getattr(tables, t)) for t in ("events", "figures", "participations")}
    at = retract(editor_app(), kind, event, which, "a <i>duplicate</i> of another row")
    changeset = saved(at)
    latest = store.history(limit=1)[0]
    assert (latest.id, latest.editor, latest.kind) == (changeset, "ana", "retract")
    assert latest.summary.endswith(": a <i>duplicate</i> of another row")
    for table, column, value in gone:
        rows = shown_data(table)
        if table == "participations" and kind == "participations":
            rows = rows[rows["event_id"] == event]
        assert value not in set(rows[column]), (table, value)
    removed = store.changes_of(changeset)
    assert removed and all(c.action == "delete" and c.before for c in removed)
    after = {t: len(shown_data(t)) for t in counts}
    assert sum(counts.values()) - sum(after.values()) == len(removed)
    # The History page shows what was retracted, cell by cell.
    history = editor_app("history.py")
    history.selectbox(key="history_changeset").set_value(changeset).run()
    diff = next(d.value for d in history.dataframe if "action" in d.value.columns)
    assert set(diff["action"]) == {"delete"} and set(diff["table"]) == {c.table for c in removed}


def test_a_retraction_without_a_reason_saves_nothing(store):
    before = store.data_version()
    figure = store.load_tables().figures.query("event_id == 'gfmd-2007'")["figure_id"].iloc[0]
    at = retract(editor_app(), "figures", "gfmd-2007", figure, "  ")
    assert any("Give a reason" in e for e in errors(at))
    assert store.data_version() == before


def test_an_import_creates_its_event_in_the_same_changeset(store):
    at = editor_app()
    at.file_uploader(key="import_file_0").set_value(
        ("list.xlsx", xlsx(REGISTRATIONS), "application/octet-stream")
    ).run()
    next(s for s in at.selectbox if s.key and s.key.startswith("resolve_")).set_value("FRA")
    at.selectbox(key="import_event").set_value("__new__").run()
    key = "import_newevent"
    at.selectbox(key=f"{key}_series").set_value("gfmd")
    at.number_input(key=f"{key}_number").set_value(17)
    at.text_input(key=f"{key}_title").input("17th GFMD Summit")
    at.text_input(key=f"{key}_start").input("2026-10")
    at.selectbox(key=f"{key}_precision").set_value("month")
    at.text_input(key=f"{key}_city").input("Geneva")
    at.selectbox(key=f"{key}_host").set_value("CHE")
    at = at.run()
    at = button(at, "Commit the import").click().run()
    changeset = saved(at)
    latest = store.history(limit=1)[0]
    assert (latest.id, latest.kind, latest.editor) == (changeset, "import", "ana")
    changes = store.changes_of(changeset)
    assert sorted({c.table for c in changes}) == ["events", "participations"]
    assert all(c.action == "insert" for c in changes)
    event_id = next(c.after["event_id"] for c in changes if c.table == "events")
    assert event_id.startswith("gfmd-2026")
    event = shown_data("events").set_index("event_id").loc[event_id]
    assert (event["title"], event["city"], event["host_iso3"]) == (
        "17th GFMD Summit",
        "Geneva",
        "CHE",
    )
    named = shown_data("participations").query("event_id == @event_id")
    assert set(named["participant_id"]) == {"TUV", "BTN", "FRA"}
    assert {c.after["event_id"] for c in changes if c.table == "participations"} == {event_id}


def register(store, event_id: str, iso3: str = "TUV") -> None:
    """A participant as a registration list leaves it: registered, not attendance."""
    source = store.load_tables().sources["source_id"].iloc[0]
    draft = Draft()
    draft.put("participations", {"event_id": event_id, "iso3": iso3, "org_id": None,
                                 "role": "participant", "mode": "unknown", "delegation_of": None,
                                 "source_id": source, "notes": None, "delegates": 2,
                                 "status": "registered"})  # fmt: skip
    store.commit(draft, editor="ana", summary="a registration list", kind="import")


def test_a_registered_participant_can_be_retracted(store):
    register(store, "gfmd-2007")
    assert "TUV" in set(shown_data("registrations").query("event_id == 'gfmd-2007'")["iso3"])
    at = retract(editor_app(), "participations", "gfmd-2007", "TUV|participant", "a test entry")
    changeset = saved(at)
    assert "TUV" not in set(shown_data("registrations").query("event_id == 'gfmd-2007'")["iso3"])
    [change] = store.changes_of(changeset)
    assert change.action == "delete" and change.before["status"] == "registered"


def test_retracting_an_event_takes_its_registrations_with_it(store):
    # Regression: the registered rows were left behind, pointing at no event, and the whole
    # retraction was refused with a message about rows the editor could not see.
    register(store, "gfmd-2007")
    at = retract(editor_app(), "events", "gfmd-2007", "gfmd-2007", "not an edition")
    changeset = saved(at)
    assert "gfmd-2007" not in set(shown_data("registrations")["event_id"])
    gone = {(c.table, (c.before or {}).get("status")) for c in store.changes_of(changeset)}
    assert ("participations", "registered") in gone and ("events", None) in gone
