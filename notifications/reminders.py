"""Scheduled reminders: which are due at a given moment, and queueing them.

`queue_due_reminders(now=...)` is idempotent: each reminder has a dedupe key per event and
recipient, so running it every few minutes (or twice at once) never queues a reminder
twice. Windows are half-open [due, until): a run a little late still sends, a run after the
event does not. Day-based reminders are due at 09:00 in the bootcamp's own zone.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.http import urlencode

from assignments.models import AssignmentPage, Submission
from attendance.services import link_path as check_in_link_path
from courses.models import (
    BootcampPage,
    LiveSessionPage,
    ModuleCompletion,
    ModulePage,
    RosterMember,
    StagePage,
)
from feedback.selectors import invitations_due as feedback_invitations_due
from lms.page_languages import in_source_language
from notifications.chat import queue_lesson_nudges
from notifications.models import Kind
from notifications.page_titles import RecipientTitles
from notifications.services import notify

DAY_REMINDER_AT = time(9, 0)
PRE_EVENT_DAYS_BEFORE = 3
FOLLOW_UP_DAYS_BEFORE = 3


@dataclass(frozen=True)
class Due:
    kind: str
    dedupe_key: str
    user: object
    bootcamp: BootcampPage
    context: dict


def format_moment(moment: datetime, bootcamp: BootcampPage, language: str | None = None) -> str:
    """A time in the bootcamp's zone with the zone named, e.g. "Wed 25 Nov 2026, 10:00 IST
    (Asia/Kolkata)", the day and month named in `language` (the recipient's)."""
    local = bootcamp.local(moment)
    return f"{format_day(local, language)}, {local:%H:%M} {local.tzname()} ({bootcamp.time_zone})"


def format_day(day, language: str | None = None) -> str:
    """"Wed 25 Nov 2026", in `language` (default: the site's)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return date_format(day, "D d M Y")


def _absolute(path: str) -> str:
    return f"{settings.BASE_URL}{path}" if path.startswith("/") else path


def _ics_url(session: LiveSessionPage) -> str:
    return _absolute(reverse("courses:session_ics", args=[session.pk]))


def _roster(bootcamp_ids):
    """Active participants per bootcamp in one query."""
    rows = RosterMember.objects.active().filter(bootcamp_id__in=bootcamp_ids).select_related(
        "user")
    roster: dict[int, list] = {}
    for row in rows:
        roster.setdefault(row.bootcamp_id, []).append(row.user)
    return roster


def _bootcamp_of(page) -> BootcampPage | None:
    return BootcampPage.objects.of(page)


def session_reminders(*, now: datetime) -> list[Due]:
    sessions = list(in_source_language(LiveSessionPage.objects.live()).filter(
        starts_at__gt=now, starts_at__lte=now + timedelta(hours=24)).order_by("starts_at"))
    bootcamps = {session.pk: _bootcamp_of(session) for session in sessions}
    roster = _roster({b.pk for b in bootcamps.values() if b is not None})
    titles = RecipientTitles()
    due = []
    for session in sessions:
        bootcamp = bootcamps[session.pk]
        if bootcamp is None:
            continue
        if session.starts_at - timedelta(hours=1) <= now:
            kind, suffix = Kind.SESSION_REMINDER_1H, "1h"
        elif session.starts_at - timedelta(hours=24) <= now:
            kind, suffix = Kind.SESSION_REMINDER_24H, "24h"
        else:
            continue
        session_url = _absolute(session.url or "")
        # Signing in the day before keeps sign-in (0.25 CPU-s each) off the live day's
        # peak; the session lasts the bootcamp (SESSION_COOKIE_AGE).
        next_page = urlencode({"next": session.url or "/"})
        sign_in_url = _absolute(f"{reverse('account_login')}?{next_page}")
        for user in roster.get(bootcamp.pk, []):
            due.append(Due(kind, f"session-{session.pk}-{suffix}", user, bootcamp, {
                "name": user.display_name,
                "bootcamp": titles.title(bootcamp, bootcamp=bootcamp, user=user),
                "session": titles.title(session, bootcamp=bootcamp, user=user),
                "starts_at": format_moment(session.starts_at, bootcamp, user.message_language),
                "session_url": session_url, "ics_url": _ics_url(session),
                "join_url": session_url, "site_url": settings.BASE_URL,
                "sign_in_url": sign_in_url,
                # One-time, for this participant and session, valid in the check-in window.
                "check_in_url": _absolute(check_in_link_path(
                    user_id=user.pk, session_id=session.pk)),
            }))
    return due


def _local_moment(day, at: time, bootcamp: BootcampPage) -> datetime:
    return datetime.combine(day, at, bootcamp.tz)


def pre_event_reminders(*, now: datetime) -> list[Due]:
    """Participants who have completed no pre-event module, from 09:00 three days before
    Day 1 (bootcamp time) until Day 1 starts."""
    candidates = BootcampPage.objects.live().originals().filter(
        start_date__isnull=False,
        start_date__gte=(now - timedelta(days=1)).date(),
        start_date__lte=(now + timedelta(days=PRE_EVENT_DAYS_BEFORE + 1)).date())
    titles = RecipientTitles()
    due = []
    for bootcamp in candidates:
        opens = _local_moment(bootcamp.start_date - timedelta(days=PRE_EVENT_DAYS_BEFORE),
                              DAY_REMINDER_AT, bootcamp)
        closes = _local_moment(bootcamp.start_date, time(0, 0), bootcamp)
        if not opens <= now < closes:
            continue
        stages = StagePage.objects.child_of(bootcamp).filter(kind=StagePage.Kind.PRE_EVENT)
        modules = ModulePage.objects.none()
        for stage in stages:
            modules = modules | ModulePage.objects.descendant_of(stage)
        started = ModuleCompletion.objects.filter(
            user_id=OuterRef("user_id"), module__in=modules.values("pk"))
        rows = (RosterMember.objects.active().filter(bootcamp=bootcamp)
            .exclude(Exists(started)).select_related("user"))
        pre_event_url = _absolute(stages[0].url or "") if stages else settings.BASE_URL
        for row in rows:
            due.append(Due(Kind.PRE_EVENT_NOT_STARTED, f"pre-event-{bootcamp.pk}", row.user,
                           bootcamp, {
                               "name": row.user.display_name,
                               "bootcamp": titles.title(bootcamp, bootcamp=bootcamp,
                                                        user=row.user),
                               "day_one": format_day(bootcamp.start_date,
                                                     row.user.message_language),
                               "pre_event_url": pre_event_url, "site_url": settings.BASE_URL,
                           }))
    return due


def follow_up_reminders(*, now: datetime) -> list[Due]:
    """From 09:00 (bootcamp time) three days before a follow-up session's day until 24
    hours before it (the session reminders take over then)."""
    sessions = list(in_source_language(LiveSessionPage.objects.live()).filter(
        starts_at__gt=now + timedelta(hours=24),
        starts_at__lte=now + timedelta(days=FOLLOW_UP_DAYS_BEFORE + 1)))
    titles = RecipientTitles()
    due = []
    for session in sessions:
        stage = StagePage.objects.parent_of(session).first()
        if stage is None or stage.kind != StagePage.Kind.FOLLOW_UP:
            continue
        bootcamp = _bootcamp_of(session)
        local_day = bootcamp.local(session.starts_at).date()
        opens = _local_moment(local_day - timedelta(days=FOLLOW_UP_DAYS_BEFORE),
                              DAY_REMINDER_AT, bootcamp)
        if now < opens:
            continue
        session_url = _absolute(session.url or "")
        for user in _roster([bootcamp.pk]).get(bootcamp.pk, []):
            due.append(Due(Kind.FOLLOW_UP_REMINDER, f"follow-up-{session.pk}", user, bootcamp, {
                "name": user.display_name,
                "bootcamp": titles.title(bootcamp, bootcamp=bootcamp, user=user),
                "session": titles.title(session, bootcamp=bootcamp, user=user),
                "starts_at": format_moment(session.starts_at, bootcamp,
                                           user.message_language),
                "session_url": session_url, "ics_url": _ics_url(session),
                "site_url": settings.BASE_URL,
            }))
    return due


def assignment_reminders(*, now: datetime) -> list[Due]:
    """From 48 hours before an assignment is due until it is due: participants (or, for
    team assignments, every member of teams) that have not handed in anything yet."""
    # The assignments app is optional for notifications (it depends on courses, not on us).

    assignments = list(in_source_language(AssignmentPage.objects.live()).filter(
        due_at__gt=now, due_at__lte=now + timedelta(hours=48)))
    titles = RecipientTitles()
    due = []
    for assignment in assignments:
        bootcamp = assignment.get_bootcamp()
        handed_in = Submission.objects.filter(assignment=assignment, submitted_at__isnull=False)
        if assignment.is_organisation:
            done = Exists(handed_in.filter(organisation_id=OuterRef("enrollment__organisation_id")))
        else:
            done = Exists(handed_in.filter(user_id=OuterRef("user_id")))
        rows = (RosterMember.objects.active().filter(bootcamp=bootcamp)
            .exclude(done).select_related("user"))
        assignment_url = _absolute(assignment.url or "")
        for row in rows:
            due.append(Due(Kind.ASSIGNMENT_DUE_48H, f"assignment-{assignment.pk}-48h", row.user,
                           bootcamp, {
                               "name": row.user.display_name,
                               "bootcamp": titles.title(bootcamp, bootcamp=bootcamp,
                                                        user=row.user),
                               "assignment": titles.title(assignment, bootcamp=bootcamp,
                                                          user=row.user),
                               "due_at": format_moment(assignment.due_at, bootcamp,
                                                        row.user.message_language),
                               "assignment_url": assignment_url,
                               "site_url": settings.BASE_URL,
                           }))
    return due


def feedback_requests(*, now: datetime) -> list[Due]:
    """Once per attendee and session, while its feedback is open and not yet given (the
    feedback app says who: attended, on the active roster). Someone whose attendance is
    recorded later (a call report imported the next day) is asked then."""
    titles = RecipientTitles()
    due = []
    for invitation in feedback_invitations_due(now=now):
        session, bootcamp, user = invitation.session, invitation.bootcamp, invitation.user
        due.append(Due(Kind.SESSION_FEEDBACK, f"feedback-{session.pk}", user, bootcamp, {
            "name": user.display_name,
            "bootcamp": titles.title(bootcamp, bootcamp=bootcamp, user=user),
            "session": titles.title(session, bootcamp=bootcamp, user=user),
            "feedback_url": _absolute(reverse("feedback:give", args=[session.pk])),
            "closes_at": format_moment(invitation.closes_at, bootcamp, user.message_language),
            "site_url": settings.BASE_URL,
        }))
    return due


def due_reminders(*, now: datetime) -> list[Due]:
    return [
        *session_reminders(now=now),
        *pre_event_reminders(now=now),
        *follow_up_reminders(now=now),
        *assignment_reminders(now=now),
        *feedback_requests(now=now),
    ]


def queue_due_reminders(*, now: datetime) -> int:
    """Queue every reminder due at `now`, and the nudges of participants who went quiet in
    a module by WhatsApp (notifications.chat); returns how many notifications were created."""
    created = 0
    for reminder in due_reminders(now=now):
        created += len(notify(user=reminder.user, kind=reminder.kind, context=reminder.context,
                              dedupe_key=reminder.dedupe_key, bootcamp=reminder.bootcamp, now=now))
    return created + queue_lesson_nudges(now=now)
