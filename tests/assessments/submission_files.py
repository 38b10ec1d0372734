"""Small real files for submission tests, built in memory."""

import io
import zipfile

from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from lms.cohorts.models import Enrollment, EnrollmentSource
from tests.factories.cohorts import CohortFactory
from tests.factories.courses import CoursePageFactory

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
HTML = b"<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"PE\x00\x00"

OOXML_PARTS = {
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "xlsx": (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
}


def zipped(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def ooxml(kind="docx", *, with_content_types=True, with_main_part=True):
    """A minimal Office Open XML package: [Content_Types].xml, _rels/.rels and the main part."""
    part, content_type = OOXML_PARTS[kind]
    members = {"_rels/.rels": '<?xml version="1.0"?><Relationships/>'}
    if with_content_types:
        members["[Content_Types].xml"] = (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'content-types"><Override PartName="/{part}" ContentType="{content_type}"/></Types>'
        )
    if with_main_part:
        members[part] = '<?xml version="1.0"?><document/>'
    return zipped(members)


def odf(mimetype="application/vnd.oasis.opendocument.text"):
    return zipped({"mimetype": mimetype, "content.xml": "<office:document-content/>"})


def upload(name, content, content_type="application/octet-stream"):
    """What Django hands a view for one uploaded file (the browser's content type is ignored)."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def enrol(learner, course=None, *, cohort=None, status="in_progress"):
    """An enrolment letting learner read course (a new course and cohort unless given)."""
    if cohort is not None:
        course = cohort.course
    course = course or CoursePageFactory()
    cohort = cohort or CohortFactory(course=course)
    return Enrollment.objects.create(
        learner=learner,
        cohort=cohort,
        course=course,
        source=EnrollmentSource.COORDINATOR,
        status=status,
    )


def stored_files(storage=None, folder="submissions"):
    """Every file name under folder in the private storage."""
    storage = storage or storages["private"]
    if not storage.exists(folder):
        return set()
    folders, files = storage.listdir(folder)
    names = {f"{folder}/{name}" for name in files}
    for sub in folders:
        names |= stored_files(storage, f"{folder}/{sub}")
    return names
