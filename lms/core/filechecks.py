"""
Checking uploaded files by what they contain, not by what they are called.

Learners' submissions and ticket attachments are opened by staff: a file
called report.pdf that is really HTML or a program must be refused before it
is stored. check_upload() reads the first bytes (and, for Office files, the
ZIP directory) and compares what it finds with the extensions allowed.
"""

import zipfile
from dataclasses import dataclass

import filetype
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Office Open XML and OpenDocument files are ZIP archives; what is inside
# tells them apart.
OOXML_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
ODF_MIMETYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
TEXT_EXTENSIONS = {"txt", "csv", "md"}
# Extensions that name the same kind of content.
ALIASES = {"jpeg": "jpg", "tif": "tiff", "htm": "html"}
# Never accepted, whatever an allow-list says: they run in a browser or a shell.
DANGEROUS = {"html", "svg", "js", "exe", "bat", "cmd", "sh", "php", "xhtml", "xml"}

SAFE_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "zip": "application/zip",
    "mp3": "audio/mpeg",
    "mp4": "video/mp4",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    **ODF_MIMETYPES,
    "txt": "text/plain",
    "csv": "text/csv",
    "md": "text/plain",
}


class UploadRejected(ValueError):
    """An uploaded file breaks a rule; the message names the file and the rule."""


@dataclass(frozen=True)
class CheckedFile:
    name: str
    extension: str
    content_type: str
    size: int


def normalise_extensions(extensions):
    return {
        ALIASES.get(ext.strip().lower().lstrip("."), ext.strip().lower().lstrip("."))
        for ext in extensions
        if ext.strip()
    }


def _extension(name):
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return ALIASES.get(ext, ext)


def _read_head(upload, size=8192):
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _zip_names(upload):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            mimetype = (
                archive.read("mimetype").decode("ascii", "replace") if "mimetype" in names else ""
            )
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return None, ""
    finally:
        upload.seek(0)
    return names, mimetype.strip()


def _looks_like_text(head):
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        if error.start < len(head) - 4:
            return False
    return True


def _detect(upload, head):
    """The extension that describes the content, or a description of what it is."""
    kind = filetype.guess(head)
    stripped = head.lstrip().lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<script", b"<svg", b"<?xml")):
        return None, _("HTML or XML")
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF"):
        return None, _("a program")
    if kind is None:
        return ("txt", "") if _looks_like_text(head) else (None, _("an unknown kind of file"))
    if kind.extension == "zip":
        names, mimetype = _zip_names(upload)
        if names is None:
            return None, _("a damaged archive")
        for ext, odf_type in ODF_MIMETYPES.items():
            if mimetype == odf_type:
                return ext, ""
        if "[Content_Types].xml" in names:
            for ext, part in OOXML_PARTS.items():
                if any(name.startswith(part) for name in names):
                    return ext, ""
        return "zip", ""
    if kind.extension in ("docx", "xlsx", "pptx", "odt", "ods", "odp"):
        return kind.extension, ""
    return ALIASES.get(kind.extension, kind.extension), ""


def check_upload(upload, *, allowed_extensions, max_bytes):
    """
    Return a CheckedFile for upload (a Django UploadedFile), or raise
    UploadRejected naming the file and what is wrong with it.
    """
    name = upload.name or _("the file")
    allowed = normalise_extensions(allowed_extensions) - DANGEROUS
    if not upload.size:
        raise UploadRejected(_("%(name)s is empty.") % {"name": name})
    if upload.size > max_bytes:
        raise UploadRejected(
            _("%(name)s is %(size)s; the limit is %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(max_bytes),
            }
        )
    claimed = _extension(name)
    if claimed not in allowed:
        raise UploadRejected(
            _("%(name)s: .%(ext)s files are not accepted here (allowed: %(allowed)s).")
            % {"name": name, "ext": claimed or "?", "allowed": ", ".join(sorted(allowed))}
        )
    detected, description = _detect(upload, _read_head(upload))
    text_ok = claimed in TEXT_EXTENSIONS and detected == "txt"
    if detected != claimed and not text_ok:
        what = description or (_("a .%(ext)s file") % {"ext": detected})
        raise UploadRejected(
            _("%(name)s is not really a .%(ext)s file (it looks like %(what)s).")
            % {"name": name, "ext": claimed, "what": what}
        )
    return CheckedFile(
        name=name,
        extension=claimed,
        content_type=SAFE_CONTENT_TYPES.get(claimed, "application/octet-stream"),
        size=upload.size,
    )
