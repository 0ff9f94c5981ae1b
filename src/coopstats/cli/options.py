"""What every command shares: the data it reads, the filters it takes, JSON out."""

from __future__ import annotations

import argparse
import json

import pandas as pd

from coopstats.aggregate import Filters
from coopstats.schema import EVENT_KINDS, PARTICIPANT_TYPES, ROLES
from coopstats.settings import Settings

LANGUAGES = ["en", "ar", "zh", "fr", "ru", "es"]


def as_json(payload: object) -> str:
    """JSON as every command prints it: UTF-8 text kept, indented, dates as text."""
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str)


def records(frame: pd.DataFrame) -> list[dict[str, object]]:
    """A frame's rows as dicts, missing values as None."""
    clean = frame.astype(object).where(frame.notna(), None)
    return clean.to_dict(orient="records")


def years(text: str) -> tuple[int, int]:
    """--years: "2025" or "2015-2025" as an inclusive range."""
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


def add_filters(parser: argparse.ArgumentParser) -> None:
    """The sidebar's filters as options: --years, --series, --kind, --region, --type, --role."""
    parser.add_argument("--years", type=years, help="a year or a range, e.g. 2015-2025")
    parser.add_argument("--series", action="append", default=[], help="series id (repeatable)")
    parser.add_argument("--kind", action="append", default=[], choices=list(EVENT_KINDS))
    parser.add_argument("--region", action="append", default=[], help="UN M49 region or sub-region")
    parser.add_argument("--type", action="append", default=[], choices=list(PARTICIPANT_TYPES),
                        dest="participant_types")  # fmt: skip
    parser.add_argument("--role", action="append", default=[], choices=list(ROLES))


def filters_of(args: argparse.Namespace) -> Filters:
    """The Filters that add_filters' options give."""
    return Filters(
        years=args.years,
        series=tuple(args.series),
        kinds=tuple(args.kind) or tuple(EVENT_KINDS),
        regions=tuple(args.region),
        participant_types=tuple(args.participant_types),
        roles=tuple(args.role),
    )


def load(args: argparse.Namespace):
    """The dataset of --data, else the selected source (see coopstats.dataset.load_dataset)."""
    from coopstats.dataset import load_dataset

    return load_dataset(getattr(args, "data", None), settings=Settings.from_env())
