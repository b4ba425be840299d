"""The knowledge check on the course pages, through courses' hooks (courses never imports
this app): the module page's form (posted to quizzes.views.submit_check) and results, the
completion gate and the dashboard's scores."""

from django.urls import reverse
from wagtail import hooks

from courses.models import PAGE_CONTEXT_HOOK, ModulePage
from courses.progress import DASHBOARD_PROGRESS_HOOK, ProgressSource
from courses.services import COMPLETION_GATE_HOOK
from quizzes import services
from quizzes.forms import CheckForm
from quizzes.selectors import attempt_review, attempts_of, check_progress, current_snapshot


@hooks.register(PAGE_CONTEXT_HOOK)
def knowledge_check_context(*, page, request, context) -> dict | None:
    """What the module page's knowledge check block shows (`knowledge_check`): the form
    while attempts are left, the latest attempt's feedback, the attempts so far."""
    if not isinstance(page, ModulePage):
        return None
    questions = current_snapshot(page)
    if questions is None:
        return None
    user = request.user
    participant = context["bootcamp"].is_participant(user)
    attempts = attempts_of(user=user, module=page) if participant else []
    left = services.attempts_left(module=page, made=len(attempts))
    latest = attempts[-1] if attempts else None
    passed = any(attempt.passed for attempt in attempts)
    form = getattr(request, "knowledge_check_form", None)
    # Once passed, the form goes: the check has done its job (the attempts stay listed).
    open_for_answers = participant and left != 0 and not passed
    if form is None and open_for_answers:
        form = CheckForm(questions=questions, revision_id=page.live_revision_id)
    return {"knowledge_check": {
        "title": questions["title"],
        "intro": questions.get("intro", ""),
        "participant": participant,
        "action": reverse("quizzes:submit", args=[page.pk]),
        "questions": questions["questions"],
        "pass_mark": page.pass_mark,
        "max_attempts": page.max_attempts,
        "attempts": attempts,
        "attempts_left": left,
        "latest": latest,
        "review": attempt_review(latest) if latest else [],
        # The right answers once they give nothing away: passed, or no attempt left.
        "show_right_answers": passed or left == 0,
        "passed": passed,
        "form": form if open_for_answers else None,
    }}


@hooks.register(COMPLETION_GATE_HOOK)
def knowledge_check_gate(*, user, module) -> str | None:
    return services.completion_refusal(user=user, module=module)


@hooks.register(DASHBOARD_PROGRESS_HOOK)
def knowledge_check_dashboard_progress() -> ProgressSource:
    return ProgressSource("quizzes", check_progress,
                          dashboard_template="quizzes/dashboard_progress.html")
