"""`coopstats editors add|list|remove|reset`: who may sign in to change the data in the browser.

A password is never an argument (it would stay in the shell history and the process list): it
is read from standard input when that is not a terminal (`echo "$PW" | coopstats editors add
ana`), else asked for twice at a prompt.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from coopstats.editing import store_for
from coopstats.errors import DataError, Problem
from coopstats.store import editors


def _store(args: argparse.Namespace):
    return store_for(args, f"editors {args.action}")


def read_password(stdin=None, prompt=getpass.getpass) -> str:
    """The new password: the first line of standard input, or typed twice at a prompt."""
    stdin = stdin or sys.stdin
    if not stdin.isatty():
        return stdin.readline().rstrip("\r\n")
    first = prompt("New password: ")
    if prompt("Same password again: ") != first:
        raise DataError([Problem("the two passwords differ", column="password",
                                 hint="type the same password twice")])  # fmt: skip
    return first


def cmd_editors(args: argparse.Namespace) -> int:
    engine = _store(args).engine
    if args.action == "list":
        rows = editors.names(engine)
        if args.json:
            print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        else:
            for row in rows:
                print(f"{row['name']}\tpassword set {row['password_changed']:%Y-%m-%d %H:%M} UTC"
                      f"\t{row['sessions']} open sessions")  # fmt: skip
            if not rows:
                print("no editors yet: `coopstats editors add NAME`")
        return 0
    if not args.name:
        raise DataError([Problem(f"`coopstats editors {args.action}` needs a NAME",
                                 column="NAME")])  # fmt: skip
    if args.action == "add":
        editors.add(engine, args.name, read_password())
        done = f"editor {args.name} added"
    elif args.action == "reset":
        editors.reset(engine, args.name, read_password())
        done = f"new password set for {args.name}; their sessions are signed out"
    else:
        editors.remove(engine, args.name)
        done = f"editor {args.name} removed; their changesets keep their name"
    print(json.dumps({"done": done}) if args.json else done)
    return 0


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser("editors", help="add, list, remove editors or reset a password")
    p.add_argument("action", choices=["add", "list", "remove", "reset"])
    p.add_argument("name", nargs="?", help="the editor's name (add, remove, reset)")
    p.set_defaults(func=cmd_editors)
    return p
