"""The extract command: a news item in, draft records (event, figures, participants) out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coopstats.cli.options import as_json, load
from coopstats.errors import DataError


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register extract."""
    p = sub.add_parser(
        "extract", help="propose draft records from a news item (.txt, .html, .docx or - for stdin)"
    )
    p.add_argument("file", help="the news item, or - to read it from standard input")
    p.add_argument("--published", help="publication date YYYY-MM-DD (gives a missing year)")
    p.add_argument("--url", help="where the item was published")
    p.add_argument("--title", help="the item's title")
    p.add_argument("--lang", default="auto", choices=["auto", "ar", "zh", "en", "fr", "ru", "es"])
    p.set_defaults(func=cmd_extract)


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
    draft = Extractor.build(load(args)).draft(
        text_of(data, name), published=args.published, url=args.url, title=args.title,
        lang=args.lang,
    )  # fmt: skip
    print(as_json(draft) if args.json else as_text(draft))
    return 0
