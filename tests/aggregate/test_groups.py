"""Groups (the integer-code group-by behind the aggregations) against plain pandas.

Keys are read back from the groups' combined codes, counts of distinct values skip the
hashing when a group holds one value, roles are packed a byte per group: each must give what
pandas' own groupby gives, on small frames with plainly fake names.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from coopstats.aggregate import codes
from coopstats.aggregate.codes import Groups, distinct_count
from coopstats.aggregate.participants import editions_by_year
from coopstats.schema import ROLES


def _frame(coded: bool) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "who": ["zed", "amy", "amy", "bob", "zed", "amy", None, "bob"],
            "series": ["s2", "s1", "s1", "s1", "s2", "s2", "s1", "s1"],
            "year": [2001, 1999, 1999, 2001, 2001, 1999, 2001, 2001],
            "edition": ["e3", "e1", "e2", "e4", "e3", "e5", "e4", None],
            "role": ["host", "speaker", "participant", "observer", "speaker", "host", "host",
                     "co_chair"],
        }
    )  # fmt: skip
    if coded:
        # Categories with one unused and out of use order, as a selection may hand them on.
        frame["who"] = pd.Categorical(frame["who"], categories=["amy", "bob", "nobody", "zed"])
        frame["series"] = pd.Categorical(frame["series"], categories=["s0", "s1", "s2"])
        frame["edition"] = pd.Categorical(frame["edition"])
        frame["role"] = pd.Categorical(frame["role"])
    return frame


@pytest.mark.parametrize("coded", [False, True], ids=["text", "categorical"])
@pytest.mark.parametrize("keys", [["who"], ["year"], ["who", "series", "year"], ["series", "who"]])
@pytest.mark.parametrize("limit", [codes.PRESENCE_LIMIT, 0], ids=["presence", "hashed"])
def test_groups_match_pandas(
    coded: bool, keys: list[str], limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(codes, "PRESENCE_LIMIT", limit)
    frame = _frame(coded)
    groups = Groups(frame, keys)
    plain = frame.astype({c: "str" for c in ("who", "series", "edition", "role")}).where(
        frame.notna()
    ).astype({"year": "int64"})  # fmt: skip
    expected = plain.groupby(keys, sort=True, dropna=True)
    want_keys = expected.size().reset_index()[keys]
    for key in keys:
        if key != "year":
            want_keys[key] = want_keys[key].astype("str")
    pd.testing.assert_frame_equal(groups.keys, want_keys, check_column_type=False)
    np.testing.assert_array_equal(
        groups.distinct(frame["edition"]), expected["edition"].nunique().to_numpy()
    )
    want_roles = expected["role"].agg(lambda r: ", ".join(x for x in ROLES if x in set(r)))
    assert list(groups.roles(frame["role"])) == want_roles.tolist()
    assert groups.role_names(frame["role"]).tolist() == want_roles.tolist()
    assert str(groups.role_names(frame["role"]).dtype) == "str"
    first = plain.reset_index().groupby(keys, sort=True)["index"].min().to_numpy()
    np.testing.assert_array_equal(groups.first_rows, first)


@pytest.mark.parametrize("width", [3, 50_000])
def test_distinct_count_with_groups_of_one_and_of_many_values(
    width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Most groups hold one value; some hold several, repeated, with missing values."""
    monkeypatch.setattr(codes, "PRESENCE_LIMIT", 0)
    rng = np.random.default_rng(3)
    groups = rng.integers(0, 40, 2_000)
    values = np.where(groups % 3 == 0, rng.integers(0, width, 2_000), groups % 7)
    values[::11] = -1
    want = (
        pd.Series(values[values >= 0])
        .groupby(groups[values >= 0])
        .nunique()
        .reindex(range(45), fill_value=0)
        .to_numpy()
    )
    np.testing.assert_array_equal(distinct_count(groups, values, 45), want)


def test_editions_by_year_equals_plain_pandas() -> None:
    """One row per participant, series and year: distinct editions and the roles held."""
    frame = _frame(coded=True).rename(
        columns={"who": "participant_id", "series": "series_id", "edition": "edition_id"}
    )
    got = editions_by_year(frame)
    plain = frame.astype(
        {c: "str" for c in ("participant_id", "series_id", "edition_id", "role")}
    ).where(frame.notna())
    want = (
        plain.groupby(["participant_id", "series_id", "year"], sort=True)
        .agg(
            editions=("edition_id", "nunique"),
            roles=("role", lambda r: ", ".join(x for x in ROLES if x in set(r))),
        )
        .reset_index()
        .astype({"participant_id": "str", "series_id": "str", "roles": "str"})
    )
    pd.testing.assert_frame_equal(got, want)


@pytest.mark.parametrize("limit", [codes.PRESENCE_LIMIT, 0], ids=["presence", "hashed"])
def test_cumulative_participants_equals_plain_pandas(
    limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New participants are counted from their first edition in each series, sub-forums folded
    into their edition, a participant new in one series again new in another."""
    from coopstats.aggregate.editions import cumulative_participants

    monkeypatch.setattr(codes, "PRESENCE_LIMIT", limit)
    editions = pd.DataFrame(
        {
            "event_id": ["a-1", "a-2", "a-3", "b-1", "b-2"],
            "series_id": ["a", "a", "a", "b", "b"],
            "year": [2001, 2002, 2003, 2002, 2004],
            "start": ["2001-05-01", "2002-05-01", "2003-05-01", "2002-01-01", "2004-01-01"],
        }
    ).iloc[[3, 0, 4, 2, 1]]  # not in their order
    rows = [("a-1", "zed"), ("a-1", "amy"), ("a-2", "amy"), ("a-2", "bob"), ("a-3", "zed"),
            ("b-1", "amy"), ("b-2", "amy"), ("b-2", "cat"), ("b-2", "cat"), ("x-9", "dan")]  # fmt: skip
    selected = pd.DataFrame(rows, columns=["edition_id", "participant_id"]).assign(
        series_id=lambda f: f["edition_id"].str[0]
    )
    selected = selected.astype({"edition_id": "category", "participant_id": "category"})
    got = cumulative_participants(selected, editions)
    plain = selected.astype("str")
    plain = plain[plain["edition_id"].isin(editions["event_id"])]
    first = plain.merge(
        editions.rename(columns={"event_id": "edition_id"})[["edition_id", "start"]]
    ).sort_values("start")
    first = first.drop_duplicates(["series_id", "participant_id"])
    want = got[["series_id", "edition_id"]].assign(
        named=got["edition_id"].map(plain.groupby("edition_id")["participant_id"].nunique()),
        new=got["edition_id"].map(first.groupby("edition_id").size()).fillna(0),
    )
    want["cumulative"] = want.groupby("series_id")["new"].cumsum()
    assert got["edition_id"].tolist() == ["a-1", "a-2", "a-3", "b-1", "b-2"]
    assert got["named"].tolist() == want["named"].tolist() == [2, 2, 1, 1, 2]
    assert got["new"].tolist() == want["new"].astype(int).tolist() == [2, 1, 0, 1, 1]
    assert got["cumulative"].tolist() == [2, 3, 3, 1, 2]


@pytest.mark.parametrize("keys", [["amy", "zed"], [], ["nobody"], ["amy", None]])
def test_member_of_a_categorical_equals_isin(keys: list) -> None:
    values = _frame(coded=True)["who"]
    np.testing.assert_array_equal(codes.member(values, keys), values.isin(keys))
