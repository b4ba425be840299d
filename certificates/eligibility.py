"""Eligibility: what a participant (or organisation) has done towards a certificate, and what not.

Read-only and bulk: a constant number of queries for any number of people. Attendance and
assignment facts come from those apps' read-models, imported directly
(`attendance.progress.attendance_progress`, `assignments.progress.assignment_progress`), so
every requirement is always checked: a bootcamp without assignments asks for none because
it has none, never because a source is missing.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from assignments.progress import assignment_progress
from attendance.progress import attendance_progress
from certificates import completed as facts
from certificates.models import CertificateRule
from courses import tree_cache
from courses.models import ModuleCompletion, ModulePage, RosterMember, StagePage
from courses.progress import course_outline
from quizzes.selectors import check_progress

_WAITING = {
    "not_started": gettext_noop("Assignment “%(title)s” not submitted"),
    "draft": gettext_noop("Assignment “%(title)s” is still a draft (not submitted)"),
    "submitted": gettext_noop("Assignment “%(title)s” is waiting for review"),
    "late": gettext_noop("Assignment “%(title)s” was submitted late and is waiting for review"),
    "needs_revision": gettext_noop("Assignment “%(title)s” needs revision"),
}


class Missing(str):
    """A sentence of what is missing that remembers the page it is about (module, session,
    assignment or live day), so the dashboard can link it. Still a plain string for
    exports, joins and comparisons."""

    page_id: int | None

    def __new__(cls, text: str, page_id: int | None = None):
        line = super().__new__(cls, text)
        line.page_id = page_id
        return line


@dataclass(frozen=True)
class Eligibility:
    """Whether someone may receive a certificate, in sentences people understand."""

    missing: tuple[str, ...] = ()
    completed: tuple[str, ...] = ()

    @property
    def eligible(self) -> bool:
        return not self.missing


@dataclass
class _Builder:
    missing: list[str] = field(default_factory=list)
    completed: list[str] = field(default_factory=list)
    # Translations already looked up, shared by the builders of one call: the same few
    # sentences are translated for every participant (40,000 of them in an export).
    translated: dict = field(default_factory=dict)

    def gettext(self, message: str) -> str:
        if message not in self.translated:
            self.translated[message] = _(message)
        return self.translated[message]

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        key = (singular, plural, count)
        if key not in self.translated:
            self.translated[key] = ngettext(singular, plural, count)
        return self.translated[key]

    def done(self, fact: facts.Fact) -> None:
        """Record a fact completed, as a sentence in the active language that keeps it."""
        self.completed.append(facts.Done(
            facts.sentence(fact, gettext=self.gettext, ngettext=self.ngettext), fact))

    def build(self) -> Eligibility:
        return Eligibility(tuple(self.missing), tuple(self.completed))


def rule_for(bootcamp) -> CertificateRule:
    """The bootcamp's rule, or the default rule (unsaved) when organisers have not set one."""
    rule = CertificateRule.objects.filter(bootcamp_id=bootcamp.pk).first()
    return rule or CertificateRule(bootcamp_id=bootcamp.pk)


def cached_rule_for(bootcamp) -> CertificateRule:
    """rule_for() once per version of the bootcamp's tree (saving a rule renews it,
    certificates.models), for display (the dashboard): issuing reads rule_for() afresh."""
    return tree_cache.remembered("certificate_rule", bootcamp, lambda: rule_for(bootcamp))


def facts_progress(
    *, bootcamp, user_ids: list[int], checks: bool = True,
) -> dict[str, dict[int, Any]]:
    """The attendance, assignment and knowledge check progress eligibility is judged on.

    `checks=False` leaves the knowledge checks out (a rule that does not ask for them need
    not pay their queries); eligibility then has no "quizzes" key to read.
    """
    progress = {
        "attendance": attendance_progress(bootcamp=bootcamp, user_ids=user_ids),
        "assignments": assignment_progress(bootcamp=bootcamp, user_ids=user_ids),
    }
    if checks:
        progress["quizzes"] = check_progress(bootcamp=bootcamp, user_ids=user_ids)
    return progress


def _required_modules(bootcamp) -> list[tuple[int, str]]:
    return tree_cache.remembered("required_modules", bootcamp,
                                 lambda: _read_required_modules(bootcamp))


def _read_required_modules(bootcamp) -> list[tuple[int, str]]:
    return list(
        ModulePage.objects.live()
        .descendant_of(bootcamp)
        .filter(required=True)
        .order_by("path")
        .values_list("pk", "title")
    )


def _known_completions(bootcamp, modules: list[tuple[int, str]], ids: list[int],
                       given: dict[int, Any] | None) -> dict[int, set[int]] | None:
    """The completions of the required modules from module progress the caller has, or
    None when it does not cover them all: that progress counts the course outline's
    modules, and a required module below an unpublished stage is not in the outline."""
    if given is None or not modules or any(user_id not in given for user_id in ids):
        return None
    covered = {module.pk for module in course_outline(bootcamp=bootcamp).modules}
    required = {pk for pk, _title in modules}
    if not required <= covered:
        return None
    return {user_id: set(given[user_id].completed_ids) & required for user_id in ids}


def participant_eligibility(
    *, bootcamp, user_ids: Iterable[int], rule: CertificateRule | None = None,
    progress: dict[str, dict[int, Any]] | None = None,
) -> dict[int, Eligibility]:
    """Eligibility for each user id under the bootcamp's participant rule.

    `progress`: {"attendance": …, "assignments": …, "quizzes": …} of these users when the
    caller already has it (the dashboards' exports), so it is not computed twice; with
    "modules" ({user_id: courses.progress.ParticipantProgress}) the completions are not
    read again either.
    """
    ids = list(user_ids)
    if not ids:
        return {}
    rule = rule or rule_for(bootcamp)
    if progress is None:
        progress = facts_progress(bootcamp=bootcamp, user_ids=ids,
                                  checks=rule.require_knowledge_checks)
    modules = _required_modules(bootcamp) if rule.require_modules else []
    done: dict[int, set[int]] = defaultdict(set)
    known = _known_completions(bootcamp, modules, ids, progress.get("modules"))
    if known is not None:
        done.update(known)
    elif modules:
        for user_id, module_id in ModuleCompletion.objects.filter(
            user_id__in_ids=ids, module_id__in=[pk for pk, _title in modules]
        ).values_list("user_id", "module_id"):
            done[user_id].add(module_id)

    checks: dict[int, Any] = {}
    if rule.require_knowledge_checks:
        # One bulk query for every user (quizzes.selectors.check_progress), never per user.
        checks = progress.get("quizzes")
        if checks is None:
            checks = check_progress(bootcamp=bootcamp, user_ids=ids)
    result = {}
    translated: dict = {}
    for user_id in ids:
        builder = _Builder(translated=translated)
        _check_sessions(builder, rule, progress["attendance"].get(user_id))
        if modules:
            _check_modules(builder, modules, done[user_id])
        if rule.require_assignments:
            _check_assignments(builder, progress["assignments"].get(user_id))
        if rule.require_knowledge_checks:
            _check_knowledge_checks(builder, checks.get(user_id))
        result[user_id] = builder.build()
    return result


def _check_sessions(builder: _Builder, rule: CertificateRule, attendance) -> None:
    if rule.sessions == CertificateRule.Sessions.NONE:
        return
    if attendance is None:  # the source knows nothing of this person: nothing to go on
        builder.missing.append(builder.gettext("No attendance recorded yet"))
        return
    sessions = tuple(attendance.sessions)
    attended = [s for s in sessions if s.attended]
    if rule.sessions == CertificateRule.Sessions.ALL:
        for session in sessions:
            if not session.attended:
                builder.missing.append(Missing(
                    builder.gettext("Session “%(title)s” not attended") % {"title": session.title},
                    session.session_id,
                ))
        if sessions and len(attended) == len(sessions):
            builder.done(facts.fact("sessions", count=len(sessions)))
    elif rule.sessions == CertificateRule.Sessions.EACH_LIVE_DAY:
        days: dict[Any, list] = {}
        for session in sessions:
            if session.stage_kind == StagePage.Kind.LIVE_DAY:
                days.setdefault(session.stage_id, []).append(session)
        for day_sessions in days.values():
            if not any(s.attended for s in day_sessions):
                builder.missing.append(Missing(
                    builder.gettext("No session attended on %(day)s (%(sessions)s)")
                    % {
                        "day": day_sessions[0].stage_title,
                        "sessions": ", ".join(f"“{s.title}”" for s in day_sessions),
                    },
                    day_sessions[0].stage_id,
                ))
        if days and not builder.missing:
            builder.done(facts.fact("live_days", count=len(days)))
    elif rule.sessions == CertificateRule.Sessions.AT_LEAST:
        needed = rule.minimum_sessions
        if len(attended) < needed:
            not_attended = ", ".join(f"“{s.title}”" for s in sessions if not s.attended)
            builder.missing.append(
                builder.gettext(
                    "%(attended)d of the %(needed)d live sessions needed attended "
                    "(not attended: %(sessions)s)"
                )
                % {"attended": len(attended), "needed": needed, "sessions": not_attended or "—"}
            )
        else:
            builder.done(facts.fact("sessions_at_least", attended=len(attended),
                                    total=len(sessions)))


def _check_modules(builder: _Builder, modules: list[tuple[int, str]], done: set[int]) -> None:
    for module_id, title in modules:
        if module_id not in done:
            builder.missing.append(Missing(
                builder.gettext("Module “%(title)s” not completed") % {"title": title}, module_id
            ))
    if all(module_id in done for module_id, _title in modules):
        builder.done(facts.fact("modules", count=len(modules),
                                page_ids=[module_id for module_id, _title in modules]))


def _check_assignments(builder: _Builder, assignments) -> None:
    items = [item for item in (assignments.items if assignments else ()) if item.required]
    for item in items:
        if item.status != "accepted":
            message = _WAITING.get(item.status, _WAITING["not_started"])
            builder.missing.append(
                Missing(builder.gettext(message) % {"title": item.title}, item.assignment_id))
        else:
            builder.done(facts.fact("assignment", title=item.title, page_id=item.assignment_id))


def _check_knowledge_checks(builder: _Builder, checks) -> None:
    missing = checks.missing if checks else ()
    for item in missing:
        builder.missing.append(Missing(
            builder.gettext("Knowledge check of “%(title)s” not passed") % {
                "title": item.check.title}, item.check.module_id))
    required = [item for item in (checks.items if checks else ()) if item.check.required]
    if required and not missing:
        builder.done(facts.fact("checks", count=len(required)))


def organisation_eligibility(
    *, bootcamp, organisation_ids: Iterable[int], rule: CertificateRule | None = None
) -> dict[int, Eligibility]:
    """Eligibility of each organisation under the bootcamp's organisation rule.

    Judged from its active roster: a required assignment counts when it is accepted for at
    least one member (an organisation submission is accepted for all of them); a live day
    or the follow-up counts when at least one member attended a session of it.
    """
    org_ids = list(organisation_ids)
    if not org_ids:
        return {}
    rule = rule or rule_for(bootcamp)
    members: dict[int, list[int]] = defaultdict(list)
    for organisation_id, user_id in RosterMember.objects.active().filter(
        bootcamp_id=bootcamp.pk, enrollment__organisation_id__in=org_ids,
    ).values_list("enrollment__organisation_id", "user_id"):
        members[organisation_id].append(user_id)
    all_users = [user_id for users in members.values() for user_id in users]
    # The organisation rule has no knowledge-check condition: their queries are not paid.
    progress = facts_progress(bootcamp=bootcamp, user_ids=all_users, checks=False)
    attendance, assignments = progress["attendance"], progress["assignments"]

    result = {}
    for organisation_id in org_ids:
        builder = _Builder()
        users = members.get(organisation_id, [])
        if not users:
            builder.missing.append(builder.gettext("No participant on the organisation's roster"))
        if rule.organisation_require_assignments:
            _check_organisation_assignments(builder, [assignments.get(u) for u in users])
        sessions = [s for u in users if attendance.get(u) for s in attendance[u].sessions]
        if rule.organisation_require_each_live_day:
            _check_stage_presence(builder, sessions, StagePage.Kind.LIVE_DAY)
        if rule.organisation_require_follow_up:
            _check_stage_presence(builder, sessions, StagePage.Kind.FOLLOW_UP)
        result[organisation_id] = builder.build()
    return result


def _check_organisation_assignments(builder: _Builder, progresses: list) -> None:
    titles: dict[int, str] = {}
    accepted: set[int] = set()
    for assignments in progresses:
        for item in assignments.items if assignments else ():
            if item.required:
                titles[item.assignment_id] = item.title
                if item.status == "accepted":
                    accepted.add(item.assignment_id)
    for assignment_id, title in titles.items():
        if assignment_id in accepted:
            builder.done(facts.fact("assignment", title=title, page_id=assignment_id))
        else:
            builder.missing.append(
                builder.gettext(
                    "Assignment “%(title)s” not yet accepted for anyone in the organisation"
                )
                % {"title": title}
            )


def _check_stage_presence(builder: _Builder, sessions: list, kind: str) -> None:
    stages: dict[Any, tuple[str, bool]] = {}
    for session in sessions:
        if session.stage_kind == kind:
            title, present = stages.get(session.stage_id, (session.stage_title, False))
            stages[session.stage_id] = (title, present or bool(session.attended))
    for stage_id, (title, present) in stages.items():
        if present:
            builder.done(facts.fact("present", title=title, page_id=stage_id))
        else:
            builder.missing.append(
                builder.gettext("No participant present at %(stage)s") % {"stage": title}
            )
