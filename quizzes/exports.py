"""The attempts-per-question export: which questions people get wrong.

One row per question of each knowledge check (course order), counted over every attempt
of the given participants. Attempts are read in chunks and only their `marks`
({question id: right?}), so memory stays flat whatever the number of attempts; the cells go
through lms.exports (CSV streamed, XLSX write-only) in the caller.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from courses.knowledge_checks import snapshot
from courses.models import BootcampPage, ModulePage
from quizzes.models import Attempt
from quizzes.selectors import check_block, checked_modules

HEADER = ["module", "question_number", "question", "kind", "attempts", "right", "wrong",
          "wrong_percent", "first_attempts", "first_attempts_wrong", "on_the_page"]


@dataclass
class _Count:
    attempts: int = 0
    wrong: int = 0
    first: int = 0
    first_wrong: int = 0

    def add(self, right: bool, first: bool) -> None:
        self.attempts += 1
        self.wrong += not right
        if first:
            self.first += 1
            self.first_wrong += not right


def _questions(module_ids: list[int]) -> dict[int, list[tuple]]:
    """Per module: (question id, text, kind, True) for the page's questions, in order."""
    result: dict[int, list[tuple]] = {}
    for module in ModulePage.objects.filter(pk__in=module_ids):
        value = check_block(module)
        questions = snapshot(value)["questions"] if value is not None else []
        result[module.pk] = [(q["id"], q["text"], q["kind"], True) for q in questions]
    return result


def question_rows(*, bootcamp: BootcampPage, user_ids) -> Iterator[list]:
    """Header, then one row per question. `user_ids`: ids or a values("user_id") queryset."""
    yield HEADER
    checks = checked_modules(bootcamp=bootcamp)
    module_ids = [check.module_id for check in checks]
    counts: dict[tuple[int, str], _Count] = {}
    asked: dict[tuple[int, str], tuple[str, str]] = {}
    rows = (Attempt.objects.filter(bootcamp=bootcamp, module_id__in=module_ids,
                                   user_id__in=user_ids)
            .order_by().values_list("module_id", "number", "marks"))
    for module_id, number, marks in rows.iterator(chunk_size=5000):
        for question_id, right in marks.items():
            key = (module_id, question_id)
            count = counts.get(key)
            if count is None:
                count = counts[key] = _Count()
            count.add(bool(right), number == 1)
    questions = _questions(module_ids)
    for module_id in module_ids:
        on_page = {question_id for question_id, *_rest in questions.get(module_id, [])}
        gone = [key for key in counts if key[0] == module_id and key[1] not in on_page]
        for key in gone:
            asked[key] = _asked_text(module_id, key[1])
    titles = {check.module_id: check.title for check in checks}
    for module_id in module_ids:
        listed = list(questions.get(module_id, []))
        listed += [(key[1], *asked[key], False) for key in asked if key[0] == module_id]
        for number, (question_id, text, kind, present) in enumerate(listed, start=1):
            count = counts.get((module_id, question_id), _Count())
            yield [titles[module_id], number, text, kind, count.attempts,
                   count.attempts - count.wrong, count.wrong,
                   round(100 * count.wrong / count.attempts) if count.attempts else "",
                   count.first, count.first_wrong, "yes" if present else "no (edited out)"]


def _asked_text(module_id: int, question_id: str) -> tuple[str, str]:
    """A question no longer on the page, as the latest attempt that had it asked it."""
    for questions in (Attempt.objects.filter(module_id=module_id).order_by("-pk")
                      .values_list("questions", flat=True)[:50]):
        for question in questions["questions"]:
            if question["id"] == question_id:
                return question["text"], question["kind"]
    return "", ""
