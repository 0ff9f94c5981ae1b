"""The `coopstats` command: the same core functions as the dashboard, from the shell.

Every command takes --json for machine-readable output. Bad input ends with exit status 2 and
every problem listed (never a traceback); an invalid dataset makes `validate` exit 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from coopstats import editing, editor_commands, numbers
from coopstats.aggregate import Filters
from coopstats.aggregate.todo import MISSING, ORDERS, sort_todo, with_missing
from coopstats.charts.filters import filter_words
from coopstats.errors import DataError, Problem
from coopstats.export.credits import DATA_LICENCE, citation, last_changed
from coopstats.schema import EVENT_KINDS, PARTICIPANT_TYPES, ROLES
from coopstats.settings import Settings


def _json(payload: object) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str)


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    clean = frame.astype(object).where(frame.notna(), None)
    return clean.to_dict(orient="records")


def _years(text: str) -> tuple[int, int]:
    try:
        if "-" in text.strip("-"):
            lo, hi = (int(part) for part in text.split("-", 1))
        else:
            lo = hi = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"years: got {text!r}; expected a year or a range such as 2015-2025"
        ) from None
    return (min(lo, hi), max(lo, hi))


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--years", type=_years, help="a year or a range, e.g. 2015-2025")
    parser.add_argument("--series", action="append", default=[], help="series id (repeatable)")
    parser.add_argument("--kind", action="append", default=[], choices=list(EVENT_KINDS))
    parser.add_argument("--region", action="append", default=[], help="UN M49 region or sub-region")
    parser.add_argument("--type", action="append", default=[], choices=list(PARTICIPANT_TYPES),
                        dest="participant_types")  # fmt: skip
    parser.add_argument("--role", action="append", default=[], choices=list(ROLES))


def _filters(args: argparse.Namespace) -> Filters:
    return Filters(
        years=args.years,
        series=tuple(args.series),
        kinds=tuple(args.kind) or tuple(EVENT_KINDS),
        regions=tuple(args.region),
        participant_types=tuple(args.participant_types),
        roles=tuple(args.role),
    )


def _load(args: argparse.Namespace):
    from coopstats.dataset import load_dataset

    return load_dataset(getattr(args, "data", None), settings=Settings.from_env())


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
        print(_json({"valid": valid, "directory": str(directory),
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
    ds = _load(args)
    filters = Filters(
        series=tuple(args.series), years=(args.year, args.year) if args.year else None
    )
    events = ds.events(filters)
    cols = ["event_id", "series_id", "year", "kind", "parent_event_id", "title"]
    if args.json:
        print(_json(_records(events[cols])))
    elif events.empty:
        print("no events match these filters")
    else:
        print(events[cols].fillna("").to_string(index=False))
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    ds = _load(args).localised(args.lang)
    event = ds.event(args.event_id)
    summary = ds.event_summary(Filters(events=(args.event_id,)))
    row = summary[summary["event_id"] == args.event_id].iloc[0]
    figures = ds.figures_of(args.event_id)
    named = ds.named_of(args.event_id, lang=args.lang)
    if args.json:
        print(_json({
            "event": {k: event[k] for k in ("event_id", "series_id", "kind", "parent_event_id",
                                            "title", "start_date", "end_date", "city", "host_iso3")},
            "summary": _records(summary[summary["event_id"] == args.event_id])[0],
            "figures": _records(figures[["metric", "scope", "value", "qualifier", "status", "quote",
                                         "source_id", "publisher", "url", "accessed_date"]]),
            "named": _records(named[["participant_id", "participant_type", "name", "role", "mode",
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

    ds = _load(args)
    results = [resolve(name, ds.countries, ds.organisations) for name in args.names]
    if args.json:
        print(_json([
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


def cmd_export_data(args: argparse.Namespace) -> int:
    from coopstats.dataset import AGGREGATIONS
    from coopstats.spreadsheet import to_csv_bytes, to_excel_bytes, write_atomically

    if args.aggregation not in AGGREGATIONS:
        raise DataError([Problem("unknown aggregation", column="AGGREGATION", value=args.aggregation,
                                 expected="one of: " + ", ".join(AGGREGATIONS),
                                 hint="`coopstats export-data --list` names them")])  # fmt: skip
    output = Path(args.output)
    suffix = output.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise DataError([Problem("unsupported output format", column="-o", value=str(output),
                                 expected="a file ending in .csv or .xlsx")])  # fmt: skip
    ds = _load(args)
    filters = _filters(args)
    frame = AGGREGATIONS[args.aggregation][1](ds, filters)
    if suffix == ".csv":
        payload = to_csv_bytes(frame)
    else:
        about = {"aggregation": args.aggregation, "dataset version": ds.version,
                 "data last changed": last_changed(ds) or "-",
                 **{f"filter: {k}": v for k, v in filter_words(ds, filters, "en")},
                 "how to cite": citation(args.aggregation, ds.version, last_changed(ds), str),
                 "licence": f"Licence of the data: {DATA_LICENCE}."}  # fmt: skip
        payload = to_excel_bytes(frame, sheet=args.aggregation, about=about)
    write_atomically(output, payload)
    if args.json:
        print(_json({"output": str(output), "rows": len(frame), "columns": list(frame.columns)}))
    else:
        print(f"wrote {len(frame)} rows to {output}")
    if suffix == ".csv":  # a CSV holds the table alone: what to cite goes to the terminal
        print(citation(args.aggregation, ds.version, last_changed(ds), str), file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """A chart as PNG, SVG, PDF or offline HTML, or the briefing pack as PPTX or PDF."""
    import time

    from coopstats.charts import CHARTS, ChartOptions
    from coopstats.export.images import ImageExportError
    from coopstats.export.outputs import Request, chart_file, pack_files
    from coopstats.spreadsheet import write_atomically

    if args.list:
        for name, spec in CHARTS.items():
            print(f"{name}\t{spec.description}")
        print("pack\tthe briefing pack: title, key figures, map, timeline, comparison, sources "
              "(--format pptx|pdf)")  # fmt: skip
        return 0
    if not args.chart or not args.output:
        raise DataError([Problem("export needs CHART and -o FILE (or --list)", column="CHART",
                                 hint="`coopstats export --list` names the charts")])  # fmt: skip
    output = Path(args.output)
    fmt = args.format or output.suffix.lower().lstrip(".")
    allowed = ("pptx", "pdf") if args.chart == "pack" else ("png", "svg", "pdf", "html", "pptx")
    if fmt not in allowed:
        raise DataError([Problem("unsupported export format", column="--format", value=fmt,
                                 expected="one of: " + ", ".join(allowed),
                                 hint="give --format, or an -o file ending in one of them")])  # fmt: skip
    settings = Settings.from_env()
    ds = _load(args).localised(args.lang)
    options = ChartOptions(measure=args.measure, editions=tuple(args.edition),
                           org_types=tuple(args.org_type), participant=args.participant)  # fmt: skip
    request = Request(chart=args.chart, filters=_filters(args), lang=args.lang, options=options,
                      base_url=args.base_url if args.base_url is not None else Settings.from_env().public_url, frozen=args.frozen)  # fmt: skip
    started = time.perf_counter()
    try:
        if args.chart == "pack":
            made = pack_files(ds, request, settings.static_dir, formats=(fmt,))[fmt]
        elif fmt == "pptx":
            made = pack_files(ds, request, settings.static_dir, formats=("pptx",),
                              options={args.chart: options}, charts=(args.chart,))["pptx"]  # fmt: skip
        else:
            made = chart_file(ds, request, fmt, settings.static_dir, size=args.size)
    except ImageExportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    write_atomically(output, made.data)
    seconds = time.perf_counter() - started
    if args.json:
        print(_json({"output": str(output), "chart": args.chart, "format": fmt,
                     "bytes": len(made.data), "seconds": round(seconds, 2),
                     "dataset_version": ds.version}))  # fmt: skip
    else:
        print(f"wrote {args.chart} as {fmt.upper()} to {output} ({len(made.data):,} bytes, "
              f"{seconds:.1f} s)")  # fmt: skip
    return 0


def cmd_todo(args: argparse.Namespace) -> int:
    """The research to-do list: what each event still misses."""
    ds = _load(args)
    todo = with_missing(sort_todo(ds.research_todo(_filters(args)), args.sort), tuple(args.missing))
    if args.json:
        print(_json([{"event_id": row.event_id, "title": row.title, "year": int(row.year),
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


def cmd_extract(args: argparse.Namespace) -> int:
    """Propose draft records (event, figures, participants) from a news item."""
    import datetime as dt

    from coopstats.extract import Extractor, as_text, text_of

    if args.published:
        try:
            dt.date.fromisoformat(args.published)
        except ValueError:
            raise DataError.single(
                "--published is not a date",
                value=args.published,
                expected="YYYY-MM-DD",
                hint="give the publication date of the item, e.g. 2025-10-14",
            ) from None
    if args.file == "-":
        name, data = "stdin", sys.stdin.buffer.read()
    else:
        name, data = args.file, Path(args.file).read_bytes()
    draft = Extractor.build(_load(args)).draft(
        text_of(data, name), published=args.published, url=args.url, title=args.title,
        lang=args.lang,
    )  # fmt: skip
    print(_json(draft) if args.json else as_text(draft))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coopstats", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data",
        help="data folder, read-only (default: $COOPSTATS_DATA_DIR, else the store: "
        "$COOPSTATS_DATABASE_URL or the default SQLite file)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check a data folder; exit 0 when valid")
    p.add_argument("directory", nargs="?", help="data folder (default: the bundled data)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("events", help="list events with their ids")
    p.add_argument("--series", action="append", default=[], help="series id (repeatable)")
    p.add_argument("--year", type=int)
    p.set_defaults(func=cmd_events)

    p = sub.add_parser("summary", help="an event's reported figures and named participants")
    p.add_argument("event_id")
    p.add_argument("--lang", default="en", choices=["en", "ar", "zh", "fr", "ru", "es"])
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("resolve", help="country, territory or organisation names -> codes")
    p.add_argument("names", nargs="+")
    p.set_defaults(func=cmd_resolve)

    p = sub.add_parser("export-data", help="write an aggregation as CSV or Excel")
    p.add_argument("aggregation", nargs="?", help="see --list")
    p.add_argument("-o", "--output", help="file ending in .csv or .xlsx")
    p.add_argument("--list", action="store_true", help="name the aggregations and stop")
    _add_filters(p)
    p.set_defaults(func=cmd_export_data)

    p = sub.add_parser(
        "export", help="write a chart (png, svg, pdf, html, pptx) or the briefing pack"
    )
    p.add_argument("chart", nargs="?", help="chart name (see --list), or 'pack'")
    p.add_argument("-o", "--output", help="file to write; its suffix gives the format")
    p.add_argument("--format", choices=["png", "svg", "pdf", "html", "pptx"])
    p.add_argument(
        "--size",
        choices=["slide", "a4"],
        default="slide",
        help="slide: 1600x900; a4: A4 landscape at 2x (PNG, SVG and PDF)",
    )
    p.add_argument("--lang", default="en", choices=["en", "ar", "zh", "fr", "ru", "es"])
    p.add_argument(
        "--measure",
        help="map: editions|last_year|role; timeline: participants|countries|organisations",
    )
    p.add_argument(
        "--edition", action="append", default=[], help="edition id to compare (repeatable)"
    )
    p.add_argument(
        "--org-type",
        action="append",
        default=[],
        dest="org_type",
        help="organisation type (repeatable)",
    )
    p.add_argument("--participant", help="participant id for profile and co-attendees")
    p.add_argument(
        "--base-url",
        default=None,
        help="the dashboard's public address, for the permalink printed on the export "
        "(default: COOPSTATS_PUBLIC_URL; without either, the export says how to open the view)",
    )
    p.add_argument("--frozen", action="store_true", help="pin the dataset version in the permalink")
    p.add_argument("--list", action="store_true", help="name the charts and stop")
    _add_filters(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("todo", help="the research to-do list: what each event still misses")
    p.add_argument("--sort", choices=list(ORDERS), default="oldest", help="order of the list")
    p.add_argument("--missing", action="append", default=[], choices=list(MISSING),
                   help="only events missing this (repeatable)")  # fmt: skip
    _add_filters(p)
    p.set_defaults(func=cmd_todo)

    p = sub.add_parser(
        "extract", help="propose draft records from a news item (.txt, .html, .docx or - for stdin)"
    )
    p.add_argument("file", help="the news item, or - to read it from standard input")
    p.add_argument("--published", help="publication date YYYY-MM-DD (gives a missing year)")
    p.add_argument("--url", help="where the item was published")
    p.add_argument("--title", help="the item's title")
    p.add_argument("--lang", default="auto", choices=["auto", "ar", "zh", "en", "fr", "ru", "es"])
    p.set_defaults(func=cmd_extract)

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
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument(
        "--data",
        default=argparse.SUPPRESS,
        help="data folder, read-only (default: $COOPSTATS_DATA_DIR, else the store)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "export-data":
        if args.list:
            from coopstats.dataset import AGGREGATIONS

            for name, (text, _) in AGGREGATIONS.items():
                print(f"{name}\t{text}")
            return 0
        if not args.aggregation or not args.output:
            parser.error("export-data needs AGGREGATION and -o FILE (or --list)")
    try:
        return args.func(args)
    except DataError as error:
        if getattr(args, "json", False):
            print(_json({"error": str(error), "problems": [p.as_dict() for p in error.problems]}))
        else:
            for problem in error.problems:
                print(f"{problem.severity}: {problem.message()}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: {error.strerror or error}: {error.filename or ''}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
