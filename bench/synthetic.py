"""Synthetic forum data at scale, shaped like the bundled data, for benchmarks only.

    python -m bench.synthetic --size 100000 --out bench/data/syn-100000 --seed 1

Writes a data folder that `coopstats.load_dataset` accepts: many series (yearly, biennial and
irregular), editions with sub-forums and side meetings, reported figures with qualifiers,
statuses, scopes and conflicting sources, and exactly `size` named participations drawn from the
real country and organisation lists with a skewed (Zipf-like) popularity. Reference tables are
not written: the loader falls back to the bundled ones.

Everything is labelled synthetic: every series name, event title and source title says
SYNTHETIC, every URL points at example.org, and a `synthetic.json` beside the tables records the
size, seed and generator version. The same size and seed give the same bytes. A folder inside
the bundled data/ is refused: synthetic rows are never mixed into the real dataset.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from coopstats import schema
from coopstats.settings import BUNDLED_DATA_DIR

# Bump when the output changes, so that cached folders under bench/data/ are rebuilt.
GENERATOR_VERSION = 1
SIZES = (1_000, 10_000, 100_000, 1_000_000)
MARKER = "synthetic.json"
LABEL = "SYNTHETIC"
FIRST_YEAR, LAST_YEAR = 1991, 2025
# Mean named participations per event at scale (the bundled data names ~5 per event, but its
# large editions name 60+); at least MIN_EVENTS events at any size.
ROWS_PER_EVENT, MIN_EVENTS = 80, 40
# One participant holds at most this many rows (roles) in one event.
MAX_ROWS_PER_EVENT = 600

QUALIFIER_WEIGHTS = {
    "exact": 0.58,
    "more_than": 0.25,
    "about": 0.12,
    "nearly": 0.02,
    "at_least": 0.02,
    "up_to": 0.01,
}
STATUS_WEIGHTS = {"reported": 0.82, "pre_event": 0.15, "invited": 0.03}
MODE_WEIGHTS = {"in_person": 0.68, "unknown": 0.29, "video": 0.03}
ROLE_WEIGHTS = {
    "participant": 0.74,
    "observer": 0.09,
    "speaker": 0.08,
    "co_chair": 0.06,
    "organiser": 0.03,
}
LANGUAGE_WEIGHTS = {
    "en": 0.55,
    "zh": 0.24,
    "ar": 0.06,
    "es": 0.06,
    "fr": 0.04,
    "ru": 0.03,
    "de": 0.02,
}
SCOPES = ("government segment", "exchange session", "ministerial meeting", "observers")
# Metric -> (chance an edition reports it, chance a sub-forum or side meeting does).
METRIC_CHANCES = {
    "participants": (0.75, 0.5),
    "countries": (0.45, 0.15),
    "countries_and_regions": (0.2, 0.05),
    "organisations": (0.3, 0.05),
    "countries_regions_organisations": (0.08, 0.0),
    "ministers": (0.1, 0.02),
}


def _choice(rng: np.random.Generator, weights: dict[str, float], size: int) -> np.ndarray:
    p = np.array(list(weights.values()), dtype=float)
    return rng.choice(np.array(list(weights)), size=size, p=p / p.sum())


def _zipf(rng: np.random.Generator, n: int, exponent: float = 1.0) -> np.ndarray:
    """Skewed popularity: weight 1/rank^exponent, ranks shuffled by the seed."""
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return rng.permutation(weights)


def _reference() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The real countries, organisations and host-city points the rows are drawn from."""
    read = dict(dtype=str, keep_default_na=False)  # Namibia's iso2 is "NA"
    countries = pd.read_csv(BUNDLED_DATA_DIR / "reference" / "countries.csv", **read)
    organisations = pd.read_csv(BUNDLED_DATA_DIR / "organisations.csv", **read)
    cities = pd.read_csv(BUNDLED_DATA_DIR / "reference" / "cities.csv", **read)
    return countries, organisations, cities


def _edition_years(rng: np.random.Generator) -> list[int]:
    start = int(rng.integers(FIRST_YEAR, 2021))
    cadence = rng.choice(["yearly", "biennial", "irregular"], p=[0.55, 0.2, 0.25])
    if cadence == "yearly":
        steps = np.ones(60, dtype=int)
    elif cadence == "biennial":
        steps = np.full(60, 2)
    else:
        steps = rng.integers(1, 5, size=60)
    years = start + np.concatenate([[0], np.cumsum(steps)])
    return [int(y) for y in years if y <= LAST_YEAR]


def _dates(rng: np.random.Generator, year: int) -> tuple[str, str, str]:
    """(start_date, end_date, date_precision) for an edition held in `year`."""
    precision = rng.choice(["day", "month", "year"], p=[0.8, 0.1, 0.1])
    month, day = int(rng.integers(1, 13)), int(rng.integers(1, 26))
    if precision == "day":
        return (
            f"{year}-{month:02d}-{day:02d}",
            f"{year}-{month:02d}-{day + int(rng.integers(0, 4)):02d}",
            "day",
        )
    if precision == "month":
        return f"{year}-{month:02d}", "", "month"
    return f"{year}", "", "year"


def _series_and_events(rng, n_events: int, countries: pd.DataFrame, cities: pd.DataFrame):
    domains = list(schema.DOMAINS)
    series_rows, event_rows = [], []
    city_pairs = list(zip(cities["city"], cities["iso3"], strict=True))
    country_codes = countries["iso3"].to_numpy()
    number = 0
    while len(event_rows) < n_events:
        number += 1
        series_id = f"syn{number:04d}"
        short = f"SYN-{number:04d}"
        sub_rate = rng.choice([0.0, 2.0], p=[0.65, 0.35])
        side_rate = rng.choice([0.0, 0.7], p=[0.85, 0.15])
        series_rows.append(
            {
                "series_id": series_id,
                "name": f"{LABEL} Forum Series {number}",
                "short_name": short,
                "organiser": f"{LABEL} organiser {number % 17}",
                "domain": domains[number % len(domains)],
                "url": f"https://example.org/synthetic/series/{number}",
                "source_id": "",
                "notes": f"{LABEL} data for benchmarks; not a real forum.",
            }
        )
        for edition_number, year in enumerate(_edition_years(rng), start=1):
            event_id = f"{series_id}-{year}"
            start, end, precision = _dates(rng, year)
            draw = rng.random()
            if draw < 0.85:
                city, host = city_pairs[int(rng.integers(len(city_pairs)))]
            elif draw < 0.95:
                city, host = (
                    f"{LABEL} City {int(rng.integers(1, 500))}",
                    str(rng.choice(country_codes)),
                )
            else:
                city, host = "", ""
            edition = {
                "event_id": event_id,
                "series_id": series_id,
                "parent_event_id": "",
                "kind": "edition",
                "edition_number": edition_number,
                "title": f"{LABEL} {short} edition {edition_number} ({year})",
                "theme": f"{LABEL} theme {int(rng.integers(1, 50))}" if rng.random() < 0.3 else "",
                "start_date": start,
                "end_date": end,
                "date_precision": precision,
                "city": city,
                "host_iso3": host,
                "format": _choice(
                    rng, {"in_person": 0.85, "unknown": 0.1, "hybrid": 0.03, "online": 0.02}, 1
                )[0],
                "organiser": f"{LABEL} organiser {number % 17}" if rng.random() < 0.5 else "",
            }
            event_rows.append(edition)
            children = [("sub_forum", "sf", k) for k in range(1, rng.poisson(sub_rate) + 1)]
            children += [("side_meeting", "sm", k) for k in range(1, rng.poisson(side_rate) + 1)]
            for kind, tag, k in children:
                event_rows.append(
                    {
                        **edition,
                        "event_id": f"{event_id}-{tag}{k}",
                        "parent_event_id": event_id,
                        "kind": kind,
                        "edition_number": pd.NA,
                        "theme": "",
                        "title": f"{LABEL} {schema.EVENT_KINDS[kind]} {k} of {short} {year}",
                    }
                )
            if len(event_rows) >= n_events:
                break
    return pd.DataFrame(series_rows), pd.DataFrame(event_rows)


def _sources(rng, events: pd.DataFrame, series: pd.DataFrame) -> pd.DataFrame:
    """Two sources per event (an original and a second one, sometimes a mirror) and one per series."""
    n = 2 * len(events) + len(series)
    ids = np.array([f"syn-src-{i:07d}" for i in range(n)])
    mirror = np.zeros(n, dtype=bool)
    mirror[1 : 2 * len(events) : 2] = rng.random(len(events)) < 0.3
    years = rng.integers(FIRST_YEAR, LAST_YEAR + 1, size=n)
    published = np.where(rng.random(n) < 0.6, years.astype(str), "")
    return pd.DataFrame(
        {
            "source_id": ids,
            "url": [f"https://example.org/synthetic/source/{i}" for i in range(n)],
            "title": [f"{LABEL} source {i}" for i in range(n)],
            "publisher": [f"{LABEL} publisher {i % 97}" for i in range(n)],
            "language": _choice(rng, LANGUAGE_WEIGHTS, n),
            "published_date": published,
            "accessed_date": "2026-01-15",
            "is_mirror": np.where(mirror, "true", "false"),
            "mirror_of": np.where(mirror, f"{LABEL} original publisher", ""),
            "notes": "",
        }
    )


def _rows_per_event(rng, events: pd.DataFrame, size: int) -> np.ndarray:
    """How many participations each event names: skewed, editions larger, summing to `size`."""
    weights = rng.lognormal(0.0, 0.8, size=len(events))
    weights *= np.where(events["kind"].to_numpy() == "edition", 1.0, 0.35)
    counts = np.minimum(np.floor(size * weights / weights.sum()).astype(int), MAX_ROWS_PER_EVENT)
    counts = np.maximum(counts, 1)
    # Hand the remainder (or take the excess) one row at a time across events with room.
    order = np.argsort(-weights, kind="stable")
    position = 0
    while counts.sum() != size:
        event = order[position % len(order)]
        if counts.sum() < size and counts[event] < MAX_ROWS_PER_EVENT:
            counts[event] += 1
        elif counts.sum() > size and counts[event] > 1:
            counts[event] -= 1
        position += 1
    return counts


def _participations(rng, events, size: int, countries, organisations, event_sources):
    pool_ids = np.concatenate([countries["iso3"].to_numpy(), organisations["org_id"].to_numpy()])
    country_weights = _zipf(rng, len(countries))
    org_weights = _zipf(rng, len(organisations))
    weights = np.concatenate(
        [0.85 * country_weights / country_weights.sum(), 0.15 * org_weights / org_weights.sum()]
    )
    index_of = {code: i for i, code in enumerate(pool_ids)}
    roles = list(schema.ROLES)
    counts = _rows_per_event(rng, events, size)
    event_col, who_col, role_col = [], [], []
    for event_id, host, count in zip(events["event_id"], events["host_iso3"], counts, strict=True):
        distinct = min(int(count), len(pool_ids))
        chosen = rng.choice(len(pool_ids), size=distinct, replace=False, p=weights)
        main = _choice(rng, ROLE_WEIGHTS, distinct)
        if host and host in index_of:
            where = np.flatnonzero(chosen == index_of[host])
            slot = int(where[0]) if len(where) else 0
            chosen[slot], main[slot] = index_of[host], "host"
        event_col.append(np.full(distinct, event_id, dtype=object))
        who_col.append(chosen)
        role_col.append(main)
        extra = int(count) - distinct
        if extra:
            # Further roles for the first participants (a speaker who also took part...).
            who = np.resize(chosen, extra)
            used = {(int(w), str(r)) for w, r in zip(chosen, main, strict=True)}
            more = []
            for w in who:
                role = next(r for r in roles if (int(w), r) not in used)
                used.add((int(w), role))
                more.append(role)
            event_col.append(np.full(extra, event_id, dtype=object))
            who_col.append(who)
            role_col.append(np.array(more))
    chosen_all = np.concatenate(who_col)
    who = pool_ids[chosen_all]
    is_country = chosen_all < len(countries)
    n = len(who)
    event_ids = np.concatenate(event_col)
    primary, secondary = event_sources
    frame = pd.DataFrame(
        {
            "event_id": event_ids,
            "iso3": np.where(is_country, who, ""),
            "org_id": np.where(is_country, "", who),
            "role": np.concatenate(role_col),
            "mode": _choice(rng, MODE_WEIGHTS, n),
            "source_id": np.where(
                rng.random(n) < 0.9,
                pd.Series(event_ids).map(primary).to_numpy(),
                pd.Series(event_ids).map(secondary).to_numpy(),
            ),
            "notes": "",
        }
    )
    # Hong Kong and Macao officials sometimes come within China's delegation (as in the real data).
    within = np.isin(frame["iso3"], ["HKG", "MAC"]) & (rng.random(n) < 0.3)
    frame["delegation_of"] = np.where(within, "CHN", "")
    return frame


def _figures(rng, events, participations, event_sources) -> pd.DataFrame:
    primary, secondary = event_sources
    named = participations[participations["iso3"] != ""].groupby("event_id")["iso3"].nunique()
    named_orgs = (
        participations[participations["org_id"] != ""].groupby("event_id")["org_id"].nunique()
    )
    rows = []
    for event_id, kind in zip(events["event_id"], events["kind"], strict=True):
        column = 0 if kind == "edition" else 1
        for metric, chances in METRIC_CHANCES.items():
            if rng.random() >= chances[column]:
                continue
            if metric in schema.COUNTRY_METRICS:
                base = int(named.get(event_id, 0)) + int(rng.integers(0, 40))
            elif metric == "organisations":
                base = int(named_orgs.get(event_id, 0)) + int(rng.integers(0, 15))
            elif metric == "countries_regions_organisations":
                base = int(named.get(event_id, 0) + named_orgs.get(event_id, 0)) + int(
                    rng.integers(0, 50)
                )
            else:
                base = int(rng.lognormal(5.5, 0.9)) + 1
            status = _choice(rng, STATUS_WEIGHTS, 1)[0]
            scope = str(rng.choice(SCOPES)) if rng.random() < 0.12 else ""
            n_sources = int(rng.choice([1, 2, 3], p=[0.75, 0.2, 0.05]))
            sources = [primary[event_id], secondary[event_id], f"{primary[event_id]}"][:n_sources]
            sources = list(dict.fromkeys(sources))
            for j, source in enumerate(sources):
                conflict = j > 0 and rng.random() < 0.5
                value = base + (int(rng.integers(1, max(2, base // 20 + 2))) if conflict else 0)
                rows.append(
                    {
                        "figure_id": f"{event_id}-{metric}-{j}",
                        "event_id": event_id,
                        "metric": metric,
                        "scope": scope,
                        "value": value,
                        "qualifier": _choice(rng, QUALIFIER_WEIGHTS, 1)[0],
                        "status": status,
                        "source_id": source,
                        "quote": f"{LABEL}: about {value} {metric}" if rng.random() < 0.2 else "",
                        "notes": "",
                    }
                )
    return pd.DataFrame(rows)


def generate(size: int, seed: int = 1) -> dict[str, pd.DataFrame]:
    """File name -> table of a synthetic dataset with exactly `size` named participations."""
    if size < 1:
        raise ValueError(f"size must be at least 1, got {size}")
    rng = np.random.default_rng(seed)
    countries, organisations, cities = _reference()
    n_events = max(MIN_EVENTS, size // ROWS_PER_EVENT)
    series, events = _series_and_events(rng, n_events, countries, cities)
    sources = _sources(rng, events, series)
    ids = sources["source_id"].to_numpy()
    primary = dict(zip(events["event_id"], ids[0 : 2 * len(events) : 2], strict=True))
    secondary = dict(zip(events["event_id"], ids[1 : 2 * len(events) : 2], strict=True))
    series["source_id"] = ids[2 * len(events) :]
    events["source_id"] = events["event_id"].map(primary)
    events["notes"] = ""
    participations = _participations(
        rng, events, size, countries, organisations, (primary, secondary)
    )
    figures = _figures(rng, events, participations, (primary, secondary))
    return {
        "sources.csv": sources,
        "series.csv": series,
        "events.csv": events,
        "figures.csv": figures,
        "organisations.csv": organisations,
        "participations.csv": participations,
    }


def _check_destination(out: Path) -> None:
    bundled = BUNDLED_DATA_DIR.resolve()
    if out.resolve() == bundled or bundled in out.resolve().parents:
        raise SystemExit(f"refusing to write synthetic data into the bundled data folder {bundled}")


def write(tables: dict[str, pd.DataFrame], out: Path, *, size: int, seed: int) -> Path:
    """Write the tables (columns in schema order, missing ones empty) and the synthetic marker."""
    out = Path(out)
    _check_destination(out)
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        model = schema.TABLES[name]
        columns = schema.columns(model)
        frame = frame.reindex(columns=columns, fill_value="")
        frame.to_csv(out / name, index=False, lineterminator="\n")
    marker = {
        "synthetic": True,
        "size": size,
        "seed": seed,
        "generator_version": GENERATOR_VERSION,
        "note": f"{LABEL} data made by bench.synthetic for benchmarks; not real.",
    }
    (out / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
    return out


def ensure(size: int, out: Path, seed: int = 1) -> Path:
    """The folder for (size, seed), generated unless a folder from this generator is there."""
    marker = Path(out) / MARKER
    if marker.exists():
        found = json.loads(marker.read_text(encoding="utf-8"))
        wanted = {"size": size, "seed": seed, "generator_version": GENERATOR_VERSION}
        if all(found.get(k) == v for k, v in wanted.items()):
            return Path(out)
        shutil.rmtree(out)
    return write(generate(size, seed), out, size=size, seed=seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.synthetic", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--size", type=int, required=True, help="named participations, e.g. 100000")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (not under data/)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    out = write(generate(args.size, args.seed), args.out, size=args.size, seed=args.seed)
    print(f"wrote {args.size:,} synthetic participations to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
