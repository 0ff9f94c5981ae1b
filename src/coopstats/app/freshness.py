"""How a page says when its data last changed, and learns that they changed since it was drawn.

Every run reads the store's latest version (app/data_source.py), so a change made on any server
process shows at the next interaction. A page left open is told within seconds by
`stale_notice`, a fragment that asks the store again every few seconds and offers a refresh.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import streamlit as st

from coopstats.dataset import Dataset
from coopstats.store import Store

CHECK_EVERY = timedelta(seconds=4)


@st.cache_data(show_spinner=False, max_entries=64)
def last_change(_store: Store, url: str, version: str) -> tuple[datetime, str]:
    """When the changeset of a version was made, and by whom."""
    changeset = _store.changeset(version)
    return changeset.time, changeset.editor


def last_changed_text(store: Store | None, ds: Dataset, _) -> str:
    """'Data last changed 2026-11-30 09:40 UTC (changeset 58)', or the folder's version."""
    # A dataset localised for a language other than English has a version ending in -LANG.
    changeset = ds.version.split("-")[0]
    if store is None or not changeset.isdigit():
        return _("Dataset version {version}").format(version=ds.version)
    when, _editor = last_change(store, store.url, changeset)
    return _("Data last changed {time} UTC (changeset {version})").format(
        time=when.strftime("%Y-%m-%d %H:%M"), version=changeset
    )


@st.fragment(run_every=CHECK_EVERY)
def stale_notice(store: Store, shown: str, _) -> None:
    """A notice, with a refresh button, once the store holds newer data than `shown`."""
    if store.data_version() == shown:
        return
    st.warning(_("The data changed since this page was drawn."), icon=":material/update:")
    if st.button(_("Refresh"), key="refresh_data"):
        st.rerun(scope="app")
