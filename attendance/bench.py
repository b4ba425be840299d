"""`make bench` part: import a generated 100,000-row Zoom participants report.

Runs the real import path (upload checks + hash + parse + store, then confirm: parse again,
match 2,000 roster participants, write their records in one transaction) on a throw-away
database, and measures the parser's peak Python memory with tracemalloc.

Budgets (2 shared cores, SQLite): at least 5,000 report rows/second for upload + confirm
together (a 100,000-row report previewed and written in under 20 seconds in all, with room
for a busy machine: about 25,000/s when idle), and at most 48 MiB of peak traced memory
while parsing the ~8 MB file. Holding every row as a dict would take well over that;
aggregating per person as rows stream by keeps it to the 2,000 people's intervals.
"""

import os
import resource
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

ROWS = 100_000
PEOPLE = 2_000
MIN_ROWS_PER_SECOND = 5_000.0
MAX_PARSE_PEAK_MIB = 48.0
IST = ZoneInfo("Asia/Kolkata")


def _us(moment: datetime) -> str:
    return moment.strftime("%m/%d/%Y %I:%M:%S %p")


def write_report(path: str, *, starts_at: datetime, rows: int, people: int) -> None:
    """A Zoom report: summary block, then `rows` rows, each person rejoining many times
    with overlapping intervals (two devices), some guests without email."""
    local = starts_at.astimezone(IST)
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        out.write("Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),"
                  "Participants\r\n")
        out.write(f"812 3456 7890,Bench,{_us(local)},{_us(local + timedelta(hours=2))},"
                  f"host@example.org,120,{people}\r\n\r\n")
        out.write("Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),"
                  "Guest,Recording Consent\r\n")
        per_person = rows // people
        for n in range(rows):
            person = n % people
            round_ = n // people
            joined = local + timedelta(minutes=round_ * 120 / per_person)
            left = joined + timedelta(minutes=4)  # overlaps the next rejoin
            email = f"bench{person}@example.org" if person % 50 else ""
            out.write(f"Person {person},{email},{_us(joined)},{_us(left)},4,"
                      f"{'No' if email else 'Yes'},Y\r\n")


def _build(people: int):
    from django.contrib.auth import get_user_model

    from content.models import HomePage
    from courses.models import (
        BootcampIndexPage,
        BootcampPage,
        Enrollment,
        LiveSessionPage,
        RosterMember,
        StagePage,
    )
    from organisations.models import Organisation

    home = HomePage.objects.first()
    index = home.add_child(instance=BootcampIndexPage(title="Bootcamps", slug="bench-bootcamps"))
    bootcamp = index.add_child(instance=BootcampPage(
        title="Attendance bench", slug="attendance-bench", start_date=date(2026, 7, 30),
        end_date=date(2026, 7, 31)))
    stage = bootcamp.add_child(instance=StagePage(title="Day 1", slug="day-1",
                                                  kind=StagePage.Kind.LIVE_DAY))
    starts = datetime(2026, 7, 30, 10, tzinfo=IST)
    session = stage.add_child(instance=LiveSessionPage(
        title="Morning", slug="morning", starts_at=starts, ends_at=starts + timedelta(hours=2)))
    User = get_user_model()
    users = User.objects.bulk_create(
        User(email=f"bench{n}@example.org", first_name="Priya", last_name=str(n))
        for n in range(people))
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Seva Foundation {n}") for n in range(people // 5))
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(organisation=organisation, bootcamp=bootcamp) for organisation in organisations)
    RosterMember.objects.bulk_create(
        RosterMember(enrollment=enrollments[n // 5], bootcamp=bootcamp, user=user)
        for n, user in enumerate(users))
    trainer = User.objects.create(email="bench-trainer@example.org")
    return bootcamp, session, trainer


def main() -> int:
    from django.conf import settings
    from django.core.files.uploadedfile import TemporaryUploadedFile
    from django.db import connection
    from django.test.utils import override_settings, setup_databases, teardown_databases

    from attendance import services
    from attendance.models import AttendanceRecord
    from attendance.reports import parse_report

    with tempfile.TemporaryDirectory() as workdir, override_settings(
        STORAGES={**settings.STORAGES, "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": workdir}}},
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
    ):
        old = setup_databases(verbosity=0, interactive=False)
        try:
            bootcamp, session, trainer = _build(PEOPLE)
            path = os.path.join(workdir, "zoom.csv")
            write_report(path, starts_at=session.starts_at, rows=ROWS, people=PEOPLE)
            size = os.path.getsize(path)

            with open(path, "rb") as report:
                tracemalloc.start()
                parsed = parse_report(report, tz=bootcamp.tz, session_date=date(2026, 7, 30),
                                      max_rows=settings.ATTENDANCE_IMPORT_MAX_ROWS)
                _current, parse_peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()

            uploaded = TemporaryUploadedFile("zoom.csv", "text/csv", size, None)
            with open(path, "rb") as source:
                for chunk in iter(lambda: source.read(1 << 20), b""):
                    uploaded.write(chunk)
            uploaded.seek(0)
            started = time.perf_counter()
            report_import = services.start_import(session=session, bootcamp=bootcamp,
                                                  uploaded=uploaded, by=trainer)
            uploaded_at = time.perf_counter()
            changed = services.confirm_import(report_import=report_import, bootcamp=bootcamp,
                                              by=trainer)
            finished = time.perf_counter()
            uploaded.close()
            records = AttendanceRecord.objects.filter(session=session).count()
            vendor = connection.vendor
        finally:
            teardown_databases(old, verbosity=0)

    total_rows_per_second = ROWS / (finished - started)
    parse_peak_mib = parse_peak / (1 << 20)
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    expected = PEOPLE - PEOPLE // 50  # guests without email are not matched
    print(f"| measure ({vendor}) | value | budget |")
    print("| --- | --- | --- |")
    print(f"| report | {ROWS} rows, {len(parsed.people)} people, {size / (1 << 20):.1f} MiB "
          f"| |")
    print(f"| upload (check, hash, parse, store) | {ROWS / (uploaded_at - started):,.0f} rows/s "
          "| |")
    print(f"| confirm (parse, match, write {changed}) | "
          f"{ROWS / (finished - uploaded_at):,.0f} rows/s | |")
    print(f"| upload + confirm | {total_rows_per_second:,.0f} rows/s | "
          f"≥ {MIN_ROWS_PER_SECOND:,.0f} |")
    print(f"| parser peak traced memory | {parse_peak_mib:.1f} MiB | "
          f"≤ {MAX_PARSE_PEAK_MIB:.0f} MiB |")
    print(f"| process peak RSS (whole bench run) | {rss_mib:.0f} MiB | |")
    ok = (records == changed == expected and total_rows_per_second >= MIN_ROWS_PER_SECOND
          and parse_peak_mib <= MAX_PARSE_PEAK_MIB)
    if not ok:
        print(f"attendance: budget missed (records {records}, changed {changed}, "
              f"expected {expected})")
    return 0 if ok else 1


if __name__ == "__main__":
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    os.environ.setdefault("DEBUG", "true")
    django.setup()
    sys.exit(main())
