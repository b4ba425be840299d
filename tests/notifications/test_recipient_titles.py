"""Titles inside messages in the recipient's language (#19): a Hindi participant reads the
bootcamp's, session's or assignment's published Hindi title (and the day in Hindi), an
English one the source title; links stay the one URL of the page; one title lookup per
bootcamp and language, whatever the number of recipients."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assignments import services as assignment_services
from assignments.models import Submission
from certificates import services as certificate_services
from courses import tree_cache
from courses.models import LiveSessionPage
from notifications.models import Announcement, Kind, Notification
from notifications.reminders import due_reminders, queue_due_reminders
from notifications.services import send_announcement
from tests.assignments.factories import add_assignment
from tests.courses.factories import build_bootcamp, enrol, translate
from tests.factories import organiser, trainer

pytestmark = pytest.mark.django_db

DAY_ONE = date(2026, 12, 10)  # Day 1 morning: 10:00 IST = 04:30 UTC
BOOTCAMP_HI = "चैट फ़ॉर इम्पैक्ट"
SESSION_HI = "पहला दिन, सुबह"


@pytest.fixture
def bootcamp():
    bootcamp = build_bootcamp(day_one=DAY_ONE, modules_per_stage=0)
    translate(bootcamp, title=BOOTCAMP_HI)
    translate(LiveSessionPage.objects.get(slug="morning", starts_at__date=DAY_ONE),
              title=SESSION_HI)
    bootcamp.refresh_from_db()
    return bootcamp


def _people(bootcamp, *, hindi: int, english: int):
    _, users = enrol(bootcamp, participants=hindi + english)
    for user in users[:hindi]:
        user.language = "hi"
        user.save(update_fields=["language"])
    return users[:hindi], users[hindi:]


def _context(kind, user):
    return Notification.objects.get(kind=kind, recipient=user).context


def test_a_session_reminder_names_the_session_in_each_recipients_language(bootcamp):
    (hindi,), (english,) = _people(bootcamp, hindi=1, english=1)
    queue_due_reminders(now=datetime(2026, 12, 9, 4, 30, tzinfo=UTC))
    ours, theirs = (_context(Kind.SESSION_REMINDER_24H, user) for user in (hindi, english))
    assert (ours["bootcamp"], ours["session"]) == (BOOTCAMP_HI, SESSION_HI)
    assert (theirs["bootcamp"], theirs["session"]) == ("Chat for Impact", "Day 1 morning")
    assert theirs["starts_at"] == "Thu 10 Dec 2026, 10:00 IST (Asia/Kolkata)"
    assert ours["starts_at"].startswith("गुरु 10 दिस 2026, 10:00 IST")
    # One URL per page: the page opens in the reader's account language.
    assert ours["session_url"] == theirs["session_url"]
    assert ours["ics_url"] == theirs["ics_url"]


def test_an_untranslated_page_keeps_its_title_for_a_hindi_recipient(bootcamp):
    (hindi,), _ = _people(bootcamp, hindi=1, english=0)
    queue_due_reminders(now=datetime(2026, 12, 9, 8, 30, tzinfo=UTC))  # Day 1 afternoon -24h
    contexts = [n.context for n in Notification.objects.filter(
        recipient=hindi, kind=Kind.SESSION_REMINDER_24H)]
    assert {context["session"] for context in contexts} == {SESSION_HI, "Day 1 afternoon"}
    assert {context["bootcamp"] for context in contexts} == {BOOTCAMP_HI}


def _reminder_queries(bootcamp, now) -> int:
    tree_cache.clear()  # every run looks the titles up afresh
    with CaptureQueriesContext(connection) as queries:
        reminders = due_reminders(now=now)
    assert reminders
    return len(queries)


def test_title_lookups_do_not_grow_with_the_recipients(bootcamp, django_assert_max_num_queries):
    now = datetime(2026, 12, 9, 4, 30, tzinfo=UTC)
    _people(bootcamp, hindi=1, english=1)
    few = _reminder_queries(bootcamp, now)
    _people(bootcamp, hindi=6, english=6)
    tree_cache.clear()
    with django_assert_max_num_queries(few):
        reminders = due_reminders(now=now)
    # Day 1's morning 24-hour and the pre-event reminders, to each of the 14 participants.
    assert len(reminders) == 2 * 14
    assert {r.context["bootcamp"] for r in reminders} == {BOOTCAMP_HI, "Chat for Impact"}


def test_the_announcement_names_the_bootcamp_in_each_language(
        bootcamp, django_capture_on_commit_callbacks):
    (hindi,), (english,) = _people(bootcamp, hindi=1, english=1)
    announcement = Announcement.objects.create(
        bootcamp=bootcamp, subject="News from $bootcamp", body="Hello $name",
        created_by=organiser())
    with django_capture_on_commit_callbacks(execute=True):
        send_announcement(announcement=announcement)
    assert _context(Kind.ANNOUNCEMENT, hindi)["subject"] == f"News from {BOOTCAMP_HI}"
    assert _context(Kind.ANNOUNCEMENT, english)["subject"] == "News from Chat for Impact"


def test_certificate_issued_names_the_translated_bootcamp(bootcamp,
                                                           django_capture_on_commit_callbacks):
    (hindi,), (english,) = _people(bootcamp, hindi=1, english=1)
    with django_capture_on_commit_callbacks(execute=True):
        for user in (hindi, english):
            certificate_services.issue_with_override(
                bootcamp=bootcamp, user=user, issued_by=organiser(), reason="Attended")
    assert _context(Kind.CERTIFICATE_ISSUED, hindi)["bootcamp"] == BOOTCAMP_HI
    assert _context(Kind.CERTIFICATE_ISSUED, english)["bootcamp"] == "Chat for Impact"


def test_a_review_is_told_in_the_participants_language_not_the_trainers(
        bootcamp, django_capture_on_commit_callbacks):
    from django.utils import translation

    assignment = add_assignment(bootcamp, title="Reflection", slug="reflection")
    translate(assignment, title="चिंतन")
    _, (english,) = _people(bootcamp, hindi=0, english=1)
    reviewer = trainer()
    bootcamp.trainers.add(reviewer)
    bootcamp.save()
    assignment_services.submit(assignment=assignment, user=english, text="My plan")
    with django_capture_on_commit_callbacks(execute=True), translation.override("hi"):
        assignment_services.review(submission_id=Submission.objects.get().pk,
                                   reviewer=reviewer, decision="accepted")
    context = _context(Kind.REVIEW_OUTCOME, english)
    assert (context["decision"], context["assignment"]) == ("Accepted", "Reflection")
