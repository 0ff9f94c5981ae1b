"""The write side of the `coopstats` command: db init/dump/upgrade, history, undo.

Write commands take `--editor NAME` (default: COOPSTATS_EDITOR, then the operating-system
user) and refuse in the read-only CSV mode (`--data DIR` / COOPSTATS_DATA_DIR).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from coopstats.errors import DataError, Problem
from coopstats.settings import BUNDLED_DATA_DIR, Settings
from coopstats.store import Store, default_editor, select, writable
from coopstats.store import migrate as store_migrate
from coopstats.store.location import safe_url


def _json(payload: object) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str)


def store_for(args: argparse.Namespace, command: str, *, seed: bool = True) -> Store:
    """The selected store for a command; a DataError in the CSV mode."""
    settings = Settings.from_env()
    url = writable(select(settings, getattr(args, "data", None)), command)
    return Store.open(url, seed_from=BUNDLED_DATA_DIR if seed else None)


def editor_of(args: argparse.Namespace) -> str:
    return default_editor(getattr(args, "editor", None), Settings.from_env().editor)


def cmd_db_init(args: argparse.Namespace) -> int:
    folder = Path(args.from_dir).expanduser().resolve() if args.from_dir else BUNDLED_DATA_DIR
    store = store_for(args, "db init", seed=False)
    made = None
    if store_migrate.is_empty(store.engine):
        made = store_migrate.seed(store.engine, folder, editor=editor_of(args))
    rows = sum(len(v) for v in store_migrate.read_frames(store.engine).values())
    payload = {"store": safe_url(store.url), "revision": store_migrate.revision(store.engine),
               "loaded_from": str(folder) if made else None,
               "changeset": made.id if made else None, "rows": rows}  # fmt: skip
    if args.json:
        print(_json(payload))
    elif made:
        print(f"created {payload['store']} and loaded {folder} as changeset {made.id} "
              f"({made.changes} rows)")  # fmt: skip
    else:
        print(f"{payload['store']} is migrated to {payload['revision']}; it already holds data "
              f"({rows} rows), so nothing was loaded")  # fmt: skip
    return 0


def cmd_db_dump(args: argparse.Namespace) -> int:
    store = store_for(args, "db dump")
    folder = Path(args.directory).expanduser().resolve()
    if folder.exists() and any(folder.iterdir()) and not args.force:
        raise DataError([Problem(
            "the folder is not empty", value=str(folder), expected="a new or empty folder",
            hint="give another folder, or --force to overwrite the files of a data package there",
        )])  # fmt: skip
    counts = store_migrate.dump(store.engine, folder)
    version = store.data_version()
    if args.json:
        print(_json({"directory": str(folder), "changeset": version, "rows": counts}))
    else:
        print(f"wrote {sum(counts.values())} rows as of changeset {version} to {folder} "
              f"(check it with `coopstats validate {folder}`)")  # fmt: skip
    return 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    url = writable(select(settings, getattr(args, "data", None)), "db upgrade")
    store = Store(url)
    before = store_migrate.revision(store.engine)
    store_migrate.migrate(store.engine)
    folder = Path(args.from_dir).expanduser().resolve() if args.from_dir else BUNDLED_DATA_DIR
    if store_migrate.is_empty(store.engine):
        made = store_migrate.seed(store.engine, folder, editor=editor_of(args))
        result = store_migrate.Upgrade(made, made.changes if made else 0, [], "")
    else:
        result = store_migrate.upgrade_data(store.engine, folder, editor=editor_of(args),
                                            dry_run=args.dry_run)  # fmt: skip
    payload = {
        "revision": {"before": before, "after": store_migrate.revision(store.engine)},
        "changeset": result.changeset.id if result.changeset else None,
        "applied": result.applied,
        "conflicts": [c.as_dict() for c in result.conflicts],
    }
    if args.json:
        print(_json(payload))
        return 0
    print(f"schema: {before or 'new'} -> {payload['revision']['after']}")
    if result.changeset:
        print(f"applied {result.applied} corrections from {folder} as changeset "
              f"{result.changeset.id}")  # fmt: skip
    elif args.dry_run:
        print(f"would apply {result.applied} corrections from {folder} (dry run: nothing written)")
    else:
        print(f"no corrections to apply from {folder}")
    if result.conflicts:
        print(f"{len(result.conflicts)} conflicts: the local edit was kept for each")
        for conflict in result.conflicts:
            print(f"  {conflict.describe()}")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    store = store_for(args, "history")
    changes = store.history(limit=args.limit)
    if args.json:
        keys = ("id", "time", "editor", "summary", "source_id", "changes")
        print(_json([{k: c.as_dict()[k] for k in keys} for c in changes]))
        return 0
    for c in changes:
        source = f" [source {c.source_id}]" if c.source_id else ""
        print(f"{c.id}\t{c.time.isoformat(timespec='seconds')}\t{c.editor}\t{c.changes} rows\t"
              f"{c.summary}{source}")  # fmt: skip
    if not changes:
        print("no changesets")
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    store = store_for(args, "undo")
    made = store.undo(args.changeset_id, editor=editor_of(args))
    if args.json:
        print(_json(made.as_dict()))
    else:
        print(f"undid changeset {args.changeset_id} as changeset {made.id} ({made.changes} rows)")
    return 0


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """The db, history and undo commands; `common` holds the global options (--data, --json)
    that the nested db commands take too (cli.py adds them to the others)."""
    editor = argparse.ArgumentParser(add_help=False)
    editor.add_argument("--editor", help="name recorded on the changeset "
                        "(default: $COOPSTATS_EDITOR, then the operating-system user)")  # fmt: skip

    db = sub.add_parser("db", help="create, dump or upgrade the store")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    p = db_sub.add_parser("init", parents=[common, editor],
                          help="create or migrate the store; load data/ (or DIR) into an empty one")  # fmt: skip
    p.add_argument("--from", dest="from_dir", help="data package folder (default: bundled data/)")
    p.set_defaults(func=cmd_db_init)
    p = db_sub.add_parser("dump", parents=[common],
                          help="write the store as a data package (CSV and datapackage.json)")  # fmt: skip
    p.add_argument("directory")
    p.add_argument("--force", action="store_true", help="write into a folder that is not empty")
    p.set_defaults(func=cmd_db_dump)
    p = db_sub.add_parser("upgrade", parents=[common, editor],
                          help="apply migrations, then the bundled data's corrections")  # fmt: skip
    p.add_argument("--from", dest="from_dir", help="data package folder (default: bundled data/)")
    p.add_argument("--dry-run", action="store_true", help="list what would change; write nothing")
    p.set_defaults(func=cmd_db_upgrade)

    p = sub.add_parser("history", help="changesets, newest first")
    p.add_argument("--limit", type=int, help="show only the newest N")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("undo", parents=[editor], help="revert a changeset, as a new one")
    p.add_argument("changeset_id", metavar="ID")
    p.set_defaults(func=cmd_undo)
