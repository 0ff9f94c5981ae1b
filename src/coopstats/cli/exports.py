"""Commands that write files: export-data (a table as CSV or Excel) and export (a chart or the
briefing pack)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from coopstats.charts.filters import filter_words
from coopstats.cli.options import LANGUAGES, add_filters, as_json, filters_of, load
from coopstats.dataset import AGGREGATIONS
from coopstats.errors import DataError, Problem
from coopstats.export.credits import DATA_LICENCE, citation, last_changed
from coopstats.files import write_atomically
from coopstats.settings import Settings
from coopstats.spreadsheet import to_csv_bytes, to_excel_bytes


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Register export-data and export."""
    p = sub.add_parser("export-data", help="write an aggregation as CSV or Excel")
    p.add_argument("aggregation", nargs="?", help="see --list")
    p.add_argument("-o", "--output", help="file ending in .csv or .xlsx")
    p.add_argument("--list", action="store_true", help="name the aggregations and stop")
    add_filters(p)
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
    p.add_argument("--lang", default="en", choices=LANGUAGES)
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
    add_filters(p)
    p.set_defaults(func=cmd_export)


def list_aggregations() -> int:
    """export-data --list: the aggregations that can be exported, with what they hold."""
    for name, (text, _) in AGGREGATIONS.items():
        print(f"{name}\t{text}")
    return 0


def cmd_export_data(args: argparse.Namespace) -> int:
    if args.aggregation not in AGGREGATIONS:
        raise DataError([Problem("unknown aggregation", column="AGGREGATION", value=args.aggregation,
                                 expected="one of: " + ", ".join(AGGREGATIONS),
                                 hint="`coopstats export-data --list` names them")])  # fmt: skip
    output = Path(args.output)
    suffix = output.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise DataError([Problem("unsupported output format", column="-o", value=str(output),
                                 expected="a file ending in .csv or .xlsx")])  # fmt: skip
    ds = load(args)
    filters = filters_of(args)
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
        print(as_json({"output": str(output), "rows": len(frame), "columns": list(frame.columns)}))
    else:
        print(f"wrote {len(frame)} rows to {output}")
    if suffix == ".csv":  # a CSV holds the table alone: what to cite goes to the terminal
        print(citation(args.aggregation, ds.version, last_changed(ds), str), file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """A chart as PNG, SVG, PDF or offline HTML, or the briefing pack as PPTX or PDF."""
    # Here, not at the top: the charts and the exporters bring python-pptx, python-docx and
    # kaleido (about half a second), which `validate`, `summary` and the others never need.
    from coopstats.charts import CHARTS, ChartOptions
    from coopstats.export.images import ImageExportError
    from coopstats.export.outputs import Request, chart_file
    from coopstats.export.pack import pack_files

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
    ds = load(args).localised(args.lang)
    options = ChartOptions(measure=args.measure, editions=tuple(args.edition),
                           org_types=tuple(args.org_type), participant=args.participant)  # fmt: skip
    request = Request(chart=args.chart, filters=filters_of(args), lang=args.lang, options=options,
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
        print(as_json({"output": str(output), "chart": args.chart, "format": fmt,
                     "bytes": len(made.data), "seconds": round(seconds, 2),
                     "dataset_version": ds.version}))  # fmt: skip
    else:
        print(f"wrote {args.chart} as {fmt.upper()} to {output} ({len(made.data):,} bytes, "
              f"{seconds:.1f} s)")  # fmt: skip
    return 0
