"""Read Zoom participants reports and Google Meet attendance reports, streaming.

The file is decoded as a text stream and read row by row with `csv.reader`; each row is
folded into a per-person aggregate (their join/leave intervals) as it is read, so memory
grows with the number of people in the call, never with the number of rows.

Real-world variants handled: UTF-8 with or without BOM, UTF-16 (Excel "Unicode text",
tab-separated), cp1252 as a last resort, `,` `;` or tab separators, CRLF, header names in any
case and order, Zoom's meeting summary block above the participants header, people who left
and rejoined (their intervals merged so that overlaps count once), guests without email,
US-style (month/day/year) dates with 12-hour clocks.
"""

import codecs
import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

SAMPLE_BYTES = 64 * 1024


class ReportError(ValueError):
    """The file can't be read as a report at all (the message is shown to the trainer)."""


# Header names, lower-cased, by meaning. Zoom: "Name (Original Name)", "User Email",
# "Join Time", "Leave Time", "Duration (Minutes)", "Guest". Meet: "First name", "Last name",
# "Email", "Duration", "Time joined", "Time exited" (older exports: "Full Name",
# "First Seen", "Time in Call").
COLUMNS = {
    "name": ("name (original name)", "name", "full name", "participant", "display name",
             "participant name"),
    "first_name": ("first name",),
    "last_name": ("last name",),
    "email": ("user email", "email", "e-mail", "email address", "participant email",
              "attendee email"),
    "joined": ("join time", "time joined", "joined", "first seen", "joined at", "first join"),
    "left": ("leave time", "time exited", "left", "left at", "last seen", "last leave"),
    "duration": ("duration (minutes)", "duration", "time in call", "duration (mins)",
                 "attendance duration", "minutes"),
}
SUMMARY_START = ("start time", "meeting start time")

DATETIME_FORMATS = (
    "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M",
    "%m/%d/%y %I:%M:%S %p", "%m/%d/%y %I:%M %p", "%m/%d/%y %H:%M",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M",
    "%b %d, %Y, %I:%M:%S %p", "%b %d, %Y, %I:%M %p", "%B %d, %Y %I:%M %p",
)
TIME_FORMATS = ("%I:%M:%S %p", "%I:%M %p", "%H:%M:%S", "%H:%M")
# Fast paths for the two shapes nearly every report uses (strptime is most of the parse
# time on 100k-row reports): US "07/30/2026 10:02:05 AM" and ISO "2026-07-30 10:02:05".
US_DATETIME = re.compile(
    r"(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AaPp])[Mm])?")
ISO_DATETIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?")


def normalise_identifier(text: str) -> str:
    """How names, emails and headers are compared: lower case, white space folded."""
    return " ".join(text.lower().split())


def _normalise(header: str) -> str:
    return normalise_identifier(header.replace("\ufeff", "").strip().strip('"'))


def _column_map(header: list[str]) -> dict[str, int]:
    names = [_normalise(cell) for cell in header]
    found: dict[str, int] = {}
    for meaning, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in names:
                found[meaning] = names.index(alias)
                break
    return found


def _is_participants_header(columns: dict[str, int]) -> bool:
    has_identity = "email" in columns or "name" in columns or "first_name" in columns
    has_time = "joined" in columns or "duration" in columns
    return has_identity and has_time and ("joined" in columns or "name" in columns
                                          or "first_name" in columns)


@dataclass
class Person:
    """Everything read about one person (keyed by email, or by name for guests)."""

    key: str
    email: str
    name: str
    first_line: int
    intervals: list[tuple[datetime, datetime]] = field(default_factory=list)
    extra_minutes: float = 0.0  # rows with a duration but no times
    rows: int = 0

    def add(self, start: datetime | None, end: datetime | None, minutes: float | None) -> None:
        self.rows += 1
        if start is not None and end is None and minutes is not None:
            end = start + timedelta(minutes=minutes)
        if start is not None and end is not None:
            if end < start:
                start, end = end, start
            self.intervals.append((start, end))
            # Keep the list short for people who rejoin hundreds of times.
            if len(self.intervals) > 64:
                self.intervals = merge_intervals(self.intervals)
        elif minutes is not None:
            self.extra_minutes += minutes

    @property
    def first_joined(self) -> datetime | None:
        return min((start for start, _end in self.intervals), default=None)

    def minutes_within(self, starts_at: datetime, ends_at: datetime) -> int:
        """Minutes in the call between the session's start and end, overlaps counted once."""
        total = 0.0
        for start, end in merge_intervals(self.intervals):
            start, end = max(start, starts_at), min(end, ends_at)
            if end > start:
                total += (end - start).total_seconds() / 60
        return int(total + self.extra_minutes + 1e-9)


def merge_intervals(intervals: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    merged: list[list[datetime]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


@dataclass
class BadRow:
    line: int
    reason: str


@dataclass
class ParsedReport:
    kind: str  # "zoom" or "meet"
    people: dict[str, Person]
    bad_rows: list[BadRow]
    rows: int
    meeting_date: date | None


def file_sha256(uploaded) -> str:
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in iter(lambda: uploaded.read(1024 * 1024), b""):
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def _sniff_encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    # UTF-16 without a BOM: every other byte of ASCII text is NUL.
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4:
        return "utf-16-le"
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4:
        return "utf-16-be"
    if b"\x00" in sample:
        raise ReportError(_("This is not a CSV or text report (it contains binary data)."))
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _sniff_delimiter(text_sample: str) -> str:
    lines = [line for line in text_sample.splitlines() if line.strip()][:12]
    counts = {sep: sum(line.count(sep) for line in lines) for sep in (",", ";", "\t")}
    return max(counts, key=lambda sep: counts[sep])


class _TimeParser:
    """Parses dates and times, remembering the last format that worked (100k rows)."""

    def __init__(self, tz: ZoneInfo, default_date: date):
        self.tz = tz
        self.default_date = default_date
        self.last: str | None = None

    def __call__(self, text: str) -> datetime | None:
        text = " ".join(text.strip().split())
        if not text:
            return None
        fast = self._fast(text)
        if fast is not None:
            return fast
        # Zoom exports carry the zone name in some locales ("10:02:05 AM IST"): drop it.
        text = re.sub(r"\s+(IST|UTC|GMT)$", "", text)
        if self.last:
            moment = self._try(text, self.last)
            if moment:
                return moment
        for pattern in DATETIME_FORMATS + TIME_FORMATS:
            moment = self._try(text, pattern)
            if moment:
                self.last = pattern
                return moment
        raise ValueError(text)

    def _fast(self, text: str) -> datetime | None:
        match = US_DATETIME.fullmatch(text)
        if match:
            month, day, year, hour, minute, second, meridiem = match.groups()
        else:
            match = ISO_DATETIME.fullmatch(text)
            if not match:
                return None
            year, month, day, hour, minute, second = match.groups()
            meridiem = None
        hour_number = int(hour)
        if meridiem:
            if not 1 <= hour_number <= 12:
                return None
            hour_number = hour_number % 12 + (12 if meridiem in "Pp" else 0)
        try:
            return datetime(int(year), int(month), int(day), hour_number, int(minute),
                            int(second or 0), tzinfo=self.tz)
        except ValueError:
            return None

    def _try(self, text: str, pattern: str) -> datetime | None:
        try:
            parsed = datetime.strptime(text, pattern)  # noqa: DTZ007 — zone added below
        except ValueError:
            return None
        if pattern in TIME_FORMATS:
            parsed = datetime.combine(self.default_date, parsed.time())
        return parsed.replace(tzinfo=self.tz)


def _duration_minutes(text: str) -> float | None:
    text = text.strip().lower()
    if not text:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    if re.fullmatch(r"\d+:\d{2}(:\d{2})?", text):
        parts = [int(p) for p in text.split(":")]
        if len(parts) == 2:
            return parts[0] * 60 + parts[1]
        return parts[0] * 60 + parts[1] + parts[2] / 60
    hours = re.search(r"(\d+)\s*(h|hr|hrs|hour|hours)\b", text)
    minutes = re.search(r"(\d+)\s*(m|min|mins|minute|minutes)\b", text)
    seconds = re.search(r"(\d+)\s*(s|sec|secs|second|seconds)\b", text)
    if not (hours or minutes or seconds):
        raise ValueError(text)
    return (int(hours.group(1)) * 60 if hours else 0) + (
        int(minutes.group(1)) if minutes else 0) + (int(seconds.group(1)) / 60 if seconds else 0)


def parse_report(uploaded, *, tz: ZoneInfo, session_date: date, max_rows: int) -> ParsedReport:
    """Read a report from a binary file object (seekable), aggregating per person.

    Raises ReportError for files that are not a readable report at all (PDF, empty, no
    participants header, too many rows); rows that can't be read are returned as bad rows.
    """
    uploaded.seek(0)
    sample = uploaded.read(SAMPLE_BYTES)
    uploaded.seek(0)
    if not sample.strip():
        raise ReportError(_("The file is empty."))
    if sample.startswith(b"%PDF"):
        raise ReportError(_("This is a PDF. Export the report as CSV from Zoom or Google Meet "
                            "and upload that file."))
    if sample.startswith(b"PK\x03\x04"):
        raise ReportError(_("This looks like an Excel or zip file. Save it as CSV (or "
                            "“Unicode text”) and upload that file."))
    encoding = _sniff_encoding(sample)
    text_sample = sample.decode(encoding, errors="ignore")
    delimiter = _sniff_delimiter(text_sample)
    stream = io.TextIOWrapper(uploaded, encoding=encoding, errors="replace", newline="")
    try:
        return _read(stream, delimiter=delimiter, tz=tz, session_date=session_date,
                     max_rows=max_rows)
    finally:
        stream.detach()  # leave the uploaded file open for its owner


def _read(stream, *, delimiter, tz, session_date, max_rows) -> ParsedReport:
    reader = csv.reader(stream, delimiter=delimiter)
    columns: dict[str, int] = {}
    summary_start_index: int | None = None
    meeting_date: date | None = None
    kind = "meet"
    parse_time = _TimeParser(tz, session_date)
    rows: Iterator[list[str]] = iter(reader)
    # The header: the first row naming a person column and a time column. Zoom's summary
    # block ("Meeting ID,Topic,Start Time,…") comes before it; its start time dates the
    # meeting.
    for row in rows:
        if reader.line_num > 50:
            break
        names = [_normalise(cell) for cell in row]
        if summary_start_index is not None and meeting_date is None and row:
            try:
                start = parse_time(row[summary_start_index])
            except (ValueError, IndexError):
                start = None
            if start is not None:
                meeting_date = start.date()
            summary_start_index = None
        if "meeting id" in names or "topic" in names:
            kind = "zoom"
            for alias in SUMMARY_START:
                if alias in names:
                    summary_start_index = names.index(alias)
            continue
        candidate = _column_map(row)
        if _is_participants_header(candidate):
            columns = candidate
            if "name (original name)" in names or "user email" in names or "join time" in names:
                kind = "zoom"
            break
    if not columns:
        raise ReportError(_("No participants table found: expected a header with columns such "
                            "as “Name”, “Email”, “Join time”, “Leave time”, “Duration”."))

    people: dict[str, Person] = {}
    bad_rows: list[BadRow] = []
    count = 0
    first_join_date: date | None = None

    def cell(row: list[str], meaning: str) -> str:
        index = columns.get(meaning)
        return row[index].strip() if index is not None and index < len(row) else ""

    for row in rows:
        if not any(value.strip() for value in row):
            continue
        count += 1
        if count > max_rows:
            raise ReportError(_("The report has more than %(max)d rows: split it or ask an "
                                "organiser to raise the limit.") % {"max": max_rows})
        line = reader.line_num
        email = cell(row, "email").lower()
        name = cell(row, "name") or " ".join(
            part for part in (cell(row, "first_name"), cell(row, "last_name")) if part)
        if not email and not name:
            bad_rows.append(BadRow(line, _("No name and no email.")))
            continue
        try:
            start = parse_time(cell(row, "joined")) if "joined" in columns else None
            end = parse_time(cell(row, "left")) if "left" in columns else None
            minutes = (_duration_minutes(cell(row, "duration")) if "duration" in columns
                       else None)
        except ValueError as error:
            bad_rows.append(BadRow(line, _("Can't read “%(value)s” as a time or duration.")
                                   % {"value": str(error)[:60]}))
            continue
        if start is None and minutes is None:
            bad_rows.append(BadRow(line, _("No join time and no duration.")))
            continue
        if start is not None and first_join_date is None:
            first_join_date = start.date()
        key = email or "name:" + normalise_identifier(name)
        person = people.get(key)
        if person is None:
            person = people[key] = Person(key=key, email=email, name=name, first_line=line)
        person.add(start, end, minutes)
    if count == 0:
        raise ReportError(_("The report has a header but no participant rows."))
    return ParsedReport(kind=kind, people=people, bad_rows=bad_rows, rows=count,
                        meeting_date=meeting_date or first_join_date)
