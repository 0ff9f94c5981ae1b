"""The names an index knows that come closest to a name it misses: the suggestions.

Closeness is rapidfuzz's Indel similarity of the normalised forms (`fuzz.ratio`, near difflib's
ratio), at least 60%, best first, ties in the order of the keys. Scoring each of the country
index's 3,700 keys (names in seven languages, codes) took about 0.24 ms a name, most of a bulk
resolution's time. Most keys cannot reach 60%: the longest common subsequence of two strings
is at most the characters they share, counted with repeats, so a Latin name and an Arabic,
Chinese or Cyrillic key, or a key of another length altogether, are out at once.
`ClosestNames` counts each key's characters once, bounds the ratio of every key in one numpy
pass, and lets rapidfuzz score only the keys the bound leaves (about 30 of 3,700 for the
names of a registration list): the same answer, several times faster.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

# The least similarity (percent) of a suggestion.
SCORE_CUTOFF = 60


@dataclass(frozen=True, eq=False)
class ClosestNames:
    """The keys of an index (normalised name -> code), with each key's character counts.

    `counts[row, column]` is how many times the character `alphabet` maps to `row` occurs in
    key `column`; `least` is SCORE_CUTOFF times each key's length in characters (code points,
    as rapidfuzz compares them).
    """

    keys: list[str] = field(repr=False)
    codes: list[str] = field(repr=False)
    least: np.ndarray = field(repr=False)
    alphabet: dict[str, int] = field(repr=False)
    counts: np.ndarray = field(repr=False)

    @classmethod
    def of(cls, keys: dict[str, str]) -> ClosestNames:
        """Count the characters of every key of `keys`, in the order of the keys."""
        names = list(keys)
        lengths = np.fromiter((len(k) for k in names), dtype=np.int64, count=len(names))
        points = np.frombuffer("".join(names).encode("utf-32-le", "surrogatepass"), np.uint32)
        owner = np.repeat(np.arange(len(names)), lengths)
        letters, rows = np.unique(points, return_inverse=True)
        flat = np.bincount(rows * len(names) + owner, minlength=len(letters) * len(names))
        # The narrowest type that holds every count: the per-name pass reads them all.
        small = np.uint8 if flat.size == 0 or flat.max() <= np.iinfo(np.uint8).max else np.uint16
        return cls(
            keys=names,
            codes=[keys[k] for k in names],
            least=SCORE_CUTOFF * lengths,
            alphabet={chr(point): row for row, point in enumerate(letters.tolist())},
            counts=flat.astype(small).reshape(len(letters), len(names)),
        )

    def closest(self, key: str, n: int = 3) -> list[str]:
        """The codes of the (at most n) keys closest to a normalised name, best first."""
        known = [(self.alphabet[ch], times) for ch, times in Counter(key).items()
                 if ch in self.alphabet]  # fmt: skip
        shared = self.counts.take([row for row, _times in known], axis=0)
        # A count in the name above the largest in any key bounds nothing more.
        most = np.iinfo(self.counts.dtype).max
        times = np.array([min(times, most) for _row, times in known], dtype=self.counts.dtype)
        np.minimum(shared, times[:, None], out=shared)
        # ratio = 200 * common subsequence / (both lengths) <= 200 * shared / (both lengths);
        # integers on both sides, so the test is exact.
        bound = 200 * np.add.reduce(shared, axis=0, dtype=np.int64)
        candidates = (bound >= SCORE_CUTOFF * len(key) + self.least).nonzero()[0]
        found = process.extract(
            key,
            [self.keys[i] for i in candidates],
            scorer=fuzz.ratio,
            limit=max(4 * n, 10),
            score_cutoff=SCORE_CUTOFF,
        )
        codes: list[str] = []
        for _key, _score, position in found:
            code = self.codes[candidates[position]]
            if code not in codes:
                codes.append(code)
        return codes[:n]
