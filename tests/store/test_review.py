"""Second-editor review: a waiting change is invisible until another editor approves it."""

from __future__ import annotations

import pytest

from coopstats.errors import DataError
from coopstats.store import Draft, Store
from coopstats.store import review as reviews


@pytest.fixture
def store(store_url):
    return Store.open(store_url)


def draft_for(store: Store) -> Draft:
    tables = store.load_tables()
    event = tables.events["event_id"].iloc[0]
    source = tables.sources["source_id"].iloc[0]
    named = set(
        tables.participations.loc[tables.participations["event_id"] == event, "iso3"].dropna()
    )
    iso3 = next(c for c in tables.countries["iso3"] if c not in named)
    draft = Draft()
    draft.put("participations", {"event_id": event, "iso3": iso3, "role": "participant",
                                 "mode": "in_person", "source_id": source})  # fmt: skip
    return draft


def test_a_waiting_change_writes_nothing_until_another_editor_approves(store):
    before = store.data_version()
    pending = reviews.submit(store.engine, draft_for(store), editor="ana", summary="add one",
                             source_id=None, kind="add")  # fmt: skip
    assert store.data_version() == before
    assert [p.id for p in reviews.waiting(store.engine)] == [pending]
    with pytest.raises(DataError, match="cannot review their own change"):
        reviews.approve(store.engine, pending, reviewer="ana")
    made = reviews.approve(store.engine, pending, reviewer="bo")
    assert made.editor == "ana" and made.summary == "add one (approved by bo)"
    assert store.data_version() == made.id
    assert reviews.waiting(store.engine) == []
    with pytest.raises(DataError, match="no change waits"):
        reviews.approve(store.engine, pending, reviewer="bo")


def test_a_rejection_needs_a_reason_and_writes_nothing(store):
    before = store.data_version()
    pending = reviews.submit(store.engine, draft_for(store), editor="ana", summary="add one",
                             source_id=None, kind="add")  # fmt: skip
    with pytest.raises(DataError, match="needs a reason"):
        reviews.reject(store.engine, pending, reviewer="bo", reason=" ")
    reviews.reject(store.engine, pending, reviewer="bo", reason="wrong event")
    assert reviews.waiting(store.engine) == []
    assert store.data_version() == before
