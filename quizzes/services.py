"""Writes: submitting a knowledge check (an attempt) and what passing it completes."""

import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from courses import services as course_services
from courses.knowledge_checks import score
from courses.models import ModulePage, RosterMember
from courses.signals import send_progress_changed
from quizzes.models import Attempt
from quizzes.selectors import current_snapshot


class CheckRefused(Exception):
    """The attempt cannot be recorded; the message says why (shown to the participant)."""


def attempts_left(*, module: ModulePage, made: int) -> int | None:
    """How many more attempts the module allows after `made` (None: no limit)."""
    if module.max_attempts is None:
        return None
    return max(module.max_attempts - made, 0)


def submit_attempt(*, user, module: ModulePage, answers: dict[str, Any], token: uuid.UUID,
                   questions: dict[str, Any] | None = None) -> Attempt:
    """Score and record one attempt at the module's knowledge check.

    Idempotent per `token`: a double submit returns the attempt the first one recorded.
    The attempt limit holds under concurrent submits (the participant's roster row is
    locked while counting; the numbering constraint backs it). `questions` is the snapshot
    the form was built from (the page as it is now if not given). Passing completes the
    module (courses.services.complete_module, the same row as the button).
    """
    bootcamp = module.get_bootcamp()
    if bootcamp is None or not bootcamp.is_participant(user):
        raise CheckRefused(_("Only participants of this bootcamp can answer its checks."))
    questions = questions or current_snapshot(module)
    if not questions or not questions["questions"]:
        raise CheckRefused(_("This module has no knowledge check."))
    result = score(questions, answers)
    try:
        with transaction.atomic():
            # Serialises this participant's submits (not anyone else's) while counting; the
            # token is looked up after the lock, so the second request of a double submit
            # finds the first one's attempt (committed) rather than counting it.
            list(RosterMember.objects.active().select_for_update()
                 .filter(bootcamp=bootcamp, user=user).values_list("pk", flat=True))
            existing = Attempt.objects.filter(user=user, token=token).first()
            if existing is not None:
                return existing
            made = Attempt.objects.filter(user=user, module=module).count()
            if attempts_left(module=module, made=made) == 0:
                raise CheckRefused(_("You have used all %(count)d attempts at this check.")
                                   % {"count": module.max_attempts})
            attempt = Attempt.objects.create(
                user=user, module=module, bootcamp=bootcamp, number=made + 1, token=token,
                revision_id=module.live_revision_id, questions=questions, answers=answers,
                marks=result.marks, correct=result.correct, total=result.total,
                pass_mark=module.pass_mark, passed=result.passes(module.pass_mark),
            )
    except IntegrityError:
        # The other request of a double submit (same token) won the race.
        existing = Attempt.objects.filter(user=user, token=token).first()
        if existing is None:
            raise CheckRefused(_("Another attempt was being recorded at the same moment. "
                                 "Please try again.")) from None
        return existing
    if attempt.passed:
        # The same row as the button; progress_changed (certificates) is sent either way,
        # since a module completed before its check was added gains nothing new here.
        course_services.complete_module(user=user, module=module)
        send_progress_changed(bootcamp_id=bootcamp.pk, user_ids=[user.pk])
    return attempt


def completion_refusal(*, user, module: ModulePage) -> str | None:
    """The completion gate (registered in wagtail_hooks): a module with a pass mark and a
    knowledge check is complete only once the check is passed."""
    if module.pass_mark is None or current_snapshot(module) is None:
        return None
    if Attempt.objects.filter(user=user, module=module, passed=True).exists():
        return None
    return _("Pass the knowledge check (%(mark)d%% right) to complete this module.") % {
        "mark": module.pass_mark}
