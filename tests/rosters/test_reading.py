"""Encodings, line endings, quoting, headers: what makes a file readable at all."""

import pytest

from lms.rosters.models import ImportStatus, RosterFormat, RowOutcome
from tests.rosters.conftest import HEADER, lectern_csv, rows_by_line, xlsx_bytes

pytestmark = pytest.mark.django_db


def test_utf8_with_a_byte_order_mark_is_read_and_the_mark_is_not_part_of_the_header(upload):
    roster_import = upload(b"\xef\xbb\xbf" + lectern_csv("ana@example.com,Ana,Ng,,,,,").encode())
    assert roster_import.status == ImportStatus.CHECKED
    assert roster_import.format == RosterFormat.LECTERN
    assert rows_by_line(roster_import)[2].email == "ana@example.com"


def test_utf8_without_a_byte_order_mark_keeps_accents(upload):
    roster_import = upload(lectern_csv("rene@example.com,René,Dupont,,,,,"))
    assert rows_by_line(roster_import)[2].first_name == "René"


def test_a_latin1_file_is_refused_with_the_line_and_never_guessed(upload):
    content = lectern_csv("ana@example.com,Ana,Ng,,,,,", "rene@example.com,René,Dupont,,,,,")
    roster_import = upload(content.encode("latin-1"))

    assert roster_import.status == ImportStatus.REFUSED
    (problem,) = roster_import.rows.all()
    assert problem.line == 3
    assert problem.outcome == RowOutcome.REJECTED
    assert problem.message.startswith("The file is not UTF-8: line 3 has a byte (0xE9)")
    assert "CSV UTF-8" in problem.message
    assert roster_import.rows_total == 0


def test_a_utf16_file_is_refused(upload):
    roster_import = upload(lectern_csv("ana@example.com,Ana,Ng,,,,,").encode("utf-16"))
    assert roster_import.status == ImportStatus.REFUSED
    assert roster_import.error.startswith("The file is UTF-16, not UTF-8.")


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
def test_crlf_lf_and_cr_line_endings_give_the_same_rows(upload, newline):
    content = lectern_csv("ana@example.com,Ana,Ng,,,,,", "bo@example.com,Bo,Li,,,,,")
    roster_import = upload(content.replace("\n", newline))
    rows = rows_by_line(roster_import)
    assert sorted(rows) == [2, 3]
    assert rows[3].email == "bo@example.com"
    assert rows[3].last_name == "Li"


def test_quoted_fields_with_commas_and_line_breaks_keep_their_line_numbers(upload):
    content = (
        HEADER.replace("\n", "\r\n")
        + 'ana@example.com,"Ana, Maria","Ng\r\nSmith",,"Sales, North",,,\r\n'
        + "bo@example.com,Bo,Li,,,,,\r\n"
        + '"cy@example.com","Cy ""The Lifter""",Ox,,,,,\r\n'
    )
    roster_import = upload(content)
    rows = rows_by_line(roster_import)
    assert sorted(rows) == [2, 4, 5]  # the second record starts on line 4
    assert rows[2].first_name == "Ana, Maria"
    assert rows[2].last_name == "Ng\r\nSmith"
    assert rows[2].department == "Sales, North"
    assert rows[5].first_name == 'Cy "The Lifter"'
    assert roster_import.rows_new_learner == 3


def test_blank_lines_and_rows_of_empty_cells_are_skipped(upload):
    content = lectern_csv("", "ana@example.com,Ana,Ng,,,,,", ",,,,,,,", "bo@example.com,Bo,Li,,,,,")
    roster_import = upload(content)
    assert sorted(rows_by_line(roster_import)) == [3, 5]


def test_headers_match_in_any_order_and_case_with_spaces(upload):
    roster_import = upload(" Last_Name , EMAIL,First_name\nNg,ana@example.com,Ana\n")
    row = rows_by_line(roster_import)[2]
    assert (row.email, row.first_name, row.last_name) == ("ana@example.com", "Ana", "Ng")


def test_semicolon_separated_files_from_european_excel_are_read(upload):
    roster_import = upload("email;first_name;last_name\nana@example.com;Ana;Ng\n")
    assert rows_by_line(roster_import)[2].last_name == "Ng"


def test_an_empty_file_is_refused(upload):
    roster_import = upload(b"")
    assert roster_import.status == ImportStatus.REFUSED
    assert roster_import.error == "The file is empty."


def test_a_file_of_blank_lines_and_a_byte_order_mark_is_empty(upload):
    roster_import = upload(b"\xef\xbb\xbf\r\n\r\n")
    assert roster_import.error == "The file is empty."


def test_a_header_without_rows_is_refused(upload):
    roster_import = upload(HEADER)
    assert roster_import.status == ImportStatus.REFUSED
    assert roster_import.error == "The file has a header line but no rows."


def test_a_file_without_a_header_is_refused(upload):
    roster_import = upload("ana@example.com,Ana,Ng\nbo@example.com,Bo,Li\n")
    assert roster_import.status == ImportStatus.REFUSED
    (problem,) = roster_import.rows.all()
    assert problem.line == 1
    assert problem.message.startswith("No header: the first line (1) should name the columns")
    assert "ana@example.com, Ana, Ng" in problem.message


def test_unknown_columns_are_each_reported_and_the_file_refused(upload):
    roster_import = upload("email,first_name,password,Shoe Size\nana@example.com,Ana,x,42\n")
    assert roster_import.status == ImportStatus.REFUSED
    problems = {row.field: row.message for row in roster_import.rows.all()}
    assert set(problems) == {"password", "shoe size"}
    assert problems["password"].startswith(
        "Unknown column “password”: Lectern does not guess where it belongs."
    )
    assert all(row.line == 1 for row in roster_import.rows.all())
    assert roster_import.rows_total == 0


def test_a_repeated_column_is_refused(upload):
    roster_import = upload("email,first_name,email\nana@example.com,Ana,bo@example.com\n")
    assert roster_import.error == "Column “email” appears twice in the header."


def test_a_file_without_an_email_column_is_refused(upload):
    roster_import = upload("first_name,last_name\nAna,Ng\n")
    assert roster_import.error.startswith(
        "Missing column: the Lectern template needs a column email"
    )


def test_trailing_unnamed_columns_are_ignored_but_values_beyond_the_header_are_rejected(upload):
    roster_import = upload("email,first_name,,\nana@example.com,Ana,,\nbo@example.com,Bo,x,\n")
    rows = rows_by_line(roster_import)
    assert rows[2].outcome == RowOutcome.NEW_LEARNER
    assert rows[3].outcome == RowOutcome.REJECTED
    assert rows[3].message == "Line 3 has 3 values but the header has 2 columns."


def test_an_unterminated_quote_is_refused_with_its_line(upload):
    roster_import = upload(lectern_csv("ana@example.com,Ana,Ng,,,,,", 'bo@example.com,"Bo,Li,,,,,'))
    assert roster_import.status == ImportStatus.REFUSED
    assert "cannot be read as CSV" in roster_import.error


def test_an_xlsx_roster_is_read_from_its_first_sheet_with_dates_and_numbers(upload, cohort):
    import datetime

    content = xlsx_bytes(
        [
            ["Email", "First_Name", "Last_Name", "employee_id", "due_date"],
            ["ana@example.com", "Ana", "Ng", 1234, datetime.datetime(2026, 9, 30)],
            [None, None, None, None, None],
            ["bo@example.com", "Bo", "Li", "E-7", "2026-10-01"],
        ]
    )
    roster_import = upload(content, "roster.xlsx")
    rows = rows_by_line(roster_import)
    assert sorted(rows) == [2, 4]
    assert rows[2].employee_id == "1234"
    assert rows[2].due_date == datetime.date(2026, 9, 30)
    assert rows[4].due_date == datetime.date(2026, 10, 1)


def test_an_old_xls_file_is_refused(upload):
    roster_import = upload(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "roster.xls")
    assert roster_import.error.startswith("Old Excel .xls files cannot be read")


def test_a_broken_xlsx_is_refused(upload):
    roster_import = upload(b"PK\x03\x04 not really a workbook", "roster.xlsx")
    assert roster_import.error == "The file could not be read as an Excel workbook (.xlsx)."
