"""Attendance records and the one precedence rule, plus the reads every write path shares.

Precedence (documented in README and shown on the grid): trainer > import > check-in. A
change from a source ranked below the record's current source is written to the audit
trail (AttendanceChange with applied=False) and leaves the record as it is. Equal or
higher-ranked sources replace the record.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from attendance.models import (
    SOURCE_PRECEDENCE,
    AttendanceChange,
    AttendanceImport,
    AttendanceRecord,
    SessionRules,
    SessionSettings,
    policy_of,
    rules_for,
)
from courses import tree_cache
from courses.models import BootcampPage, LiveSessionPage, RosterMember
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


def bootcamp_of(session: LiveSessionPage) -> BootcampPage | None:
    return session.get_bootcamp()


def session_rules(*, session: LiveSessionPage, bootcamp: BootcampPage) -> SessionRules:
    """The session's check-in window and thresholds. The same for everyone: read once per
    version of the bootcamp's tree (saving a policy or a session's settings renews it,
    attendance.models)."""

    def read() -> SessionRules:
        return rules_for(
            session=session,
            policy=policy_of(bootcamp),
            overrides=SessionSettings.objects.filter(session=session).first(),
        )

    return tree_cache.remembered(("session_rules", session.pk), bootcamp, read)


def can_manage(*, user, bootcamp: BootcampPage, session: LiveSessionPage) -> bool:
    """Organisers, the bootcamp's trainers and the session's trainers mark and import."""
    if not user.is_authenticated:
        return False
    if is_organiser(user):
        return True
    return bootcamp.is_trainer(user) or session.is_trainer(user)


def roster_user_ids(*, bootcamp: BootcampPage) -> set[int]:
    return set(RosterMember.objects.active().filter(bootcamp=bootcamp)
               .values_list("user_id", flat=True))


# --- The one write path -----------------------------------------------------------------------


@dataclass
class Outcome:
    record: AttendanceRecord
    applied: bool
    changed: bool


def takes_precedence(source: str, *, over: str) -> bool:
    """The precedence rule: a change from `source` replaces a record last written by `over`
    when `source` ranks equal or higher (trainer > import > check-in)."""
    return SOURCE_PRECEDENCE[source] >= SOURCE_PRECEDENCE[over]


def _apply(*, record: AttendanceRecord, status: str, minutes: int | None, source: str,
           changed_by, now, report: AttendanceImport | None, created: bool) -> Outcome:
    if not created and record.status == status and record.minutes == minutes and (
            record.source == source):
        return Outcome(record, applied=True, changed=False)  # nothing new: no audit noise
    applied = created or takes_precedence(source, over=record.source)
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
            applied = takes_precedence(source, over=record.source)
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

