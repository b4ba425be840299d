"""Self check-in: the session's code, its rotation, and throttled guessing."""

import hmac

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from attendance.models import AttendanceRecord, SessionSettings, Source, new_check_in_code
from attendance.services.records import (
    CheckInRefused,
    NotOnRoster,
    Outcome,
    Throttled,
    bootcamp_of,
    record_attendance,
    session_rules,
)
from courses.models import LiveSessionPage
from courses.signals import send_progress_changed


def current_code(*, session: LiveSessionPage) -> SessionSettings | None:
    """The session's settings row with its check-in code, if a trainer made one (a read:
    the code page's GET must not write)."""
    return SessionSettings.objects.filter(session=session).first()


def settings_for(*, session: LiveSessionPage) -> SessionSettings:
    """The session's settings row (with its check-in code), created on first use."""
    try:
        return SessionSettings.objects.get_or_create(session=session)[0]
    except IntegrityError:
        return SessionSettings.objects.get(session=session)


def rotate_code(*, session: LiveSessionPage, by) -> SessionSettings:
    """Give the session a new check-in code (the old one stops working at once)."""
    with transaction.atomic():
        current = settings_for(session=session)
        current = SessionSettings.objects.select_for_update().get(pk=current.pk)
        code = new_check_in_code()
        while code == current.check_in_code:
            code = new_check_in_code()
        current.check_in_code, current.code_rotated_at = code, timezone.now()
        current.save(update_fields=["check_in_code", "code_rotated_at"])
    return current


def _failure_keys(*, user, session_key: str, ip: str) -> list[tuple[str, int]]:
    """Wrong codes are counted per account and per browser session, which is what a
    guesser must multiply; the per-address ceiling only stops floods, because a whole room
    behind one address (an NGO office, a carrier's NAT) shares it (README, "Limits that
    fit shared addresses")."""
    keys = [(f"attendance:check-in-failures:user:{user.pk}",
             settings.ATTENDANCE_CHECK_IN_FAILURES_PER_USER)]
    if session_key:
        keys.append((f"attendance:check-in-failures:session:{session_key}",
                     settings.ATTENDANCE_CHECK_IN_FAILURES_PER_USER))
    keys.append((f"attendance:check-in-failures:ip:{ip}",
                 settings.ATTENDANCE_CHECK_IN_FAILURES_PER_IP))
    return keys


def _throttled(*, user, session_key: str, ip: str) -> bool:
    keys = _failure_keys(user=user, session_key=session_key, ip=ip)
    counts = cache.get_many([key for key, _limit in keys])
    return any((counts.get(key) or 0) >= limit for key, limit in keys)


def _count_failure(*, user, session_key: str, ip: str) -> None:
    # add() then incr(): atomic on Redis and locmem, so parallel guesses are all counted.
    for key, _limit in _failure_keys(user=user, session_key=session_key, ip=ip):
        cache.add(key, 0, timeout=settings.ATTENDANCE_CHECK_IN_FAILURE_WINDOW)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.ATTENDANCE_CHECK_IN_FAILURE_WINDOW)


def check_in(*, user, session: LiveSessionPage, code: str, ip: str, session_key: str = "",
             now=None) -> Outcome:
    """The signed-in participant checks themself in with the code the trainer shows.

    Refused outside the window, for people not on the roster, and for wrong codes (counted
    per account, per browser session and per address; over a limit every attempt is
    refused until the window passes).
    """
    now = now or timezone.now()
    if _throttled(user=user, session_key=session_key, ip=ip):
        raise Throttled(_("Too many wrong codes. Wait a few minutes, then try again."))
    bootcamp = bootcamp_of(session)
    # One EXISTS, not the whole roster: 400 ids per request add up on the live day.
    if bootcamp is None or not bootcamp.is_participant(user):
        raise NotOnRoster(_("Only participants of this bootcamp can check in."))
    rules = session_rules(session=session, bootcamp=bootcamp)
    if not rules.check_in_open(now):
        raise CheckInRefused(_("Check-in is closed for this session."))
    expected = SessionSettings.objects.filter(session=session).values_list(
        "check_in_code", flat=True).first()
    given = "".join(code.split()).upper()
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        _count_failure(user=user, session_key=session_key, ip=ip)
        raise CheckInRefused(_("That code is not right. Check the code the trainer shows."))
    existing = AttendanceRecord.objects.filter(user=user, session=session).first()
    if existing is not None:
        return Outcome(existing, applied=False, changed=False)  # checked in already
    outcome = record_attendance(
        user_id=user.pk, session=session, bootcamp=bootcamp,
        status=rules.status_for_check_in(now), minutes=None, source=Source.CHECK_IN,
        changed_by=user, now=now)
    if outcome.changed:
        send_progress_changed(bootcamp_id=bootcamp.pk, user_ids=[user.pk])
    return outcome

