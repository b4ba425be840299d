"""Knowledge-check blocks for a module's lesson, and the pure functions that score them.

They live below `courses.models` (the module page's StreamField uses them) and import no
app: attempts, forms and completion gating are the `quizzes` app's, which sits above
courses. Scoring works on a *snapshot* — plain data taken from the block when someone
answers and stored with the attempt — so an attempt keeps the questions, options and
correct answers it was asked with, and editing the page later never re-scores it.

A snapshot is ``{"title": str, "intro": str, "questions": [question, ...]}`` where a question is
``{"id", "kind", "text", "options": [{"text", "correct", "feedback"}], "accepted": [str],
"feedback_correct", "feedback_incorrect", "explanation"}`` (options for the choice kinds
and true/false, accepted answers for short text). An answer is a list of option indexes
(choice kinds) or a string (short text).
"""

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

SINGLE_CHOICE = "single_choice"
MULTIPLE_CHOICE = "multiple_choice"
TRUE_FALSE = "true_false"
SHORT_TEXT = "short_text"
CHOICE_KINDS = (SINGLE_CHOICE, MULTIPLE_CHOICE, TRUE_FALSE)
# The options of a true/false question, in snapshot order (index 0 is "true").
TRUE_FALSE_LABELS = (_("True"), _("False"))

# Size limits: authored text is shown to every participant, typed answers are stored.
QUESTION_MAX_LENGTH = 500
OPTION_MAX_LENGTH = 300
FEEDBACK_MAX_LENGTH = 500
EXPLANATION_MAX_LENGTH = 2000
ANSWER_MAX_LENGTH = 200
MAX_QUESTIONS = 30
MAX_OPTIONS = 10

# Stripped from both ends of a typed answer: a full stop or the Devanagari danda the
# participant's keyboard adds should not make a right answer wrong.
_EDGE_PUNCTUATION = " .!?,;:।॥\"'"


class ChoiceOptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Option"), max_length=OPTION_MAX_LENGTH)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    feedback = blocks.CharBlock(
        label=_("Feedback"), required=False, max_length=FEEDBACK_MAX_LENGTH,
        help_text=_("Shown after answering to those who chose this option."),
    )

    class Meta:
        icon = "radio-full"


class _ChoiceQuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=QUESTION_MAX_LENGTH)
    options = blocks.ListBlock(ChoiceOptionBlock(), label=_("Options"), min_num=2,
                               max_num=MAX_OPTIONS)
    explanation = blocks.TextBlock(
        label=_("Explanation"), required=False, max_length=EXPLANATION_MAX_LENGTH,
        help_text=_("Shown to everyone after answering."),
    )

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for option in value["options"] if option["correct"])
        message = self.correct_count_error(correct)
        if message:
            raise StructBlockValidationError(block_errors={"options": ValidationError(message)})
        return value

    def correct_count_error(self, correct: int) -> str | None:
        raise NotImplementedError


class SingleChoiceBlock(_ChoiceQuestionBlock):
    def correct_count_error(self, correct: int) -> str | None:
        if correct != 1:
            return _("Mark exactly one option as correct.")
        return None

    class Meta:
        icon = "radio-full"
        label = _("Single choice")


class MultipleChoiceBlock(_ChoiceQuestionBlock):
    def correct_count_error(self, correct: int) -> str | None:
        if correct < 1:
            return _("Mark at least one option as correct.")
        return None

    class Meta:
        icon = "tick-inverse"
        label = _("Multiple choice")


class TrueFalseBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Statement"), max_length=QUESTION_MAX_LENGTH)
    answer = blocks.BooleanBlock(label=_("The statement is true"), required=False)
    feedback_true = blocks.CharBlock(
        label=_("Feedback for “true”"), required=False, max_length=FEEDBACK_MAX_LENGTH)
    feedback_false = blocks.CharBlock(
        label=_("Feedback for “false”"), required=False, max_length=FEEDBACK_MAX_LENGTH)
    explanation = blocks.TextBlock(
        label=_("Explanation"), required=False, max_length=EXPLANATION_MAX_LENGTH)

    class Meta:
        icon = "help"
        label = _("True or false")


class ShortTextBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=QUESTION_MAX_LENGTH)
    accepted_answers = blocks.ListBlock(
        blocks.CharBlock(label=_("Accepted answer"), max_length=ANSWER_MAX_LENGTH),
        label=_("Accepted answers"), min_num=1, max_num=MAX_OPTIONS,
        help_text=_("Any of these counts as right, ignoring capitals, spaces and a final "
                    "full stop."),
    )
    feedback_correct = blocks.CharBlock(
        label=_("Feedback when right"), required=False, max_length=FEEDBACK_MAX_LENGTH)
    feedback_incorrect = blocks.CharBlock(
        label=_("Feedback when wrong"), required=False, max_length=FEEDBACK_MAX_LENGTH)
    explanation = blocks.TextBlock(
        label=_("Explanation"), required=False, max_length=EXPLANATION_MAX_LENGTH)

    class Meta:
        icon = "edit"
        label = _("Short text")


class QuestionStreamBlock(blocks.StreamBlock):
    single_choice = SingleChoiceBlock()
    multiple_choice = MultipleChoiceBlock()
    true_false = TrueFalseBlock()
    short_text = ShortTextBlock()

    class Meta:
        min_num = 1
        max_num = MAX_QUESTIONS


class KnowledgeCheckBlock(blocks.StructBlock):
    """The questions of a module, answered in one form. The pass mark and the number of
    attempts are settings of the module page (one check per module)."""

    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    intro = blocks.TextBlock(label=_("Introduction"), required=False, max_length=1000)
    questions = QuestionStreamBlock(label=_("Questions"))

    class Meta:
        icon = "form"
        label = _("Knowledge check")
        template = "courses/blocks/knowledge_check_block.html"


# --- Snapshots ----------------------------------------------------------------------------


def _option(text: str, correct: bool, feedback: str) -> dict[str, Any]:
    return {"text": text, "correct": bool(correct), "feedback": feedback or ""}


def snapshot(check_value) -> dict[str, Any]:
    """Plain data of a knowledge check block's value: what the attempt stores as asked."""
    questions = []
    for child in check_value["questions"]:
        value = child.value
        question: dict[str, Any] = {
            "id": str(child.id), "kind": child.block_type, "text": value["question"],
            "options": [], "accepted": [], "feedback_correct": "", "feedback_incorrect": "",
            "explanation": value.get("explanation") or "",
        }
        if child.block_type in (SINGLE_CHOICE, MULTIPLE_CHOICE):
            question["options"] = [
                _option(option["text"], option["correct"], option["feedback"])
                for option in value["options"]
            ]
        elif child.block_type == TRUE_FALSE:
            # Index 0 is "true", 1 is "false"; the labels are translated when shown.
            question["options"] = [
                _option("true", value["answer"], value["feedback_true"]),
                _option("false", not value["answer"], value["feedback_false"]),
            ]
        elif child.block_type == SHORT_TEXT:
            question["accepted"] = list(value["accepted_answers"])
            question["feedback_correct"] = value["feedback_correct"] or ""
            question["feedback_incorrect"] = value["feedback_incorrect"] or ""
        questions.append(question)
    return {"title": check_value["title"] or "", "intro": check_value["intro"] or "",
            "questions": questions}


# --- Scoring ------------------------------------------------------------------------------


def normalise_text(text: str) -> str:
    """A typed answer as compared: Unicode NFC (Devanagari typed with a precomposed or a
    combining nukta compares equal), case-folded, inner whitespace collapsed, surrounding
    punctuation dropped."""
    text = unicodedata.normalize("NFC", text or "").casefold()
    return " ".join(text.split()).strip(_EDGE_PUNCTUATION)


def is_correct(question: dict[str, Any], answer) -> bool:
    """Whether `answer` is right for one snapshot question."""
    kind = question["kind"]
    if kind == SHORT_TEXT:
        given = normalise_text(answer if isinstance(answer, str) else "")
        return bool(given) and given in {normalise_text(a) for a in question["accepted"]}
    chosen = set(answer or []) if isinstance(answer, list) else set()
    right = {index for index, option in enumerate(question["options"]) if option["correct"]}
    if kind in (SINGLE_CHOICE, TRUE_FALSE):
        return len(chosen) == 1 and chosen == right
    return chosen == right  # multiple choice: exactly the right set


def feedback_for(question: dict[str, Any], answer) -> list[str]:
    """The feedback texts the participant sees for their answer (chosen options' feedback,
    or the right/wrong feedback of a short text question)."""
    if question["kind"] == SHORT_TEXT:
        text = question["feedback_correct"] if is_correct(question, answer) else question[
            "feedback_incorrect"]
        return [text] if text else []
    options = question["options"]
    return [options[index]["feedback"] for index in (answer or [])
            if isinstance(index, int) and 0 <= index < len(options) and options[index]["feedback"]]


@dataclass(frozen=True)
class Score:
    correct: int
    total: int
    marks: dict[str, bool] = field(default_factory=dict)  # {question id: right?}

    @property
    def percent(self) -> int:
        return (100 * self.correct) // self.total if self.total else 0

    def passes(self, pass_mark: int | None) -> bool:
        """Whether the score reaches the pass mark (a percentage; None: any attempt
        passes). Compared exactly, not on the rounded percentage: 2 of 3 is below 67 %."""
        if pass_mark is None:
            return True
        return self.total > 0 and self.correct * 100 >= pass_mark * self.total


def score(questions_snapshot: dict[str, Any], answers: dict[str, Any]) -> Score:
    """Score answers ({question id: answer}) against the snapshot they were asked with."""
    questions = questions_snapshot["questions"]
    marks = {question["id"]: is_correct(question, answers.get(question["id"]))
             for question in questions}
    return Score(correct=sum(marks.values()), total=len(questions), marks=marks)
