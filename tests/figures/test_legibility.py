"""The colour arithmetic behind the palette tests, checked against published values."""

from __future__ import annotations

import numpy as np
import pytest

from coopstats.figures.legibility import (
    DEFICIENCIES,
    ciede2000,
    contrast_ratio,
    delta_e,
    relative_luminance,
    rgb,
    simulate,
    smallest_difference,
)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#767676", "#ffffff", 4.54),  # the lightest grey that passes 4.5:1 on white
        ("#949494", "#ffffff", 3.03),
    ],
)
def test_contrast_ratio_follows_wcag(first, second, expected) -> None:
    assert contrast_ratio(first, second) == pytest.approx(expected, abs=0.01)
    assert contrast_ratio(second, first) == pytest.approx(expected, abs=0.01)


def test_relative_luminance_of_primaries() -> None:
    assert relative_luminance("#ff0000") == pytest.approx(0.2126)
    assert relative_luminance("#00ff00") == pytest.approx(0.7152)
    assert relative_luminance("#fff") == pytest.approx(1.0)


# Sharma, Wu and Dalal (2005), "The CIEDE2000 color-difference formula", Table 1.
@pytest.mark.parametrize(
    ("lab1", "lab2", "expected"),
    [
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, -1.3802, -84.2814), (50.0, 0.0, -82.7485), 1.0),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
        ((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514), 0.9082),
        ((50.0, 2.5, 0.0), (50.0, 0.0, -2.5), 4.3065),
    ],
)
def test_ciede2000_matches_the_published_pairs(lab1, lab2, expected) -> None:
    assert ciede2000(np.array(lab1), np.array(lab2)) == pytest.approx(expected, abs=1e-4)


def test_grey_is_unchanged_by_every_simulation() -> None:
    for deficiency in DEFICIENCIES:
        assert delta_e(simulate("#808080", deficiency), "#808080") < 1


def test_red_and_green_merge_for_red_green_deficiencies_but_not_for_tritanopia() -> None:
    red, green = "#d62728", "#2ca02c"
    normal = delta_e(red, green)
    for deficiency in ("protanopia", "deuteranopia"):
        seen = delta_e(simulate(red, deficiency), simulate(green, deficiency))
        assert seen < normal / 2, deficiency  # what is left is lightness, not hue
    assert delta_e(simulate(red, "tritanopia"), simulate(green, "tritanopia")) > normal / 2


def test_smallest_difference_names_the_closest_pair() -> None:
    gap, first, second = smallest_difference(["#000000", "#ffffff", "#0a0a0a", "#000000"])
    assert {first, second} == {"#000000", "#0a0a0a"}
    assert gap < 5
    assert smallest_difference(["#123456"]) == (float("inf"), "", "")


def test_bad_input_says_what_was_expected() -> None:
    with pytest.raises(ValueError, match="expected #rrggbb"):
        rgb("#12345")
    with pytest.raises(ValueError, match="expected one of normal, protanopia"):
        simulate("#123456", "achromatopsia")
