"""
Reading roster files as a stream of rows, whatever their size.

CSV must be UTF-8, with or without a byte-order mark; anything else is refused
with the line that gave it away, never decoded by guesswork. Each physical line
is decoded on its own (a UTF-8 multi-byte sequence never contains a newline
byte), so the line number in a refusal is exact. CRLF, LF and CR line endings,
quoted fields with commas and line breaks all work; a record's line number is
the line it starts on. XLSX is read with openpyxl in read-only mode, first
sheet, one row at a time.
"""

import csv
import datetime
import itertools
import zipfile
from dataclasses import dataclass, field

from django.core.files.base import File
from django.utils.translation import gettext as _

from lms.rosters.columns import CANVAS_ENROLLMENTS, Problem, identify
from lms.rosters.exceptions import RosterRefused
from lms.rosters.models import RosterFormat

UTF8_BOM = b"\xef\xbb\xbf"
XLSX_SIGNATURE = b"PK\x03\x04"
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0"  # old binary .xls
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def save_as_utf8():
    return _(
        "Lectern reads CSV files in UTF-8 only and does not guess other encodings: in Excel "
        "use “Save as… CSV UTF-8”, in LibreOffice tick “Edit filter settings” and choose "
        "“Unicode (UTF-8)”, then upload the file again."
    )


def refuse(file_name, line, reason, field_name=""):
    return RosterRefused([Problem(file_name, line, field_name, reason)])


class Table:
    """One uploaded file, read as (line, cells) pairs; blank lines are skipped."""

    def __init__(self, name, fileobj, size=None):
        self.name = name
        self.file = fileobj if isinstance(fileobj, File) else File(fileobj)
        self.size = size if size is not None else getattr(self.file, "size", None)
        self.bytes_read = 0
        self.rows_read = 0
        self.total_rows = None
        self.file.seek(0)
        start = self.file.read(8)
        self.file.seek(0)
        if not start:
            raise refuse(name, 1, _("The file is empty."))
        if start.startswith(XLSX_SIGNATURE):
            self.kind = "xlsx"
        elif start.startswith(OLE2_SIGNATURE):
            raise refuse(
                name,
                1,
                _("Old Excel .xls files cannot be read; save the sheet as .xlsx or as CSV UTF-8."),
            )
        elif start.startswith(UTF16_BOMS):
            raise refuse(name, 1, _("The file is UTF-16, not UTF-8. ") + save_as_utf8())
        else:
            self.kind = "csv"

    @property
    def progress(self):
        """How much of the file has been read, 0 to 1 (estimated)."""
        if self.kind == "csv" and self.size:
            return min(self.bytes_read / self.size, 1.0)
        if self.total_rows:
            return min(self.rows_read / self.total_rows, 1.0)
        return 0.0

    def rows(self):
        return self._xlsx_rows() if self.kind == "xlsx" else self._csv_rows()

    # CSV ------------------------------------------------------------------
    def _decoded_lines(self):
        for number, raw in enumerate(self.file, start=1):
            self.bytes_read += len(raw)
            if number == 1:
                raw = raw.removeprefix(UTF8_BOM)
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise refuse(
                    self.name,
                    number,
                    _(
                        "The file is not UTF-8: line %(line)d has a byte (0x%(byte)02X) that "
                        "UTF-8 does not allow. "
                    )
                    % {"line": number, "byte": raw[exc.start]}
                    + save_as_utf8(),
                ) from exc

    def _csv_rows(self):
        lines = self._decoded_lines()
        # Look at the first non-blank line to choose the delimiter (Excel in
        # many European locales saves CSV with semicolons), then read everything.
        peeked = []
        for text in lines:
            peeked.append(text)
            if text.strip():
                break
        delimiter = _delimiter(peeked[-1] if peeked else "")
        reader = csv.reader(itertools.chain(peeked, lines), delimiter=delimiter, strict=True)
        last_line = 0
        try:
            for cells in reader:
                start, last_line = last_line + 1, reader.line_num
                if not any(cell.strip() for cell in cells):
                    continue
                self.rows_read += 1
                yield start, cells
        except csv.Error as exc:
            raise refuse(
                self.name,
                reader.line_num,
                _("Line %(line)d cannot be read as CSV (%(error)s).")
                % {"line": reader.line_num, "error": exc},
            ) from exc

    # XLSX -----------------------------------------------------------------
    def _xlsx_rows(self):
        import openpyxl
        from openpyxl.utils.exceptions import InvalidFileException

        try:
            book = openpyxl.load_workbook(self.file, read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
            raise refuse(
                self.name, 1, _("The file could not be read as an Excel workbook (.xlsx).")
            ) from exc
        try:
            sheet = book.worksheets[0]
            self.total_rows = sheet.max_row
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                self.rows_read = number
                cells = [_cell_value(value) for value in values]
                if not any(cell != "" for cell in cells):
                    continue
                yield number, cells
        finally:
            book.close()


def _delimiter(line):
    counts = {delimiter: line.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _cell_value(value):
    """An XLSX cell as text, or a date for date cells."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time(0) else value.isoformat()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass
class SourceRow:
    """One roster line, its cells keyed by Lectern's column keys."""

    file_name: str
    line: int
    values: dict
    # Problems found while reading (extra values, Canvas references).
    errors: list = field(default_factory=list)

    def get(self, key):
        value = self.values.get(key, "")
        return value if isinstance(value, datetime.date) else str(value).strip()


class RosterReader:
    """
    Opens the uploaded file (or Canvas users.csv with enrollments.csv), reads
    and recognises their headers at once (raising RosterRefused), and then
    yields SourceRows one at a time.
    """

    def __init__(self, files):
        """files: list of (name, file object) pairs, one or two of them."""
        self.tables = []
        self.headers = []
        self._iterators = []
        for name, fileobj in files:
            table = Table(name, fileobj)
            iterator = table.rows()
            first = next(iterator, None)
            if first is None:
                raise refuse(name, 1, _("The file is empty."))
            self.tables.append(table)
            self.headers.append(identify(name, *first))
            self._iterators.append(iterator)
        layouts = [header.layout for header in self.headers]
        if len(files) == 1 and layouts[0] is CANVAS_ENROLLMENTS:
            raise refuse(
                files[0][0],
                self.headers[0].line,
                _(
                    "This is a Canvas enrollments.csv, which refers to people by user_id: "
                    "upload the users.csv they come from with it."
                ),
            )
        if len(files) == 2:
            if sorted(layout.name for layout in layouts) != ["canvas_enrollments", "canvas_users"]:
                raise refuse(
                    files[1][0],
                    self.headers[1].line,
                    _(
                        "A second file is only for Canvas SIS: upload users.csv and "
                        "enrollments.csv together. These files are a %(first)s and a %(second)s."
                    )
                    % {"first": layouts[0].label, "second": layouts[1].label},
                )
            if layouts[0] is CANVAS_ENROLLMENTS:
                for items in (self.tables, self.headers, self._iterators):
                    items.reverse()
            self.format = RosterFormat.CANVAS_ENROLLMENTS
        else:
            self.format = {
                "lectern": RosterFormat.LECTERN,
                "moodle": RosterFormat.MOODLE,
                "canvas_users": RosterFormat.CANVAS,
            }[layouts[0].name]

    @property
    def progress(self):
        return sum(table.progress for table in self.tables) / len(self.tables)

    def rows(self):
        if self.format == RosterFormat.CANVAS_ENROLLMENTS:
            yield from self._canvas_rows()
        else:
            yield from self._rows(0)

    def _rows(self, index):
        table, header = self.tables[index], self.headers[index]
        numbered = set(header.layout.numbered.values())
        width = len(header.names)
        for line, cells in self._iterators[index]:
            values = {}
            for name, key, cell in zip(header.names, header.keys, cells, strict=False):
                if key in numbered:
                    values.setdefault(key, []).append((name, cell))
                else:
                    values[key] = cell
            row = SourceRow(table.name, line, values)
            extra = [cell for cell in cells[width:] if str(cell).strip()]
            if extra:
                row.errors.append(
                    (
                        "",
                        _(
                            "Line %(line)d has %(count)d values but the header "
                            "has %(width)d columns."
                        )
                        % {"line": line, "count": width + len(extra), "width": width},
                    )
                )
            yield row

    def _canvas_rows(self):
        """
        Canvas SIS: each enrollments.csv row enrols the users.csv person it
        names by user_id. users.csv is read first and kept in memory (one small
        tuple per person) to join them; people in users.csv that no
        enrollments.csv row mentions are reported.
        """
        users_file, enrolments_file = self.tables[0].name, self.tables[1].name
        people = {}
        mentioned = set()
        for row in self._rows(0):
            user_id = row.get("user_id")
            if not user_id:
                row.errors.append(("user_id", _("The user_id is missing.")))
                yield row
            elif user_id in people:
                row.errors.append(
                    (
                        "user_id",
                        _("user_id “%(id)s” appears twice in %(file)s (first on line %(line)d).")
                        % {"id": user_id, "file": users_file, "line": people[user_id].line},
                    )
                )
                yield row
            else:
                people[user_id] = row
        for row in self._rows(1):
            user_id = row.get("user_id")
            person = people.get(user_id)
            if person is None:
                row.errors.append(
                    (
                        "user_id",
                        _("user_id “%(id)s” is not in %(file)s.")
                        % {"id": user_id, "file": users_file},
                    )
                    if user_id
                    else ("user_id", _("The user_id is missing."))
                )
                yield row
                continue
            mentioned.add(user_id)
            yield SourceRow(
                enrolments_file,
                row.line,
                {**person.values, **row.values},
                person.errors + row.errors,
            )
        for user_id, row in people.items():
            if user_id not in mentioned:
                row.errors.append(
                    (
                        "user_id",
                        _("No row in %(file)s enrols user_id “%(id)s”.")
                        % {"file": enrolments_file, "id": user_id},
                    )
                )
                yield row
