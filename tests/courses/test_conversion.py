import os
import stat

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents.models import Document

from lms.courses.conversion import convert_document
from lms.courses.models import DocumentConversion
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FAKE_SOFFICE = """#!/bin/sh
# Stands in for LibreOffice: writes <outdir>/<name>.pdf like soffice --convert-to pdf does.
while [ $# -gt 0 ]; do
  case "$1" in --outdir) shift; out="$1";; *.pptx|*.docx|*.doc|*.ppt) src="$1";; esac; shift
done
name=$(basename "$src"); printf '%%PDF-1.4 fake' > "$out/${name%%.*}.pdf"
"""


@pytest.fixture
def editor(client):
    client.force_login(UserFactory(is_superuser=True))


def upload(client, name):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Induction slides",
            "file": SimpleUploadedFile(name, b"PK\x03\x04 slides"),
            "collection": "1",
        },
        follow=True,
    )


def test_without_libreoffice_the_upload_works_and_the_author_is_told(
    client, editor, settings, monkeypatch
):
    monkeypatch.setenv("PATH", "/nonexistent")
    settings.LECTERN_LIBREOFFICE_BINARY = "soffice-missing"
    response = upload(client, "induction.pptx")
    assert response.status_code == 200
    document = Document.objects.get(title="Induction slides")
    assert "Converting it to PDF is unavailable on this server" in response.content.decode()
    assert document.conversion.status == DocumentConversion.Status.UNAVAILABLE


def test_with_libreoffice_a_pdf_is_made_in_the_background(
    client, editor, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    fake = tmp_path / "soffice"
    fake.write_text(FAKE_SOFFICE)
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "induction.pptx")
    assert "is being converted to PDF in the background" in response.content.decode()
    conversion = DocumentConversion.objects.get(document__title="Induction slides")
    assert conversion.status == DocumentConversion.Status.CONVERTED
    assert conversion.pdf.title == "Induction slides (PDF)"
    assert conversion.pdf.file_extension == "pdf"
    # Running the job again changes nothing.
    assert convert_document(conversion.document_id) == "skipped"


def test_a_stuck_conversion_is_stopped_at_the_time_limit(
    client, editor, tmp_path, monkeypatch, settings
):
    slow = tmp_path / "soffice"
    slow.write_text("#!/bin/sh\nsleep 5\n")
    slow.chmod(slow.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    settings.LECTERN_CONVERSION_TIMEOUT_SECONDS = 1
    upload(client, "old.docx")
    document = Document.objects.get(title="Induction slides")
    assert convert_document(document.pk) == DocumentConversion.Status.FAILED
    assert (
        "did not finish within 1 seconds"
        in DocumentConversion.objects.get(document=document).message
    )


def test_pdfs_and_images_are_not_converted(client, editor):
    client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Already a PDF",
            "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4"),
            "collection": "1",
        },
    )
    assert not DocumentConversion.objects.exists()
