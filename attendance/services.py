"""Writes of the attendance app: check-in, trainer marks, report imports — one precedence rule.

Precedence (documented in README and shown on the grid): trainer > import > check-in. A
change from a source ranked below the record's current source is written to the audit
trail (AttendanceChange with applied=False) and leaves the record as it is. Equal or
higher-ranked sources replace the record.
"""

import hmac
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from attendance.models import (
    SOURCE_PRECEDENCE,
    AttendanceChange,
    AttendanceImport,
    AttendancePolicy,
    AttendanceRecord,
    ParticipantAlias,
    SessionRules,
    SessionSettings,
    Source,
    Status,
    new_check_in_code,
    rules_for,
)
from attendance.reports import ParsedReport, ReportError, file_sha256, parse_report
from courses.models import BootcampPage, LiveSessionPage, RosterMember
from courses.signals import send_progress_changed
from lms.roles import is_organiser


class AttendanceError(Exception):
    """A refused write; the message is for the person who tried."""


class NotOnRoster(AttendanceError):
    pass


class CheckInRefused(AttendanceError):
    pass


class Throttled(AttendanceError):
    pass


# --- Reading the rules ----------------------------------------------------------------------


def bootcamp_of(session: LiveSessionPage) -> BootcampPage:
    return BootcampPage.objects.ancestor_of(session).first()


def session_rules(*, session: LiveSessionPage, bootcamp: BootcampPage) -> SessionRules:
    return rules_for(
        session=session,
        policy=AttendancePolicy.objects.filter(bootcamp=bootcamp).first(),
        overrides=SessionSettings.objects.filter(session=session).first(),
    )


def can_manage(*, user, bootcamp: BootcampPage, session: LiveSessionPage) -> bool:
    """Organisers, the bootcamp's trainers and the session's trainers mark and import."""
    if not user.is_authenticated:
        return False
    if is_organiser(user):
        return True
    return (bootcamp.trainers.filter(pk=user.pk).exists()
            or session.trainers.filter(pk=user.pk).exists())


def roster_user_ids(*, bootcamp: BootcampPage) -> set[int]:
    return set(RosterMember.objects.active().filter(bootcamp=bootcamp)
               .values_list("user_id", flat=True))


# --- The one write path -----------------------------------------------------------------------


@dataclass
class Outcome:
    record: AttendanceRecord
    applied: bool
    changed: bool


def _apply(*, record: AttendanceRecord, status: str, minutes: int | None, source: str,
           changed_by, now, report: AttendanceImport | None, created: bool) -> Outcome:
    if not created and record.status == status and record.minutes == minutes and (
            record.source == source):
        return Outcome(record, applied=True, changed=False)  # nothing new: no audit noise
    applied = created or SOURCE_PRECEDENCE[source] >= SOURCE_PRECEDENCE[record.source]
    AttendanceChange.objects.create(
        record=record, changed_by=changed_by, changed_at=now, source=source,
        from_status="" if created else record.status, to_status=status,
        from_minutes=None if created else record.minutes, to_minutes=minutes,
        applied=applied, report=report,
    )
    if applied and not created:
        record.status, record.minutes, record.source = status, minutes, source
        record.changed_by, record.changed_at = changed_by, now
        record.save(update_fields=["status", "minutes", "source", "changed_by", "changed_at"])
    return Outcome(record, applied=applied, changed=applied)


def record_attendance(*, user_id: int, session: LiveSessionPage, bootcamp: BootcampPage,
                      status: str, minutes: int | None, source: str, changed_by=None,
                      report: AttendanceImport | None = None, now=None) -> Outcome:
    """Create or change one participant's record under the precedence rule.

    Safe under concurrency: the record row is locked when it exists; when two requests
    create it at once, the unique constraint lets one win and the other retries as a change.
    The caller sends progress_changed (once per batch).
    """
    now = now or timezone.now()
    with transaction.atomic():
        record = (AttendanceRecord.objects.select_for_update()
                  .filter(user_id=user_id, session=session).first())
        if record is None:
            try:
                with transaction.atomic():
                    record = AttendanceRecord.objects.create(
                        user_id=user_id, session=session, bootcamp=bootcamp, status=status,
                        minutes=minutes, source=source, changed_by=changed_by, changed_at=now)
            except IntegrityError:
                record = AttendanceRecord.objects.select_for_update().get(
                    user_id=user_id, session=session)
            else:
                return _apply(record=record, status=status, minutes=minutes, source=source,
                              changed_by=changed_by, now=now, report=report, created=True)
        return _apply(record=record, status=status, minutes=minutes, source=source,
                      changed_by=changed_by, now=now, report=report, created=False)


def record_many(*, session: LiveSessionPage, bootcamp: BootcampPage,
                entries: list[tuple[int, str, int | None]], source: str, changed_by=None,
                report: AttendanceImport | None = None, now=None) -> list[int]:
    """`record_attendance` for many participants at once [(user_id, status, minutes)], with
    the same precedence and audit, in a constant number of queries (imports of a whole
    roster). Returns the ids whose record changed.

    When a record appears meanwhile (a late check-in racing the import), the batch falls
    back to the row-by-row path, which handles that race.
    """
    now = now or timezone.now()
    fields = ["status", "minutes", "source", "changed_by", "changed_at"]
    with transaction.atomic():
        existing = {
            record.user_id: record
            for record in AttendanceRecord.objects.select_for_update().filter(
                session=session, user_id__in=[user_id for user_id, _s, _m in entries])
        }
        fresh = [
            AttendanceRecord(user_id=user_id, session=session, bootcamp=bootcamp, status=status,
                             minutes=minutes, source=source, changed_by=changed_by,
                             changed_at=now)
            for user_id, status, minutes in entries if user_id not in existing
        ]
        try:
            with transaction.atomic():
                created = AttendanceRecord.objects.bulk_create(fresh, batch_size=500)
        except IntegrityError:
            return [
                user_id for user_id, status, minutes in entries
                if record_attendance(user_id=user_id, session=session, bootcamp=bootcamp,
                                     status=status, minutes=minutes, source=source,
                                     changed_by=changed_by, report=report, now=now).changed
            ]
        changes = [
            AttendanceChange(record=record, changed_by=changed_by, changed_at=now,
                             source=source, from_status="", to_status=record.status,
                             to_minutes=record.minutes, applied=True, report=report)
            for record in created
        ]
        changed = [record.user_id for record in created]
        updated = []
        for user_id, status, minutes in entries:
            record = existing.get(user_id)
            if record is None or (record.status, record.minutes, record.source) == (
                    status, minutes, source):
                continue
            applied = SOURCE_PRECEDENCE[source] >= SOURCE_PRECEDENCE[record.source]
            changes.append(AttendanceChange(
                record=record, changed_by=changed_by, changed_at=now, source=source,
                from_status=record.status, to_status=status, from_minutes=record.minutes,
                to_minutes=minutes, applied=applied, report=report))
            if applied:
                record.status, record.minutes, record.source = status, minutes, source
                record.changed_by, record.changed_at = changed_by, now
                updated.append(record)
                changed.append(user_id)
        AttendanceRecord.objects.bulk_update(updated, fields, batch_size=500)
        AttendanceChange.objects.bulk_create(changes, batch_size=500)
    return changed


# --- Self check-in ----------------------------------------------------------------------------


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


def _failure_keys(*, user, ip: str) -> list[tuple[str, int]]:
    return [
        (f"attendance:check-in-failures:user:{user.pk}",
         settings.ATTENDANCE_CHECK_IN_FAILURES_PER_USER),
        (f"attendance:check-in-failures:ip:{ip}", settings.ATTENDANCE_CHECK_IN_FAILURES_PER_IP),
    ]


def _throttled(*, user, ip: str) -> bool:
    return any((cache.get(key) or 0) >= limit for key, limit in _failure_keys(user=user, ip=ip))


def _count_failure(*, user, ip: str) -> None:
    # add() then incr(): atomic on Redis and locmem, so parallel guesses are all counted.
    for key, _limit in _failure_keys(user=user, ip=ip):
        cache.add(key, 0, timeout=settings.ATTENDANCE_CHECK_IN_FAILURE_WINDOW)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.ATTENDANCE_CHECK_IN_FAILURE_WINDOW)


def check_in(*, user, session: LiveSessionPage, code: str, ip: str, now=None) -> Outcome:
    """The signed-in participant checks themself in with the code the trainer shows.

    Refused outside the window, for people not on the roster, and for wrong codes (counted
    per user and per IP; over the limit every attempt is refused until the window passes).
    """
    now = now or timezone.now()
    if _throttled(user=user, ip=ip):
        raise Throttled(_("Too many wrong codes. Wait a few minutes, then try again."))
    bootcamp = bootcamp_of(session)
    if bootcamp is None or user.pk not in roster_user_ids(bootcamp=bootcamp):
        raise NotOnRoster(_("Only participants of this bootcamp can check in."))
    rules = session_rules(session=session, bootcamp=bootcamp)
    if not rules.check_in_open(now):
        raise CheckInRefused(_("Check-in is closed for this session."))
    expected = SessionSettings.objects.filter(session=session).values_list(
        "check_in_code", flat=True).first()
    given = "".join(code.split()).upper()
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        _count_failure(user=user, ip=ip)
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


# --- Trainer marking ---------------------------------------------------------------------------


def mark_attendance(*, session: LiveSessionPage, bootcamp: BootcampPage,
                    marks: dict[int, str], by) -> int:
    """Save a trainer's marks {user_id: status} in one transaction; returns how many changed.

    Every user id must be on the session's roster: otherwise nothing is written.
    """
    valid = set(Status.values)
    if any(status not in valid for status in marks.values()):
        raise AttendanceError(_("Unknown attendance status."))
    now = timezone.now()
    with transaction.atomic():
        outsiders = set(marks) - roster_user_ids(bootcamp=bootcamp)
        if outsiders:
            raise NotOnRoster(_("Only participants on this session's roster can be marked."))
        current = {
            record.user_id: record
            for record in AttendanceRecord.objects.filter(session=session, user_id__in=marks)
        }
        changed = []
        for user_id, status in marks.items():
            record = current.get(user_id)
            if record is not None and record.status == status and (
                    record.source == Source.TRAINER):
                continue
            outcome = record_attendance(
                user_id=user_id, session=session, bootcamp=bootcamp, status=status,
                minutes=record.minutes if record else None, source=Source.TRAINER,
                changed_by=by, now=now)
            if outcome.changed:
                changed.append(user_id)
        if changed:
            send_progress_changed(bootcamp_id=bootcamp.pk, user_ids=changed)
    return len(changed)


# --- Import of video-call reports ------------------------------------------------------------


@dataclass
class PreviewRow:
    identifier: str  # the email, or the name for guests without one
    name: str
    line: int
    minutes: int
    status: str
    user: object | None = None
    matched_by: str = ""  # "email" or "alias"
    key: str = ""  # the report's person key this row's minutes come from


@dataclass
class ImportPreview:
    report: ParsedReport
    matched: list[PreviewRow] = field(default_factory=list)
    unmatched: list[PreviewRow] = field(default_factory=list)


def start_import(*, session: LiveSessionPage, bootcamp: BootcampPage, uploaded, by
                 ) -> AttendanceImport:
    """Check and store an uploaded report for preview (nothing about attendance is written).

    Raises ReportError with a message for the trainer.
    """
    if uploaded.size > settings.ATTENDANCE_IMPORT_MAX_BYTES:
        raise ReportError(_("The file is larger than %(mib)d MB.") % {
            "mib": settings.ATTENDANCE_IMPORT_MAX_BYTES // (1024 * 1024)})
    rules = session_rules(session=session, bootcamp=bootcamp)
    report = _parse(uploaded, session=session, bootcamp=bootcamp)
    sha256 = file_sha256(uploaded)
    _check_date(report, rules=rules, bootcamp=bootcamp)
    original_name = (uploaded.name or "report.csv")[:255]
    # A random stored name: the original name is only shown back to trainers.
    uploaded.name = f"{secrets.token_hex(16)}.csv"
    return AttendanceImport.objects.create(
        session=session, file=uploaded, original_name=original_name, sha256=sha256,
        kind=report.kind, uploaded_by=by, rows=report.rows)


def _parse(fileobj, *, session, bootcamp) -> ParsedReport:
    return parse_report(fileobj, tz=bootcamp.tz,
                        session_date=bootcamp.local(session.starts_at).date(),
                        max_rows=settings.ATTENDANCE_IMPORT_MAX_ROWS)


def _check_date(report: ParsedReport, *, rules: SessionRules, bootcamp: BootcampPage) -> None:
    session_date = bootcamp.local(rules.starts_at).date()
    if report.meeting_date is not None and report.meeting_date != session_date:
        raise ReportError(
            _("This report is for a meeting on %(report)s, but the session is on %(session)s.")
            % {"report": report.meeting_date.isoformat(), "session": session_date.isoformat()})


def preview_import(*, report_import: AttendanceImport, bootcamp: BootcampPage
                   ) -> ImportPreview:
    """Read the stored report again and match its people to the roster (no writes).

    Email first (case-insensitive), then the bootcamp's alias table (email or name).
    Constant queries: the roster and the aliases are read once.
    """
    session = report_import.session
    rules = session_rules(session=session, bootcamp=bootcamp)
    with report_import.file.open("rb") as stored:
        report = _parse(stored, session=session, bootcamp=bootcamp)
    roster = {
        member.user.email.lower(): member.user
        for member in RosterMember.objects.active().filter(bootcamp=bootcamp)
        .select_related("user")
    }
    by_id = {user.pk: user for user in roster.values()}
    aliases = {
        alias.identifier: by_id.get(alias.user_id)
        for alias in ParticipantAlias.objects.filter(bootcamp=bootcamp)
    }
    preview = ImportPreview(report=report)
    merged: dict[int, PreviewRow] = {}
    for person in report.people.values():
        identifier = person.email or " ".join(person.name.lower().split())
        user, matched_by = roster.get(person.email) if person.email else None, "email"
        if user is None:
            user, matched_by = aliases.get(identifier), "alias"
            if user is None and person.email and person.name:
                user = aliases.get(" ".join(person.name.lower().split()))
        minutes = person.minutes_within(rules.starts_at, rules.ends_at)
        row = PreviewRow(identifier=identifier, name=person.name, line=person.first_line,
                         minutes=minutes, status="", user=user, matched_by=matched_by)
        if user is None:
            row.status = rules.status_for_minutes(minutes=minutes,
                                                  first_joined=person.first_joined)
            preview.unmatched.append(row)
            continue
        # Someone who joined with two identities (work email + alias): their intervals are
        # merged so overlapping time counts once.
        if user.pk in merged:
            other = report.people[merged[user.pk].key]
            other.intervals.extend(person.intervals)
            other.extra_minutes += person.extra_minutes
            person = other
            row = merged[user.pk]
            row.minutes = person.minutes_within(rules.starts_at, rules.ends_at)
        else:
            row.key = person.key
            merged[user.pk] = row
        row.status = rules.status_for_minutes(minutes=row.minutes,
                                              first_joined=person.first_joined)
    preview.matched = sorted(merged.values(), key=lambda r: (r.user.email))
    preview.unmatched.sort(key=lambda r: r.line)
    return preview


def confirm_import(*, report_import: AttendanceImport, bootcamp: BootcampPage, by) -> int:
    """Apply a previewed report in one transaction; returns how many records changed.

    Importing the same file again for the session changes nothing: an applied file (by its
    SHA-256) is refused, and re-applied values are no-ops anyway. Never creates users.
    """
    try:
        return _confirm(report_import=report_import, bootcamp=bootcamp, by=by)
    except IntegrityError as error:
        # Another trainer confirmed a copy of the same file at the same moment.
        raise AttendanceError(_("This report was already imported for this session; "
                                "nothing changed.")) from error


def _confirm(*, report_import: AttendanceImport, bootcamp: BootcampPage, by) -> int:
    session = report_import.session
    with transaction.atomic():
        locked = AttendanceImport.objects.select_for_update().get(pk=report_import.pk)
        if locked.state == AttendanceImport.State.APPLIED or AttendanceImport.objects.filter(
                session=session, sha256=locked.sha256,
                state=AttendanceImport.State.APPLIED).exists():
            raise AttendanceError(_("This report was already imported for this session; "
                                    "nothing changed."))
        preview = preview_import(report_import=locked, bootcamp=bootcamp)
        now = timezone.now()
        changed = record_many(
            session=session, bootcamp=bootcamp, source=Source.IMPORT, changed_by=by,
            report=locked, now=now,
            entries=[(row.user.pk, row.status, row.minutes) for row in preview.matched])
        locked.state, locked.applied_at = AttendanceImport.State.APPLIED, now
        locked.save(update_fields=["state", "applied_at"])
        if changed:
            send_progress_changed(bootcamp_id=bootcamp.pk, user_ids=changed)
    return len(changed)


def already_applied(*, report_import: AttendanceImport) -> AttendanceImport | None:
    return AttendanceImport.objects.filter(
        session_id=report_import.session_id, sha256=report_import.sha256,
        state=AttendanceImport.State.APPLIED).first()


def add_alias(*, bootcamp: BootcampPage, identifier: str, user_id: int, by) -> ParticipantAlias:
    """Remember that `identifier` (an email or a name seen in calls) is this participant."""
    if user_id not in roster_user_ids(bootcamp=bootcamp):
        raise NotOnRoster(_("Only participants on the roster can be matched."))
    identifier = " ".join(identifier.strip().lower().split())
    if not identifier:
        raise AttendanceError(_("Nothing to match."))
    alias, _created = ParticipantAlias.objects.update_or_create(
        bootcamp=bootcamp, identifier=identifier, defaults={"user_id": user_id,
                                                            "created_by": by})
    return alias


def marks_from_post(*, data) -> dict[int, str]:
    """Trainer grid form data → {user_id: status} (keys "status-<id>"; empty = unchanged).

    Ids come from the form itself: ones not on the roster are refused by mark_attendance.
    """
    marks: dict[int, str] = {}
    for key, value in data.items():
        if key.startswith("status-") and value:
            try:
                marks[int(key.removeprefix("status-"))] = value
            except ValueError as error:
                raise AttendanceError(_("Unreadable form.")) from error
    return marks
