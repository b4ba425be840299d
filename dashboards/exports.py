"""The dashboard's exports (organisations, participants, attendance, submissions, knowledge
check questions), as rows for lms.exports.csv_response (streamed) or
lms.exports.xlsx_response (spooled).

Rows are generated lazily from querysets iterated in batches, so memory stays flat
whatever the number of participants; every cell goes through lms.exports.safe_cell.
"""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from courses.models import RosterMember
from dashboards.columns import OrganisationColumns
from dashboards.facts import BootcampFacts
from dashboards.participants import iter_details, roster_entries
from dashboards.rows import iter_rows
from quizzes.exports import question_rows

KINDS = ("organisations", "participants", "attendance", "submissions", "checks")
FORMATS = ("csv", "xlsx")


def _moment(facts: BootcampFacts, value) -> str:
    return facts.bootcamp.local(value).strftime("%Y-%m-%d %H:%M") if value else ""


def organisation_rows(columns: OrganisationColumns, enrollments, *, perks: bool) -> Iterator:
    facts = columns.facts
    header = ["organisation", "state", "city", "focus_areas", "enrollment_status",
              "participants", "pre_event_modules_done", "pre_event_modules_total",
              "pre_event_percent", "required_submissions_expected", "accepted", "submitted",
              "missing"]
    header += [f"present_{stage.title}" for stage in facts.stages]
    header += ["certified", "eligible", "not_yet", "organisation_certificate"]
    header += [count["name"] for count in columns.contributed]  # e.g. learning_by_whatsapp
    if perks:
        header.append("perks")
    header += [f"last_activity ({facts.bootcamp.time_zone})", "at_risk", "reasons"]
    yield header
    for row in iter_rows(columns, enrollments, perks=perks):
        line = [row.name, row.state, row.city, ", ".join(row.focus_areas), row.status,
                row.roster, row.pre_done, row.pre_total,
                round(row.pre_percent) if row.pre_percent is not None else "",
                row.assignments_expected, row.assignments_accepted,
                row.assignments_submitted, row.assignments_missing]
        line += [count for _title, count in row.attendance]
        line += [row.certified, row.eligible, row.not_yet, row.organisation_certificate]
        line += list(row.counts)
        if perks:
            line.append(row.perks)
        line += [_moment(facts, row.last_activity), ", ".join(f.code for f in row.flags),
                 "; ".join(f"{f.label}: {f.reason}" for f in row.flags)]
        yield line


def participant_rows(facts: BootcampFacts, enrollments) -> Iterator:
    header = ["organisation", "participant", "email", "pre_event_done", "pre_event_total",
              "required_modules_done", "required_modules_total", "assignments_accepted",
              "assignments_submitted", "assignments_required"]
    header += [f"attended_{stage.title}" for stage in facts.stages]
    header += ["sessions_attended", "sessions_total", "certificate", "certificate_code",
               "missing_for_certificate", f"last_activity ({facts.bootcamp.time_zone})",
               "at_risk"]
    yield header
    for detail in iter_details(facts=facts, entries=roster_entries(
            facts=facts, enrollments=enrollments).iterator(chunk_size=1000)):
        pre_done, pre_total = detail.pre_event
        certificate = detail.certificate.certificate
        line = [detail.organisation.name, detail.user.get_full_name(), detail.user.email,
                pre_done, pre_total, detail.modules.done, detail.modules.total,
                detail.assignments.required_accepted, detail.assignments.required_submitted,
                detail.assignments.required_total]
        line += ["yes" if detail.attended(stage.session_ids) else "no" for stage in facts.stages]
        line += [detail.attendance.attended_count, detail.attendance.total,
                 detail.certificate_state,
                 certificate.code if certificate and certificate.is_valid else "",
                 "; ".join(detail.certificate.eligibility.missing),
                 _moment(facts, detail.last_activity), ", ".join(f.code for f in detail.flags)]
        yield line


def attendance_rows(facts: BootcampFacts, enrollments) -> Iterator:
    yield ["organisation", "participant", "email", "stage", "session",
           f"starts ({facts.bootcamp.time_zone})", "status"]
    for detail in iter_details(facts=facts, entries=roster_entries(
            facts=facts, enrollments=enrollments).iterator(chunk_size=1000)):
        for session in detail.attendance.sessions:
            yield [detail.organisation.name, detail.user.get_full_name(), detail.user.email,
                   session.stage_title, session.title, _moment(facts, session.starts_at),
                   session.status or "no record"]


def submission_rows(facts: BootcampFacts, enrollments) -> Iterator:
    yield ["organisation", "participant", "email", "assignment", "submitted_by",
           f"due ({facts.bootcamp.time_zone})", "required", "status", "overdue"]
    due = {a.pk: a.due_at for a in facts.assignments}
    overdue = {a.pk for a in facts.overdue(facts.assignments)}
    team = {a.pk for a in facts.organisation_assignments}
    seen_team: set[tuple[int, int]] = set()
    for detail in iter_details(facts=facts, entries=roster_entries(
            facts=facts, enrollments=enrollments).iterator(chunk_size=1000)):
        for item in detail.assignments.items:
            if item.assignment_id in team:
                # A team submission is one per organisation: listed once, not per member.
                key = (detail.organisation.pk, item.assignment_id)
                if key in seen_team:
                    continue
                seen_team.add(key)
                who, email, by = _("(organisation)"), "", "organisation"
            else:
                who, email, by = detail.user.get_full_name(), detail.user.email, "individual"
            handed_in = item.status not in ("not_started", "draft")
            yield [detail.organisation.name, who, email, item.title, by,
                   _moment(facts, due.get(item.assignment_id)), "yes" if item.required else "no",
                   item.status, "yes" if item.assignment_id in overdue and not handed_in else ""]


def check_question_rows(facts: BootcampFacts, enrollments) -> Iterator:
    """Knowledge checks: attempts per question of the participants of these enrollments."""
    users = RosterMember.objects.active().filter(
        bootcamp=facts.bootcamp, enrollment__in=enrollments).values("user_id")
    return question_rows(bootcamp=facts.bootcamp, user_ids=users)
