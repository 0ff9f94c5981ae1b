"""Which data a page shows: a CSV folder, or the store now, or as of a frozen link's changeset.

In the store, a frozen link's `v=` is a changeset id: the page opens the data as they were
right after it and says what changed since. The dataset is cached per process by (source,
version), so a write anywhere shows on the next interaction in every server process.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from coopstats.app.text import plain
from coopstats.charts import links
from coopstats.dataset import Dataset, load_dataset
from coopstats.settings import Settings
from coopstats.store import Changeset, Store, select


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    """The store, created, migrated and seeded on the first use in this process."""
    return Store.open(url)


def store(settings: Settings) -> Store | None:
    """The writable store the dashboard reads (for editors' pages); None in the CSV mode."""
    source = select(settings)
    return None if source.folder is not None else _store(source.url)


@st.cache_resource(show_spinner=False, max_entries=4)
def store_dataset(url: str, version: str, settings: Settings) -> Dataset:
    """The store's dataset as of changeset `version`, loaded once per process and version."""
    return load_dataset(settings=replace(settings, database_url=url), as_of=version)


@st.cache_resource(show_spinner=False, max_entries=8)
def localised_store_dataset(url: str, version: str, lang: str, settings: Settings) -> Dataset:
    """The store's dataset as of `version` with its data names in `lang`, made once."""
    return store_dataset(url, version, settings).localised(lang)


def dataset(settings: Settings, lang: str, folder_dataset) -> Dataset:
    """The dataset to show in `lang`; `folder_dataset(path, lang)` loads (and caches) a folder's."""
    source = select(settings)
    if source.folder is not None:
        return folder_dataset(str(source.folder), lang)
    store = _store(source.url)
    latest = store.data_version()
    requested = st.query_params.get(links.VERSION_PARAM, "").split("-")[0]
    version = requested if requested.isdigit() and 0 < int(requested) < int(latest) else latest
    return localised_store_dataset(source.url, version, lang, settings)


def warm(settings: Settings, folder_dataset) -> Dataset:
    """Load the selected data into the caches the pages read, outside any session (warm-up);
    returns the dataset loaded."""
    source = select(settings)
    if source.folder is not None:
        return folder_dataset(str(source.folder))
    return store_dataset(source.url, _store(source.url).data_version(), settings)


def since(settings: Settings, ds: Dataset) -> list[Changeset]:
    """The changesets after the one the dataset shows (newest first); none in the CSV mode."""
    source = select(settings)
    changeset = ds.version.split("-")[0]  # a localised dataset's version ends in -LANG
    if source.folder is not None or not changeset.isdigit():
        return []
    return _store(source.url).changed_since(changeset)


def frozen_notice(settings: Settings, ds: Dataset, _) -> None:
    """When a frozen link shows older data: say so, and list what changed since."""
    later = since(settings, ds)
    if not later:
        return
    lines = [
        _(
            "You are looking at the data as of changeset {version}, as this link was frozen. "
            "{count} changesets have changed them since:"
        ).format(version=ds.version.split("-")[0], count=len(later))
    ]
    for change in later[:10]:
        lines.append(f"- {change.id} · {change.time:%Y-%m-%d %H:%M} · {plain(change.editor)} · "
                     f"{plain(change.summary)}")  # fmt: skip
    if len(later) > 10:
        lines.append(_("and {count} more").format(count=len(later) - 10))
    st.info("\n".join(lines), icon=":material/history:")
