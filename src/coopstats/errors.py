"""The one domain error type, and the problems it carries.

Every message has four parts: what failed, where (file, row, column), what was expected
against what was found, and a hint. Problems are collected and reported together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in the input.

    `row` is the line number in the file as a person sees it in an editor (the header is
    line 1, so the first data row is 2); None when the problem concerns the whole file.
    """

    what: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: object = None
    expected: str | None = None
    hint: str | None = None
    severity: str = "error"

    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"row {self.row}")
        location = " ".join(parts)
        if self.column:
            location = f"{location}, column {self.column}" if location else f"column {self.column}"
        return location

    def message(self) -> str:
        text = self.what
        if self.value is not None:
            text += f": got {self.value!r}"
        if self.expected:
            text += f"; expected {self.expected}"
        location = self.where()
        if location:
            text = f"{location}: {text}"
        if self.hint:
            text += f". Hint: {self.hint}"
        return text

    def as_dict(self) -> dict[str, object]:
        value = self.value
        if value is not None and not isinstance(value, str | int | float | bool):
            value = str(value)
        return {
            "severity": self.severity,
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": value,
            "what": self.what,
            "expected": self.expected,
            "hint": self.hint,
            "message": self.message(),
        }


@dataclass
class DataError(ValueError):
    """Bad input: a file, an upload, a URL parameter or a name. Carries every problem found."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.__str__())

    @classmethod
    def single(cls, what: str, **where: object) -> DataError:
        return cls([Problem(what, **where)])  # type: ignore[arg-type]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def __str__(self) -> str:
        errors = self.errors or self.problems
        if not errors:
            return "invalid input"
        head = errors[0].message()
        if len(errors) == 1:
            return head
        return f"{len(errors)} problems; first: {head}"


def raise_if_errors(problems: Iterable[Problem]) -> None:
    """Raise one DataError carrying all problems when any of them is an error."""
    problems = list(problems)
    if any(p.severity == "error" for p in problems):
        raise DataError(problems)
