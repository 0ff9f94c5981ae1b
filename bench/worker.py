"""One benchmark task in a fresh process, so that memory peaks and caches do not leak between them.

    python -m bench.worker data --data DIR --size N      # load, peak memory, aggregations
    python -m bench.worker pages --data DIR --size N     # AppTest filter changes, figure bytes
    python -m bench.worker export                        # PNG, SVG, PDF, PPTX
    python -m bench.worker calibration --folder N=DIR ...   # the calibration figures
    python -m bench.worker store --data DIR --size N     # load from the store, bulk resolution

Prints the results as one JSON list on the last line of stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.worker")
    parser.add_argument("task", choices=["data", "pages", "export", "calibration", "store"])
    parser.add_argument(
        "--folder", action="append", default=[], help="calibration: SIZE=DIR, once per size"
    )
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: bundled)")
    parser.add_argument("--size", type=int, default=None, help="named participations in it")
    parser.add_argument("--changes", type=int, default=5, help="pages: filter changes per page")
    parser.add_argument("--no-uncached", action="store_true", help="pages: skip the baseline")
    args = parser.parse_args(argv)
    if args.task == "data":
        from bench import aggregations, loading

        ds, results = loading.measure(args.data, args.size)
        results += aggregations.measure(ds, args.size)
    elif args.task == "pages":
        from bench import pages

        results = pages.measure(
            args.data, args.size, changes=args.changes, uncached=not args.no_uncached
        )
    elif args.task == "calibration":
        from bench import calibration

        folders = {int(k): Path(v) for k, v in (item.split("=", 1) for item in args.folder)}
        results = calibration.measure(folders)
    elif args.task == "store":
        from bench import store
        from coopstats.dataset import load_dataset
        from coopstats.settings import BUNDLED_DATA_DIR

        results = store.load_from_store(args.data, args.size)
        results.append(store.resolve_bulk(load_dataset(BUNDLED_DATA_DIR)))
    else:
        from bench import export

        results = export.measure()
    sys.stdout.write("\n" + json.dumps([r.as_dict() for r in results]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
