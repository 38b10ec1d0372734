import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lms.core.filechecks import UploadRejected, check_upload

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 20


def office(part):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{part}document.xml", "<doc/>")
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


ALLOWED = ["pdf", "docx", "png", "jpg", "txt"]


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("photo.PNG", PNG, "image/png"),
        (
            "essay.docx",
            office("word/"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("notes.txt", "Naïve café notes\n".encode(), "text/plain"),
    ],
)
def test_accepts_files_whose_content_matches(name, content, content_type):
    checked = check_upload(upload(name, content), allowed_extensions=ALLOWED, max_bytes=10_000)
    assert checked.content_type == content_type
    assert checked.size == len(content)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "report.pdf",
            b"<!DOCTYPE html><script>alert(1)</script>",
            "report.pdf is not really a .pdf file (it looks like HTML or XML)",
        ),
        (
            "essay.docx",
            b"MZ\x90\x00" + b"\x00" * 60,
            "essay.docx is not really a .docx file (it looks like a program)",
        ),
        (
            "essay.docx",
            office("xl/"),
            "essay.docx is not really a .docx file (it looks like a .xlsx file)",
        ),
        ("photo.png", PDF, "photo.png is not really a .png file (it looks like a .pdf file)"),
        ("page.html", b"<html></html>", ".html files are not accepted here"),
        ("empty.pdf", b"", "empty.pdf is empty"),
        ("notes.txt", b"abc\x00def" * 10, "notes.txt is not really a .txt file"),
    ],
)
def test_refuses_files_with_a_message_naming_them(name, content, message):
    with pytest.raises(UploadRejected) as error:
        check_upload(upload(name, content), allowed_extensions=ALLOWED, max_bytes=10_000)
    assert message in str(error.value)


def test_refuses_files_over_the_size_limit():
    with pytest.raises(UploadRejected, match=r"big\.pdf is 2.0\xa0KB; the limit is 1.0\xa0KB"):
        check_upload(
            upload("big.pdf", PDF + b" " * 2000), allowed_extensions=ALLOWED, max_bytes=1024
        )


def test_html_is_never_allowed_even_when_listed():
    with pytest.raises(UploadRejected, match="not accepted"):
        check_upload(upload("x.html", b"<html>"), allowed_extensions=["html"], max_bytes=1000)
