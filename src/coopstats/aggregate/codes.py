"""Integer codes for text keys: the fast path of selections and per-group counts on large frames.

pandas 3 keeps text as Arrow strings. Hashing a million of them for every merge, `nunique` or
Python-level join costs seconds; factorizing a column once (Arrow's dictionary encoding, a few
milliseconds) and working on its integer codes costs milliseconds. These helpers return the
same answers as the plain pandas they replace; the aggregations' tests pin that.
"""

from __future__ import annotations

import functools
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


def narrow_codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """codes_of without widening: a categorical's own codes (int8 or int16 for a few thousand
    categories), not a copy as int64. Callers widen before any arithmetic that could overflow."""
    if _coded(values) and values.cat.categories.is_monotonic_increasing:
        return values.cat.codes.to_numpy(), np.asarray(values.cat.categories)
    return codes_of(values)


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
        if pd.Index(keys).hasnans:  # a missing key matches missing values: pandas' own rule
            return values.isin(keys)
        # Each category looked up once, then a row's answer is its code's: one small take
        # (pandas' own isin on a categorical takes several times longer at a million rows).
        inside = member(pd.Series(values.cat.categories), keys).to_numpy()
        table = np.append(inside, False)  # code -1 (missing) is never a member
        return pd.Series(table[values.cat.codes.to_numpy()], index=values.index, name=values.name)
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


def pair_presence(
    groups: np.ndarray, values: np.ndarray, n_groups: int, width: int
) -> np.ndarray | None:
    """presence() for codes known to be non-negative, in 32-bit arithmetic where it fits:
    one copy and one scatter, for the per-event counts asked of every filter change."""
    if n_groups * width > PRESENCE_LIMIT:
        return None
    return presence_table(groups, values, n_groups, width)


def presence_table(groups: np.ndarray, values: np.ndarray, n_groups: int, width: int) -> np.ndarray:
    """pair_presence whatever its size (the caller has checked it against PRESENCE_LIMIT)."""
    slots = groups.astype(np.int32 if n_groups * width < 1 << 31 else np.int64)
    slots *= width
    slots += values
    seen = np.zeros(n_groups * width, dtype=bool)
    seen[slots] = True
    return seen.reshape(n_groups, width)


def distinct_count(groups: np.ndarray, values: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group number 0..n_groups-1, how many distinct non-negative codes `values` holds."""
    keep = values >= 0
    if not keep.all():
        groups, values = groups[keep], values[keep]
    groups, values = groups.astype(np.int64, copy=False), values.astype(np.int64, copy=False)
    width = int(values.max(initial=0)) + 1
    seen = presence(groups, values, n_groups, width)
    if seen is not None:
        return seen.sum(axis=1).astype(np.int64)
    # Most groups hold one value (a participant's editions in one series and year): each
    # group's value is written to one slot and only the rows that differ from it are hashed.
    one = np.full(n_groups, -1, dtype=np.int64)
    one[groups] = values  # some value of the group wins: which one does not matter
    counts = (one >= 0).astype(np.int64)
    other = values != one[groups]
    if other.any():
        pairs = pd.unique(groups[other] * width + values[other])
        counts += np.bincount(pairs // width, minlength=n_groups)
    return counts


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


def _sorted_codes(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """(codes, uniques) in sorted order, missing -1; a categorical hands over its own codes
    over all its categories. `uniques` keeps the column's type (plain text for categoricals)."""
    if _coded(values) and values.cat.categories.is_monotonic_increasing:
        return values.cat.codes.to_numpy(), values.cat.categories
    if _decodable(values) and len(values):
        # Whole numbers in a narrow range (years): their offset from the least is the code.
        numbers = values.to_numpy()
        low, high = int(numbers.min()), int(numbers.max())
        if high - low < 1 << 16:
            return (numbers - low).astype(np.int32), pd.Index(
                np.arange(low, high + 1, dtype=numbers.dtype)
            )
    codes, uniques = pd.factorize(values, sort=True)
    return codes, pd.Index(uniques)


def _decodable(values: pd.Series) -> bool:
    """Whether a key's values can be read back from its sorted codes with their own type:
    an unordered categorical (given back as plain text) or whole numbers without missing."""
    if _coded(values):
        return values.cat.categories.is_monotonic_increasing
    return isinstance(values.dtype, np.dtype) and values.dtype.kind in "iu"


def _taken(uniques: pd.Index, codes: np.ndarray, like: pd.Series) -> pd.Series:
    """uniques[codes] as a column of `like`'s type (a categorical's as plain text)."""
    if _coded(like):
        return plain(pd.Series(pd.Categorical.from_codes(codes, dtype=like.dtype)))
    return pd.Series(np.asarray(uniques)[codes], dtype=like.dtype)


class Groups:
    """The rows of a frame grouped by key columns, numbered 0..n-1 in sorted key order.

    Rows with a missing key belong to no group (number -1), as in pandas' groupby.
    `keys` holds one row per group: its key values, in group-number order.
    """

    def __init__(self, frame: pd.DataFrame, keys: Sequence[str]) -> None:
        self._frame, self._key_names = frame, list(keys)
        decoded: list[tuple[np.ndarray, pd.Index]] | None = None
        if len(keys) == 1 and not _coded(frame[keys[0]]):
            numbers, uniques = pd.factorize(frame[keys[0]], sort=True)
            size = len(uniques)
            if _decodable(frame[keys[0]]):
                decoded = [(np.arange(size), pd.Index(uniques))]
        else:
            coded = [_sorted_codes(frame[key]) for key in keys]
            spans = [(len(uniques) + 1, uniques) for _, uniques in coded]
            # 32-bit arithmetic when every combination fits: half the memory to go through.
            fits = np.prod([float(span) for span, _ in spans]) < 2**31
            combined = np.zeros(len(frame), dtype=np.int32 if fits else np.int64)
            missing = None
            for (codes, _), (span, _) in zip(coded, spans, strict=True):
                # Codes in sorted order (a categorical's own, unused ones included: the ranking
                # below numbers only the combinations present).
                combined *= span
                combined += codes
                if len(codes) and codes.min() < 0:
                    missing = codes < 0 if missing is None else missing | (codes < 0)
            if missing is not None:
                combined[missing] = -1
            else:
                missing = np.zeros(0, dtype=bool)
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
                    found = found[1:]
            if all(_decodable(frame[key]) for key in keys):
                # Each group's key values read back from its combined code: no first row to
                # find and no text taken from the long frame. A quotient per key, in the width
                # the codes were combined in, the remainder as code - quotient * span: numpy
                # divides by one divisor fast but has no fast remainder (about 60 -> 5 ms for
                # three keys of 800,000 groups).
                decoded = []
                found = np.asarray(found, dtype=combined.dtype)
                for span, uniques in reversed(spans):
                    quotient = found // span
                    decoded.append((found - quotient * span, uniques))
                    found = quotient
                decoded.reverse()
        self.numbers = numbers
        self.size = size
        self._all_valid = bool((numbers >= 0).all())
        if decoded is None:
            self.keys = plain_frame(frame[list(keys)].iloc[self.first_rows].reset_index(drop=True))
        else:
            self.keys = pd.DataFrame(
                dict(enumerate(_taken(uniques, codes, frame[key])
                               for key, (codes, uniques) in zip(keys, decoded, strict=True)))
            ).set_axis(frame.columns[frame.columns.get_indexer(keys)], axis="columns")  # fmt: skip

    @functools.cached_property
    def first_rows(self) -> np.ndarray:
        """Each group's first row (its position in the frame)."""
        rows = np.flatnonzero(self.numbers >= 0)
        first = np.full(self.size, len(self._frame), dtype=np.int64)
        np.minimum.at(first, self.numbers[rows], rows)
        return first

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
        return role_labels(self.role_masks(roles))

    def role_names(self, roles: pd.Series) -> pd.Series:
        """roles() as a column of plain text, taken by Arrow from the few possible labels
        (a Python string per group would cost more than the grouping)."""
        labels = pa.array(_ROLE_LABELS, type=pa.large_string())
        text = labels.take(pa.array(self.role_masks(roles)))
        return pd.Series(pd.array(text, dtype="str"))

    def role_masks(self, roles: pd.Series) -> np.ndarray:
        """Each group's roles as a bit mask (bit i = ROLES[i])."""
        codes, uniques = codes_of(roles)
        order = np.array([ROLE_ORDER.index(r) if r in ROLE_ORDER else -1 for r in uniques] + [-1])
        bit = order[codes]
        if len(ROLE_ORDER) <= 8 and self._all_valid and (bit >= 0).all():
            # A byte of eight flags per group, one pass: no hashing, no per-role pass.
            slots = self.numbers * 8
            slots += bit
            seen = np.zeros(self.size * 8, dtype=bool)
            seen[slots] = True
            return np.packbits(seen, bitorder="little")  # eight flags make a byte
        seen = self._presence(bit, len(ROLE_ORDER))
        if seen is None:
            valid = self._valid()
            return role_masks(roles[valid], self.numbers[valid], self.size)
        return seen.astype(np.int64) @ (1 << np.arange(len(ROLE_ORDER)))

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
