"""`coopstats editors add|list|remove|reset`: passwords from standard input or a prompt."""

from __future__ import annotations

import io
import json

import argon2
import pytest

from coopstats import cli, editor_commands
from coopstats.errors import DataError
from coopstats.store import Store, editors


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("COOPSTATS_HOME", str(tmp_path))
    monkeypatch.delenv("COOPSTATS_DATA_DIR", raising=False)
    monkeypatch.delenv("COOPSTATS_DATABASE_URL", raising=False)
    monkeypatch.setattr(editors, "_hasher", argon2.PasswordHasher(time_cost=1, memory_cost=64,
                                                                  parallelism=1))  # fmt: skip
    return tmp_path


def run(monkeypatch, capsys, argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_add_list_reset_remove(home, monkeypatch, capsys):
    code, out, _ = run(monkeypatch, capsys, ["editors", "add", "ana"], "a long enough secret\n")
    assert code == 0 and "editor ana added" in out
    engine = Store.open(seed_from=None).engine
    assert editors.sign_in(engine, "ana", "a long enough secret").ok
    code, out, _ = run(monkeypatch, capsys, ["editors", "list", "--json"])
    listed = json.loads(out)
    assert [e["name"] for e in listed] == ["ana"] and listed[0]["sessions"] == 1
    code, out, _ = run(monkeypatch, capsys, ["editors", "reset", "ana"], "another long secret\n")
    assert code == 0 and "signed out" in out
    assert editors.names(engine)[0]["sessions"] == 0
    assert editors.sign_in(engine, "ana", "another long secret").ok
    code, out, _ = run(monkeypatch, capsys, ["editors", "remove", "ana"])
    assert code == 0 and editors.names(engine) == []


def test_refusals_exit_2_with_a_message(home, monkeypatch, capsys):
    code, _, err = run(monkeypatch, capsys, ["editors", "add", "ana"], "short\n")
    assert code == 2 and "at least 10 characters" in err
    code, _, err = run(monkeypatch, capsys, ["editors", "remove", "nobody"])
    assert code == 2 and "no such editor" in err
    code, _, err = run(monkeypatch, capsys, ["editors", "add"])
    assert code == 2 and "needs a NAME" in err


def test_a_terminal_asks_twice(monkeypatch):
    answers = iter(["same secret 123", "same secret 123"])
    assert editor_commands.read_password(Terminal(), lambda _: next(answers)) == "same secret 123"
    answers = iter(["one secret 1234", "another secret"])
    with pytest.raises(DataError, match="differ"):
        editor_commands.read_password(Terminal(), lambda _: next(answers))
