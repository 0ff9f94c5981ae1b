"""The reported figures of a news item: each number with the metric its words name ("240
people", "50 countries (regions)"), its qualifier, scope and status, and the words it was read from."""

from __future__ import annotations

import re

from coopstats.extract import dates as datemod
from coopstats.extract.context import Context
from coopstats.extract.quantities import Quantity, find_quantities
from coopstats.extract.rules import Rules
from coopstats.schema import METRICS

_PEOPLE = {m for m, spec in METRICS.items() if spec["counts"] == "people"}
# Between two numbers of one list ("26 pays africains et 31 européens"): at most two words,
# then a conjunction; the second number takes the first one's metric.
_CONJUNCTION = re.compile(
    r"^\s*(?:[^\W\d]+\s+){0,2}?(?:and|et|y|e|и|و|和|及|与|與|、|,)\s*$", re.IGNORECASE
)


def read_figures(ctx: Context, future: bool) -> list[dict]:
    rules = ctx.rules
    dated = [(d.start, d.end) for d in datemod.find_dates(ctx.text, rules)]
    quantities = find_quantities(ctx.text, rules, skip=dated)
    figures: list[dict] = []
    previous: tuple[Quantity, dict] | None = None
    for i, q in enumerate(quantities):
        phrase = _phrase(ctx, quantities, i)
        if rules.scope_exclude and rules.scope_exclude.search(phrase):
            previous = None
            continue
        metric, metric_end = _metric(phrase, rules)
        inherited = False
        if metric is None and previous is not None:
            between = ctx.text[previous[1]["span"][1] : q.qualifier_start]
            if _CONJUNCTION.match(between):
                metric, metric_end, inherited = previous[1]["metric"], 0, True
        if metric is None and i + 1 < len(quantities) and rules.range_connector:
            # "50 to 51 countries": the first number of a range takes the second's words.
            following = quantities[i + 1]
            if rules.range_connector.fullmatch(ctx.text[q.end : following.qualifier_start]):
                metric, _ = _metric(_phrase(ctx, quantities, i + 1), rules)
                metric_end = 0
        if metric is None:
            previous = None
            continue
        if ctx.near(rules.figure_not_event, q.qualifier_start, q.end):
            previous = None
            continue
        qualifier = q.qualifier
        if inherited and qualifier == "exact":
            qualifier = previous[1]["qualifier"]
        scope = _scope(phrase[: metric_end + 25], rules)
        status = ctx.status(q.qualifier_start, q.end, future, sentence_wide=True)
        end = q.end + metric_end
        figure = {
            "metric": metric,
            "value": q.value,
            "qualifier": qualifier,
            "status": status,
            "scope": scope,
            "quote": ctx.text[q.qualifier_start : end],
            "span": [q.qualifier_start, end],
        }
        figures.append(figure)
        previous = (q, figure)
    return _dedupe(figures)


def _phrase(ctx: Context, quantities: list[Quantity], i: int) -> str:
    """The words after the i-th number, up to the next number, a breaker or the sentence end."""
    q = quantities[i]
    _, s_end = ctx.sentence_of(q.start)
    stop = min(s_end, quantities[i + 1].qualifier_start if i + 1 < len(quantities) else s_end)
    phrase = ctx.text[q.end : max(q.end, stop)]
    if ctx.rules.breakers:
        cut = ctx.rules.breakers.search(phrase)
        if cut:
            phrase = phrase[: cut.start()]
    return phrase


def _metric(phrase: str, rules: Rules) -> tuple[str | None, int]:
    """The metric a phrase after a number names, and where its words end."""
    taken: list[tuple[int, int, str]] = []
    for pattern, metric in rules.metrics:
        for m in pattern.finditer(phrase):
            if m.start() == m.end():
                continue
            if rules.language != "zh" and (
                (m.start() > 0 and phrase[m.start() - 1].isalnum())
                or (m.end() < len(phrase) and phrase[m.end()].isalnum())
            ):
                continue
            if any(m.start() < b and a < m.end() for a, b, _ in taken):
                continue
            taken.append((m.start(), m.end(), metric))
    if not taken:
        return None, 0
    taken.sort()
    first_start, first_end, metric = taken[0]
    lead = phrase[:first_start]
    gap = len(lead.strip()) if rules.language == "zh" else len(lead.split())
    if gap > rules.metric_gap or lead.strip().endswith((".", ";", ":", "。", "؛")):
        return None, 0
    end = first_end
    if metric in _PEOPLE:
        people = [t for t in taken if t[2] in _PEOPLE]
        if len({t[2] for t in people}) > 1:
            metric = "participants"
        end = max(t[1] for t in people)
    return metric, end


def _scope(phrase: str, rules: Rules) -> str | None:
    for pattern, scope in rules.scopes:
        if pattern.search(phrase):
            return scope
    return None


def _dedupe(figures: list[dict]) -> list[dict]:
    """One figure per (metric, value, qualifier, scope): a reported reading wins."""
    kept: dict[tuple, dict] = {}
    for figure in figures:
        key = (figure["metric"], figure["value"], figure["qualifier"], figure["scope"])
        if key not in kept or (
            kept[key]["status"] != "reported" and figure["status"] == "reported"
        ):
            kept[key] = figure
    return sorted(kept.values(), key=lambda f: f["span"][0])
