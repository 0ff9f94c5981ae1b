"""Commands that read the data: validate, events, summary, resolve, todo."""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from coopstats import numbers
from coopstats.aggregate import Filters
from coopstats.aggregate.todo import MISSING, ORDERS, sort_todo, with_missing
from coopstats.cli.options import LANGUAGES, add_filters, as_json, filters_of, load, records
from coopstats.errors import DataError
from coopstats.settings import Settings


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register validate, events, summary, resolve and todo."""
    p = sub.add_parser("validate", help="check a data folder; exit 0 when valid")
    p.add_argument("directory", nargs="?", help="data folder (default: the bundled data)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("events", help="list events with their ids")
    p.add_argument("--series", action="append", default=[], help="series id (repeatable)")
    p.add_argument("--year", type=int)
    p.set_defaults(func=cmd_events)

    p = sub.add_parser("summary", help="an event's reported figures and named participants")
    p.add_argument("event_id")
    p.add_argument("--lang", default="en", choices=LANGUAGES)
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("resolve", help="country, territory or organisation names -> codes")
    p.add_argument("names", nargs="+")
    p.set_defaults(func=cmd_resolve)

    p = sub.add_parser("todo", help="the research to-do list: what each event still misses")
    p.add_argument("--sort", choices=list(ORDERS), default="oldest", help="order of the list")
    p.add_argument("--missing", action="append", default=[], choices=list(MISSING),
                   help="only events missing this (repeatable)")  # fmt: skip
    add_filters(p)
    p.set_defaults(func=cmd_todo)


def cmd_validate(args: argparse.Namespace) -> int:
    from coopstats.load import load_tables

    directory = Path(args.directory) if args.directory else Settings.from_env().data_dir
    try:
        tables = load_tables(directory)
    except DataError as error:
        problems = error.problems
        valid = False
    else:
        problems = list(tables.warnings)
        valid = True
    if args.json:
        print(as_json({"valid": valid, "directory": str(directory),
                     "problems": [p.as_dict() for p in problems]}))  # fmt: skip
    else:
        for problem in problems:
            print(f"{problem.severity}: {problem.message()}")
        errors = sum(p.severity == "error" for p in problems)
        warnings = len(problems) - errors
        state = "valid" if valid else "NOT valid"
        print(f"{directory}: {state} ({errors} errors, {warnings} warnings)")
    return 0 if valid else 1


def cmd_events(args: argparse.Namespace) -> int:
    ds = load(args)
    filters = Filters(
        series=tuple(args.series), years=(args.year, args.year) if args.year else None
    )
    events = ds.events(filters)
    cols = ["event_id", "series_id", "year", "kind", "parent_event_id", "title"]
    if args.json:
        print(as_json(records(events[cols])))
    elif events.empty:
        print("no events match these filters")
    else:
        print(events[cols].fillna("").to_string(index=False))
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    ds = load(args).localised(args.lang)
    event = ds.event(args.event_id)
    summary = ds.event_summary(Filters(events=(args.event_id,)))
    row = summary[summary["event_id"] == args.event_id].iloc[0]
    figures = ds.figures_of(args.event_id)
    named = ds.named_of(args.event_id, lang=args.lang)
    if args.json:
        print(as_json({
            "event": {k: event[k] for k in ("event_id", "series_id", "kind", "parent_event_id",
                                            "title", "start_date", "end_date", "city", "host_iso3")},
            "summary": records(summary[summary["event_id"] == args.event_id])[0],
            "figures": records(figures[["metric", "scope", "value", "qualifier", "status", "quote",
                                         "source_id", "publisher", "url", "accessed_date"]]),
            "named": records(named[["participant_id", "participant_type", "name", "role", "mode",
                                     "delegation_of", "source_id"]]),
        }))  # fmt: skip
        return 0
    print(f"{event['title']} ({event['event_id']})")
    dates = event["start_date"] + (
        f" to {event['end_date']}" if pd.notna(event["end_date"]) else ""
    )
    print(f"  {dates}, {event['city'] or 'city not reported'}; kind: {event['kind']}")
    if pd.notna(event["parent_event_id"]):
        print(f"  part of: {event['parent_event_id']}")
    print("Reported figures:")
    if figures.empty:
        print("  none found: unknown")
    for f in figures.itertuples():
        scope = f" ({f.scope})" if pd.notna(f.scope) else ""
        status = "" if f.status == "reported" else f" [{f.status}: not attendance]"
        print(f"  {f.metric}{scope}: {numbers.count(f.value, f.qualifier)} ({f.qualifier}){status}"
              f" — {f.publisher}, {f.url or 'no URL'}, accessed {f.accessed_date}")  # fmt: skip
    print("Summary:")
    for label, headline in (
        ("participants", "participants"),
        ("countries", "countries"),
        ("organisations", "organisations"),
        ("combined count", "combined"),
    ):
        print(f"  {label}: {numbers.reported_in(row, 'en', headline) or 'not reported'}")
    within = (f" (and {row['named_in_delegations']} within another's delegation)"
              if row["named_in_delegations"] else "")  # fmt: skip
    print(f"  named: {row['named_countries']} countries or territories{within}, "
          f"{row['named_organisations']} organisations (a lower bound, not the total)")  # fmt: skip
    print("Named participants:")
    for n in named.itertuples():
        mode = " (by video)" if n.mode == "video" else ""
        within = f", in the {n.delegation_of} delegation" if pd.notna(n.delegation_of) else ""
        print(f"  {n.name} [{n.participant_id}] — {n.role}{mode}{within}; source {n.source_id}")
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    from coopstats.resolution import resolve

    ds = load(args)
    results = [resolve(name, ds.countries, ds.organisations) for name in args.names]
    if args.json:
        print(as_json([
            {"input": r.input, "iso3": r.iso3, "org_id": r.org_id, "kind": r.kind,
             "name": r.name, "suggestions": list(r.suggestions)}
            for r in results
        ]))  # fmt: skip
    else:
        for r in results:
            if r.kind:
                print(f"{r.input}\t{r.iso3 or r.org_id}\t{r.name}\t({r.kind})")
            else:
                hint = f"; did you mean: {', '.join(r.suggestions)}?" if r.suggestions else ""
                print(f"{r.input}\tnot resolved{hint}")
    return 0 if all(r.kind for r in results) else 1


def cmd_todo(args: argparse.Namespace) -> int:
    """The research to-do list: what each event still misses."""
    ds = load(args)
    todo = with_missing(
        sort_todo(ds.research_todo(filters_of(args)), args.sort), tuple(args.missing)
    )
    if args.json:
        print(as_json([{"event_id": row.event_id, "title": row.title, "year": int(row.year),
                      "missing": list(row.missing)} for row in todo.itertuples()]))  # fmt: skip
        return 0
    if todo.empty:
        print("nothing missing for these filters")
    for row in todo.itertuples():
        print(f"{row.event_id} ({row.year}) {row.title}")
        for code in row.missing:
            print(f"  - {code}: {MISSING[code]}")
    print(f"{len(todo)} events with something missing")
    return 0
