import io
import zipfile

import pytest

from coopstats.errors import DataError
from coopstats.extract import text_of


def _docx(paragraphs: list[str]) -> bytes:
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    xml = f'<w:document xmlns:w="{ns}"><w:body>{body}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def test_html_keeps_the_paragraphs_and_drops_scripts():
    html = "<html><head><title>x</title></head><body><p>Plus de 240 personnes</p>" \
           "<script>var a=1;</script><p>50 pays</p></body></html>"  # fmt: skip
    assert text_of(html.encode(), "item.html") == "Plus de 240 personnes\n\n50 pays"


def test_docx_paragraphs():
    data = _docx(["أكثر من 240 شخصًا", "50 دولة"])
    assert text_of(data, "item.docx") == "أكثر من 240 شخصًا\n\n50 دولة"


def test_a_file_that_is_not_a_docx_says_so():
    with pytest.raises(DataError, match="not a Word document"):
        text_of(b"plain", "item.docx")
