"""Demo state for the dashboards (called by load_demo last).

The demo bootcamp's live days were the last two days and most of its organisations are on
track. So that every at-risk flag can be seen side by side, this adds:

- on "Chat for Impact": Pahadi Yuva Manch joined a month ago and has done nothing for
  twenty days ("no activity in 14 days");
- a small earlier edition, "Chat for Impact (pilot)", whose live days were ten and nine days
  ago and whose follow-up is ahead, with four organisations: one on track, one absent on
  Day 1, one that never started the pre-event work nor handed in its plan, and one
  inactive. No certificates are issued there.

Idempotent: the pilot is built once (looked up by slug); the backdating is repeatable.
"""

from datetime import timedelta

from django.utils import timezone

from assignments.models import AssignmentPage, Submission, SubmissionVersion
from attendance.models import AttendanceRecord, Source, Status
from courses.models import (
    BootcampPage,
    Enrollment,
    LiveSessionPage,
    ModuleCompletion,
    ModulePage,
    RosterMember,
)
from dashboards.scale_data import build_course
from lms.demo import ensure_user
from organisations.models import Membership, Organisation

INACTIVE_ORGANISATION = "UK/2019/0123456"  # Pahadi Yuva Manch
PILOT_SLUG = "chat-for-impact-pilot"
# (registration number, name, state, focus, story)
PILOT_ORGANISATIONS = [
    ("PILOT/0001", "Asha Kiran Trust", "Maharashtra", "health", "on_track"),
    ("PILOT/0002", "Bal Vikas Samiti", "Bihar", "education", "absent"),
    ("PILOT/0003", "Chetna Foundation", "Odisha", "women_children", "not_started"),
    ("PILOT/0004", "Disha Gram Sangh", "Assam", "livelihoods", "inactive"),
]


def _backdate_inactive(stdout) -> None:
    now = timezone.now()
    roster = RosterMember.objects.filter(
        bootcamp__slug="chat-for-impact",
        enrollment__organisation__registration_number=INACTIVE_ORGANISATION)
    roster.update(added_at=now - timedelta(days=30))
    ModuleCompletion.objects.filter(user__in=roster.values("user")).update(
        completed_at=now - timedelta(days=20))
    stdout.write("dashboards: Pahadi Yuva Manch inactive for 20 days.")


def _pilot(stdout) -> None:
    if BootcampPage.objects.filter(slug=PILOT_SLUG).exists():
        return
    now = timezone.now()
    # build_course puts Day 1 three days ago; move the whole edition a week earlier.
    bootcamp = build_course(slug=PILOT_SLUG, title="Chat for Impact (pilot)",
                            now=now - timedelta(days=7))
    modules = list(ModulePage.objects.live().descendant_of(bootcamp).order_by("path"))
    sessions = list(LiveSessionPage.objects.descendant_of(bootcamp).order_by("starts_at"))
    plan = AssignmentPage.objects.descendant_of(bootcamp).get(slug="team-plan")
    for registration, name, state, focus, story in PILOT_ORGANISATIONS:
        organisation, _ = Organisation.objects.get_or_create(
            registration_number=registration,
            defaults={"name": name, "city": "", "state": state, "focus_areas": [focus]})
        enrollment = Enrollment.objects.create(organisation=organisation, bootcamp=bootcamp)
        short = name.split()[0].lower()
        people = [ensure_user(f"pilot-{short}-{n}@example.org", f"{name.split()[0]} {n}",
                              "Pilot", ["Participants"]) for n in (1, 2)]
        for position, user in enumerate(people):
            Membership.objects.get_or_create(organisation=organisation, user=user, defaults={
                "role": Membership.Role.LEAD if position == 0 else Membership.Role.MEMBER})
            RosterMember.objects.create(enrollment=enrollment, bootcamp=bootcamp, user=user)
        RosterMember.objects.filter(enrollment=enrollment).update(
            added_at=now - timedelta(days=35))
        recent = now - timedelta(days=2 if story != "inactive" else 20)
        if story != "not_started":
            for user in people:
                for module in modules[:5]:
                    ModuleCompletion.objects.create(user=user, module=module,
                                                    completed_at=recent)
            submission = Submission.objects.create(
                assignment=plan, bootcamp=bootcamp, organisation=organisation,
                status=Submission.Status.SUBMITTED, submitted_at=recent)
            SubmissionVersion.objects.create(submission=submission, number=1,
                                             content_hash=registration, submitted_by=people[0],
                                             submitted_at=recent)
        for session in sessions:
            if session.ends_at > now or story in ("not_started", "inactive"):
                continue
            for user in people:
                absent = story == "absent" and session.title.startswith("Day 1")
                AttendanceRecord.objects.create(
                    user=user, session=session, bootcamp=bootcamp,
                    status=Status.ABSENT if absent else Status.PRESENT,
                    source=Source.TRAINER, changed_at=session.ends_at)
    stdout.write(f"dashboards: {bootcamp.title} with {len(PILOT_ORGANISATIONS)} organisations "
                 "(one per at-risk flag).")


def load(stdout) -> None:
    if not BootcampPage.objects.filter(slug="chat-for-impact").exists():
        stdout.write("dashboards: no demo bootcamp; skipped.")
        return
    _backdate_inactive(stdout)
    _pilot(stdout)
