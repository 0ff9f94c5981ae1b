"""Loading a Dataset from the selected source: a data folder, else the store."""

from __future__ import annotations

from pathlib import Path

from coopstats.countries import CountryIndex
from coopstats.dataset.queries import Dataset
from coopstats.load import dataset_version, load_tables
from coopstats.organisations import OrganisationIndex
from coopstats.settings import Settings
from coopstats.store import Store, select


def load_dataset(
    path: str | Path | None = None,
    settings: Settings | None = None,
    *,
    as_of: str | None = None,
) -> Dataset:
    """Load and index the selected data: a folder, else the store (see coopstats.store).

    A `path` (or COOPSTATS_DATA_DIR) is a data folder, read and validated (DataError listing
    every problem when it is not valid); its version is a content hash. Otherwise the store
    (COOPSTATS_DATABASE_URL, else the default SQLite file, created and seeded from the bundled
    data on first use) is read, as of changeset `as_of` when given; its version is the id of
    the changeset it shows.
    """
    settings = settings or Settings.from_env()
    source = select(settings, path)
    if source.folder is not None:
        tables = load_tables(source.folder)
        version = dataset_version(source.folder)
        changed = ""
    else:
        store = Store.open(source.url, settings=settings)
        latest = store.data_version()
        if as_of is not None and as_of != latest:
            store.changeset(as_of)  # a DataError naming the latest when there is none
        tables = store.load_tables(as_of=None if as_of in (None, latest) else as_of)
        version = as_of or latest
        changed = "" if version == "0" else changed_at(store, version)
    return Dataset(
        tables=tables,
        countries=CountryIndex.build(tables.countries, tables.country_aliases),
        organisations=OrganisationIndex.build(tables.organisations),
        version=version,
        changed=changed,
    )


def changed_at(store: Store, version: str) -> str:
    """When changeset `version` was made, as exports print it: "2026-11-30 09:40 UTC"."""
    return store.changeset(version).time.strftime("%Y-%m-%d %H:%M UTC")
