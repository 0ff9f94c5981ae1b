"""Files written whole or not at all (coopstats.files)."""

from __future__ import annotations

import os

import pytest

from coopstats.files import write_atomically


def test_a_file_is_replaced_whole(tmp_path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")
    write_atomically(target, b"new,data\n")
    assert target.read_bytes() == b"new,data\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")

    def broken_replace(source, destination) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
