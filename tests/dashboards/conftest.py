"""A small bootcamp whose every dashboard number is computed by hand in the tests.

Day 1 was two days ago (both live days are over, the follow-up is ahead). Pre-event: two
required modules. Assignments: "Helpline plan" (organisation, due three days ago) and
"Reflection" (individual, due in three weeks). Rule: a session on each live day, the
modules, the assignments; organisation certificates without the follow-up.

- Alpha Trust: a1 (both modules, Day 1 present, Day 2 late, reflection accepted, holds a
  certificate) and a2 (one module, Day 1 present, reflection submitted); plan accepted.
- Beta Sangam, on the roster for a month: b1 (nothing at all), b2 (one module 20 days
  ago, excused on Day 1); no plan.
- Gamma Foundation: c1 (everything, no certificate yet); plan accepted; holds the
  organisation certificate.
- Delta Society: withdrawn.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from assignments.models import AssignmentPage, Submission, SubmissionVersion
from attendance.models import AttendanceRecord, Source
from certificates.models import Certificate, CertificateRule
from courses.models import (
    Enrollment,
    LiveSessionPage,
    ModuleCompletion,
    ModulePage,
    RosterMember,
    StagePage,
)
from organisations.models import Application, Perk
from tests.assignments.factories import add_assignment
from tests.courses.factories import build_bootcamp, enrol
from tests.factories import UserFactory
from tests.organisations.factories import OrganisationFactory


@dataclass
class Fixture:
    bootcamp: object
    alpha: object
    beta: object
    gamma: object
    delta: object
    people: dict
    plan: AssignmentPage
    reflection: AssignmentPage


def _attend(user, session, status, bootcamp):
    AttendanceRecord.objects.create(user=user, session=session, bootcamp=bootcamp,
                                    status=status, source=Source.TRAINER,
                                    changed_at=session.ends_at)


def _submit(assignment, status, *, user=None, organisation=None, by=None, at=None):
    at = at or timezone.now()
    submission = Submission.objects.create(
        assignment=assignment, bootcamp_id=assignment.get_bootcamp().pk, user=user,
        organisation=organisation, status=status, submitted_at=at)
    SubmissionVersion.objects.create(submission=submission, number=1, content_hash="x",
                                     submitted_by=by or user, submitted_at=at)
    return submission


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker):
    """Built once per test module (pages are slow to make), inside a transaction that is
    rolled back after the module; each test runs in a savepoint within it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(_world, db) -> Fixture:
    return _world


def build_world() -> Fixture:
    now = timezone.now()
    bootcamp = build_bootcamp(day_one=timezone.localdate() - timedelta(days=2))
    CertificateRule.objects.create(bootcamp=bootcamp, sessions="each_live_day",
                                   organisation_certificates=True,
                                   organisation_require_follow_up=False)
    plan = add_assignment(bootcamp, title="Helpline plan", due_at=now - timedelta(days=3),
                          submission_type=AssignmentPage.SubmissionType.ORGANISATION)
    reflection = add_assignment(bootcamp, stage_kind=StagePage.Kind.FOLLOW_UP,
                                title="Reflection", due_at=now + timedelta(days=21))
    m1, m2 = ModulePage.objects.descendant_of(bootcamp).order_by("path")
    sessions = {s.title: s for s in LiveSessionPage.objects.descendant_of(bootcamp)}
    d1m, d1a = sessions["Day 1 morning"], sessions["Day 1 afternoon"]
    d2a = sessions["Day 2 afternoon"]

    def team(name, size, **org):
        organisation = OrganisationFactory(name=name, **org)
        people = [UserFactory(first_name=f"{name.split()[0]}0", last_name="Person")]
        enrollment, users = enrol(bootcamp, organisation, participants=size, lead=people[0])
        for n, user in enumerate(users):  # enrol() makes the members after the lead
            user.first_name = f"{name.split()[0]}{n}"
            user.save(update_fields=["first_name"])
        return enrollment, users

    alpha, (a1, a2) = team("Alpha Trust", 2, state="Kerala", focus_areas=["health"])
    beta, (b1, b2) = team("Beta Sangam", 2, state="Bihar", focus_areas=["education"])
    gamma, (c1,) = team("Gamma Foundation", 1, state="Kerala", focus_areas=["rights"])
    delta, (d1,) = team("Delta Society", 1, state="Goa")
    Enrollment.objects.filter(pk=delta.pk).update(status=Enrollment.Status.WITHDRAWN)
    RosterMember.objects.filter(enrollment=beta).update(added_at=now - timedelta(days=30))

    for user, modules in ((a1, [m1, m2]), (a2, [m1]), (c1, [m1, m2])):
        for module in modules:
            ModuleCompletion.objects.create(user=user, module=module)
    ModuleCompletion.objects.create(user=b2, module=m1, completed_at=now - timedelta(days=20))

    _attend(a1, d1m, "present", bootcamp)
    _attend(a1, d2a, "late", bootcamp)
    _attend(a2, d1a, "present", bootcamp)
    _attend(b2, d1m, "excused", bootcamp)
    _attend(c1, d1m, "present", bootcamp)
    _attend(c1, sessions["Day 2 morning"], "present", bootcamp)

    _submit(reflection, "accepted", user=a1)
    _submit(reflection, "submitted", user=a2)
    _submit(reflection, "accepted", user=c1)
    _submit(plan, "accepted", organisation=alpha.organisation, by=a1)
    _submit(plan, "accepted", organisation=gamma.organisation, by=c1)

    Certificate.objects.create(kind="participant", bootcamp=bootcamp, user=a1,
                               recipient_name="Alpha0 Person", bootcamp_title=bootcamp.title,
                               issued_at=now)
    Certificate.objects.create(kind="organisation", bootcamp=bootcamp,
                               organisation=gamma.organisation,
                               recipient_name="Gamma Foundation", bootcamp_title=bootcamp.title,
                               issued_at=now)

    today = timezone.localdate()
    Perk.objects.create(organisation=alpha.organisation, bootcamp=bootcamp,
                        helpline_number="+91 80 4000 1000",
                        helpline_provisioned_on=today - timedelta(days=5),
                        licence_starts_on=today - timedelta(days=10), credits_used=500)
    Perk.objects.create(organisation=beta.organisation, bootcamp=bootcamp)

    for enrollment in (alpha, beta, gamma):
        Application.objects.create(
            bootcamp=bootcamp, applicant=enrollment.roster.first().user,
            organisation=enrollment.organisation, status="selected", submitted_at=now,
            organisation_name=enrollment.organisation.name)
    Application.objects.create(bootcamp=bootcamp, applicant=UserFactory(), status="rejected",
                               submitted_at=now, organisation_name="Epsilon")
    Application.objects.create(bootcamp=bootcamp, applicant=UserFactory(), status="draft",
                               organisation_name="Zeta (draft)")
    return Fixture(bootcamp, alpha, beta, gamma, delta,
                   {"a1": a1, "a2": a2, "b1": b1, "b2": b2, "c1": c1, "d1": d1},
                   plan, reflection)
