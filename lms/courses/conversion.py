"""
Legacy material: Word and PowerPoint documents are converted to PDF by
LibreOffice (headless, in a background job, with a time limit). Without
LibreOffice the upload still works and the author is told conversion is
unavailable.
"""

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model

from lms.audit.middleware import current_request
from lms.core import jobs
from lms.courses.models import DocumentConversion

logger = logging.getLogger(__name__)

CONVERTIBLE_EXTENSIONS = {"doc", "docx", "ppt", "pptx", "odt", "odp", "rtf"}


def libreoffice_binary():
    return shutil.which(getattr(settings, "LECTERN_LIBREOFFICE_BINARY", "soffice")) or shutil.which(
        "libreoffice"
    )


def needs_conversion(document):
    return document.file_extension.lower() in CONVERTIBLE_EXTENSIONS


def request_conversion(document):
    """Record and queue the conversion of a new upload, and tell the uploader."""
    if not needs_conversion(document):
        return None
    request = current_request()
    if libreoffice_binary() is None:
        conversion, _created = DocumentConversion.objects.update_or_create(
            document=document,
            defaults={
                "status": DocumentConversion.Status.UNAVAILABLE,
                "message": _("LibreOffice is not installed on this server."),
            },
        )
        if request is not None:
            messages.warning(
                request,
                _(
                    "“%(title)s” was uploaded. Converting it to PDF is unavailable on this "
                    "server (LibreOffice is not installed), so learners get the original file."
                )
                % {"title": document.title},
            )
        return conversion
    conversion, _created = DocumentConversion.objects.update_or_create(
        document=document, defaults={"status": DocumentConversion.Status.PENDING, "message": ""}
    )
    jobs.enqueue("lms.courses.conversion.convert_document", document_id=document.pk)
    if request is not None:
        messages.info(
            request,
            _("“%(title)s” is being converted to PDF in the background.")
            % {"title": document.title},
        )
    return conversion


def convert_document(document_id):
    """Job: convert one document. Safe to run twice (a finished conversion is left alone)."""
    conversion = (
        DocumentConversion.objects.select_related("document")
        .filter(document_id=document_id)
        .first()
    )
    if conversion is None or conversion.status == DocumentConversion.Status.CONVERTED:
        return "skipped"
    binary = libreoffice_binary()
    if binary is None:
        conversion.status = DocumentConversion.Status.UNAVAILABLE
        conversion.message = _("LibreOffice is not installed on this server.")
        conversion.save()
        return conversion.status
    document = conversion.document
    timeout = getattr(settings, "LECTERN_CONVERSION_TIMEOUT_SECONDS", 120)
    with tempfile.TemporaryDirectory(prefix="lectern-convert-") as workdir:
        source = Path(workdir) / f"source.{document.file_extension.lower()}"
        with document.file.open("rb") as upload:
            source.write_bytes(upload.read())
        try:
            subprocess.run(  # noqa: S603 - fixed binary, generated file names
                [
                    binary,
                    "--headless",
                    "--norestore",
                    f"-env:UserInstallation=file://{workdir}/profile",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    workdir,
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return _fail(
                conversion, _("LibreOffice did not finish within %(s)d seconds.") % {"s": timeout}
            )
        except (subprocess.CalledProcessError, OSError) as exc:
            return _fail(conversion, _("LibreOffice failed: %(error)s") % {"error": exc})
        output = Path(workdir) / "source.pdf"
        if not output.exists():
            return _fail(conversion, _("LibreOffice produced no PDF."))
        with transaction.atomic():
            pdf = get_document_model()(
                title=f"{document.title} (PDF)", collection=document.collection
            )
            pdf.file.save(
                f"{Path(document.file.name).stem}.pdf", ContentFile(output.read_bytes()), save=False
            )
            pdf.save()
            conversion.pdf = pdf
            conversion.status = DocumentConversion.Status.CONVERTED
            conversion.message = ""
            conversion.save()
    return conversion.status


def _fail(conversion, message):
    logger.warning("conversion of document %s failed: %s", conversion.document_id, message)
    conversion.status = DocumentConversion.Status.FAILED
    conversion.message = message
    conversion.save()
    return conversion.status
