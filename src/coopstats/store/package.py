"""Writing the store's tables as a data package: the CSV files the loader reads and
datapackage.json, each file written whole or not at all."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from coopstats import schema
from coopstats.files import write_atomically
from coopstats.store import tables


def write_package(frames: dict[str, pd.DataFrame], folder: Path) -> dict[str, list[str]]:
    """Write store frames as a data package (CSV files and datapackage.json); the row keys
    in file order per table (when the frames carry them)."""
    from coopstats.datapackage import descriptor

    keys = {}
    for name, (path, model) in tables.MODELS.items():
        frame = frames[name]
        if "row_key" in frame.columns:
            frame = frame.sort_values("row_key", kind="stable")
            keys[name] = frame["row_key"].tolist()
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, csv_bytes(frame, model))
    text = json.dumps(descriptor(), ensure_ascii=False, indent=2) + "\n"
    write_atomically(folder / "datapackage.json", text.encode("utf-8"))
    return keys


def csv_bytes(frame: pd.DataFrame, model: type) -> bytes:
    """One table as the loader reads it: UTF-8, header row, booleans as true/false."""
    out = frame[schema.columns(model)].copy()
    for column in out.columns:
        kind = tables.kind_of(model, column)
        if kind == "bool":
            out[column] = out[column].map({True: "true", False: "false"})
        elif kind == "int":
            out[column] = [("" if pd.isna(v) else str(int(v))) for v in out[column]]
        elif kind == "float":
            out[column] = [("" if pd.isna(v) else repr(float(v))) for v in out[column]]
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8")
