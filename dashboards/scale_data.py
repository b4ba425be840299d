"""A realistic bootcamp at scale, for `manage.py generate_scale_data` and `make bench`.

Pages through Wagtail (a dozen), everything else with bulk_create in batches: users,
organisations, memberships, applications, enrollments, rosters, perks, module completions,
knowledge check attempts, attendance, submissions with their versions, certificates.
Deterministic (seeded), and works on SQLite and PostgreSQL. Day 1 was three days ago, so
every column and flag of the dashboard has data; the follow-up is eleven days ahead.
"""

import hashlib
import random
import uuid
from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from assignments.models import AssignmentPage, Submission, SubmissionVersion
from attendance.models import AttendancePolicy, AttendanceRecord, Source, Status
from certificates.models import Certificate, CertificateRule
from content.models import HomePage
from courses.knowledge_checks import score
from courses.models import (
    BootcampIndexPage,
    BootcampPage,
    Enrollment,
    LiveSessionPage,
    ModuleCompletion,
    ModulePage,
    RosterMember,
    StagePage,
)
from lms.demo import DEMO_PASSWORD
from organisations.forms import INDIAN_STATES
from organisations.models import Application, FocusArea, Membership, Organisation, Perk
from quizzes.demo import BUSINESS_CHECK, SAFEGUARDING_CHECK, answers_with
from quizzes.models import Attempt
from quizzes.selectors import current_snapshot

BATCH = 2000
DEFAULT_PASSWORD = DEMO_PASSWORD  # the scale data is demo data: same published password
FIRST_NAMES = ["Priya", "Rahul", "Sunita", "Vijay", "Ananya", "Deepak", "Kavita", "Manoj",
               "प्रियंका", "Rohan", "Shalini", "Tarun", "Usha", "Yusuf", "Zoya", "Harish"]


def _page(parent, instance):
    page = parent.add_child(instance=instance)
    page.save_revision().publish()
    return page


def _bulk(model, objects, batch=BATCH):
    return model.objects.bulk_create(objects, batch_size=batch)


def build_course(*, slug: str, title: str, now: datetime) -> BootcampPage:
    """The four stages with modules, five live sessions and two required assignments."""
    tz = BootcampPage().tz
    home = HomePage.objects.first()
    index = BootcampIndexPage.objects.first() or _page(
        home, BootcampIndexPage(title="Bootcamps", slug="bootcamps"))
    day_one = timezone.localdate(now, tz) - timedelta(days=3)
    follow_up = day_one + timedelta(days=14)
    bootcamp = _page(index, BootcampPage(
        title=title, slug=slug, start_date=day_one, end_date=day_one + timedelta(days=1),
        capacity=1_000_000, seats_per_organisation=5))
    pre = _page(bootcamp, StagePage(title="Pre-event work", slug="pre-event",
                                    kind=StagePage.Kind.PRE_EVENT))
    for n in range(6):
        module = ModulePage(title=f"Pre-event module {n + 1}", slug=f"module-{n + 1}",
                            required=n < 5)
        if n < 2:  # the demo's two knowledge checks, on the first two modules
            check = (BUSINESS_CHECK, SAFEGUARDING_CHECK)[n]
            module.body = [{"type": "knowledge_check", "value": check}]
            module.pass_mark = 70
        _page(pre, module)
    for day_index in range(2):
        day = day_one + timedelta(days=day_index)
        stage = _page(bootcamp, StagePage(title=f"Day {day_index + 1}", slug=f"day-{day_index + 1}",
                                          kind=StagePage.Kind.LIVE_DAY, start_date=day,
                                          end_date=day))
        _page(stage, ModulePage(title=f"Day {day_index + 1} worksheet", slug="worksheet"))
        for hour, part in ((10, "morning"), (14, "afternoon")):
            starts = datetime.combine(day, time(hour), tz)
            _page(stage, LiveSessionPage(title=f"Day {day_index + 1} {part}", slug=part,
                                         starts_at=starts, ends_at=starts + timedelta(hours=2)))
    stage = _page(bootcamp, StagePage(title="Follow-up", slug="follow-up",
                                      kind=StagePage.Kind.FOLLOW_UP, start_date=follow_up,
                                      end_date=follow_up))
    starts = datetime.combine(follow_up, time(11), tz)
    _page(stage, LiveSessionPage(title="Follow-up review", slug="review", starts_at=starts,
                                 ends_at=starts + timedelta(hours=1)))
    _page(pre, AssignmentPage(
        title="Helpline plan", slug="team-plan",
        submission_type=AssignmentPage.SubmissionType.ORGANISATION,
        due_at=datetime.combine(day_one - timedelta(days=2), time(23, 59, 59), tz),
        cutoff_at=datetime.combine(day_one, time(9), tz)))
    _page(stage, AssignmentPage(
        title="Launch reflection", slug="own-reflection",
        due_at=datetime.combine(follow_up + timedelta(days=7), time(23, 59, 59), tz),
        cutoff_at=datetime.combine(follow_up + timedelta(days=10), time(23, 59, 59), tz)))
    CertificateRule.objects.create(bootcamp=bootcamp, sessions=CertificateRule.Sessions
                                   .EACH_LIVE_DAY, organisation_certificates=True)
    AttendancePolicy.objects.create(bootcamp=bootcamp)
    return bootcamp


def _attempt(user, module, bootcamp, number, questions, wrong, now, token) -> Attempt:
    answers = answers_with(questions, wrong)
    result = score(questions, answers)
    return Attempt(user=user, module=module, bootcamp=bootcamp, number=number,
                   token=token, questions=questions, answers=answers,
                   marks=result.marks, correct=result.correct, total=result.total,
                   pass_mark=module.pass_mark, passed=result.passes(module.pass_mark),
                   submitted_at=now - timedelta(days=5, minutes=number))


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@transaction.atomic
def generate(*, organisations: int, participants: int, seed: int = 8,
             now: datetime | None = None, log=print,
             password: str | None = DEFAULT_PASSWORD) -> BootcampPage:
    """Build the bootcamp and its data; returns the bootcamp.

    Every generated user can sign in with `password` (the demo password unless told
    otherwise; None = unusable) and has a verified primary address, as a real participant
    who accepted an invitation has. The password is hashed once and the hash shared:
    hashing 100,000 times would take hours, and each sign-in still costs a full check.
    """
    now = now or timezone.now()
    rng = random.Random(seed)  # noqa: S311 — made-up data, reproducible on purpose
    number = BootcampPage.objects.filter(slug__startswith="scale-").count() + 1
    slug = f"scale-{organisations}-{number}"
    bootcamp = build_course(slug=slug, title=f"Scale bootcamp {organisations} × {participants}",
                            now=now)
    modules = list(ModulePage.objects.live().descendant_of(bootcamp).order_by("path"))
    sessions = list(LiveSessionPage.objects.descendant_of(bootcamp).order_by("starts_at"))
    plan, reflection = (AssignmentPage.objects.descendant_of(bootcamp).get(slug=s)
                        for s in ("team-plan", "own-reflection"))
    log(f"course built: {bootcamp.url_path}")

    User = get_user_model()
    extra = organisations // 5  # applicants who were not selected
    hashed = make_password(password)  # None gives an unusable password
    users = _bulk(User, (
        User(email=f"{slug}-{n}@example.org", first_name=FIRST_NAMES[n % len(FIRST_NAMES)],
             last_name=f"Participant {n}", password=hashed)
        for n in range(organisations * participants + extra)))
    # allauth signs in verified addresses only (ACCOUNT_EMAIL_VERIFICATION = "mandatory").
    _bulk(EmailAddress, (EmailAddress(user=user, email=user.email, verified=True, primary=True)
                         for user in users))
    orgs = _bulk(Organisation, (
        Organisation(name=f"{'Seva Sangam' if n % 3 else 'Jan Kalyan Trust'} {n:05d}",
                     registration_number=f"SC/{bootcamp.pk}/{n:07d}",
                     city="Pune", state=INDIAN_STATES[n % len(INDIAN_STATES)],
                     focus_areas=[FocusArea.values[n % len(FocusArea.values)]])
        for n in range(organisations + extra)))
    log(f"{len(users)} users, {len(orgs)} organisations")
    _bulk(Membership, (
        Membership(organisation=orgs[n // participants], user=user,
                   role=Membership.Role.LEAD if n % participants == 0 else Membership.Role.MEMBER)
        for n, user in enumerate(users[:organisations * participants])))
    submitted_at = now - timedelta(days=40)
    leads = users[:organisations * participants:participants]
    _bulk(Application, [
        *(Application(bootcamp=bootcamp, applicant=lead, organisation=org,
                      status=Application.Status.SELECTED, organisation_name=org.name,
                      registration_number=org.registration_number, state=org.state,
                      focus_areas=org.focus_areas, consent=True, submitted_at=submitted_at)
          for lead, org in zip(leads, orgs, strict=False)),
        *(Application(bootcamp=bootcamp, applicant=applicant, organisation=org,
                      status=rng.choice([Application.Status.REJECTED,
                                         Application.Status.WAITLISTED]),
                      organisation_name=org.name, registration_number=org.registration_number,
                      state=org.state, consent=True, submitted_at=submitted_at)
          for applicant, org in zip(users[organisations * participants:], orgs[organisations:],
                                    strict=True)),
    ])
    enrollments = _bulk(Enrollment, (Enrollment(organisation=org, bootcamp=bootcamp)
                                     for org in orgs[:organisations]))
    roster_users = users[:organisations * participants]
    _bulk(RosterMember, (
        RosterMember(enrollment=enrollments[n // participants], bootcamp=bootcamp, user=user)
        for n, user in enumerate(roster_users)))
    # auto_now_add ignores given values: enrolment happened a month ago.
    RosterMember.objects.filter(bootcamp=bootcamp).update(added_at=now - timedelta(days=30))
    today = timezone.localdate(now)
    perks = []
    for n, org in enumerate(orgs[:organisations]):
        state = n % 4
        perk = Perk(organisation=org, bootcamp=bootcamp, credits_used=(n * 37) % 5000)
        if state:
            perk.helpline_number = f"+91 80 {4000 + n % 6000:04d} {n % 10000:04d}"
            perk.helpline_provisioned_on = today - timedelta(days=10)
            perk.licence_starts_on = today - timedelta(days=20 if state < 3 else 170)
            perk.licence_ends_on = perk.licence_starts_on + timedelta(days=182)
        perks.append(perk)
    _bulk(Perk, perks)
    log(f"{len(enrollments)} enrollments, {len(roster_users)} on the roster")

    completions, records, attempts = [], [], []
    ended = [s for s in sessions if s.ends_at <= now]
    checks = [(module, current_snapshot(module)) for module in modules if module.pass_mark]
    for user in roster_users:
        done = rng.choice([0, 1, 3, 5, 5, 6, 7, 8, 9, 9])
        for module in modules[:done]:
            completions.append(ModuleCompletion(
                user=user, module=module,
                completed_at=now - timedelta(days=rng.randint(0, 25), minutes=rng.randint(0, 900))))
        for position, (module, questions) in enumerate(checks):
            # Who completed the module passed its check (some at the second attempt);
            # of the others, some tried and failed.
            tries = ([[0], [2, 0], [1]][rng.randrange(3)] if position < done
                     else [[], [], [2], [3, 2]][rng.randrange(4)])
            for number, wrong in enumerate(tries, start=1):
                attempts.append(_attempt(user, module, bootcamp, number, questions, wrong, now,
                                         uuid.UUID(int=rng.getrandbits(128))))
        for session in ended:
            roll = rng.random()
            if roll < 0.1:
                continue  # no record
            status = (Status.PRESENT if roll < 0.75 else Status.LATE if roll < 0.85
                      else Status.ABSENT if roll < 0.95 else Status.EXCUSED)
            records.append(AttendanceRecord(
                user=user, session=session, bootcamp=bootcamp, status=status,
                source=Source.TRAINER, changed_at=session.ends_at))
        if len(completions) > 50_000:
            _bulk(ModuleCompletion, completions)
            completions = []
        if len(records) > 50_000:
            _bulk(AttendanceRecord, records)
            records = []
        if len(attempts) > 20_000:
            _bulk(Attempt, attempts)
            attempts = []
    _bulk(ModuleCompletion, completions)
    _bulk(AttendanceRecord, records)
    _bulk(Attempt, attempts)
    log(f"{ModuleCompletion.objects.filter(module__in=modules).count()} completions, "
        f"{AttendanceRecord.objects.filter(bootcamp=bootcamp).count()} attendance records")

    submissions, owners = [], []
    statuses = ["accepted"] * 4 + ["submitted", "submitted", "needs_revision", "late", "draft"]
    for n, org in enumerate(orgs[:organisations]):
        if n % 10 == 9:
            continue  # never started
        status = statuses[n % len(statuses)]
        handed_in = status != "draft"
        submissions.append(Submission(
            assignment=plan, bootcamp=bootcamp, organisation=org, status=status,
            draft_text="" if handed_in else "Our plan…",
            draft_updated_at=None if handed_in else now - timedelta(days=5),
            draft_updated_by=None if handed_in else leads[n],
            submitted_at=now - timedelta(days=6) if handed_in else None))
        owners.append(leads[n])
    for n, user in enumerate(roster_users):
        if n % 7 == 0:
            submissions.append(Submission(
                assignment=reflection, bootcamp=bootcamp, user=user,
                status="submitted" if n % 2 else "draft", submitted_at=now if n % 2 else None,
                draft_updated_at=now - timedelta(days=1), draft_updated_by=user))
            owners.append(user)
    submissions = _bulk(Submission, submissions)
    _bulk(SubmissionVersion, (
        SubmissionVersion(submission=submission, number=1, text="<p>Our plan.</p>",
                          content_hash=_hash(f"{submission.pk}"), submitted_by=owner,
                          submitted_at=submission.submitted_at,
                          is_late=submission.status == "late")
        for submission, owner in zip(submissions, owners, strict=True)
        if submission.submitted_at is not None))
    log(f"{len(submissions)} submissions")

    certified = [(n, user) for n, user in enumerate(roster_users) if n % 20 == 3]
    _bulk(Certificate, (
        Certificate(kind=Certificate.Kind.PARTICIPANT, bootcamp=bootcamp, user=user,
                    recipient_name=f"{user.first_name} {user.last_name}",
                    organisation_name=orgs[n // participants].name,
                    bootcamp_title=bootcamp.title, issued_at=now - timedelta(days=1))
        for n, user in certified))
    log(f"{len(certified)} certificates")
    # Fresh statistics, as PostgreSQL's autovacuum keeps them: without them SQLite's planner
    # guesses that "bootcamp = ?" is as selective as "user = ?" and scans.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return bootcamp
