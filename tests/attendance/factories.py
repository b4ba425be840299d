"""Attendance test helpers: a bootcamp with a session and a roster, and report files.

Report files are generated here in the shapes Zoom and Google Meet export, so each test
says which real-world variant it feeds the importer.
"""

from datetime import datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from courses.models import LiveSessionPage
from tests.courses.factories import IST, build_bootcamp, enrol
from tests.factories import trainer as make_trainer

ZOOM_SUMMARY = ["Meeting ID", "Topic", "Start Time", "End Time", "User Email",
                "Duration (Minutes)", "Participants"]
ZOOM_HEADER = ["Name (Original Name)", "User Email", "Join Time", "Leave Time",
               "Duration (Minutes)", "Guest", "Recording Consent"]
MEET_HEADER = ["First name", "Last name", "Email", "Duration", "Time joined", "Time exited"]


def us(moment: datetime) -> str:
    """Zoom's US-style local time: 07/30/2026 10:02:05 AM."""
    return moment.astimezone(IST).strftime("%m/%d/%Y %I:%M:%S %p")


class Setup:
    """A published bootcamp (first session Day 1 morning, 10:00–12:00 IST), two enrolled
    organisations of two participants each, and a trainer of the bootcamp."""

    def __init__(self, *, day_one=None, **bootcamp_fields):
        self.bootcamp = build_bootcamp(day_one=day_one, **bootcamp_fields)
        self.session = LiveSessionPage.objects.descendant_of(self.bootcamp).order_by(
            "starts_at").first()
        self.enrollment, self.team = enrol(self.bootcamp, participants=2)
        self.other_enrollment, self.other_team = enrol(self.bootcamp, participants=2)
        self.trainer = make_trainer()
        self.bootcamp.trainers.add(self.trainer)
        self.bootcamp.save()  # a ParentalManyToManyField reaches the database on save

    @property
    def participants(self):
        return self.team + self.other_team

    def move_session(self, *, starts_at: datetime, minutes: int = 120) -> LiveSessionPage:
        self.session.starts_at, self.session.ends_at = starts_at, starts_at + timedelta(
            minutes=minutes)
        self.session.save()
        return self.session


def zoom_rows(setup: Setup, people: list[tuple[str, str, int, int]]) -> list[list[str]]:
    """[(name, email, joined minute, left minute)] relative to the session start."""
    start = setup.session.starts_at
    rows = []
    for name, email, joined, left in people:
        rows.append([name, email, us(start + timedelta(minutes=joined)),
                     us(start + timedelta(minutes=left)), str(left - joined),
                     "No" if email else "Yes", "Y"])
    return rows


def zoom_report(setup: Setup, people, *, summary=True, delimiter=",", newline="\r\n",
                header=None, meeting_start=None) -> str:
    lines = []
    if summary:
        start = meeting_start or setup.session.starts_at
        lines.append(delimiter.join(ZOOM_SUMMARY))
        lines.append(delimiter.join(["812 3456 7890", "Day 1 morning", us(start),
                                     us(start + timedelta(hours=2)), "host@example.org",
                                     "120", str(len(people))]))
        lines.append("")
    lines.append(delimiter.join(header or ZOOM_HEADER))
    for row in zoom_rows(setup, people):
        lines.append(delimiter.join(row))
    return newline.join(lines) + newline


def meet_report(setup: Setup, people: list[tuple[str, str, str, str, int]]) -> str:
    """[(first, last, email, "h:mm AM" joined, duration minutes)]."""
    lines = [",".join(MEET_HEADER)]
    for first, last, email, joined, minutes in people:
        lines.append(",".join([first, last, email, f"{minutes // 60} hr {minutes % 60} min"
                               if minutes >= 60 else f"{minutes} min", joined, ""]))
    return "\n".join(lines) + "\n"


def upload(content: str | bytes, *, name="participants.csv", encoding="utf-8"):
    data = content.encode(encoding) if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/csv")
