"""Files handed in are checked by their content, not only by their names."""

import pytest
from django.core.exceptions import ValidationError

from lms.assessments.exceptions import FilesRefused
from lms.assessments.filechecks import check_file, check_files, clean_name
from lms.assessments.models import Assignment
from tests.assessments.submission_files import (
    EXE,
    GIF,
    HTML,
    JPEG,
    PDF,
    PNG,
    odf,
    ooxml,
    upload,
    zipped,
)
from tests.factories.assessments import AssignmentFactory

ALL = ["pdf", "docx", "xlsx", "pptx", "png", "jpg", "jpeg", "gif", "txt", "csv", "zip", "odt"]
MB = 1024 * 1024


def check(name, content, extensions=ALL, max_bytes=MB):
    return check_file(upload(name, content), extensions=extensions, max_bytes=max_bytes)


def refusal(name, content, extensions=ALL, max_bytes=MB):
    with pytest.raises(FilesRefused) as refused:
        check(name, content, extensions, max_bytes)
    return refused.value.problems


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("chart.png", PNG, "image/png"),
        ("photo.jpg", JPEG, "image/jpeg"),
        ("photo.JPEG", JPEG, "image/jpeg"),
        ("anim.gif", GIF, "image/gif"),
        (
            "essay.docx",
            ooxml("docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "budget.xlsx",
            ooxml("xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "slides.pptx",
            ooxml("pptx"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("notes.odt", odf(), "application/vnd.oasis.opendocument.text"),
        ("notes.txt", "Risk register — première version\n".encode(), "text/plain"),
        ("data.csv", b"\xef\xbb\xbfname,score\nAda,10\n", "text/csv"),
        ("bundle.zip", zipped({"a.txt": "a"}), "application/zip"),
    ],
)
def test_files_whose_content_matches_their_name_pass(name, content, content_type):
    checked = check(name, content)

    assert checked.name == name
    assert checked.size == len(content)
    assert checked.content_type == content_type
    assert checked.upload.tell() == 0  # ready to be stored from the start


def test_html_named_pdf_is_refused_saying_it_looks_like_html():
    assert refusal("report.pdf", HTML) == ["report.pdf is not a PDF (it looks like HTML)."]


def test_html_after_whitespace_and_bom_is_still_html():
    content = b"\xef\xbb\xbf  \n<script>alert(1)</script>"
    assert refusal("report.pdf", content) == ["report.pdf is not a PDF (it looks like HTML)."]


def test_executable_named_docx_is_refused_as_a_windows_program():
    assert refusal("essay.docx", EXE) == [
        "essay.docx is not a Word document (it looks like a Windows program)."
    ]


def test_linux_program_and_script_are_named():
    assert refusal("a.png", b"\x7fELF\x02\x01\x01" + b"\x00" * 40) == [
        "a.png is not a PNG image (it looks like a Linux program)."
    ]
    assert refusal("a.pdf", b"#!/bin/sh\nrm -rf ~\n") == [
        "a.pdf is not a PDF (it looks like a script)."
    ]


def test_plain_zip_named_docx_is_refused_as_a_zip_archive():
    assert refusal("essay.docx", zipped({"essay.txt": "hello"})) == [
        "essay.docx is not a Word document (it looks like a ZIP archive)."
    ]


def test_docx_needs_content_types_and_the_word_part():
    without_types = ooxml("docx", with_content_types=False)
    without_part = ooxml("docx", with_main_part=False)

    assert refusal("essay.docx", without_types) == [
        "essay.docx is not a Word document (it looks like a ZIP archive)."
    ]
    assert refusal("essay.docx", without_part) == [
        "essay.docx is not a Word document (it looks like a ZIP archive)."
    ]


def test_spreadsheet_named_docx_is_told_apart():
    assert refusal("essay.docx", ooxml("xlsx")) == [
        "essay.docx is not a Word document (it looks like an Excel workbook)."
    ]


def test_png_named_pdf_is_refused_as_a_png_image():
    assert refusal("scan.pdf", PNG) == ["scan.pdf is not a PDF (it looks like a PNG image)."]


def test_text_with_nul_bytes_or_invalid_utf8_is_not_text():
    assert refusal("notes.txt", b"abc\x00def") == [
        "notes.txt is not a text file (its content is not a format Lectern recognises)."
    ]
    assert refusal("data.csv", "café".encode("latin-1")) == [
        "data.csv is not a CSV file (its content is not a format Lectern recognises)."
    ]


def test_text_named_pdf_is_refused_as_plain_text():
    assert refusal("report.pdf", b"Just some words.\n") == [
        "report.pdf is not a PDF (it looks like plain text)."
    ]


def test_empty_file_is_refused():
    assert refusal("report.pdf", b"") == ["report.pdf is empty."]


def test_file_over_the_size_limit_is_refused_with_both_sizes():
    content = PDF + b"0" * (2 * MB)
    assert refusal("report.pdf", content, max_bytes=MB) == [
        "report.pdf is 2.0\xa0MB; the limit is 1.0\xa0MB per file."
    ]


def test_extension_not_allowed_lists_the_allowed_ones():
    assert refusal("notes.txt", b"hello", extensions=["pdf", "docx"]) == [
        "notes.txt: .txt files are not accepted here. Allowed: PDF or DOCX."
    ]
    assert refusal("virus.exe", EXE, extensions=["pdf"]) == [
        "virus.exe: .exe files are not accepted here. Allowed: PDF."
    ]


def test_name_without_extension_is_refused():
    assert refusal("README", b"hello", extensions=["pdf", "txt", "docx"]) == [
        "README has no file extension. Allowed: PDF, TXT or DOCX."
    ]


def test_extension_lectern_cannot_check_is_refused():
    assert refusal("tool.exe", EXE, extensions=["exe"]) == [
        "tool.exe: Lectern cannot check the content of .exe files, so they cannot be handed in."
    ]


def test_names_lose_folders_and_control_characters():
    assert clean_name("C:\\Users\\ada\\report.pdf") == "report.pdf"
    assert clean_name("../../etc/passwd") == "passwd"
    assert clean_name("re\x00port\u202e.pdf") == "report.pdf"
    long_name = "a" * 300 + ".pdf"
    assert clean_name(long_name) == "a" * 251 + ".pdf"


@pytest.mark.django_db
def test_check_files_counts_then_reports_every_bad_file():
    assignment = AssignmentFactory(allowed_file_types="pdf, png", max_files=3, max_file_size_mb=1)

    with pytest.raises(FilesRefused) as refused:
        check_files(
            [upload("a.pdf", PDF), upload("b.pdf", HTML), upload("c.png", b"")],
            assignment=assignment,
        )

    assert refused.value.problems == [
        "b.pdf is not a PDF (it looks like HTML).",
        "c.png is empty.",
    ]


@pytest.mark.django_db
def test_check_files_refuses_more_files_than_allowed():
    assignment = AssignmentFactory(allowed_file_types="pdf", max_files=2)

    with pytest.raises(FilesRefused) as refused:
        check_files([upload(f"{n}.pdf", PDF) for n in range(3)], assignment=assignment)

    assert refused.value.problems == ["You can hand in 2 files at a time; you chose 3."]


@pytest.mark.django_db
def test_check_files_returns_checked_files_in_order():
    assignment = AssignmentFactory(allowed_file_types="pdf, docx", max_files=2)

    checked = check_files(
        [upload("b.docx", ooxml("docx")), upload("a.pdf", PDF)], assignment=assignment
    )

    assert [(c.name, c.extension) for c in checked] == [("b.docx", "docx"), ("a.pdf", "pdf")]


@pytest.mark.django_db
def test_authors_cannot_allow_extensions_lectern_cannot_check():
    assignment = Assignment(allowed_file_types="pdf, exe", accept_files=True)

    with pytest.raises(ValidationError) as error:
        assignment.clean()

    assert "Lectern cannot check the content of “exe” files" in str(
        error.value.message_dict["allowed_file_types"]
    )
