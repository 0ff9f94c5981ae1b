"""The text of an uploaded or given file: plain text, HTML or Word (.docx). Bytes in, text out
(no file is opened here).

HTML is reduced to its text by the standard library's parser: nothing in it runs, scripts and
styles are dropped, and what comes out is plain text (never shown as HTML). Word documents are
read with python-docx after a check of the archive's unpacked size.
"""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml.etree import XMLSyntaxError

from coopstats.errors import DataError, Problem

_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article"}
_SKIPPED = {"script", "style", "noscript", "head", "nav", "footer"}
SUFFIXES = (".txt", ".html", ".htm", ".docx")
# A news item is a few kilobytes; a .docx with pictures can reach a few megabytes.
MAX_BYTES = 5 * 1024 * 1024
# What a .docx may unpack to: a zip of a few MB that unpacks to gigabytes is refused unread.
_MAX_UNPACKED = 50 * 1024 * 1024


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIPPED:
            self._skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and self._skip:
            self._skip -= 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _decode(data: bytes, name: str) -> str:
    # UTF-16 only with its byte-order mark: without one, almost any even-length bytes "decode".
    encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise DataError.single(
            "the file is not UTF-8 text",
            file=name,
            value=f"byte {error.start}: {data[error.start : error.start + 4]!r}",
            expected="a text file in UTF-8",
            hint="save it as UTF-8 (or paste the text)",
        ) from None


def text_of(data: bytes, name: str) -> str:
    """The readable text of a .txt, .html/.htm or .docx file given as bytes."""
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else "txt"
    if suffix in ("html", "htm"):
        parser = _Text()
        parser.feed(_decode(data, name))
        return re.sub(r"\n\s*\n+", "\n\n", "".join(parser.parts)).strip()
    if suffix == "docx":
        return _docx_text(data, name)
    return _decode(data, name)


def _not_word(name: str) -> DataError:
    return DataError.single(
        "the file is not a Word document",
        file=name,
        expected="a .docx file (Word 2007 or later)",
        hint="save it again as .docx, or as plain text",
    )


def _docx_text(data: bytes, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise _not_word(name) from None
    if unpacked > _MAX_UNPACKED:
        raise DataError.single(
            "the Word document unpacks to too much data",
            file=name,
            value=f"{unpacked // (1024 * 1024)} MB",
            expected=f"at most {_MAX_UNPACKED // (1024 * 1024)} MB unpacked",
            hint="save the text alone as .docx or plain text, or paste it",
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, XMLSyntaxError, zipfile.BadZipFile):
        raise _not_word(name) from None
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.append(" ".join(cell.text for cell in row.cells))
    return "\n\n".join(p for p in paragraphs if p.strip())


def read_upload(data: bytes, name: str) -> str:
    """The text of an uploaded file, or a DataError in four parts: a type other than .txt,
    .html/.htm or .docx, more than MAX_BYTES, text that is not UTF-8, or no text at all."""
    suffix = "." + name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix not in SUFFIXES:
        raise DataError([Problem(
            "this type of file is not read", file=name, value=suffix or "(no extension)",
            expected=", ".join(SUFFIXES),
            hint="save the item as .docx, .html or plain text (.txt), or paste its text",
        )])  # fmt: skip
    if len(data) > MAX_BYTES:
        raise DataError([Problem(
            "the file is too large", file=name, value=f"{len(data):,} bytes",
            expected=f"at most {MAX_BYTES // (1024 * 1024)} MB",
            hint="keep the paragraphs that carry the facts, or paste them",
        )])  # fmt: skip
    text = text_of(data, name)
    if not text.strip():
        raise DataError([Problem(
            "the file holds no text", file=name,
            expected="the text of a news item",
            hint="a scanned page has no text to read: paste the text instead",
        )])  # fmt: skip
    return text
