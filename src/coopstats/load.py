"""The only code that opens data files: reads the CSV tables, validates them, returns typed frames.

Every problem in every file (bytes, CSV shape, columns, values, then cross-table checks) is
collected and raised together as one DataError; nothing is half-loaded. Warnings travel with
the loaded tables. Row numbers are line numbers as an editor shows them: the header is line 1.
"""

from __future__ import annotations

import codecs
import copy
import csv
import hashlib
import io
import re
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow
import pyarrow.compute as arrow_compute
import pyarrow.csv as arrow_csv

from coopstats import integrity, schema
from coopstats.errors import Problem, raise_if_errors
from coopstats.integrity import closest, row_problems
from coopstats.settings import BUNDLED_DATA_DIR

_RESAVE = "re-save it as UTF-8 (in Excel: Save As > CSV UTF-8)"
# Pattern -> (what is wrong, what is expected), so that a message never shows a regex.
_PATTERNS = {
    schema.ID_PATTERN: ("not a valid id", "lower-case letters, digits, _ and -, like 'gfmd-2016'"),
    schema.ISO3_PATTERN: ("not an ISO-3 code", "three capital letters (ISO 3166), like 'FRA'"),
    schema.PARTIAL_DATE_PATTERN: ("not a date", "a date written YYYY-MM-DD, YYYY-MM or YYYY"),
    schema.DATE_PATTERN: ("not a date", "a date written YYYY-MM-DD"),
    schema.URL_PATTERN: ("not a web address", "an address starting with http:// or https://"),
    r"^[a-z]{2}(-[A-Za-z]+)?$": ("not a language code", "a language code like 'en' or 'zh-Hans'"),
    r"^[A-Z]{2}$": ("not an ISO-2 code", "two capital letters (ISO 3166), like 'FR'"),
    r"^\d{3}$": ("not a three-digit code", "three digits, like '002'"),
}
_BOMS = [
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
]
_TYPES = {"int": "a whole number", "bool": "true or false", "float": "a number"}
_TRUE, _FALSE = ("true", "1", "yes"), ("false", "0", "no")
# Words sources use for the qualifiers, besides their labels and signs.
_SYNONYMS = {"over": "more_than", "above": "more_than", "around": "about", "almost": "nearly"}


@dataclass(frozen=True, eq=False)
class Tables:
    """Every validated table of a data folder, with derived columns, and the warnings found.

    events gains year (int), start and end (Timestamps of the first day of the known period;
    end may be NaT) and edition_id (the event itself for an edition, else its parent).
    participations gains participant_id (iso3 or org_id) and participant_type (country,
    territory or organisation). It holds attendance only: the rows a registration list gave
    (status `registered`) are in `registrations`, with the same columns, and never counted.
    """

    sources: pd.DataFrame
    series: pd.DataFrame
    events: pd.DataFrame
    figures: pd.DataFrame
    organisations: pd.DataFrame
    participations: pd.DataFrame
    countries: pd.DataFrame
    country_aliases: pd.DataFrame
    cities: pd.DataFrame
    warnings: tuple[Problem, ...] = ()
    data_dir: Path | None = None
    # Optional tables (schema.OPTIONAL_TABLES, reference/city_names.csv): empty when left out.
    memberships: pd.DataFrame | None = None
    names: pd.DataFrame | None = None
    city_names: pd.DataFrame | None = None
    registrations: pd.DataFrame | None = None


def _decode(raw: bytes, name: str, header: str) -> tuple[bytes | None, list[Problem]]:
    """UTF-8 bytes without BOM, or None and why the file cannot be read as such."""
    problem = partial(Problem, file=name, hint=_RESAVE)
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return None, [problem(f"is saved as {encoding}, not UTF-8")]
    sample = raw[:4096]
    if sample.count(0) > len(sample) // 4:
        order = "big-endian" if sample[::2].count(0) > sample[1::2].count(0) else "little-endian"
        return None, [problem(f"is saved as UTF-16 ({order}), not UTF-8")]
    problems = []
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
        what = "starts with a UTF-8 byte-order mark, which was ignored"
        problems.append(problem(what, severity="warning", hint="save as UTF-8 without BOM"))
    if not raw.strip():
        return None, [*problems, problem("is empty", hint=header)]
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        start = raw.rfind(b"\n", 0, error.start) + 1
        end = raw.find(b"\n", error.start)
        line = raw[start : end if end >= 0 else len(raw)]
        guess = ""
        if re.search("[\u0621-\u064a]", line.decode("cp1256", errors="replace")):
            guess = " It looks like Windows-1256 (Arabic)."
        elif line.decode("cp1252", errors="replace").isprintable():
            guess = " It looks like Windows-1252 or Latin-1."
        what = f"is not UTF-8: byte {raw[error.start : error.end].hex(' ').upper()} at byte "
        what += f"offset {error.start} cannot be decoded.{guess}"
        return None, [*problems, problem(what, row=raw.count(b"\n", 0, error.start) + 1)]
    return raw, problems


def _record_lines(text: str, records: int) -> np.ndarray:
    """The line on which each CSV record starts (record 1 is the header).

    Records and lines differ only when a quoted value spans lines or a line is blank; only
    then are the records walked one by one.
    """
    if text.count("\n") + (not text.endswith("\n")) == records:
        return np.arange(1, records + 1)
    starts, previous = [], 0
    reader = csv.reader(io.StringIO(text))
    try:
        for record in reader:
            if record:
                starts.append(previous + 1)
            previous = reader.line_num
    except csv.Error:
        starts = []
    return np.array(starts) if len(starts) == records else np.arange(1, records + 1)


def _header_problems(header: list[str], expected: list[str], name: str) -> list[Problem]:
    listed = f"the header row must name these columns: {', '.join(expected)}"
    problem = partial(Problem, file=name, row=1)
    if len(header) == 1 and (separator := next((c for c in ";\t|" if c in header[0]), None)):
        what = f"values are separated by {separator!r}, not by commas"
        return [problem(what, hint="save the file as CSV with commas (CSV UTF-8 in Excel)")]
    problems, missing = [], [c for c in expected if c not in header]
    for position, column in enumerate(header):
        if column in header[:position]:
            problems.append(problem("column appears twice", column=column, hint="delete one"))
        elif column == "":
            what = f"column {position + 1} has no name"
            problems.append(problem(what, hint=f"delete the unnamed column; {listed}"))
        elif column not in expected:
            match = closest(column, missing) or closest(column, expected)
            typo = f"did you mean {match[0]!r}? " if match else ""
            problems.append(problem("unexpected column", column=column, hint=typo + listed))
    return problems + [problem("missing column", column=c, hint=listed) for c in missing]


def _parse(
    raw: bytes, text: str, header: list[str], name: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """The data rows as strings, index = line number - 2; rows of the wrong width are problems."""
    names = [f"c{i}" for i in range(len(header))]
    bad: list[tuple[int, int, int, str]] = []

    def skip(row: arrow_csv.InvalidRow) -> str:
        bad.append((row.number, row.expected_columns, row.actual_columns, row.text))
        return "skip"

    def read(handler: object = None) -> pyarrow.Table:
        # With a handler, one thread: only then does pyarrow number the rows it rejects.
        return arrow_csv.read_csv(
            io.BytesIO(raw),
            read_options=arrow_csv.ReadOptions(
                use_threads=handler is None, skip_rows=1, column_names=names
            ),
            parse_options=arrow_csv.ParseOptions(
                newlines_in_values=True, invalid_row_handler=handler
            ),
            convert_options=arrow_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pyarrow.string()), strings_can_be_null=False
            ),
        )

    try:
        try:
            table = read()  # all cores; a file with rows of the wrong width is read again
        except pyarrow.ArrowInvalid:
            table = read(skip)
    except pyarrow.ArrowInvalid as error:
        return pd.DataFrame(), [Problem(f"cannot be read as CSV ({error})", file=name)]
    # Empty and whitespace-only cells are missing values; Arrow tests that in one pass per
    # column, before any Python string exists.
    table = pyarrow.table([_blank_to_null(column) for column in table.columns], names=names)
    frame = table.to_pandas()
    records = 1 + len(frame) + len(bad)
    lines = _record_lines(text, records)
    kept = np.ones(records + 1, dtype=bool)
    kept[[number for number, *_ in bad]] = False
    frame.index = pd.Index(lines[np.flatnonzero(kept[2:]) + 1] - 2)
    frame.columns = header
    problems = []
    for number, expected, actual, text in bad[: integrity.MAX_ROWS_PER_CHECK]:
        hint = "add the missing fields (empty if unknown)"
        if text.count('"') % 2:
            hint = "a quote is not closed"
        elif actual > expected:
            hint = "put a value that holds a comma in double quotes"
        value = text if len(text) <= 80 else text[:77] + "..."
        wanted = f"{expected} fields, one per column"
        problem = Problem(f"row has {actual} fields", file=name, value=value, expected=wanted)
        problems.append(replace(problem, row=int(lines[number - 1]), hint=hint))
    if len(bad) > integrity.MAX_ROWS_PER_CHECK:
        more = len(bad) - integrity.MAX_ROWS_PER_CHECK
        problems.append(Problem(f"{more} more rows have the wrong number of fields", file=name))
    return frame, problems


def _number_hint(value: str) -> str | None:
    if re.fullmatch(r"\s*\d+\.0*\s*", value):
        return f"write {value.strip().split('.')[0]}"
    return "write digits only, without separators" if re.fullmatch(r"[\d,.\s]+", value) else None


def _blank_to_null(values: pyarrow.ChunkedArray) -> pyarrow.ChunkedArray:
    """The text column with empty and whitespace-only cells as nulls."""
    blank = arrow_compute.or_(
        arrow_compute.utf8_is_space(values),
        arrow_compute.equal(arrow_compute.utf8_length(values), 0),
    )
    return arrow_compute.if_else(blank, pyarrow.scalar(None, values.type), values)


def _typed(frame: pd.DataFrame, model_schema: pa.DataFrameSchema, name: str):
    """Parse whole numbers, booleans and numbers by hand: pandera's casts accept 'False' as True.

    Returns the frame with typed columns, the problems, and a frame marking the cells reported.
    """
    problems, flagged = [], pd.DataFrame(False, index=frame.index, columns=frame.columns)
    typed = frame.copy()
    for column in frame.columns:
        text, kind = frame[column], str(model_schema.columns[column].dtype).lower()
        if not kind.startswith(("int", "bool", "float")):
            continue  # text columns: nothing to parse, and no need to lower-case a million cells
        stripped = text.str.strip().str.lower()
        if kind.startswith("int"):
            kind, good = "int", stripped.str.fullmatch(r"[+-]?\d+").fillna(False).astype(bool)
            typed[column] = pd.to_numeric(stripped.where(good), errors="coerce").astype("Int64")
        elif kind.startswith("bool"):
            kind, good = "bool", stripped.isin(_TRUE + _FALSE)
            typed[column] = stripped.isin(_TRUE).astype("boolean").where(good)
        elif kind.startswith("float"):
            typed[column] = pd.to_numeric(stripped, errors="coerce")
            kind, good = "float", typed[column].notna()
        else:
            continue
        flagged[column] = text.notna() & ~good
        hint = (lambda row, c=column: _number_hint(row[c])) if kind == "int" else None
        what = f"not {_TYPES[kind]}"
        problems += row_problems(frame, name, flagged[column], column, what, _TYPES[kind], hint)
    return typed, problems, flagged


def _describe(check: pa.Check | None, label: str, column: str) -> tuple[str, str | None, object]:
    """(what, expected, hint as a function of the value) for one failed pandera check."""
    stats = check.statistics if check is not None else {}
    name = check.name if check is not None else label.split("(")[0]
    if name == "isin":
        allowed = list(stats["allowed_values"])
        hint = partial(_vocabulary_hint, allowed=allowed)
        return f"unknown {column.replace('_', ' ')}", f"one of: {', '.join(allowed)}", hint
    if name == "str_matches":
        pattern = stats["pattern"]
        what, expected = _PATTERNS.get(pattern, ("badly formed", f"text matching {pattern}"))
        return what, expected, partial(_pattern_hint, pattern=pattern)
    if name == "greater_than_or_equal_to":
        low = stats["min_value"]
        return ("negative number" if low == 0 else f"less than {low}"), f"{low} or more", None
    if name == "in_range":
        low, high = stats["min_value"], stats["max_value"]
        return "out of range", f"a number from {low} to {high}", None
    if name in ("not_nullable", "coerce_dtype", "dtype"):
        return "missing value", "a value (this column cannot be empty)", None
    return f"fails the check {label}", None, None


def _vocabulary_hint(value: object, allowed: list[str]) -> str | None:
    """Suggest the code a person meant, from its code, label, sign or a common synonym."""
    names = {code: code for code in allowed}
    for vocabulary in vars(schema).values():
        if isinstance(vocabulary, dict) and list(vocabulary) == allowed:
            for code, spec in vocabulary.items():
                words = [spec.get("label"), spec.get("sign")] if isinstance(spec, dict) else [spec]
                for word in words:
                    if isinstance(word, str) and word:
                        names.setdefault(word.lower(), code)
    names.update({word: code for word, code in _SYNONYMS.items() if code in allowed})
    text = str(value).strip().lower()
    exact = [
        word for word in (text, text.replace(" ", "_"), text.replace("-", "_")) if word in names
    ]
    match = exact or closest(text, names)
    return f"did you mean {names[match[0]]!r}?" if match else None


def _pattern_hint(value: object, pattern: str) -> str | None:
    text = str(value)
    for fixed in (text.strip(), text.strip().upper(), text.strip().lower()):
        if fixed != text and re.fullmatch(pattern, fixed):
            return f"did you mean {fixed!r}?"
    return None


def _first_use_hint(row: pd.Series, first: pd.Series) -> str:
    return f"already used on row {first[row.name]}"


def _validate(frame: pd.DataFrame, model_schema: pa.DataFrameSchema, name: str, flagged):
    """The validated frame and a Problem per failed cell not already in `flagged`."""
    try:
        return model_schema.validate(frame, lazy=True), []
    except pa.errors.SchemaErrors as error:
        cases = error.failure_cases.dropna(subset=["column", "index"])
    problems: list[Problem] = []
    for (column, label), group in cases.groupby(["column", "check"], sort=False):
        failing = frame.index.isin(pd.to_numeric(group["index"])) & ~flagged[column]
        if label in ("field_uniqueness", "multiple_fields_uniqueness"):
            keys = [column] if label == "field_uniqueness" else list(model_schema.unique)
            if column != keys[0]:
                continue  # one problem per duplicate row, not one per key column
            what, expected = f"duplicate {' and '.join(keys)}", "a value not used above"
            failing &= frame.duplicated(keys)
            hint = partial(_first_use_hint, first=integrity.first_rows(frame, keys))
        else:
            number = group["check_number"].iloc[0]
            check = None if pd.isna(number) else model_schema.columns[column].checks[int(number)]
            what, expected, hint = _describe(check, label, column)
            hint = (lambda row, c=column, h=hint: h(row[c])) if hint else None
        problems += row_problems(frame, name, failing, column, what, expected, hint)
        flagged[column] |= failing
    return frame, problems


def read_table(path: Path, model: type[pa.DataFrameModel], *, name: str | None = None):
    """Read and validate one CSV table: (typed frame, problems found).

    `name` is how messages call the file (default: its file name). The frame is empty when
    any problem is an error; warnings come with a valid frame. The frame's index plus 2 is
    each row's line number in the file.
    """
    name = name or Path(path).name
    expected = schema.columns(model)
    empty = pd.DataFrame(columns=expected, dtype="str")
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        hint = f"create it with the header row: {','.join(expected)}"
        return empty, [Problem("file not found", file=name, value=str(path), hint=hint)]
    except OSError as error:
        return empty, [Problem(f"cannot be opened ({error.strerror})", file=name)]
    raw, problems = _decode(raw, name, f"the file needs a header row: {','.join(expected)}")
    if raw is None:
        return empty, problems
    text = raw.decode("utf-8")
    header = next(csv.reader(io.StringIO(text)), [])
    optional = schema.OPTIONAL_COLUMNS.get(model, {})
    required = [c for c in expected if c not in optional or c in header]
    problems += _header_problems(header, required, name)
    frame, found = _parse(raw, text, header, name)
    problems += found
    keep = [i for i, c in enumerate(header) if c in expected and header.index(c) == i]
    frame = frame.iloc[:, keep] if len(frame.columns) == len(header) else frame.iloc[:, []]
    frame = _with_defaults(frame, optional, header)
    model_schema = schema.schema_of(model)
    missing = [c for c in expected if c not in frame.columns]
    if missing:
        model_schema = copy.deepcopy(model_schema).remove_columns(missing)
        if set(model_schema.unique or ()) & set(missing):
            model_schema.unique = None
    frame, typed_problems, flagged = _typed(frame, model_schema, name)
    frame, found = _validate(frame, model_schema, name, flagged)
    problems += sorted(typed_problems + found, key=lambda p: (p.row is None, p.row or 0))
    if any(p.severity == "error" for p in problems):
        return empty, problems
    for column, spec in model_schema.columns.items():
        if str(spec.dtype).lower().startswith("int"):
            frame[column] = frame[column].astype("Int64")
    return frame[expected], problems


def empty_table(model: type[pa.DataFrameModel]) -> pd.DataFrame:
    """A table of `model` with no rows and its columns typed as a loaded table's are."""
    frame = pd.DataFrame({c: pd.Series(dtype="str") for c in schema.columns(model)})
    for column, spec in schema.schema_of(model).columns.items():
        kind = str(spec.dtype).lower()
        if kind.startswith("int"):
            frame[column] = frame[column].astype("Int64")
        elif kind.startswith("float"):
            frame[column] = frame[column].astype("float64")
        elif kind.startswith("bool"):
            frame[column] = frame[column].astype("bool")
    return frame


def _with_defaults(frame: pd.DataFrame, optional: dict[str, str], header: list[str]):
    """The frame with each optional column present and its empty cells set to the default."""
    if not optional:
        return frame
    frame = frame.copy()
    for column, default in optional.items():
        if column not in frame.columns:
            frame[column] = pd.Series(default or None, index=frame.index, dtype="str")
        elif default:
            frame[column] = frame[column].fillna(default)
    return frame


def _reference_folder(data_dir: Path, reference_dir: Path | None) -> Path:
    """The folder that holds countries.csv and country_aliases.csv."""
    if reference_dir is not None:
        # Either a data folder with its own reference/, or the reference folder itself.
        nested = Path(reference_dir) / "reference"
        return nested if nested.is_dir() else Path(reference_dir)
    own = data_dir / "reference"
    return own if own.is_dir() else BUNDLED_DATA_DIR / "reference"


def _derive(frames: dict[str, pd.DataFrame]) -> None:
    events, participations = frames["events"], frames["participations"]
    events["year"] = events["start_date"].str.slice(0, 4).astype("int64")
    events["start"] = integrity.period_bounds(events["start_date"])[0]
    events["end"] = integrity.period_bounds(events["end_date"])[0]
    is_edition = events["kind"] == "edition"
    events["edition_id"] = events["event_id"].where(is_edition, events["parent_event_id"])
    countries = frames["countries"].set_index("iso3")["entity_type"]
    entity = countries.map({"state": "country", "territory": "territory"})
    iso3 = participations["iso3"]
    participations["participant_id"] = iso3.fillna(participations["org_id"])
    # Looked up once per distinct code: Series.map on a million text values takes a second.
    codes, uniques = pd.factorize(iso3)
    kinds = np.append(entity.reindex(pd.Index(uniques, dtype=object)).to_numpy(dtype=object),
                      "organisation")  # fmt: skip
    kind = pd.Series(kinds[codes], index=iso3.index)
    participations["participant_type"] = kind.astype("str")


def load_tables(data_dir: Path, reference_dir: Path | None = None) -> Tables:
    """Read, validate and cross-check every table of a data folder.

    Reference tables (countries, aliases) come from `reference_dir`, else from the data
    folder's own reference/ when it has one, else from the bundled data. Raises one DataError
    carrying every problem found; warnings are kept in `Tables.warnings`.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        hint = "give the folder that holds events.csv"
        raise_if_errors([Problem("data folder not found", value=str(data_dir), hint=hint)])
    reference = _reference_folder(data_dir, reference_dir)
    files = [(data_dir / n, n, m) for n, m in schema.TABLES.items()]
    files += [(reference / Path(n).name, n, m) for n, m in schema.REFERENCE_TABLES.items()]
    files += [(data_dir / n, n, m) for n, m in schema.OPTIONAL_TABLES.items()]
    files += [(reference / Path(n).name, n, m) for n, m in schema.OPTIONAL_REFERENCE_TABLES.items()]
    optional = {*schema.OPTIONAL_TABLES, *schema.OPTIONAL_REFERENCE_TABLES}
    frames: dict[str, pd.DataFrame | None] = {}
    problems: list[Problem] = []
    for path, name, model in files:
        if name in optional and not path.exists():
            frames[Path(name).stem] = empty_table(model)
            continue
        frame, found = read_table(path, model, name=name)
        problems += found
        failed = any(p.severity == "error" for p in found)
        frames[Path(name).stem] = None if failed else frame
    problems += integrity.check_tables(Tables(**frames, data_dir=data_dir))  # type: ignore[arg-type]
    raise_if_errors(problems)
    loaded = {key: frame.reset_index(drop=True) for key, frame in frames.items()}  # type: ignore[union-attr]
    _derive(loaded)
    return Tables(**split_registrations(loaded), warnings=tuple(problems), data_dir=data_dir)


def split_registrations(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The frames with registered participations moved from participations to registrations."""
    rows = frames["participations"]
    registered = (rows["status"] == "registered").to_numpy()
    if not registered.any():
        return {**frames, "registrations": rows.iloc[:0].copy()}
    return {
        **frames,
        "participations": rows[~registered].reset_index(drop=True),
        "registrations": rows[registered].reset_index(drop=True),
    }


def dataset_version(data_dir: Path) -> str:
    """A short content hash of every CSV and JSON file in a data folder (12 hex characters)."""
    data_dir = Path(data_dir)
    digest = hashlib.sha256()
    paths = {p.relative_to(data_dir).as_posix(): p for p in data_dir.rglob("*") if p.is_file()}
    for relative in sorted(r for r in paths if r.lower().endswith((".csv", ".json"))):
        content = paths[relative].read_bytes()
        digest.update(f"{relative}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()[:12]
