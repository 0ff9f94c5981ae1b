"""The coverage table in data/README.md says what the bundled data holds, and stays true.

To rewrite the table after changing the data, run this file:
`.venv/bin/python tests/data/test_coverage.py` prints it; paste it between the markers.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parents[2] / "data"
START, END = "<!-- coverage:start -->", "<!-- coverage:end -->"
# Statuses that make a participant a member (observers are not members).
MEMBER_STATUSES = ("full_member", "associate_member")


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False)


def coverage_table() -> str:
    """One row per series: editions, sub-events, figures, named participants, members."""
    series, events = read("series.csv"), read("events.csv")
    figures, parts = read("figures.csv"), read("participations.csv")
    members_path = DATA / "memberships.csv"
    members = read("memberships.csv") if members_path.exists() else None
    event_series = events.set_index("event_id")["series_id"]
    figures = figures.assign(series_id=figures["event_id"].map(event_series))
    parts = parts.assign(
        series_id=parts["event_id"].map(event_series),
        who=parts["iso3"].where(parts["iso3"] != "", parts["org_id"]),
    )
    lines = [
        "| series | editions | years | sub-forums and side meetings | figures | figures with the source's words | named participants | members |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    for sid, short in zip(series["series_id"], series["short_name"], strict=True):
        own = events[events["series_id"] == sid]
        editions = own[own["kind"] == "edition"]
        years = editions["start_date"].str[:4]
        span = "—" if years.empty else "–".join(sorted({years.min(), years.max()}))
        figs = figures[figures["series_id"] == sid]
        named = parts.loc[parts["series_id"] == sid, "who"].nunique()
        if members is None or sid not in set(members["series_id"]):
            count = "—"
        else:
            rows = members[(members["series_id"] == sid) & members["status"].isin(MEMBER_STATUSES)]
            who = rows["iso3"].where(rows["iso3"] != "", rows["org_id"])
            count = str(who.nunique())
        lines.append(
            f"| {short} | {len(editions)} | {span} | {len(own) - len(editions)} | {len(figs)} "
            f"| {(figs['quote'] != '').sum()} | {named} | {count} |"
        )
    return "\n".join(lines)


def test_readme_coverage_table_matches_the_data():
    text = (DATA / "README.md").read_text(encoding="utf-8")
    assert START in text and END in text, "data/README.md has no coverage table markers"
    shown = text.split(START, 1)[1].split(END, 1)[0].strip()
    assert shown == coverage_table(), (
        "data/README.md's coverage table is out of date; "
        "run `.venv/bin/python tests/data/test_coverage.py` and paste its output"
    )


if __name__ == "__main__":
    print(coverage_table())
