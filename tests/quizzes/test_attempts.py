"""Submitting attempts: kept, numbered, limited, idempotent, never re-scored."""

import uuid

import pytest

from courses import services as course_services
from courses.models import ModuleCompletion
from quizzes import services
from quizzes.models import Attempt
from tests.courses.factories import build_bootcamp, enrol
from tests.quizzes.factories import RIGHT, add_check, single_choice

WRONG = {**RIGHT, "q-consent": [1], "q-optout": [0]}  # 2 of 4: 50 %


def submit(user, module, answers, token=None):
    return services.submit_attempt(user=user, module=module, answers=answers,
                                   token=token or uuid.uuid4())


def test_every_attempt_is_kept_and_numbered(module, participant):
    first = submit(participant, module, WRONG)
    second = submit(participant, module, RIGHT)
    assert [(a.number, a.correct, a.passed) for a in Attempt.objects.order_by("number")] == [
        (1, 2, False), (2, 4, True)]
    assert first.answers == WRONG and second.answers == RIGHT
    assert first.pass_mark == 70


def test_failing_does_not_complete_passing_does(module, participant):
    submit(participant, module, WRONG)
    assert not ModuleCompletion.objects.filter(user=participant, module=module).exists()
    submit(participant, module, RIGHT)
    assert ModuleCompletion.objects.filter(user=participant, module=module).exists()


def test_a_check_without_pass_mark_is_passed_by_any_attempt(bootcamp, participant, module):
    module = add_check(module, pass_mark=None)
    attempt = submit(participant, module, WRONG)
    assert attempt.passed
    assert ModuleCompletion.objects.filter(user=participant, module=module).exists()


def test_attempt_limit(bootcamp, participant, module):
    module = add_check(module, max_attempts=2)
    submit(participant, module, WRONG)
    submit(participant, module, WRONG)
    with pytest.raises(services.CheckRefused, match="all 2 attempts"):
        submit(participant, module, RIGHT)
    assert Attempt.objects.count() == 2
    assert services.attempts_left(module=module, made=2) == 0


def test_unlimited_attempts(participant, module):
    for _ in range(5):
        submit(participant, module, WRONG)
    assert Attempt.objects.count() == 5
    assert services.attempts_left(module=module, made=5) is None


def test_double_submit_with_the_same_token_records_one_attempt(participant, module):
    token = uuid.uuid4()
    first = submit(participant, module, WRONG, token)
    again = submit(participant, module, RIGHT, token)
    assert again.pk == first.pk
    assert Attempt.objects.count() == 1


def test_editing_questions_later_never_rescores_old_attempts(participant, module):
    old = submit(participant, module, RIGHT)
    # The trainer changes the right answer of the consent question and adds one.
    add_check(module, questions=[
        single_choice(options=(("opt-in consent", False, ""), ("phone number only", True, ""))),
        single_choice(text="New question", id="q-new")])
    old.refresh_from_db()
    assert (old.correct, old.total, old.passed) == (4, 4, True)
    assert old.questions["questions"][0]["options"][0]["correct"] is True
    assert len(old.questions["questions"]) == 4
    newer = submit(participant, module.__class__.objects.get(pk=module.pk),
                   {"q-consent": [0], "q-new": [0]})
    assert (newer.correct, newer.total) == (1, 2)


def test_only_participants_on_an_active_roster_answer(module, bootcamp, team):
    other_bootcamp = build_bootcamp(title="Other", slug="other")
    outsider = enrol(other_bootcamp)[1][0]
    with pytest.raises(services.CheckRefused):
        submit(outsider, module, RIGHT)
    removed = team[1][2]
    team[0].roster.filter(user=removed).update(removed_at="2026-01-01T00:00Z")
    with pytest.raises(services.CheckRefused):
        submit(removed, module, RIGHT)
    assert not Attempt.objects.exists()


def test_marking_complete_by_hand_is_refused_until_passed(module, participant):
    with pytest.raises(course_services.CompletionRefused, match="70%"):
        course_services.complete_module(user=participant, module=module)
    submit(participant, module, RIGHT)
    course_services.complete_module(user=participant, module=module)  # no error: passed


def test_an_attempt_is_never_changed(participant, module):
    attempt = submit(participant, module, WRONG)
    attempt.correct = 4
    with pytest.raises(ValueError, match="never changed"):
        attempt.save()
