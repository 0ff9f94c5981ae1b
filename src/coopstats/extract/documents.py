"""The text of an uploaded or given file: plain text, HTML or Word (.docx). Bytes in, text out
(no file is opened here)."""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from xml.etree import ElementTree

from coopstats.errors import DataError

_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article"}
_SKIPPED = {"script", "style", "noscript", "head", "nav", "footer"}
_WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SUFFIXES = (".txt", ".html", ".htm", ".docx")


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
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataError.single(
        "the file is not UTF-8 text",
        file=name,
        expected="a text file in UTF-8",
        hint="save it as UTF-8 (or paste the text)",
    )


def text_of(data: bytes, name: str) -> str:
    """The readable text of a .txt, .html/.htm or .docx file given as bytes."""
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else "txt"
    if suffix in ("html", "htm"):
        parser = _Text()
        parser.feed(_decode(data, name))
        return re.sub(r"\n\s*\n+", "\n\n", "".join(parser.parts)).strip()
    if suffix == "docx":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                root = ElementTree.fromstring(archive.read("word/document.xml"))
        except (zipfile.BadZipFile, KeyError, ElementTree.ParseError):
            raise DataError.single(
                "the file is not a Word document",
                file=name,
                expected="a .docx file (Word 2007 or later)",
                hint="save it again as .docx, or as plain text",
            ) from None
        paragraphs = [
            "".join(t.text or "" for t in p.iter(f"{_WORD}t")) for p in root.iter(f"{_WORD}p")
        ]
        return "\n\n".join(p for p in paragraphs if p.strip())
    return _decode(data, name)
