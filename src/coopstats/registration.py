"""Registration lists: a spreadsheet of who came, read into the delegations it names.

A registration list is a CSV or XLSX file with one row per person or per delegation, a header
row somewhere near the top (titles and logos often come first) and a column that names each
row's delegation: a country, a territory or an international organisation, in any of the six
languages. Reading one is three steps, each shown to the editor and changeable:

1. `read_grid`: the file as a grid of text cells, no header assumed (limits checked first);
2. `detect_header` and `detect_delegation_column`: where the header is, which column names
   delegations;
3. `delegations`: every distinct delegation with what it resolves to, and suggestions when it
   does not.

`participation_rows` turns the editor's reviewed choices into participations.csv rows. People's
names are never read beyond the delegation column: coopstats records delegations, not persons.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import PurePath

import pandas as pd

from coopstats.countries import CountryIndex, normalise
from coopstats.errors import DataError, Problem
from coopstats.organisations import OrganisationIndex
from coopstats.resolution import resolve

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000
ACCEPTED = (".csv", ".xlsx")
# Where a header row is looked for.
HEADER_SEARCH_ROWS = 20
# Header words that name a delegation column, in the six languages (compared normalised).
DELEGATION_WORDS = (
    "delegation", "country", "countries", "organisation", "organization", "member state",
    "state", "economy", "affiliation", "entity",
    "délégation", "pays", "état", "organisme",
    "delegación", "país", "estado", "organismo", "organización",
    "делегация", "страна", "государство", "организация",
    "代表团", "国家", "国家/地区", "国家和地区", "组织", "单位", "机构",
    "الوفد", "الدولة", "البلد", "المنظمة",
)  # fmt: skip
TEMPLATE_COLUMNS = ("delegation", "person", "position", "notes")


def _problem(file: str, what: str, **parts: object) -> DataError:
    return DataError([Problem(what, file=file, **parts)])  # type: ignore[arg-type]


def check_file(name: str, size: int) -> str:
    """The file's suffix ('.csv' or '.xlsx'), or a DataError saying what to do instead."""
    suffix = PurePath(name).suffix.lower()
    if suffix in (".xls", ".xlsm"):
        raise _problem(
            name,
            "this spreadsheet format is not read",
            value=suffix,
            expected="a .xlsx or .csv file",
            hint="open it in your spreadsheet program and save it as Excel Workbook (.xlsx)",
        )
    if suffix not in ACCEPTED:
        raise _problem(
            name, "not a registration list", value=suffix, expected="a .xlsx or .csv file",
            hint="save the list as Excel Workbook (.xlsx) or as CSV UTF-8",
        )  # fmt: skip
    if size > MAX_BYTES:
        raise _problem(
            name, "file too large", value=f"{size / 1024 / 1024:.1f} MB",
            expected=f"at most {MAX_BYTES // (1024 * 1024)} MB",
            hint="delete columns other than the delegations, or split the list in two",
        )  # fmt: skip
    return suffix


# An encrypted (password-protected) Office file, like an old .xls, is an OLE compound file.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_UNZIPPED = 100 * 1024 * 1024  # a .xlsx whose parts inflate past this is refused (zip bomb)
MAX_RATIO = 200  # nor one whose parts inflate more than this many times the file
_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")


def refuse_unsafe(name: str, data: bytes, suffix: str) -> None:
    """A DataError for a file that is unsafe or unreadable before any parsing: encrypted,
    a zip bomb, macros, or cells holding formulas."""
    if data.startswith(_OLE):
        raise _problem(
            name, "the workbook is password-protected (encrypted) or an old .xls file",
            expected="an unprotected .xlsx, or CSV UTF-8",
            hint="remove the password (File > Info > Protect Workbook) and save it as .xlsx",
        )  # fmt: skip
    if suffix != ".xlsx":
        if re.search(
            r"(?m)(?:^|[,;\t|])\"?=[A-Za-z0-9(+-]", data[:MAX_BYTES].decode("utf-8", "replace")
        ):
            raise _formulas(name, "a cell starting with =")
        return
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile:
        raise _problem(
            name, "the file could not be read as .xlsx", value="not a zip archive",
            expected="an Excel Workbook (.xlsx)",
            hint="open it in your spreadsheet program and save it again as .xlsx",
        ) from None  # fmt: skip
    unzipped = sum(info.file_size for info in infos)
    if unzipped > MAX_UNZIPPED or unzipped > MAX_RATIO * max(len(data), 1):
        raise _problem(
            name, "the workbook inflates to an unreasonable size (a zip bomb?)",
            value=f"{unzipped:,} bytes from {len(data):,}",
            expected=f"at most {MAX_UNZIPPED:,} bytes, {MAX_RATIO} times the file",
            hint="save the list again from your spreadsheet program, or as CSV UTF-8",
        )  # fmt: skip
    archive = zipfile.ZipFile(io.BytesIO(data))
    for info in infos:
        lowered = info.filename.lower()
        if lowered.endswith("vbaproject.bin"):
            raise _problem(name, "the workbook holds macros", expected="a .xlsx without macros",
                           hint="save it as Excel Workbook (.xlsx)")  # fmt: skip
        sheet = lowered.startswith("xl/worksheets/") and lowered.endswith(".xml")
        if sheet and _FORMULA.search(archive.read(info)):
            raise _formulas(name, info.filename.rsplit("/", 1)[-1].removesuffix(".xml"))


def _formulas(name: str, where: str) -> DataError:
    return _problem(
        name, "cells hold formulas", value=where, expected="values only",
        hint="copy the cells and paste them as values (Paste Special > Values), then save",
    )  # fmt: skip


def _decode(name: str, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _problem(
            name, "the file is not UTF-8 text", value=f"byte {error.start}",
            expected="CSV saved as UTF-8", hint="save it as CSV UTF-8, or as .xlsx",
        ) from None  # fmt: skip


def _too_many_rows(name: str, rows: int) -> DataError:
    return _problem(
        name, "too many rows", value=rows, expected=f"at most {MAX_ROWS:,}",
        hint="split the list into several files",
    )  # fmt: skip


def read_grid(name: str, data: bytes) -> pd.DataFrame:
    """The first sheet (or the CSV) as text cells, columns numbered 0.., no header assumed.

    Empty cells are "". A DataError for a refused format, a file over MAX_BYTES or MAX_ROWS
    rows, or a file that cannot be read.
    """
    suffix = check_file(name, len(data))
    refuse_unsafe(name, data, suffix)
    if suffix == ".csv":
        text = _decode(name, data)
        sample = text[:20_000]
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
            delimiter = dialect.delimiter
        except csv.Error:
            delimiter = ","
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise _too_many_rows(name, len(rows))
        width = max((len(r) for r in rows), default=0)
        grid = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype="str")
    else:
        try:
            grid = pd.read_excel(
                io.BytesIO(data), sheet_name=0, header=None, dtype="str", engine="openpyxl",
                nrows=MAX_ROWS + HEADER_SEARCH_ROWS + 1,
            )  # fmt: skip
        except (zipfile.BadZipFile, ValueError, KeyError, OSError) as error:
            raise _problem(
                name, "the file could not be read as .xlsx", value=type(error).__name__,
                expected="an Excel Workbook (.xlsx)",
                hint="open it in your spreadsheet program and save it again as .xlsx",
            ) from None  # fmt: skip
        if len(grid) > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise _too_many_rows(name, len(grid))
        grid = grid.fillna("")
    grid.columns = range(grid.shape[1])
    grid = grid.apply(lambda column: column.str.strip())
    if grid.empty or not grid.ne("").any().any():
        raise _problem(name, "the file is empty", hint="the first sheet holds no cells")
    return grid.reset_index(drop=True)


def _is_header_word(cell: str) -> bool:
    key = normalise(cell)
    return bool(key) and any(normalise(word) in key for word in DELEGATION_WORDS)


def detect_header(grid: pd.DataFrame) -> int:
    """The position of the header row: the first of the top rows with a delegation word,
    else the first row with as many filled cells as the fullest of the top rows."""
    top = grid.head(HEADER_SEARCH_ROWS)
    for position, row in top.iterrows():
        if any(_is_header_word(cell) for cell in row if cell):
            return int(position)
    filled = top.ne("").sum(axis=1)
    return int(filled.idxmax()) if len(filled) else 0


def with_header(grid: pd.DataFrame, header_row: int) -> pd.DataFrame:
    """The rows below `header_row`, named by it (blank or repeated names made unique).

    A column `_line` keeps each row's line number in the file (1-based), for messages.
    """
    # Columns with neither a header nor a value below it (a title cell spilling over) go.
    below = grid.iloc[header_row:]
    grid = grid.loc[:, below.ne("").any(axis=0)]
    names: list[str] = []
    for position, cell in enumerate(grid.iloc[header_row]):
        name = cell or f"column {position + 1}"
        while name in names:
            name += "'"
        names.append(name)
    body = grid.iloc[header_row + 1 :].copy()
    body.columns = names
    body["_line"] = body.index + 1
    body = body[body[names].ne("").any(axis=1)]
    if len(body) > MAX_ROWS:
        raise _too_many_rows("the list", len(body))
    return body.reset_index(drop=True)


def detect_delegation_column(
    frame: pd.DataFrame, countries: CountryIndex, organisations: OrganisationIndex
) -> str | None:
    """The column whose distinct values resolve best to participants (header words break ties).

    None when no column resolves a single value.
    """
    best, best_score = None, (0.0, False)
    for column in frame.columns:
        if column == "_line":
            continue
        values = pd.unique(frame[column][frame[column] != ""])[:500]
        if len(values) == 0:
            continue
        known = sum(
            countries.get(v) is not None or organisations.get(v) is not None for v in values
        )
        score = (known / len(values), _is_header_word(column))
        if known and score > best_score:
            best, best_score = column, score
    return best


def delegations(
    frame: pd.DataFrame,
    column: str,
    countries: CountryIndex,
    organisations: OrganisationIndex,
    lang: str = "en",
) -> pd.DataFrame:
    """Every distinct delegation named in `column`, with what it resolves to.

    Grain: one row per distinct text (after trimming; empty cells left out), in order of first
    appearance. Columns: text, rows (how many rows name it), first_line, kind (country,
    territory, organisation or None), code (ISO-3 or org_id, None when unresolved), name (display
    name in `lang`), suggestions (tuple of codes, for the unresolved).
    """
    cells = frame[[column, "_line"]]
    cells = cells[cells[column] != ""]
    grouped = cells.groupby(column, sort=False)["_line"].agg(["size", "min"]).reset_index()
    records = []
    for text, rows, first in grouped.itertuples(index=False):
        found = resolve(text, countries, organisations, lang=lang)
        records.append({
            "text": text, "rows": int(rows), "first_line": int(first), "kind": found.kind,
            "code": found.iso3 or found.org_id, "name": found.name,
            "suggestions": tuple(found.suggestions),
        })  # fmt: skip
    columns = ["text", "rows", "first_line", "kind", "code", "name", "suggestions"]
    # Object columns keep None for "unresolved" (a str column would turn it into NaN).
    out = pd.DataFrame(records, columns=columns, dtype=object)
    return out.astype({"rows": "int64", "first_line": "int64"})


def participation_rows(
    reviewed: pd.DataFrame,
    choices: Mapping[str, str | None],
    countries: CountryIndex,
    *,
    event_id: str,
    role: str,
    mode: str,
    source_id: str,
) -> list[dict[str, str | None]]:
    """participations.csv rows for the reviewed delegations, one per distinct participant.

    `choices` maps a delegation's text to the code the editor chose (overriding the automatic
    resolution) or to None to leave it out. Delegations that stay unresolved are left out;
    two texts resolving to the same participant make one row. Sorted by code.
    """
    chosen: dict[str, None] = {}
    for text, code in zip(reviewed["text"], reviewed["code"], strict=True):
        final = choices.get(text, code)
        if final:
            chosen[final] = None
    rows = []
    for code in sorted(chosen):
        is_country = countries.is_known(code)
        rows.append({
            "event_id": event_id, "iso3": code if is_country else None,
            "org_id": None if is_country else code, "role": role, "mode": mode,
            "delegation_of": None, "source_id": source_id, "notes": None,
        })  # fmt: skip
    return rows


def template_bytes() -> bytes:
    """An empty registration list to fill in, as .xlsx: a header row and two example rows."""
    example = pd.DataFrame(
        [["France", "", "", ""], ["INTERPOL", "", "", ""]], columns=list(TEMPLATE_COLUMNS)
    )
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        example.to_excel(writer, sheet_name="registrations", index=False)
    return buffer.getvalue()


def unresolved_problems(reviewed: pd.DataFrame, choices: Mapping[str, str | None],
                        file: str, column: str) -> list[Problem]:  # fmt: skip
    """One four-part problem per delegation still unresolved and not left out by the editor."""
    problems = []
    for row in reviewed.itertuples(index=False):
        if row.code is None and row.text not in choices:
            hint = ("did you mean " + ", ".join(row.suggestions) + "? pick one, or leave it out"
                    if row.suggestions else "pick the participant, or leave it out")  # fmt: skip
            problems.append(Problem("delegation not resolved", file=file, row=row.first_line,
                                    column=column, value=row.text,
                                    expected="a country, territory or organisation", hint=hint))  # fmt: skip
    return problems
