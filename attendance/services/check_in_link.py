"""One-time check-in links: sent in the reminder, they check a participant in without a
password or the trainer's code.

A link is signed (Django's signing, salted) for one participant and one session. It works
only while that session's check-in window is open, only once (CheckInLinkUse), and only
for that participant: someone signed in as another person is refused. Opening it shows a
confirmation page; the check-in itself is a POST, so mail scanners that open links check
nobody in.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from attendance.models import AttendanceRecord, CheckInLinkUse, Source
from attendance.services.records import (
    AttendanceError,
    Outcome,
    bootcamp_of,
    record_attendance,
    session_rules,
)
from courses.models import LiveSessionPage
from courses.signals import send_progress_changed
from lms.page_languages import in_source_language

SALT = "attendance.check-in-link"


class LinkRefused(AttendanceError):
    """The link cannot check anyone in; the message says why, for the person holding it."""


@dataclass(frozen=True)
class CheckInLink:
    user: object
    session: LiveSessionPage
    bootcamp: object


def link_token(*, user_id: int, session_id: int) -> str:
    return signing.dumps([user_id, session_id], salt=SALT, compress=False)


def link_path(*, user_id: int, session_id: int) -> str:
    return reverse("attendance:check_in_link", args=[
        session_id, link_token(user_id=user_id, session_id=session_id)])


def resolve_link(*, token: str, session_id: int, user=None, now=None) -> CheckInLink:
    """The participant and session a link is for, if it may check in now.

    `user`: who opens it (anonymous is fine: the link is the proof). Refused with
    LinkRefused: a forged or damaged link, a link of another session, another person
    signed in, not (or no longer) on the roster, outside the check-in window, used before.
    """
    now = now or timezone.now()
    try:
        user_id, signed_session_id = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise LinkRefused(_("This check-in link is not valid. Check in with the code the "
                            "trainer shows instead.")) from error
    if signed_session_id != session_id:
        raise LinkRefused(_("This check-in link is for another session."))
    if user is not None and user.is_authenticated and user.pk != user_id:
        raise LinkRefused(_("This check-in link belongs to another participant. Sign out "
                            "first, or check in with the code the trainer shows."))
    session = in_source_language(LiveSessionPage.objects.live()).filter(pk=session_id).first()
    participant = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    bootcamp = bootcamp_of(session) if session else None
    if session is None or participant is None or bootcamp is None or not bootcamp.live:
        raise LinkRefused(_("This check-in link is not valid any more."))
    if not bootcamp.is_participant(participant):
        raise LinkRefused(_("Only participants of this bootcamp can check in."))
    rules = session_rules(session=session, bootcamp=bootcamp)
    if now > rules.check_in_closes_at:
        raise LinkRefused(_("This check-in link has expired: check-in for this session "
                            "is closed."))
    if now < rules.check_in_opens_at:
        raise LinkRefused(_("Check-in for this session has not opened yet. Open the link "
                            "again when the session starts."))
    if CheckInLinkUse.objects.filter(user=participant, session=session).exists():
        raise LinkRefused(_("This check-in link has been used already."))
    return CheckInLink(participant, session, bootcamp)


def check_in_by_link(*, token: str, session_id: int, user=None, now=None) -> Outcome:
    """Check the link's participant in, once. Same record, rules and precedence as a
    check-in with the code (source "check-in")."""
    now = now or timezone.now()
    link = resolve_link(token=token, session_id=session_id, user=user, now=now)
    rules = session_rules(session=link.session, bootcamp=link.bootcamp)
    try:
        with transaction.atomic():
            CheckInLinkUse.objects.create(user=link.user, session=link.session, used_at=now)
            existing = AttendanceRecord.objects.filter(
                user=link.user, session=link.session).first()
            if existing is not None:  # recorded already (code, trainer, import): keep it
                return Outcome(existing, applied=False, changed=False)
            outcome = record_attendance(
                user_id=link.user.pk, session=link.session, bootcamp=link.bootcamp,
                status=rules.status_for_check_in(now), minutes=None, source=Source.CHECK_IN,
                changed_by=link.user, now=now)
    except IntegrityError as error:  # the same link used twice at once: the other won
        raise LinkRefused(_("This check-in link has been used already.")) from error
    if outcome.changed:
        send_progress_changed(bootcamp_id=link.bootcamp.pk, user_ids=[link.user.pk])
    return outcome
