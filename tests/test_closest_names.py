"""Suggestions: ClosestNames gives what plain rapidfuzz over every key gives."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from coopstats.closest_names import SCORE_CUTOFF, ClosestNames
from coopstats.countries import normalise

LIST_NAMES = Path(__file__).resolve().parent / "fixtures" / "list-names.csv"


def plain_closest(key: str, keys: dict[str, str], n: int = 3) -> list[str]:
    """Every key scored by rapidfuzz: the reference ClosestNames must equal."""
    found = process.extract(
        key, list(keys), scorer=fuzz.ratio, limit=max(4 * n, 10), score_cutoff=SCORE_CUTOFF
    )
    codes: list[str] = []
    for choice, _score, _position in found:
        if keys[choice] not in codes:
            codes.append(keys[choice])
    return codes[:n]


@pytest.fixture(scope="module")
def names(ds) -> list[str]:
    """List forms, endonyms, SAR forms, unknown and misspelt names, other scripts."""
    extra = ["Nigerai", "Rusia Federation", "zzzzzzzz", "Untied Kingdom", "Frnace", "Kongo",
             "Internatonal Organisation for Migration", "Gama Forum", "Интерпретаторы",
             "المنظمه الدوليه", "中华人民", "x", "12", "Côte d'Ivoir", "Korea 12345"]  # fmt: skip
    with LIST_NAMES.open(encoding="utf-8") as f:
        listed = [row["name"] for row in csv.DictReader(f)]
    # Numbered copies, as a list of distinct unknown names writes them ("Delegate 12").
    numbered = [f"{name} {i}" for i, name in enumerate(listed * 3)]
    return sorted({normalise(n) for n in [*listed, *numbered, *extra]})


@pytest.mark.parametrize("n", [1, 3, 5])
def test_country_and_organisation_suggestions_equal_plain_rapidfuzz(ds, names, n):
    for keys in (ds.countries.keys, ds.organisations.keys):
        closest = ClosestNames.of(keys)
        assert [closest.closest(k, n) for k in names] == [plain_closest(k, keys, n) for k in names]


def test_ties_keep_the_order_of_the_keys():
    keys = {"abcd": "B", "abce": "A", "abcf": "C"}
    assert ClosestNames.of(keys).closest("abc", 3) == ["B", "A", "C"]
    assert ClosestNames.of(dict(reversed(keys.items()))).closest("abc", 3) == ["C", "A", "B"]


def test_a_character_repeated_past_255_times_is_counted():
    keys = {"a" * 300: "LONG", "a" * 40: "SHORT", "b" * 300: "OTHER"}
    closest = ClosestNames.of(keys)
    assert closest.counts.max() == 300
    assert closest.closest("a" * 290, 3) == plain_closest("a" * 290, keys, 3) == ["LONG"]


def test_empty_keys_and_names():
    assert ClosestNames.of({}).closest("france") == []
    assert ClosestNames.of({"france": "FRA"}).closest("") == []


@settings(max_examples=200, deadline=None)
@given(
    keys=st.dictionaries(st.text("abcé жз中 ", max_size=12), st.sampled_from("XYZ"), max_size=12),
    key=st.text("abcé жз中 ", max_size=12),
    n=st.integers(1, 4),
)
def test_equals_plain_rapidfuzz_on_any_keys(keys, key, n):
    assert ClosestNames.of(keys).closest(key, n) == plain_closest(key, keys, n)
