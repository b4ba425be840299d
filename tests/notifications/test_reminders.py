"""Which reminders are due, at time boundaries in India time, with a UTC server."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from courses.models import LiveSessionPage, ModuleCompletion, ModulePage, RosterMember
from notifications.models import Kind, Notification
from notifications.reminders import queue_due_reminders
from tests.courses.factories import build_bootcamp, enrol

pytestmark = pytest.mark.django_db

DAY_ONE = date(2026, 12, 10)  # Day 1 morning session: 10:00 IST = 04:30 UTC


@pytest.fixture
def bootcamp():
    return build_bootcamp(day_one=DAY_ONE)


@pytest.fixture
def people(bootcamp):
    _, users = enrol(bootcamp, participants=3)
    return users


def _kinds(kind):
    return Notification.objects.filter(kind=kind)


def test_24_hour_reminder_not_due_one_second_early(bootcamp, people):
    queue_due_reminders(now=datetime(2026, 12, 9, 4, 29, 59, tzinfo=UTC))  # 09:59:59 IST
    assert not _kinds(Kind.SESSION_REMINDER_24H).exists()


def test_24_hour_reminder_due_exactly_24_hours_before(bootcamp, people):
    queue_due_reminders(now=datetime(2026, 12, 9, 4, 30, tzinfo=UTC))  # 10:00:00 IST
    reminders = _kinds(Kind.SESSION_REMINDER_24H)
    assert {n.recipient for n in reminders} == set(people)
    assert reminders.first().context["session"] == "Day 1 morning"
    assert reminders.first().context["starts_at"] == "Thu 10 Dec 2026, 10:00 IST (Asia/Kolkata)"


def test_1_hour_reminder_at_the_boundary(bootcamp, people):
    queue_due_reminders(now=datetime(2026, 12, 10, 3, 29, 59, tzinfo=UTC))  # 08:59:59 IST
    assert not _kinds(Kind.SESSION_REMINDER_1H).exists()
    queue_due_reminders(now=datetime(2026, 12, 10, 3, 30, tzinfo=UTC))  # 09:00:00 IST
    reminders = _kinds(Kind.SESSION_REMINDER_1H)
    assert reminders.count() == len(people)
    reminder = reminders.first()
    assert reminder.context["join_url"].endswith("/day-1/morning/")
    session_id = LiveSessionPage.objects.get(slug="morning", starts_at__date=DAY_ONE).pk
    assert reminder.context["ics_url"].endswith(f"/sessions/{session_id}/calendar.ics")


def test_no_reminder_once_the_session_started(bootcamp, people):
    session = LiveSessionPage.objects.get(slug="morning", starts_at__date=DAY_ONE)
    queue_due_reminders(now=session.starts_at)
    assert not Notification.objects.filter(dedupe_key__contains=f"session-{session.pk}-").exists()


def test_running_twice_queues_each_reminder_once(bootcamp, people):
    now = datetime(2026, 12, 9, 4, 30, tzinfo=UTC)
    first = queue_due_reminders(now=now)
    second = queue_due_reminders(now=now + timedelta(minutes=5))
    assert first == Notification.objects.count() > 0
    assert second == 0
    assert _kinds(Kind.SESSION_REMINDER_24H).count() == len(people)


def test_removed_participants_get_no_reminder(bootcamp, people):
    RosterMember.objects.filter(user=people[1]).update(removed_at=timezone.now())
    queue_due_reminders(now=datetime(2026, 12, 9, 4, 30, tzinfo=UTC))
    assert people[1] not in {n.recipient for n in _kinds(Kind.SESSION_REMINDER_24H)}


def test_pre_event_reminder_from_nine_am_ist_three_days_before(bootcamp, people):
    queue_due_reminders(now=datetime(2026, 12, 7, 3, 29, 59, tzinfo=UTC))  # 08:59:59 IST
    assert not _kinds(Kind.PRE_EVENT_NOT_STARTED).exists()
    queue_due_reminders(now=datetime(2026, 12, 7, 3, 30, tzinfo=UTC))  # 09:00:00 IST
    assert _kinds(Kind.PRE_EVENT_NOT_STARTED).count() == len(people)


def test_pre_event_reminder_skips_who_has_started(bootcamp, people):
    module = ModulePage.objects.descendant_of(bootcamp).first()
    ModuleCompletion.objects.create(user=people[0], module=module)
    queue_due_reminders(now=datetime(2026, 12, 7, 3, 30, tzinfo=UTC))
    assert {n.recipient for n in _kinds(Kind.PRE_EVENT_NOT_STARTED)} == set(people[1:])


def test_pre_event_reminder_stops_at_midnight_ist_on_day_one(bootcamp, people):
    queue_due_reminders(now=datetime(2026, 12, 9, 18, 30, tzinfo=UTC))  # 00:00:00 IST Day 1
    assert not _kinds(Kind.PRE_EVENT_NOT_STARTED).exists()


def test_follow_up_reminder_three_days_before(bootcamp, people):
    # Follow-up session: 24 Dec 2026 11:00 IST; reminder from 21 Dec 09:00 IST (03:30 UTC).
    queue_due_reminders(now=datetime(2026, 12, 21, 3, 29, 59, tzinfo=UTC))
    assert not _kinds(Kind.FOLLOW_UP_REMINDER).exists()
    queue_due_reminders(now=datetime(2026, 12, 21, 3, 30, tzinfo=UTC))
    assert _kinds(Kind.FOLLOW_UP_REMINDER).count() == len(people)


def test_send_reminders_command_queues_and_sends(bootcamp, people):
    from django.core import mail

    session = LiveSessionPage.objects.get(slug="morning", starts_at__date=DAY_ONE)
    LiveSessionPage.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() + timedelta(minutes=30),
        ends_at=timezone.now() + timedelta(minutes=90))
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _kinds(Kind.SESSION_REMINDER_1H).count() == len(people)
    assert len([m for m in mail.outbox if m.subject.startswith("In one hour")]) == len(people)
    assert all(n.status == Notification.Status.SENT for n in _kinds(Kind.SESSION_REMINDER_1H))


def _assignment(bootcamp, **fields):
    from tests.assignments.factories import add_assignment

    # Due 12 December 2026 at 23:59:59 IST = 18:29:59 UTC.
    return add_assignment(bootcamp, due_at=datetime(2026, 12, 12, 18, 29, 59, tzinfo=UTC),
                          **fields)


def test_assignment_reminder_from_48_hours_before_the_deadline(bootcamp, people):
    _assignment(bootcamp)
    queue_due_reminders(now=datetime(2026, 12, 10, 18, 29, 58, tzinfo=UTC))
    assert not _kinds(Kind.ASSIGNMENT_DUE_48H).exists()
    queue_due_reminders(now=datetime(2026, 12, 10, 18, 29, 59, tzinfo=UTC))
    reminders = _kinds(Kind.ASSIGNMENT_DUE_48H)
    assert reminders.count() == len(people)
    assert reminders.first().context["due_at"] == "Sat 12 Dec 2026, 23:59 IST (Asia/Kolkata)"


def test_assignment_reminder_skips_who_has_submitted(bootcamp, people):
    from assignments.models import Submission

    assignment = _assignment(bootcamp)
    Submission.objects.create(assignment=assignment, bootcamp=bootcamp, user=people[0],
                              status=Submission.Status.SUBMITTED, submitted_at=timezone.now())
    Submission.objects.create(assignment=assignment, bootcamp=bootcamp, user=people[1])  # draft
    queue_due_reminders(now=datetime(2026, 12, 11, 12, 0, tzinfo=UTC))
    assert {n.recipient for n in _kinds(Kind.ASSIGNMENT_DUE_48H)} == set(people[1:])


def test_team_assignment_reminder_skips_teams_that_submitted(bootcamp, people):
    from assignments.models import AssignmentPage, Submission

    _, other_team = enrol(bootcamp, participants=2)
    assignment = _assignment(bootcamp,
                             submission_type=AssignmentPage.SubmissionType.ORGANISATION)
    organisation = RosterMember.objects.get(user=people[0]).enrollment.organisation
    Submission.objects.create(assignment=assignment, bootcamp=bootcamp,
                              organisation=organisation, status=Submission.Status.SUBMITTED,
                              submitted_at=timezone.now())
    queue_due_reminders(now=datetime(2026, 12, 11, 12, 0, tzinfo=UTC))
    assert {n.recipient for n in _kinds(Kind.ASSIGNMENT_DUE_48H)} == set(other_team)


def test_day_before_reminder_nudges_sign_in_and_carries_each_ones_check_in_link(
        bootcamp, people):
    from django.test import Client

    from notifications.rendering import render

    queue_due_reminders(now=datetime(2026, 12, 9, 4, 30, tzinfo=UTC))
    notes = list(_kinds(Kind.SESSION_REMINDER_24H).filter(recipient__in=people))
    links = {note.recipient_id: note.context["check_in_url"] for note in notes}
    assert len(set(links.values())) == len(people)  # one per participant
    note = notes[0]
    body = render(kind=note.kind, context=note.context, bootcamp_id=bootcamp.pk).body
    assert "Sign in today" in body and "/accounts/login/?next=" in body
    assert note.context["check_in_url"] in body
    # The link is bound to its participant: another one signed in is refused.
    session = LiveSessionPage.objects.descendant_of(bootcamp).order_by("starts_at").first()
    path = note.context["check_in_url"].split("://", 1)[-1].split("/", 1)[1]
    assert f"sessions/{session.pk}/check-in/link/" in path
    other = next(user for user in people if user.pk != note.recipient_id)
    client = Client()
    client.force_login(other)
    assert client.get("/" + path).status_code == 403
