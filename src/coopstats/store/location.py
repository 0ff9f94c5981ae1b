"""Where the data come from: a read-only CSV folder, PostgreSQL, or the default SQLite file.

Precedence (highest first):

1. `--data DIR` or `COOPSTATS_DATA_DIR`: the CSV folder, read-only (write commands refuse);
2. `COOPSTATS_DATABASE_URL` (`postgresql+psycopg://user@host/db`, or any `sqlite:///` URL);
3. the SQLite file `coopstats.sqlite` in `COOPSTATS_HOME`, by default the user's data
   directory (`~/.local/share/coopstats` on Linux), created on first use.

Paths never resolve from the current directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from coopstats.errors import DataError, Problem
from coopstats.settings import Settings

STORE_FILE = "coopstats.sqlite"


@dataclass(frozen=True)
class DataSource:
    """The selected source: `folder` for the CSV mode, else `url` of the store."""

    folder: Path | None = None
    url: str | None = None

    @property
    def writable(self) -> bool:
        return self.url is not None

    def describe(self) -> str:
        if self.folder is not None:
            return f"the CSV folder {self.folder} (read-only)"
        return f"the store {safe_url(self.url or '')}"


def home(settings: Settings) -> Path:
    """The folder of the default SQLite store: COOPSTATS_HOME, else the user's data directory."""
    if settings.home is not None:
        return settings.home
    return Path(platformdirs.user_data_dir("coopstats", appauthor=False))


def default_url(settings: Settings) -> str:
    return f"sqlite:///{home(settings) / STORE_FILE}"


def select(settings: Settings, data: str | os.PathLike | None = None) -> DataSource:
    """The data source by precedence: `data` (or COOPSTATS_DATA_DIR), then the URL, then SQLite."""
    if data is not None:
        return DataSource(folder=Path(data).expanduser().resolve())
    if settings.data_dir_given:
        return DataSource(folder=settings.data_dir)
    if settings.database_url:
        return DataSource(url=settings.database_url)
    return DataSource(url=default_url(settings))


def writable(source: DataSource, command: str) -> str:
    """The store URL for a write command; a DataError when the source is a CSV folder."""
    if source.url is None:
        raise DataError([Problem(
            f"`coopstats {command}` needs the store, but the data come from a CSV folder "
            "(the read-only mode)",
            column="--data / COOPSTATS_DATA_DIR", value=str(source.folder),
            hint="leave out --data and unset COOPSTATS_DATA_DIR to write to the store "
                 "(COOPSTATS_DATABASE_URL or the default SQLite file); to bring a folder into "
                 "the store, run `coopstats db init --from DIR`",
        )])  # fmt: skip
    return source.url


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is shown as given: it holds no parsed password
        return url
