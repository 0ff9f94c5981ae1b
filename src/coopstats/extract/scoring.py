"""Scores drafts against the development set (tests/fixtures/extraction): per-field precision
and recall, the share of fields right, and the wrong figures per text.

How fields are counted (as an analyst counts them): each of the eight event fields of each
expected record (a null that stays null is right); each expected figure, right when a draft
figure has the same metric, value, qualifier and status; each expected participant, right when
a draft participant has the same code, role, mode and status. Every draft figure or participant
that matches nothing is one more field, wrong. A text's wrong figures are the larger of its
missed and its extra figures (a figure read with the wrong qualifier is one wrong figure).
Quotes and spans are checked for consistency, not scored.

    python -m coopstats.extract.scoring [--fixtures DIR] [--write docs/extraction.md] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from coopstats.dataset import load_dataset
from coopstats.extract.extractor import Extractor
from coopstats.settings import BUNDLED_DATA_DIR

EVENT_FIELDS = (
    "series_id",
    "edition_number",
    "kind",
    "start_date",
    "end_date",
    "city",
    "host_iso3",
    "matched_event_id",
)
_MARKER = "<!-- extraction-scores:{folder}:{side} -->"


@dataclass
class Tally:
    """True positives, false positives and false negatives of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    right: int = 0
    total: int = 0

    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


@dataclass
class CaseScore:
    """The score of one text."""

    case_id: str
    right: int = 0
    total: int = 0
    wrong_figures: int = 0
    tallies: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[str] = field(default_factory=list)


def figure_key(f: dict) -> tuple:
    return (f["metric"], f["value"], f["qualifier"], f["status"])


def participant_key(p: dict) -> tuple:
    return (p.get("iso3") or p.get("org_id"), p["role"], p["mode"], p["status"])


def check_spans(draft: dict) -> list[str]:
    """Quotes that are not the text at their span, and event spans outside the text (every
    draft must return none)."""
    text = draft["text"]
    problems = []
    for record in draft["records"]:
        for item in [*record["figures"], *record["participants"]]:
            span = item.get("span")
            if span is None:
                continue
            start, end = span
            if not (0 <= start <= end <= len(text)) or text[start:end] != item["quote"]:
                problems.append(f"quote {item['quote']!r} is not text[{start}:{end}]")
        for key, (start, end) in (record["event"].get("spans") or {}).items():
            if not (0 <= start < end <= len(text)):
                problems.append(f"event {key}: [{start}, {end}) is not within the text")
    return problems


def _pair(expected: list[dict], drafted: list[dict]) -> list[tuple[dict, dict | None]]:
    used: set[int] = set()
    pairs = []
    for e in expected:
        best = None
        for i, d in enumerate(drafted):
            if i in used:
                continue
            same = (d["event"]["series_id"], d["event"]["kind"]) == (
                e["event"]["series_id"],
                e["event"]["kind"],
            )
            if best is None or same:
                best = i
                if same:
                    break
        if best is not None:
            used.add(best)
        pairs.append((e, drafted[best] if best is not None else None))
    extra = [d for i, d in enumerate(drafted) if i not in used]
    return pairs + [({"event": {}, "figures": [], "participants": []}, d) for d in extra]


def _multiset_match(expected: list[tuple], drafted: list[tuple]) -> tuple[int, list, list]:
    left = list(drafted)
    hits, missed = 0, []
    for key in expected:
        if key in left:
            left.remove(key)
            hits += 1
        else:
            missed.append(key)
    return hits, missed, left


def score_case(case_id: str, expected: list[dict], drafted: list[dict]) -> CaseScore:
    """Score one text's draft records against its expected records."""
    score = CaseScore(case_id)
    for exp, got in _pair(expected, drafted):
        got = got or {"event": {}, "figures": [], "participants": []}
        for name in EVENT_FIELDS:
            if not exp["event"] and name not in got["event"]:
                continue
            e, g = exp["event"].get(name), got["event"].get(name)
            tally = score.tallies[f"event.{name}"]
            tally.total += 1
            score.total += 1
            if e == g:
                tally.right += 1
                score.right += 1
                if e is not None:
                    tally.tp += 1
            else:
                score.misses.append(f"{name}: expected {e!r}, got {g!r}")
                if g is not None:
                    tally.fp += 1
                if e is not None:
                    tally.fn += 1
        for kind, key in (("figures", figure_key), ("participants", participant_key)):
            hits, missed, extra = _multiset_match(
                [key(x) for x in exp[kind]], [key(x) for x in got[kind]]
            )
            tally = score.tallies[kind]
            tally.tp += hits
            tally.fn += len(missed)
            tally.fp += len(extra)
            tally.right += hits
            tally.total += hits + len(missed) + len(extra)
            score.right += hits
            score.total += hits + len(missed) + len(extra)
            score.misses += [f"{kind} missed {k}" for k in missed]
            score.misses += [f"{kind} extra {k}" for k in extra]
            if kind == "figures":
                score.wrong_figures += max(len(missed), len(extra))
    return score


def load_cases(folder: Path) -> list[dict]:
    """The development set: each <id>.json with its <id>.txt."""
    cases = []
    for path in sorted(folder.glob("*.json")):
        meta = json.loads(path.read_text("utf-8"))
        meta["text"] = (folder / f"{meta['id']}.txt").read_text("utf-8")
        cases.append(meta)
    return cases


def score_all(extractor, folder: Path) -> tuple[list[CaseScore], list[str]]:
    """Draft every case of the folder and score it; also the span problems found."""
    scores, problems = [], []
    for case in load_cases(folder):
        draft = extractor.draft(
            case["text"], published=case["published_date"], url=case["url"], title=case["title"]
        )
        problems += [f"{case['id']}: {p}" for p in check_spans(draft)]
        scores.append(score_case(case["id"], case["records"], draft["records"]))
    return scores, problems


def totals(scores: list[CaseScore]) -> dict[str, Tally]:
    out: dict[str, Tally] = defaultdict(Tally)
    for score in scores:
        for name, t in score.tallies.items():
            o = out[name]
            o.tp, o.fp, o.fn = o.tp + t.tp, o.fp + t.fp, o.fn + t.fn
            o.right, o.total = o.right + t.right, o.total + t.total
    return dict(out)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def report(scores: list[CaseScore], label: str = "Development set") -> str:
    """The scores as Markdown: per-field table, per-text table."""
    all_totals = totals(scores)
    right = sum(s.right for s in scores)
    total = sum(s.total for s in scores)
    worst = max((s.wrong_figures for s in scores), default=0)
    lines = [
        f"{label}: {len(scores)} texts; **{right} of {total} fields right "
        f"({_pct(right / total if total else None)})**; at most {worst} wrong "
        f"figure(s) in one text.",
        "",
        "| field | precision | recall | right / counted |",
        "|---|---|---|---|",
    ]
    order = [f"event.{n}" for n in EVENT_FIELDS] + ["figures", "participants"]
    for name in order:
        t = all_totals.get(name)
        if t is None:
            continue
        lines.append(
            f"| {name} | {_pct(t.precision())} | {_pct(t.recall())} | {t.right} / {t.total} |"
        )
    lines += ["", "| text | fields right | wrong figures |", "|---|---|---|"]
    for s in scores:
        lines.append(f"| {s.case_id} | {s.right} / {s.total} | {s.wrong_figures} |")
    return "\n".join(lines)


def write_into(doc: Path, folder: str, text: str) -> None:
    """Replace the part of doc between the folder's two markers with text."""
    begin = _MARKER.format(folder=folder, side="begin")
    end = _MARKER.format(folder=folder, side="end")
    content = doc.read_text("utf-8")
    head, found, rest = content.partition(begin)
    if not found:
        raise ValueError(f"{doc} has no {begin} marker")
    _, _, tail = rest.partition(end)
    doc.write_text(f"{head}{begin}\n{text}\n{end}{tail}", "utf-8")


LABELS = {"extraction": "Development set", "extraction-unseen": "Unseen set"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = Path(__file__).resolve().parents[3]
    folders = [root / "tests/fixtures" / name for name in LABELS]
    parser.add_argument("--fixtures", type=Path, action="append", help="a folder of texts")
    parser.add_argument("--write", type=Path, help="a Markdown file with the score markers")
    parser.add_argument("--verbose", action="store_true", help="list every wrong field")
    args = parser.parse_args(argv)
    # The expected records name events of the bundled data, not of a local store.
    extractor = Extractor.build(load_dataset(BUNDLED_DATA_DIR))
    failed = False
    for folder in args.fixtures or folders:
        scores, problems = score_all(extractor, folder)
        text = report(scores, LABELS.get(folder.name, folder.name))
        print(text + "\n")
        if args.verbose:
            for s in scores:
                for miss in s.misses:
                    print(f"{s.case_id}: {miss}")
        for problem in problems:
            print(f"span problem: {problem}", file=sys.stderr)
        failed = failed or bool(problems)
        if args.write:
            write_into(args.write, folder.name, text)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
