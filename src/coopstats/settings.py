"""Settings, declared once as a table of name, default and help, built once and passed explicitly."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# The bundled dataset sits at the top of the repository (src/coopstats -> ../../data).
BUNDLED_DATA_DIR = PACKAGE_DIR.parent.parent / "data"
STATIC_DIR = PACKAGE_DIR.parent.parent / "static"


@dataclass(frozen=True)
class Settings:
    """Runtime settings; each field reads the environment variable COOPSTATS_<NAME>."""

    data_dir: Path = BUNDLED_DATA_DIR
    static_dir: Path = STATIC_DIR
    default_language: str = "en"
    home: Path | None = None
    database_url: str = ""
    editor: str = ""
    # Not read from the environment: whether COOPSTATS_DATA_DIR was set (the read-only CSV mode).
    data_dir_given: bool = field(default=False, metadata={"env": False})
    review: str = "off"
    public_url: str = ""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = environ.get(f"COOPSTATS_{f.name.upper()}")
            if raw is None or raw == "" or f.metadata.get("env") is False:
                continue
            is_path = f.type in ("Path", "Path | None")
            values[f.name] = Path(raw).expanduser().resolve() if is_path else raw
        values["data_dir_given"] = "data_dir" in values
        return cls(**values)  # type: ignore[arg-type]


SETTINGS_HELP: dict[str, str] = {
    "data_dir": "Folder holding the dataset tables (series.csv, events.csv, ...). Default: the bundled data/.",
    "static_dir": "Folder served by Streamlit at app/static (map geometry). Default: the repository's static/.",
    "default_language": "Interface language when none is chosen: en, ar, zh, fr, ru or es.",
    "home": "Folder of the default SQLite store (coopstats.sqlite). Default: the user's data "
    "directory (~/.local/share/coopstats on Linux).",
    "database_url": "Store URL, e.g. postgresql+psycopg://user@host/db. Default: the SQLite "
    "file in COOPSTATS_HOME. Ignored when COOPSTATS_DATA_DIR is set.",
    "editor": "Name recorded on changesets when --editor is not given. Default: the "
    "operating-system user.",
    "review": "`required`: an editor's change waits, invisible to viewers, until another editor "
    "approves it on the History page. Default: off.",
    "public_url": "The dashboard's public address (https://stats.example.org), the base of every "
    "permalink an export prints. Without it the app uses the address the browser shows; "
    "the command line says how to open the view instead.",
}
