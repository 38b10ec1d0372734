"""
Checking files learners hand in by their content, not only by their names.

Each extension an assignment may allow has a matcher that reads the file:
magic bytes (with the filetype package where it is reliable), the ZIP
structure of Office Open XML and OpenDocument files, and a full UTF-8 read
for text. A file whose content does not match its name is refused with a
message naming the file and what it really looks like, so "report.pdf" that
is an HTML page never reaches an instructor's browser.
"""

import codecs
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lms.assessments.exceptions import FilesRefused

# Bytes read for magic-number checks (filetype reads at most 8,192 too).
HEAD_BYTES = 8192
# Text files are decoded in chunks of this size, so a large one is never held at once.
TEXT_CHUNK = 64 * 1024
# Members of an Office or OpenDocument ZIP read to identify it; a larger one is not trusted.
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_NAME_LENGTH = 255

OOXML_MAIN_TYPES = {
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
ODF_MIMETYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# What browsers treat as HTML when sniffing (WHATWG MIME Sniffing, "HTML" patterns).
HTML_PATTERN = re.compile(
    rb"<(!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p"
    rb"|!--|\?xml|svg)[\s>/]",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FileKind:
    extension: str
    label: str  # "a PDF": what a file with this extension should be
    content_type: str  # recorded on the row and sent with downloads (never HTML)
    match: object  # callable(head, upload) -> bool


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every check, with the facts to store about it."""

    upload: object
    name: str
    extension: str
    size: int
    content_type: str


# Matchers. Each gets the first HEAD_BYTES bytes and the file (positioned anywhere).


def _starts(*prefixes):
    return lambda head, upload: head.startswith(prefixes)


def _is_jpeg(head, upload):
    return head[:3] == b"\xff\xd8\xff"


def _is_webp(head, upload):
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


def _is_wav(head, upload):
    return head[:4] == b"RIFF" and head[8:12] == b"WAVE"


def _is_mp3(head, upload):
    # An ID3 tag, or straight into an MPEG audio frame (11 sync bits set).
    return head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)


def _filetype(*extensions):
    matchers = [filetype.get_type(ext=ext) for ext in extensions]

    def match(head, upload):
        return any(matcher.match(head) for matcher in matchers)

    return match


def _open_zip(upload):
    upload.seek(0)
    try:
        return zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def _read_member(archive, name):
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_MANIFEST_BYTES:
        return None
    try:
        with archive.open(info) as member:
            return member.read(MAX_MANIFEST_BYTES)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
        # Corrupt, encrypted or in an unsupported compression method.
        return None


def _ooxml(extension):
    main_part, main_type = OOXML_MAIN_TYPES[extension]

    def match(head, upload):
        if not head.startswith(b"PK\x03\x04"):
            return False
        archive = _open_zip(upload)
        if archive is None:
            return False
        with archive:
            if main_part not in archive.namelist():
                return False
            content_types = _read_member(archive, "[Content_Types].xml")
        return content_types is not None and main_type.encode() in content_types

    return match


def _odf(extension):
    mimetype = ODF_MIMETYPES[extension].encode()

    def match(head, upload):
        if not head.startswith(b"PK\x03\x04"):
            return False
        archive = _open_zip(upload)
        if archive is None:
            return False
        with archive:
            return _read_member(archive, "mimetype") == mimetype

    return match


def _is_zip(head, upload):
    if not head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return False
    archive = _open_zip(upload)
    if archive is None:
        return False
    archive.close()
    return True


def _is_text(head, upload):
    """Valid UTF-8 (a byte-order mark allowed) with no NUL bytes, read to the end."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    upload.seek(0)
    while chunk := upload.read(TEXT_CHUNK):
        if b"\x00" in chunk:
            return False
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError:
            return False
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _is_legacy_office(head, upload):
    # Office 97-2003 files are OLE compound files; which program made one is
    # not told apart here, only that it is a compound file and not a program.
    return head.startswith(CFB_MAGIC)


OOXML = {"docx", "xlsx", "pptx"}
KINDS = {
    kind.extension: kind
    for kind in [
        FileKind("pdf", gettext_lazy("a PDF"), "application/pdf", _starts(b"%PDF-")),
        FileKind(
            "docx",
            gettext_lazy("a Word document"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            _ooxml("docx"),
        ),
        FileKind(
            "xlsx",
            gettext_lazy("an Excel workbook"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _ooxml("xlsx"),
        ),
        FileKind(
            "pptx",
            gettext_lazy("a PowerPoint presentation"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            _ooxml("pptx"),
        ),
        FileKind("odt", gettext_lazy("an OpenDocument text"), ODF_MIMETYPES["odt"], _odf("odt")),
        FileKind(
            "ods", gettext_lazy("an OpenDocument spreadsheet"), ODF_MIMETYPES["ods"], _odf("ods")
        ),
        FileKind(
            "odp", gettext_lazy("an OpenDocument presentation"), ODF_MIMETYPES["odp"], _odf("odp")
        ),
        FileKind(
            "doc", gettext_lazy("a Word 97-2003 document"), "application/msword", _is_legacy_office
        ),
        FileKind(
            "xls",
            gettext_lazy("an Excel 97-2003 workbook"),
            "application/vnd.ms-excel",
            _is_legacy_office,
        ),
        FileKind(
            "ppt",
            gettext_lazy("a PowerPoint 97-2003 presentation"),
            "application/vnd.ms-powerpoint",
            _is_legacy_office,
        ),
        FileKind(
            "rtf", gettext_lazy("a rich text document"), "application/rtf", _starts(b"{\\rtf")
        ),
        FileKind("png", gettext_lazy("a PNG image"), "image/png", _starts(b"\x89PNG\r\n\x1a\n")),
        FileKind("jpg", gettext_lazy("a JPEG image"), "image/jpeg", _is_jpeg),
        FileKind("jpeg", gettext_lazy("a JPEG image"), "image/jpeg", _is_jpeg),
        FileKind("gif", gettext_lazy("a GIF image"), "image/gif", _starts(b"GIF87a", b"GIF89a")),
        FileKind("webp", gettext_lazy("a WebP image"), "image/webp", _is_webp),
        FileKind("txt", gettext_lazy("a text file"), "text/plain", _is_text),
        FileKind("csv", gettext_lazy("a CSV file"), "text/csv", _is_text),
        FileKind("md", gettext_lazy("a Markdown file"), "text/markdown", _is_text),
        FileKind("zip", gettext_lazy("a ZIP archive"), "application/zip", _is_zip),
        FileKind("mp4", gettext_lazy("an MP4 video"), "video/mp4", _filetype("mp4", "m4v")),
        FileKind("mov", gettext_lazy("a QuickTime video"), "video/quicktime", _filetype("mov")),
        FileKind("webm", gettext_lazy("a WebM video"), "video/webm", _filetype("webm")),
        FileKind("mp3", gettext_lazy("an MP3 audio file"), "audio/mpeg", _is_mp3),
        FileKind("m4a", gettext_lazy("an M4A audio file"), "audio/mp4", _filetype("m4a")),
        FileKind("wav", gettext_lazy("a WAV audio file"), "audio/wav", _is_wav),
    ]
}
SUPPORTED_EXTENSIONS = frozenset(KINDS)
SAFE_CONTENT_TYPES = frozenset(kind.content_type for kind in KINDS.values())

# Tried in this order to say what a refused file really is: specific formats
# before the containers they are built on (a .docx is also a ZIP archive).
_DESCRIBE_ORDER = [
    "pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "png", "jpg", "gif", "webp",
    "mp4", "mov", "webm", "m4a", "wav", "mp3", "rtf", "zip",
]  # fmt: skip


def describe(head, upload):
    """What a file looks like, for messages: "HTML", "a Windows program", "a PNG image"…"""
    stripped = head.removeprefix(codecs.BOM_UTF8).lstrip(b" \t\r\n\x0c")
    if HTML_PATTERN.match(stripped[:512]):
        return _("HTML")
    if head.startswith(b"MZ"):
        return _("a Windows program")
    if head.startswith(b"\x7fELF"):
        return _("a Linux program")
    if head[:4] in (
        b"\xfe\xed\xfa\xce",
        b"\xfe\xed\xfa\xcf",
        b"\xce\xfa\xed\xfe",
        b"\xcf\xfa\xed\xfe",
    ):
        return _("a macOS program")
    if head.startswith(b"#!"):
        return _("a script")
    if head.startswith(CFB_MAGIC):
        return _("an Office 97-2003 file")
    for extension in _DESCRIBE_ORDER:
        kind = KINDS[extension]
        if kind.match(head, upload):
            return str(kind.label)
    if _is_text(head, upload):
        return _("plain text")
    guessed = filetype.guess(head)
    if guessed is not None:
        return _("a %(type)s file") % {"type": guessed.extension.upper()}
    return None


def clean_name(name):
    """The file's own name, without any folder, control characters or excess length."""
    name = PurePosixPath(str(name or "").replace("\\", "/")).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if len(name) > MAX_NAME_LENGTH:
        suffix = PurePosixPath(name).suffix[:16]
        name = name[: MAX_NAME_LENGTH - len(suffix)] + suffix
    return name or _("unnamed file")


def extension_of(name):
    return PurePosixPath(name).suffix.lower().lstrip(".")


def describe_allowed(extensions):
    """ "PDF, DOCX or PNG" for messages and the assignment's rules."""
    names = [ext.upper() for ext in extensions]
    if len(names) <= 1:
        return "".join(names)
    return _("%(list)s or %(last)s") % {"list": ", ".join(names[:-1]), "last": names[-1]}


def file_size(upload):
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
        upload.seek(0)
    return size


def check_file(upload, *, extensions, max_bytes):
    """
    One file against the allowed extensions and size. Returns a CheckedFile,
    or raises FilesRefused with one message naming the file.
    """
    name = clean_name(getattr(upload, "name", ""))
    extension = extension_of(name)
    allowed = describe_allowed(extensions)
    if not extension:
        raise FilesRefused(
            [
                _("%(name)s has no file extension. Allowed: %(allowed)s.")
                % {"name": name, "allowed": allowed}
            ]
        )
    if extension not in extensions:
        raise FilesRefused(
            [
                _("%(name)s: .%(ext)s files are not accepted here. Allowed: %(allowed)s.")
                % {"name": name, "ext": extension, "allowed": allowed}
            ]
        )
    kind = KINDS.get(extension)
    if kind is None:
        raise FilesRefused(
            [
                _(
                    "%(name)s: Lectern cannot check the content of .%(ext)s files, "
                    "so they cannot be handed in."
                )
                % {"name": name, "ext": extension}
            ]
        )
    size = file_size(upload)
    if size == 0:
        raise FilesRefused([_("%(name)s is empty.") % {"name": name}])
    if size > max_bytes:
        raise FilesRefused(
            [
                _("%(name)s is %(size)s; the limit is %(limit)s per file.")
                % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(max_bytes)}
            ]
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    matched = kind.match(head, upload)
    if matched:
        upload.seek(0)
        return CheckedFile(
            upload=upload, name=name, extension=extension, size=size, content_type=kind.content_type
        )
    actual = describe(head, upload)
    upload.seek(0)
    if actual:
        message = _("%(name)s is not %(expected)s (it looks like %(actual)s).")
    else:
        message = _(
            "%(name)s is not %(expected)s (its content is not a format Lectern recognises)."
        )
    raise FilesRefused([message % {"name": name, "expected": kind.label, "actual": actual}])


def check_files(uploads, *, assignment):
    """
    Every file of one submission against the assignment's rules: how many,
    which types by content, how large, none empty. Returns CheckedFiles in
    the order given, or raises FilesRefused listing every problem found.
    """
    uploads = list(uploads)
    if len(uploads) > assignment.max_files:
        raise FilesRefused(
            [
                ngettext(
                    "You can hand in %(max)d file at a time; you chose %(count)d.",
                    "You can hand in %(max)d files at a time; you chose %(count)d.",
                    assignment.max_files,
                )
                % {"max": assignment.max_files, "count": len(uploads)}
            ]
        )
    extensions = assignment.file_extensions
    max_bytes = assignment.max_file_size_mb * 1024 * 1024
    checked, problems = [], []
    for upload in uploads:
        try:
            checked.append(check_file(upload, extensions=extensions, max_bytes=max_bytes))
        except FilesRefused as refused:
            problems.extend(refused.problems)
    if problems:
        raise FilesRefused(problems)
    return checked
