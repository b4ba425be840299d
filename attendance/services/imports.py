"""Import of video-call reports: upload, preview (matching people to the roster), confirm."""

import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from attendance.models import AttendanceImport, ParticipantAlias, SessionRules, Source
from attendance.reports import (
    ParsedReport,
    ReportError,
    file_sha256,
    normalise_identifier,
    parse_report,
)
from attendance.services.records import (
    AttendanceError,
    NotOnRoster,
    record_many,
    roster_user_ids,
    session_rules,
)
from courses.models import BootcampPage, LiveSessionPage, RosterMember
from courses.signals import send_progress_changed


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
        identifier = person.email or normalise_identifier(person.name)
        user, matched_by = roster.get(person.email) if person.email else None, "email"
        if user is None:
            user, matched_by = aliases.get(identifier), "alias"
            if user is None and person.email and person.name:
                user = aliases.get(normalise_identifier(person.name))
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
    identifier = normalise_identifier(identifier)
    if not identifier:
        raise AttendanceError(_("Nothing to match."))
    alias, _created = ParticipantAlias.objects.update_or_create(
        bootcamp=bootcamp, identifier=identifier, defaults={"user_id": user_id,
                                                            "created_by": by})
    return alias

