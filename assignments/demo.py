"""Demo state for the assignments app (called by load_demo in dependency order).

Two assignments in the demo bootcamp — a pre-event team "Helpline plan" (rubric review)
and a follow-up individual reflection — with submissions in every state, real small PDF
and CSV files, made through the same services participants and trainers use. Idempotent:
an owner who already has a submission is left as it is (a demo click is never undone).
"""

import io
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assignments import services
from assignments.models import AssignmentPage, RubricCriterion, Submission
from courses.models import BootcampPage, RosterMember, StagePage

SLUG = "chat-for-impact"


def _pdf(title: str, lines: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    document = canvas.Canvas(buffer, pagesize=A4)
    document.setTitle(title)
    document.setFont("Helvetica-Bold", 16)
    document.drawString(72, 770, title)
    document.setFont("Helvetica", 11)
    for number, line in enumerate(lines):
        document.drawString(72, 740 - 18 * number, line)
    document.showPage()
    document.save()
    return buffer.getvalue()


def _csv(organisation: str) -> bytes:
    rows = ["question,answer", f"organisation,{organisation}",
            "first helpline topic,Vaccination camps", "languages,Hindi;Marathi;English",
            "expected messages per week,300"]
    return ("\n".join(rows) + "\n").encode()


def _plan_files(organisation: str) -> list[SimpleUploadedFile]:
    pdf = _pdf(f"Helpline plan: {organisation}", [
        "Who we serve: families in 40 villages, mostly on basic smartphones.",
        "First use: answering questions about health camps on WhatsApp.",
        "Team: two volunteers answer 10:00-18:00 IST; the bot answers FAQs at night.",
        "Month one: 300 conversations, 20 FAQ answers reviewed by our nurse.",
    ])
    return [SimpleUploadedFile("helpline-plan.pdf", pdf),
            SimpleUploadedFile("helpline-questions.csv", _csv(organisation))]


def _page(stage, slug: str, **fields) -> AssignmentPage:
    page = AssignmentPage.objects.child_of(stage).filter(slug=slug).first()
    if page is None:
        page = stage.add_child(instance=AssignmentPage(slug=slug, **fields))
        page.save_revision().publish()
    return page


def _instructions(*paragraphs: str) -> list[dict]:
    return [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs]


def build_assignments(bootcamp: BootcampPage) -> tuple[AssignmentPage, AssignmentPage]:
    tz = bootcamp.tz
    day_one = bootcamp.start_date or timezone.localdate(timezone.now(), tz)
    pre_event = StagePage.objects.child_of(bootcamp).get(slug="pre-event")
    follow_up = StagePage.objects.child_of(bootcamp).get(slug="follow-up")
    # Due at midnight the day before yesterday (so some work is late), cut-off the
    # morning of Day 1.
    plan = _page(
        pre_event, "helpline-plan", title="Helpline plan",
        instructions=_instructions(
            "As a team, write down who your helpline is for, the first questions it will "
            "answer and who answers them. One page is enough.",
            "Attach your plan as a PDF and, if you like, your list of expected questions "
            "as a CSV file. Your organisation's lead submits it.",
        ),
        submission_type=AssignmentPage.SubmissionType.ORGANISATION,
        answer_kind=AssignmentPage.AnswerKind.BOTH, allowed_file_types="pdf,docx,csv,png,jpg",
        max_file_size_mb=5, max_files=3,
        due_at=datetime.combine(day_one - timedelta(days=2), time(23, 59, 59), tz),
        cutoff_at=datetime.combine(day_one, time(9, 0), tz),
        late_allowed=True, required_for_certificate=True,
        review_mode=AssignmentPage.ReviewMode.RUBRIC,
    )
    if not plan.criteria.exists():
        for order, (title, points) in enumerate([("Clear audience", 5),
                                                 ("Realistic first month", 5)]):
            RubricCriterion.objects.create(assignment=plan, title=title, max_points=points,
                                           sort_order=order)
    follow_day = follow_up.start_date or day_one + timedelta(days=14)
    reflection = _page(
        follow_up, "launch-reflection", title="Launch reflection",
        instructions=_instructions(
            "After the bootcamp: what did you launch, what worked, what will you change? "
            "Write a short answer; add a screenshot or a PDF if it helps."),
        submission_type=AssignmentPage.SubmissionType.INDIVIDUAL,
        answer_kind=AssignmentPage.AnswerKind.BOTH, allowed_file_types="pdf,png,jpg,txt,csv",
        max_file_size_mb=5, max_files=2,
        due_at=datetime.combine(follow_day + timedelta(days=7), time(23, 59, 59), tz),
        cutoff_at=datetime.combine(follow_day + timedelta(days=10), time(23, 59, 59), tz),
        # Optional: the certificate is for the bootcamp itself, the reflection comes after.
        late_allowed=True, required_for_certificate=False,
        review_mode=AssignmentPage.ReviewMode.DECISION,
    )
    return plan, reflection


def _roster(bootcamp):
    return list(RosterMember.objects.active().filter(bootcamp=bootcamp)
                .select_related("user", "enrollment__organisation")
                .order_by("enrollment__organisation__registration_number", "added_at", "pk"))


def _review(submission_id, reviewer, decision, feedback, points=None):
    services.review(submission_id=submission_id, reviewer=reviewer, decision=decision,
                    feedback=feedback, points=points)


def _team_plan(plan, lead, organisation, state, trainer, on_time):
    if Submission.objects.filter(assignment=plan, organisation=organisation).exists():
        return
    criteria = list(plan.criteria.all())
    # Typed as participants type it (plain text, a blank line between paragraphs): the
    # answer box shows drafts exactly as they were typed.
    text = (f"{organisation.name} will answer questions about our health camps on "
            "WhatsApp, in Hindi and English.")
    if state == "draft":
        services.save_draft(assignment=plan, user=lead, text=text)
        return
    services.submit(assignment=plan, user=lead, text=text, uploads=_plan_files(organisation.name),
                    now=on_time)
    submission = Submission.objects.get(assignment=plan, organisation=organisation)
    if state in ("needs_revision", "accepted"):
        _review(submission.pk, trainer, "needs_revision",
                "<p>Good start. Please say <strong>who answers at night</strong>.</p>",
                {c.pk: 3 for c in criteria})
    if state == "accepted":
        services.submit(assignment=plan, user=lead, text=text + "\n\nAt night our FAQ bot "
                        "answers and the nurse replies the next morning.", now=on_time)
        _review(submission.pk, trainer, "accepted", "<p>Clear and realistic. Well done!</p>",
                {c.pk: c.max_points for c in criteria})


def _reflection(reflection, user, state, trainer):
    if Submission.objects.filter(assignment=reflection, user=user).exists():
        return
    text = "We launched our helpline: 120 conversations in the first week."
    if state == "draft":
        services.save_draft(assignment=reflection, user=user, text=text)
        return
    notes = SimpleUploadedFile("launch-notes.pdf", _pdf("Launch notes", [text]))
    services.submit(assignment=reflection, user=user, text=text, uploads=[notes])
    if state == "accepted":
        submission = Submission.objects.get(assignment=reflection, user=user)
        _review(submission.pk, trainer, "accepted", "<p>Great first week.</p>")


# Helpline plan state per enrolled organisation, in the order of their registration numbers
# after the contract organisations (lead/participant: submitted, other: needs revision,
# certified: accepted).
PLAN_STATES = ["submitted", "needs_revision", "accepted", "late", "draft", "accepted",
               "submitted"]
CONTRACT_REFLECTIONS = {"other@example.org": "draft", "certified@example.org": "accepted"}


def load(stdout) -> None:
    bootcamp = BootcampPage.objects.filter(slug=SLUG).first()
    if bootcamp is None:
        stdout.write("assignments: no demo bootcamp; skipped.")
        return
    trainer = get_user_model().objects.filter(email="trainer@example.org").first()
    plan, reflection = build_assignments(bootcamp)
    roster = _roster(bootcamp)
    teams: dict[int, list] = {}
    for entry in roster:
        teams.setdefault(entry.enrollment.organisation_id, []).append(entry)
    contract_first = sorted(teams.values(), key=lambda entries: (
        0 if any(e.user.email == "lead@example.org" for e in entries) else
        1 if any(e.user.email == "other@example.org" for e in entries) else
        2 if any(e.user.email == "certified@example.org" for e in entries) else 3))
    on_time = plan.due_at - timedelta(days=2)
    for index, entries in enumerate(contract_first[:len(PLAN_STATES)]):
        organisation = entries[0].enrollment.organisation
        lead = next((e.user for e in entries if organisation.memberships.active().filter(
            user=e.user, role="lead").exists()), entries[0].user)
        state = PLAN_STATES[index]
        _team_plan(plan, lead, organisation, state, trainer,
                   on_time=plan.due_at + timedelta(hours=10) if state == "late" else on_time)
    for entry in roster:
        state = CONTRACT_REFLECTIONS.get(entry.user.email)
        if state:
            _reflection(reflection, entry.user, state, trainer)
    counts = {}
    for status in Submission.objects.filter(bootcamp=bootcamp).values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    stdout.write(f"assignments: {plan.title} and {reflection.title}; submissions by status: "
                 + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
