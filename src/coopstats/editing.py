"""The write side of the `coopstats` command: db init/dump/upgrade, history, undo.

Write commands take `--editor NAME` (default: COOPSTATS_EDITOR, then the operating-system
user) and refuse in the read-only CSV mode (`--data DIR` / COOPSTATS_DATA_DIR).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from coopstats.errors import DataError, Problem
from coopstats.participant_lists import LIST_KINDS
from coopstats.schema import MODES, ROLES
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


def cmd_import_participants(args: argparse.Namespace) -> int:
    """Exit 0 when written (or a clean dry run), 1 when names are left unresolved."""
    from coopstats import participant_lists as lists
    from coopstats.dataset import load_dataset
    from coopstats.store import Draft

    store = store_for(args, "import participants")
    ds = load_dataset(settings=Settings.from_env())
    ds.event(args.event)  # a DataError with suggestions when the event is unknown
    versions = store.event_versions([args.event])
    maps = lists.parse_maps(args.map, ds)
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError([Problem("file not found", file=path.name, value=str(path),
                                 hint="check the path")]) from None  # fmt: skip
    layout, delegations = lists.read_delegations(path.name, data, ds, column=args.column,
                                                 maps=maps)  # fmt: skip
    editor = editor_of(args)
    plan = lists.plan_import(ds, path.name, delegations, event_id=args.event, role=args.role,
                             mode=args.mode, list_kind=args.list_kind, source_id=args.source,
                             source_title=args.source_title, editor=editor)  # fmt: skip
    refused = any(not d.resolved for d in delegations) and not args.skip_unresolved
    changeset = None
    if not refused:
        draft = Draft()
        if plan.source:
            draft.put("sources", plan.source)
        for row in plan.participations:
            draft.put("participations", row)
        for row in plan.figures:
            draft.put("figures", row)
        if args.dry_run:
            store.preview(draft)
        else:
            source_id = str(plan.source["source_id"]) if plan.source else args.source
            made = store.commit(draft, editor=editor, kind="import", expect=versions,
                                source_id=source_id,
                                summary=f"{args.list_kind} list {path.name} for {args.event}: "
                                        f"{plan.added} added, {plan.updated} updated")  # fmt: skip
            changeset = made.id if made else None
    if args.json:
        print(_json(lists.as_json(None if refused else plan, delegations, changeset)))
    else:
        _print_import(args, path.name, layout, plan, delegations, refused, changeset)
    return 1 if refused else 0


def _print_import(args, name, layout, plan, delegations, refused, changeset) -> None:
    print(f"{name}: header on row {layout.header_row + 1}; delegations in {layout.column!r}")
    for d in delegations:
        if d.skipped:
            print(f"  {d.input}\tskipped ({d.rows} rows)")
        elif d.resolved:
            print(f"  {d.input}\t{d.iso3 or d.org_id}\t{d.rows} rows")
    unresolved = [d for d in delegations if not d.resolved]
    if unresolved:
        print(f"{len(unresolved)} names not resolved:")
        for d in unresolved:
            close = ", ".join(f"{s['code']} ({s['name']})" for s in d.suggestions)
            print(f"  {d.input!r}\t{d.rows} rows" + (f"; did you mean {close}?" if close else ""))
    if refused:
        print('nothing written: map each name (--map "NAME=CODE" or --map "NAME=skip"), '
              "or give --skip-unresolved")  # fmt: skip
        return
    if args.dry_run:
        print(f"would add {plan.added} participations and update {plan.updated}; "
              "dry run: nothing written")  # fmt: skip
    else:
        print(f"added {plan.added} participations, updated {plan.updated}; changeset {changeset}")
    if args.list_kind == "registration":
        print("a registration list: its participations are marked registered (not attendance); "
              "its count is a pre-event figure")  # fmt: skip


def cmd_add(args: argparse.Namespace) -> int:
    """Add or update events, figures and participants from a draft document, as one changeset."""
    from coopstats import drafts
    from coopstats.dataset import load_dataset
    from coopstats.store import Draft

    path = Path(args.draft)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError([Problem("file not found", file=path.name, value=str(path))]) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataError([Problem("not a JSON document", file=path.name, value=str(error),
                                 expected="UTF-8 JSON (see docs/draft-record.md)",
                                 hint="`coopstats extract FILE --json > DRAFT.json` writes one")]) from None  # fmt: skip
    drafts.check(document, path.name)
    store = store_for(args, "add")
    ds = load_dataset(settings=Settings.from_env())
    addition = drafts.to_addition(document, ds, name=path.name)
    versions = store.event_versions(addition.events_updated)
    draft = Draft()
    for table, rows in addition.rows.items():
        for row in rows:
            draft.put(table, row)
    changeset = None
    if args.dry_run:
        changes = store.preview(draft)
    else:
        title = document["source"].get("title") or addition.source_id
        made = store.commit(draft, editor=editor_of(args), kind="add", expect=versions,
                            source_id=addition.source_id, summary=f"added from {title}")  # fmt: skip
        changes = store.changes_of(made.id) if made else []
        changeset = made.id if made else None
    report = {
        "events": {"added": addition.events_new, "updated": addition.events_updated},
        "changes": dict(sorted({c.table: sum(x.table == c.table for x in changes)
                                for c in changes}.items())),
        "kept_out": addition.kept_out,
        "source_id": addition.source_id,
        "changeset": changeset,
    }  # fmt: skip
    if args.json:
        print(_json(report))
    else:
        verb = "would change" if args.dry_run else "changed"
        counts = ", ".join(f"{n} {t}" for t, n in report["changes"].items()) or "nothing"
        print(f"{verb} {counts}" + (f"; changeset {changeset}" if changeset else "")
              + ("; dry run: nothing written" if args.dry_run else ""))  # fmt: skip
        for item in addition.kept_out:
            print(f"  kept out of the participations (invited or expected): {item}")
    return 0


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """The db, history and undo commands; `common` holds the global options (--data, --json)
    that the nested db commands take too (the cli package adds them to the others)."""
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

    imports = sub.add_parser("import", help="bring a list into the store")
    imports_sub = imports.add_subparsers(dest="import_command", required=True)
    p = imports_sub.add_parser("participants", parents=[common, editor],
                               help="a list of participants (CSV or XLSX) for one event")  # fmt: skip
    p.add_argument("file", metavar="FILE")
    p.add_argument("--event", required=True, help="event id (see `coopstats events`)")
    p.add_argument("--sheet", help="sheet name (XLSX; default: the first)")
    p.add_argument("--column", help="header (or number) of the delegation column "
                   "(default: detected)")  # fmt: skip
    p.add_argument("--role", default="participant", choices=list(ROLES))
    p.add_argument("--mode", default="unknown", choices=list(MODES))
    p.add_argument("--list-kind", dest="list_kind", default="attendance", choices=list(
        LIST_KINDS), help="attendance (default: who took part) or registration (before the "
                          "event: never shown as attendance)")  # fmt: skip
    p.add_argument("--map", action="append", default=[], metavar='"NAME=CODE"',
                   help="resolve a name by hand: an ISO-3 code, an organisation id, or skip")  # fmt: skip
    source = p.add_mutually_exclusive_group()
    source.add_argument("--source", help="source id the list comes from")
    source.add_argument("--source-title", dest="source_title",
                        help="create a source for this list, with this title")  # fmt: skip
    p.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    p.add_argument("--skip-unresolved", action="store_true",
                   help="import what resolves and leave the other names out")  # fmt: skip
    p.set_defaults(func=cmd_import_participants)

    p = sub.add_parser("add", parents=[editor],
                       help="add or update events, figures and participants from a draft "
                            "document (docs/draft-record.md)")  # fmt: skip
    p.add_argument("draft", metavar="DRAFT.json")
    p.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("undo", parents=[editor], help="revert a changeset, as a new one")
    p.add_argument("changeset_id", metavar="ID")
    p.set_defaults(func=cmd_undo)
