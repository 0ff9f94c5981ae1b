"""What the reader of one news item knows while it reads: the text, its language's rules, its
sentences and the names found in it, and where each event field was read."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from coopstats.extract.mentions import Mention
from coopstats.extract.rules import Rules

_BEFORE, _AFTER = 80, 40


@dataclass
class Context:
    text: str
    rules: Rules
    sentences: list[tuple[int, int]]
    mentions: list[Mention]
    published: dt.date | None
    title: str | None
    series_spans: list[tuple[int, int]] = field(default_factory=list)
    place: Mention | None = None
    # Where each event field was read: field -> [start, end) (the draft's event "spans").
    spans: dict[str, list[int]] = field(default_factory=dict)

    def sentence_of(self, pos: int) -> tuple[int, int]:
        for start, end in self.sentences:
            if start <= pos < end:
                return start, end
        return (pos, pos)

    def near(self, pattern: re.Pattern[str] | None, start: int, end: int) -> bool:
        """Whether pattern matches within the sentence, near text[start:end]."""
        if pattern is None:
            return False
        s_start, s_end = self.sentence_of(start)
        window = self.text[max(s_start, start - _BEFORE) : min(s_end, end + _AFTER)]
        return pattern.search(window) is not None

    def in_sentence(self, pattern: re.Pattern[str] | None, pos: int) -> bool:
        if pattern is None:
            return False
        start, end = self.sentence_of(pos)
        return pattern.search(self.text[start:end]) is not None

    def in_series(self, start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in self.series_spans)

    def status(self, start: int, end: int, future: bool, sentence_wide: bool) -> str:
        """invited, pre_event or reported, from the cues of the sentence (or near the words)."""
        rules = self.rules

        def has(pattern: re.Pattern[str] | None) -> bool:
            if sentence_wide:
                return self.in_sentence(pattern, start)
            return self.near(pattern, start, end)

        if has(rules.invited) and not has(rules.attended_despite):
            return "invited"
        if future or has(rules.pre_event):
            return "pre_event"
        return "reported"
