"""Integer codes for text keys: the fast path of selections and per-group counts on large frames.

pandas 3 keeps text as Arrow strings. Hashing a million of them for every merge, `nunique` or
Python-level join costs seconds; factorizing a column once (Arrow's dictionary encoding, a few
milliseconds) and working on its integer codes costs milliseconds. These helpers return the
same answers as the plain pandas they replace; the aggregations' tests pin that.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from coopstats.schema import ROLES

ROLE_ORDER = list(ROLES)  # host first: the "top" role of a participant is the earliest here
_ROLE_BITS = {role: 1 << i for i, role in enumerate(ROLE_ORDER)}
# Every set of roles, as a bit mask, -> its names ", "-joined in ROLES order.
_ROLE_LABELS = np.array(
    [", ".join(r for i, r in enumerate(ROLE_ORDER) if mask >> i & 1)
     for mask in range(1 << len(ROLE_ORDER))],
    dtype=object,
)  # fmt: skip


def _coded(values: pd.Series | pd.Index) -> bool:
    return isinstance(values.dtype, pd.CategoricalDtype) and not values.dtype.ordered


def codes_of(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(codes, uniques): codes number the distinct values in sorted order; missing is -1.

    A selection's categorical with sorted categories hands over its own codes (no hashing);
    its unused categories are harmless to the callers here.
    """
    if _coded(values) and values.cat.categories.is_monotonic_increasing:
        return values.cat.codes.to_numpy().astype(np.int64), np.asarray(values.cat.categories)
    found, uniques = pd.factorize(values, sort=True)
    return found.astype(np.int64), np.asarray(uniques, dtype=object)


def plain(values: pd.Series) -> pd.Series:
    """A selection's categorical text column as plain text (anything else is returned as is).

    Selections hand their text on as categoricals (see filters.select_participations); what
    an aggregation returns is plain text, whatever it was given. Arrow takes the categories by
    code in one pass, 25 times faster than `astype("str")`, which goes through Python objects.
    """
    if not _coded(values):
        return values
    categories = pa.array(np.asarray(values.cat.categories, dtype=object), type=pa.large_string())
    codes = values.cat.codes.to_numpy()
    text = categories.take(pa.array(codes, mask=codes < 0))
    return pd.Series(pd.array(text, dtype="str"), index=values.index, name=values.name)


def member(values: pd.Series, keys: object) -> pd.Series:
    """`values.isin(keys)` for text, through a hash index of the keys.

    pandas 3's `isin` on Arrow text against thousands of keys takes 150 ms for 20,000 values;
    a lookup in an index of the distinct keys takes 10.
    """
    if _coded(values):
        return values.isin(keys)
    index = pd.Index(keys).drop_duplicates()
    return pd.Series(index.get_indexer(values) >= 0, index=values.index, name=values.name)


def attach(
    left: pd.DataFrame, right: pd.DataFrame, on: str, *, keys: pd.Index | None = None
) -> pd.DataFrame:
    """`left.merge(right, on=on, how="left")` for a `right` with one row per key, by position.

    Left's rows and order are kept; right's other columns are added, missing where a key has
    no row. pandas' merge hashes both key columns of text on every call (35 ms for 12,000
    events); this looks each distinct key up once. `keys`, when left's keys are unique, is
    `pd.Index(left[on])`: its hash table, made once, then serves every frame attached to the
    same left.
    """
    at = positions(left[on], right[on]) if keys is None else rows_of(keys, right[on])
    extra = {
        column: pd.api.extensions.take(right[column].array, at, allow_fill=True)
        for column in right.columns
        if column != on
    }
    return left.assign(**{column: pd.Series(values, index=left.index)
                          for column, values in extra.items()})  # fmt: skip


def filled(values: pd.Series, text: str) -> pd.Series:
    """`values.fillna(text)`, also for a categorical that does not have `text` yet."""
    if _coded(values) and values.isna().any() and text not in values.cat.categories:
        values = values.cat.add_categories([text])
    return values.fillna(text)


def plain_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with plain() applied to every column, to its index and to its column labels."""
    coded = [c for c in frame.columns if _coded(frame[c])]
    out = frame.assign(**{c: plain(frame[c]) for c in coded}) if coded else frame
    for axis in ("index", "columns"):
        labels = getattr(out, axis)
        if _coded(labels):
            out = out.set_axis(pd.Index(labels.astype("str"), name=labels.name), axis=axis)
    return out


def sorted_codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(codes, uniques): codes number the distinct values in sorted order; missing is -1."""
    codes, uniques = pd.factorize(values, sort=True)
    return codes, np.asarray(uniques, dtype=object)


def positions(values: pd.Series, keys: pd.Series | pd.Index) -> np.ndarray:
    """Each value's position in `keys` (unique), -1 when absent or missing: a fast get_indexer."""
    codes, uniques = pd.factorize(values)
    found = pd.Index(keys).get_indexer(pd.Index(uniques, dtype=object))
    out = np.append(found, -1)[codes] if len(values) else np.empty(0, dtype=np.intp)
    return out


def rows_of(keys: pd.Index, values: pd.Series) -> np.ndarray:
    """For each of the unique `keys`, the position of its row in `values` (unique), -1 when
    it has none: `positions(keys, values)` through keys' own hash table, built once."""
    where = keys.get_indexer(values)
    found = where >= 0
    at = np.full(len(keys), -1, dtype=np.intp)
    at[where[found]] = np.flatnonzero(found)
    return at


def lookup(values: pd.Series, mapping: Mapping[object, object], default: object) -> np.ndarray:
    """`values.map(mapping)` with a default, computed once per distinct value."""
    codes, uniques = pd.factorize(values)
    table = np.array([*(mapping.get(u, default) for u in uniques), default])
    return table[codes]


# Cells of a (groups x values) presence table beyond which pairs are hashed instead.
PRESENCE_LIMIT = 1 << 26


def presence(
    groups: np.ndarray, values: np.ndarray, n_groups: int, width: int
) -> np.ndarray | None:
    """A (n_groups x width) table of which non-negative codes (< width) each group number
    holds: one pass, no hashing. None when it would exceed PRESENCE_LIMIT cells."""
    if n_groups * width > PRESENCE_LIMIT:
        return None
    keep = values >= 0
    if not keep.all():
        groups, values = groups[keep], values[keep]
    seen = np.zeros(n_groups * width, dtype=bool)
    seen[groups.astype(np.int64) * width + values] = True
    return seen.reshape(n_groups, width)


def distinct_count(groups: np.ndarray, values: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group number 0..n_groups-1, how many distinct non-negative codes `values` holds."""
    keep = values >= 0
    groups, values = groups[keep].astype(np.int64), values[keep].astype(np.int64)
    width = int(values.max(initial=0)) + 1
    seen = presence(groups, values, n_groups, width)
    if seen is not None:
        return seen.sum(axis=1).astype(np.int64)
    pairs = pd.unique(groups * width + values)
    return np.bincount(pairs // width, minlength=n_groups).astype(np.int64)


def role_masks(roles: pd.Series, groups: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group number, the bit mask of the roles its rows hold (bit i = ROLES[i])."""
    bits = lookup(roles, _ROLE_BITS, 0).astype(np.int64)
    masks = np.zeros(n_groups, dtype=np.int64)
    for bit in _ROLE_BITS.values():  # one counting pass per role beats np.bitwise_or.at
        held = np.bincount(groups[bits == bit], minlength=n_groups) > 0
        masks |= np.where(held, bit, 0)
    return masks


def role_labels(masks: np.ndarray) -> np.ndarray:
    """Role bit masks -> ", "-joined names in ROLES order (the first is the top role)."""
    return _ROLE_LABELS[masks]


def joined_distinct(
    groups: np.ndarray, values: pd.Series, n_groups: int, sep: str = ", "
) -> list[str]:
    """Per group number, its distinct non-missing values sorted and `sep`-joined ("" when none)."""
    codes, uniques = sorted_codes(values)
    keep = codes >= 0
    width = len(uniques) + 1
    pairs = np.sort(pd.unique(groups[keep].astype(np.int64) * width + codes[keep]))
    owners, which = pairs // width, pairs % width
    bounds = np.searchsorted(owners, np.arange(n_groups + 1))
    names = uniques[which]
    return [sep.join(names[a:b]) for a, b in itertools.pairwise(bounds)]


class Groups:
    """The rows of a frame grouped by key columns, numbered 0..n-1 in sorted key order.

    Rows with a missing key belong to no group (number -1), as in pandas' groupby.
    `keys` holds one row per group: its key values, in group-number order.
    """

    def __init__(self, frame: pd.DataFrame, keys: Sequence[str]) -> None:
        if len(keys) == 1:
            numbers, uniques = pd.factorize(frame[keys[0]], sort=True)
            size = len(uniques)
        else:
            combined = np.zeros(len(frame), dtype=np.int64)
            missing = np.zeros(len(frame), dtype=bool)
            for key in keys:
                # Codes in sorted order (a categorical's own, unused ones included: the ranking
                # below numbers only the combinations present).
                codes, uniques = codes_of(frame[key])
                combined = combined * (len(uniques) + 1) + codes
                missing |= codes < 0
            combined[missing] = -1
            width = int(combined.max(initial=-1)) + 1
            if width <= 1 << 26:
                # Rank the combined codes through a bitmap of those present: no hashing, no sort.
                present = np.zeros(width + 1, dtype=bool)
                present[combined] = True  # -1 (a missing key) marks the last slot
                present[-1] = False
                found = np.flatnonzero(present)
                size = len(found)
                rank = np.full(width + 1, -1, dtype=np.int32)
                rank[found] = np.arange(size, dtype=np.int32)
                numbers = rank[combined].astype(np.int64)
            else:
                numbers, found = pd.factorize(combined, sort=True)
                size = len(found)
                if missing.any():  # -1 sorted first: shift the real groups down to start at 0
                    numbers, size = np.where(missing, -1, numbers - 1), size - 1
        self.numbers = numbers
        self.size = size
        self._all_valid = bool((numbers >= 0).all())
        rows = np.flatnonzero(numbers >= 0)
        self.first_rows = np.full(size, len(frame), dtype=np.int64)
        np.minimum.at(self.first_rows, numbers[rows], rows)
        self.keys = plain_frame(frame[list(keys)].iloc[self.first_rows].reset_index(drop=True))

    def __len__(self) -> int:
        return self.size

    def _valid(self) -> np.ndarray:
        return self.numbers >= 0

    def _rows(self, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(group numbers, codes) of the rows in a group, codes aligned with the frame."""
        if self._all_valid:
            return self.numbers, codes
        valid = self._valid()
        return self.numbers[valid], codes[valid]

    def _presence(self, codes: np.ndarray, width: int) -> np.ndarray | None:
        """A (groups x width) table of which non-negative codes each group holds, or None
        when it would be too big (then callers hash pairs instead)."""
        if self.size * width > PRESENCE_LIMIT:
            return None  # before _rows: no copy of the rows for a table never made
        return presence(*self._rows(codes), self.size, width)

    def first(self, column: pd.Series) -> pd.Series:
        """The column's value on each group's first row."""
        return plain(column.iloc[self.first_rows].reset_index(drop=True))

    def distinct(self, column: pd.Series) -> np.ndarray:
        """How many distinct non-missing values of the column each group holds."""
        codes, uniques = codes_of(column)
        seen = self._presence(codes, len(uniques))
        if seen is not None:
            return seen.sum(axis=1).astype(np.int64)
        return distinct_count(*self._rows(codes), self.size)

    def any(self, mask: np.ndarray | pd.Series) -> np.ndarray:
        """Whether any row of each group has `mask` true."""
        numbers, hits = self._rows(np.asarray(mask, dtype=bool))
        return np.bincount(numbers[hits], minlength=self.size) > 0

    def reduce(self, values: pd.Series, how: str) -> np.ndarray:
        """min, max or sum of a numeric column per group."""
        if how in ("min", "max") and self.size:
            found = self._extreme(values, how)
            if found is not None:
                return found
        valid = self._valid()
        grouped = pd.Series(np.asarray(values)[valid]).groupby(self.numbers[valid])
        return getattr(grouped, how)().reindex(range(self.size)).to_numpy()

    def _extreme(self, values: pd.Series, how: str) -> np.ndarray | None:
        """min or max of whole numbers in a narrow range (years), through the presence table."""
        if (
            not pd.api.types.is_integer_dtype(values.dtype)
            or values.isna().any()
            or not len(values)
        ):
            return None
        numbers = np.asarray(values, dtype=np.int64)
        low = int(numbers.min())
        seen = self._presence(numbers - low, int(numbers.max()) - low + 1)
        if seen is None or not seen.any(axis=1).all():
            return None
        at = (
            seen.argmax(axis=1)
            if how == "min"
            else seen.shape[1] - 1 - seen[:, ::-1].argmax(axis=1)
        )
        return at + low

    def roles(self, roles: pd.Series) -> np.ndarray:
        """Each group's roles, ", "-joined in ROLES order."""
        codes, uniques = codes_of(roles)
        order = np.array([ROLE_ORDER.index(r) if r in ROLE_ORDER else -1 for r in uniques] + [-1])
        seen = self._presence(order[codes], len(ROLE_ORDER))
        if seen is None:
            valid = self._valid()
            return role_labels(role_masks(roles[valid], self.numbers[valid], self.size))
        return role_labels(seen.astype(np.int64) @ (1 << np.arange(len(ROLE_ORDER))))

    def distinct_where(self, column: pd.Series, mask: np.ndarray | pd.Series) -> np.ndarray:
        """How many distinct non-missing values of the column each group holds where `mask`."""
        codes, _ = pd.factorize(column)
        keep = self._valid() & np.asarray(mask, dtype=bool)
        return distinct_count(self.numbers[keep], codes[keep], self.size)

    def concat(self, values: pd.Series, sep: str) -> list[str]:
        """Each group's values in row order, `sep`-joined (duplicates kept; "" when none)."""
        valid = np.flatnonzero(self._valid())
        order = valid[np.argsort(self.numbers[valid], kind="stable")]
        texts = np.asarray(values, dtype=object)[order]
        bounds = np.searchsorted(self.numbers[order], np.arange(self.size + 1))
        return [sep.join(texts[a:b]) for a, b in itertools.pairwise(bounds)]

    def joined(self, values: pd.Series, sep: str = ", ") -> list[str]:
        """Each group's distinct non-missing values, sorted and `sep`-joined."""
        codes, uniques = codes_of(values)
        seen = self._presence(codes, len(uniques))
        if seen is None:
            valid = self._valid()
            return joined_distinct(self.numbers[valid], values[valid], self.size, sep)
        names = np.asarray(uniques, dtype=object)
        return [sep.join(names[row]) for row in seen]
