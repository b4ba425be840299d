"""Reads: which modules carry a knowledge check, and where each participant stands.

Every function runs a constant number of queries whatever the number of participants:
dashboards ask for 10,000 organisations at a time.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Max, Q

from courses import tree_cache
from courses.knowledge_checks import (
    SHORT_TEXT,
    TRUE_FALSE,
    TRUE_FALSE_LABELS,
    feedback_for,
    is_correct,
    snapshot,
)
from courses.models import BootcampPage, ModulePage
from courses.progress import course_outline
from quizzes.models import Attempt

CHECK_BLOCK = "knowledge_check"


def check_block(module: ModulePage):
    """The module's knowledge check block value (the first; there is at most one), or None."""
    return next((block.value for block in module.body if block.block_type == CHECK_BLOCK), None)


@dataclass(frozen=True)
class CheckedModule:
    """A live module of the bootcamp with a knowledge check (what the rules count)."""

    module_id: int
    title: str
    required: bool
    pass_mark: int | None
    max_attempts: int | None
    questions: int


def checked_modules(*, bootcamp: BootcampPage) -> list[CheckedModule]:
    """The bootcamp's live modules that carry a knowledge check, in course order. Reading
    the lesson bodies costs a query per tree version (courses.tree_cache), not per call."""
    return tree_cache.remembered("knowledge_checks", bootcamp, lambda: _checked(bootcamp))


def _checked(bootcamp: BootcampPage) -> list[CheckedModule]:
    ids = [module.pk for module in course_outline(bootcamp=bootcamp).modules]
    modules = ModulePage.objects.filter(pk__in=ids).order_by("path")
    result = []
    for module in modules:
        value = check_block(module)
        if value is not None:
            result.append(CheckedModule(
                module_id=module.pk, title=module.title, required=module.required,
                pass_mark=module.pass_mark, max_attempts=module.max_attempts,
                questions=len(value["questions"]),
            ))
    return result


def required_checks(*, bootcamp: BootcampPage) -> list[CheckedModule]:
    """The checks the "all knowledge checks passed" rule asks for: those of required modules."""
    return [check for check in checked_modules(bootcamp=bootcamp) if check.required]


def current_snapshot(module: ModulePage) -> dict[str, Any] | None:
    """The module's check as it is now (None: no check), in the language its content is
    shown in (lms.page_languages.page_in_language). For a live page served from the
    tree cache (lms.routing), built once per published revision rather than per request,
    as the lesson's HTML is (ModulePage.rendered_body). Read-only."""

    def build() -> dict[str, Any] | None:
        value = check_block(module)
        return snapshot(value) if value is not None else None

    bootcamp = getattr(module, "_bootcamp", None)
    if not getattr(module, "_from_tree_cache", False) or not module.live or bootcamp is None:
        return build()
    # Per content shown too: a Hindi reader's copy carries its translation's questions.
    shown = getattr(module, "shown_translation", None)
    return tree_cache.remembered(
        ("check", module.pk, module.live_revision_id, shown.pk if shown else None),
        bootcamp, build)


def attempts_of(*, user, module: ModulePage) -> list[Attempt]:
    """The user's own attempts at a module, oldest first."""
    if not user.is_authenticated:
        return []
    return list(Attempt.objects.filter(user=user, module=module).order_by("number"))


def has_passed(*, user, module_id: int) -> bool:
    return Attempt.objects.filter(user=user, module_id=module_id, passed=True).exists()


@dataclass(frozen=True)
class CheckState:
    """One participant on one check: attempts made, best score, passed."""

    check: CheckedModule
    attempts: int = 0
    best_percent: int | None = None
    passed: bool = False


@dataclass(frozen=True)
class CheckProgress:
    """A participant's knowledge checks in a bootcamp (the dashboard's "scores")."""

    items: tuple[CheckState, ...] = field(default_factory=tuple)

    @property
    def missing(self) -> tuple[CheckState, ...]:
        """Required checks not passed yet (what the certificate rule names)."""
        return tuple(item for item in self.items if item.check.required and not item.passed)

    @property
    def passed_count(self) -> int:
        return sum(1 for item in self.items if item.passed)

    @property
    def average_percent(self) -> int | None:
        """The mean of the best scores of the checks attempted (None: none attempted)."""
        scores = [item.best_percent for item in self.items if item.best_percent is not None]
        return round(sum(scores) / len(scores)) if scores else None


def check_progress(*, bootcamp: BootcampPage, user_ids: Iterable[int]) -> dict[int, CheckProgress]:
    """Each user's state on every knowledge check of the bootcamp: one query (plus the
    cached list of checks)."""
    ids = list(user_ids)
    checks = checked_modules(bootcamp=bootcamp)
    if not checks or not ids:
        return {user_id: CheckProgress(tuple(CheckState(check) for check in checks))
                for user_id in ids}
    rows = (
        Attempt.objects.filter(user_id__in_ids=ids, module_id__in=[c.module_id for c in checks])
        .values("user_id", "module_id")
        .annotate(attempts=Count("pk"), best=Max(F("correct") * 100 / F("total")),
                  passed_count=Count("pk", filter=Q(passed=True)))
    )
    facts = {(row["user_id"], row["module_id"]): row for row in rows}
    result = {}
    for user_id in ids:
        items = []
        for check in checks:
            row = facts.get((user_id, check.module_id))
            items.append(CheckState(check) if row is None else CheckState(
                check, attempts=row["attempts"], best_percent=int(row["best"]),
                passed=row["passed_count"] > 0))
        result[user_id] = CheckProgress(tuple(items))
    return result


@dataclass(frozen=True)
class AnswerReview:
    """One question of an attempt as the participant sees it after answering."""

    question: dict[str, Any]
    answer_labels: list[str]
    correct: bool
    feedback: list[str]
    right_labels: list[str]  # shown only when `show_right_answers` (no giving away on a retry)


def _labels(question: dict[str, Any], answer) -> list[str]:
    if question["kind"] == SHORT_TEXT:
        return [answer] if isinstance(answer, str) and answer else []
    labels = ([str(label) for label in TRUE_FALSE_LABELS] if question["kind"] == TRUE_FALSE
              else [option["text"] for option in question["options"]])
    return [labels[index] for index in (answer or [])
            if isinstance(index, int) and 0 <= index < len(labels)]


def attempt_review(attempt: Attempt) -> list[AnswerReview]:
    """Each question of the attempt, from its own snapshot (never the page as it is now)."""
    result = []
    for question in attempt.questions["questions"]:
        answer = attempt.answers.get(question["id"])
        if question["kind"] == SHORT_TEXT:
            right = list(question["accepted"][:1])
        else:
            right = _labels(question, [index for index, option in enumerate(question["options"])
                                       if option["correct"]])
        result.append(AnswerReview(
            question=question, answer_labels=_labels(question, answer),
            correct=is_correct(question, answer), feedback=feedback_for(question, answer),
            right_labels=right,
        ))
    return result


def participant_attempts(*, bootcamp: BootcampPage, user) -> list[tuple[str, list]]:
    """For a staff drill-down: per checked module (course order), the participant's
    attempts with their review. Two queries (plus the cached checks)."""
    checks = checked_modules(bootcamp=bootcamp)
    by_module: dict[int, list] = {check.module_id: [] for check in checks}
    for attempt in Attempt.objects.filter(bootcamp=bootcamp, user=user,
                                          module_id__in=list(by_module)).order_by("number"):
        by_module[attempt.module_id].append((attempt, attempt_review(attempt)))
    return [(check.title, by_module[check.module_id]) for check in checks
            if by_module[check.module_id]]
