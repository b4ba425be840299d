"""Each real-world variant of a Zoom / Google Meet report, read by the streaming parser."""

import codecs
import io
from datetime import date

import pytest

from attendance.reports import ReportError, parse_report
from tests.attendance.factories import IST, meet_report, zoom_report


def parse(setup, data: bytes, max_rows=1000):
    return parse_report(io.BytesIO(data), tz=IST,
                        session_date=setup.bootcamp.local(setup.session.starts_at).date(),
                        max_rows=max_rows)


def minutes_of(setup, report, key):
    return report.people[key].minutes_within(setup.session.starts_at, setup.session.ends_at)


PEOPLE = [("Priya Sharma", "Priya@Example.org", 0, 100), ("Guest Phone", "", 30, 60)]


def test_zoom_utf8_with_summary_block_dates_the_meeting(setup):
    report = parse(setup, zoom_report(setup, PEOPLE).encode())
    assert report.kind == "zoom"
    assert report.meeting_date == setup.bootcamp.local(setup.session.starts_at).date()
    assert minutes_of(setup, report, "priya@example.org") == 100


def test_zoom_utf8_with_bom(setup):
    report = parse(setup, codecs.BOM_UTF8 + zoom_report(setup, PEOPLE).encode())
    assert set(report.people) == {"priya@example.org", "name:guest phone"}


def test_zoom_utf16_unicode_text_tab_separated(setup):
    text = zoom_report(setup, PEOPLE, delimiter="\t")
    report = parse(setup, text.encode("utf-16"))  # Excel "Unicode text": BOM + UTF-16LE
    assert minutes_of(setup, report, "priya@example.org") == 100
    assert minutes_of(setup, report, "name:guest phone") == 30


def test_semicolon_separator_and_crlf(setup):
    report = parse(setup, zoom_report(setup, PEOPLE, delimiter=";", newline="\r\n").encode())
    assert minutes_of(setup, report, "priya@example.org") == 100


def test_header_case_and_column_order_differ(setup):
    text = zoom_report(setup, [("Priya", "priya@example.org", 5, 65)], summary=False)
    lines = text.splitlines()
    # Reverse the columns and shout the header.
    reordered = [",".join(reversed(line.split(","))) for line in lines]
    reordered[0] = reordered[0].upper()
    report = parse(setup, "\n".join(reordered).encode())
    assert minutes_of(setup, report, "priya@example.org") == 60


def test_rejoins_merge_without_double_counting_overlaps(setup):
    # 0–50 and 40–70 overlap by 10 minutes (two devices); 90–100 is a separate rejoin.
    people = [("Priya", "priya@example.org", 0, 50), ("Priya (phone)", "PRIYA@example.org", 40, 70),
              ("Priya", "priya@example.org", 90, 100)]
    report = parse(setup, zoom_report(setup, people).encode())
    person = report.people["priya@example.org"]
    assert person.rows == 3
    assert minutes_of(setup, report, "priya@example.org") == 80  # not 50 + 30 + 10 = 90


def test_time_before_start_does_not_count(setup):
    report = parse(setup, zoom_report(setup, [("P", "p@example.org", -20, 30)]).encode())
    assert minutes_of(setup, report, "p@example.org") == 30


def test_guest_without_email_is_keyed_by_name(setup):
    report = parse(setup, zoom_report(setup, PEOPLE).encode())
    assert report.people["name:guest phone"].email == ""
    assert report.people["name:guest phone"].name == "Guest Phone"


def test_us_style_dates_are_month_first(setup):
    # 07/08 must be 8 July, not 7 August.
    setup.move_session(starts_at=setup.session.starts_at.replace(month=7, day=8, year=2027))
    report = parse(setup, zoom_report(setup, PEOPLE).encode())
    assert report.meeting_date == date(2027, 7, 8)


def test_google_meet_attendance_report_with_durations(setup):
    text = meet_report(setup, [("Priya", "Sharma", "priya@example.org", "10:05 AM", 95),
                               ("Guest", "", "", "10:30 AM", 20)])
    report = parse(setup, text.encode())
    assert report.kind == "meet"
    assert minutes_of(setup, report, "priya@example.org") == 95
    assert report.people["priya@example.org"].name == "Priya Sharma"
    assert minutes_of(setup, report, "name:guest") == 20


def test_unreadable_rows_are_reported_with_line_numbers(setup):
    text = zoom_report(setup, PEOPLE, summary=False, newline="\n")
    text += ("Broken,b@example.org,yesterday-ish,later,??,No,Y\n"  # line 4: bad times
             ",,,,,,\n"  # line 5: blank, skipped
             ",,07/30/2026 10:00:00 AM,,5,,\n")  # line 6: nobody
    report = parse(setup, text.encode())
    assert [bad.line for bad in report.bad_rows] == [4, 6]
    assert "yesterday-ish" in report.bad_rows[0].reason


def test_pdf_is_refused(setup):
    with pytest.raises(ReportError, match="PDF"):
        parse(setup, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")


def test_empty_file_is_refused(setup):
    with pytest.raises(ReportError, match="empty"):
        parse(setup, b"")


def test_file_without_participants_header_is_refused(setup):
    with pytest.raises(ReportError, match="No participants table"):
        parse(setup, b"a,b,c\n1,2,3\n")


def test_row_cap(setup):
    people = [(f"P{n}", f"p{n}@example.org", 0, 10) for n in range(11)]
    with pytest.raises(ReportError, match="more than 10 rows"):
        parse(setup, zoom_report(setup, people).encode(), max_rows=10)


def test_parser_streams_instead_of_reading_the_file_whole(setup):
    """The parser never asks the file for everything at once (read() / read(-1))."""
    data = zoom_report(setup, [(f"P{n}", f"p{n}@example.org", 0, 90) for n in range(3000)])

    class Guarded(io.BytesIO):
        def read(self, size=-1):
            assert size is not None and size > 0, "read the whole file at once"
            return super().read(size)

        def read1(self, size=-1):
            assert size is not None and size > 0, "read the whole file at once"
            return super().read1(size)

    report = parse_report(
        Guarded(data.encode()), tz=IST,
        session_date=setup.bootcamp.local(setup.session.starts_at).date(), max_rows=10_000)
    assert report.rows == 3000
