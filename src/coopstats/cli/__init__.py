"""The `coopstats` command: the same core functions as the dashboard, from the shell.

Every command takes --json for machine-readable output. Bad input ends with exit status 2 and
every problem listed (never a traceback); an invalid dataset makes `validate` exit 1.

One module per group of commands: `queries` (validate, events, summary, resolve, todo),
`exports` (export-data, export), `extraction` (extract); the store's commands come from
coopstats.editing and coopstats.editor_commands; `options` holds what they share.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from coopstats import editing, editor_commands
from coopstats.cli import exports, extraction, queries
from coopstats.cli.options import as_json
from coopstats.errors import DataError


def build_parser() -> argparse.ArgumentParser:
    """The coopstats parser with every command."""
    parser = argparse.ArgumentParser(prog="coopstats", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data",
        help="data folder, read-only (default: $COOPSTATS_DATA_DIR, else the store: "
        "$COOPSTATS_DATABASE_URL or the default SQLite file)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    queries.add_parsers(sub)
    exports.add_parsers(sub)
    extraction.add_parser(sub)

    common = argparse.ArgumentParser(add_help=False)
    _add_global(common)
    editing.add_parsers(sub, common)
    editor_commands.add_parser(sub)

    # Global options are accepted after the subcommand too: `coopstats events --data DIR`.
    for p in sub.choices.values():
        if p.get_default("func") is not None:
            _add_global(p)
    return parser


def _add_global(parser: argparse.ArgumentParser) -> None:
    """--json and --data, accepted after any command."""
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument(
        "--data",
        default=argparse.SUPPRESS,
        help="data folder, read-only (default: $COOPSTATS_DATA_DIR, else the store)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "export-data":
        if args.list:
            return exports.list_aggregations()
        if not args.aggregation or not args.output:
            parser.error("export-data needs AGGREGATION and -o FILE (or --list)")
    try:
        return args.func(args)
    except DataError as error:
        if getattr(args, "json", False):
            print(as_json({"error": str(error), "problems": [p.as_dict() for p in error.problems]}))
        else:
            for problem in error.problems:
                print(f"{problem.severity}: {problem.message()}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: {error.strerror or error}: {error.filename or ''}", file=sys.stderr)
        return 2
