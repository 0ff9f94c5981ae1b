"""The INTERPOL General Assemblies of 2009-2015: their figures, each as its source gives it.

Dates and places are pinned in tests/data/test_editions.py; here each figure, with its
qualifier, status and source, and the conflicts kept side by side. Each case fails on the data
before these sessions were added (see data/CHANGELOG.md).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return pd.read_csv(DATA / "figures.csv", dtype=str, keep_default_na=False).set_index(
        "figure_id"
    )


FIGURES = [
    # figure_id, metric, scope, value, qualifier, source_id
    ("interpol-ga-2009-participants-govcn", "participants", "", "800", "more_than",
     "govcn-2009-interpol-nakedoat"),
    ("interpol-ga-2009-countries-govcn", "countries", "member countries", "150", "exact",
     "govcn-2009-interpol-nakedoat"),
    ("interpol-ga-2010-participants-interpol", "participants", "", "650", "about",
     "interpol-2010-doha"),
    ("interpol-ga-2010-countries-interpol", "countries", "", "141", "exact", "interpol-2010-doha"),
    ("interpol-ga-2011-participants-interpol", "participants", "", "630", "about",
     "interpol-2011-pr091"),
    ("interpol-ga-2011-countries-interpol", "countries", "", "142", "exact", "interpol-2011-pr091"),
    ("interpol-ga-2012-participants-interpol", "participants", "", "1000", "more_than",
     "interpol-2012-rome"),
    ("interpol-ga-2012-countries-interpol", "countries", "", "170", "exact", "interpol-2012-rome"),
    ("interpol-ga-2012-ministers-interpol", "ministers", "ministerial meeting", "100", "nearly",
     "interpol-es-2012-81st"),
    ("interpol-ga-2013-participants-interpol", "participants", "", "630", "about",
     "interpol-es-2013-82nd"),
    ("interpol-ga-2013-countries-interpol", "countries", "", "142", "exact",
     "interpol-es-2013-82nd"),
    ("interpol-ga-2013-participants-elnuevosiglo", "participants", "", "1050", "more_than",
     "elnuevosiglo-2013-interpol"),
    ("interpol-ga-2013-countries-elnuevosiglo", "countries", "member countries", "144", "exact",
     "elnuevosiglo-2013-interpol"),
    ("interpol-ga-2014-participants-interpol", "participants", "ministerial meeting", "1000",
     "more_than", "interpol-2014-ministerial"),
    ("interpol-ga-2014-countries-interpol", "countries", "ministerial meeting", "166", "exact",
     "interpol-2014-ministerial"),
    ("interpol-ga-2015-participants-interpol", "participants", "", "640", "about",
     "interpol-ar-2015-84th"),
    ("interpol-ga-2015-countries-interpol", "countries", "", "145", "exact",
     "interpol-ar-2015-84th"),
    ("interpol-ga-2015-participants-kagame", "participants", "", "850", "exact",
     "kagame-2015-interpol"),
    ("interpol-ga-2015-countries-kagame", "countries", "", "149", "exact", "kagame-2015-interpol"),
    ("interpol-ga-2015-participants-newtimes", "participants", "", "1000", "nearly",
     "newtimes-2015-interpol"),
    ("interpol-ga-2015-countries-newtimes", "countries", "", "150", "about",
     "newtimes-2015-interpol"),
]  # fmt: skip


@pytest.mark.parametrize("figure_id, metric, scope, value, qualifier, source_id", FIGURES,
                         ids=[f[0] for f in FIGURES])  # fmt: skip
def test_figure_is_entered_as_its_source_gives_it(
    figures, figure_id, metric, scope, value, qualifier, source_id
):
    row = figures.loc[figure_id]
    assert (row["metric"], row["scope"], row["value"], row["qualifier"], row["source_id"]) == (
        metric, scope, value, qualifier, source_id,
    )  # fmt: skip
    assert row["status"] == "reported"
    assert row["quote"], "every figure of these sessions carries its source's own words"


def test_kigali_2015_keeps_its_three_conflicting_counts(figures):
    counts = figures[
        (figures["event_id"] == "interpol-ga-2015") & (figures["metric"] == "countries")
    ]
    assert sorted(counts["value"].astype(int)) == [145, 149, 150]
