import io
import zipfile

import docx
import pytest

from coopstats.errors import DataError
from coopstats.extract import read_upload, text_of
from coopstats.extract.documents import MAX_BYTES


def _docx(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_html_keeps_the_paragraphs_and_drops_scripts():
    html = "<html><head><title>x</title></head><body><p>Plus de 240 personnes</p>" \
           "<script>var a=1;</script><p>50 pays</p></body></html>"  # fmt: skip
    assert text_of(html.encode(), "item.html") == "Plus de 240 personnes\n\n50 pays"


def test_html_markup_and_handlers_leave_only_text():
    html = '<p onclick="x()">Un <b>forum</b><img src=x onerror="alert(1)"></p><style>p{}</style>'
    assert read_upload(html.encode(), "item.htm") == "Un forum"


def test_docx_paragraphs():
    data = _docx(["أكثر من 240 شخصًا", "50 دولة"])
    assert text_of(data, "item.docx") == "أكثر من 240 شخصًا\n\n50 دولة"
    assert read_upload(data, "Item.DOCX") == "أكثر من 240 شخصًا\n\n50 دولة"


def test_a_file_that_is_not_a_docx_says_so():
    with pytest.raises(DataError, match="not a Word document"):
        text_of(b"plain", "item.docx")
    with pytest.raises(DataError, match="not a Word document"):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", "<w:document/>")
        text_of(buffer.getvalue(), "item.docx")


def _message(error: pytest.ExceptionInfo[DataError]) -> str:
    (problem,) = error.value.problems
    # Four parts: what failed, where (the file), expected against got, and a hint.
    assert problem.file and problem.expected and problem.hint
    return problem.message()


def test_a_pdf_is_refused_in_four_parts():
    with pytest.raises(DataError) as error:
        read_upload(b"%PDF-1.7 ...", "item.pdf")
    message = _message(error)
    assert "item.pdf" in message and "'.pdf'" in message and ".docx" in message


def test_a_file_over_the_limit_is_refused():
    with pytest.raises(DataError) as error:
        read_upload(b"a" * (MAX_BYTES + 1), "item.txt")
    assert "too large" in _message(error)


def test_text_that_is_not_utf8_is_refused():
    latin1 = "Plus de 240 délégués réunis à Genève".encode("latin-1")
    for data in (latin1, latin1 + b"x"):  # even and odd lengths
        with pytest.raises(DataError) as error:
            read_upload(data, "item.txt")
        assert "not UTF-8" in _message(error)


def test_utf16_with_its_mark_is_read():
    assert read_upload("50 pays".encode("utf-16"), "item.txt") == "50 pays"


@pytest.mark.parametrize(
    ("name", "data"),
    [("item.txt", b"  \n "), ("item.html", b"<script>x</script>"), ("item.docx", _docx([" "]))],
)
def test_a_file_without_text_is_refused(name, data):
    with pytest.raises(DataError) as error:
        read_upload(data, name)
    assert "no text" in _message(error)


def test_a_docx_that_unpacks_to_too_much_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (60 * 1024 * 1024))
    with pytest.raises(DataError) as error:
        read_upload(buffer.getvalue(), "item.docx")
    assert "unpacks" in _message(error)
