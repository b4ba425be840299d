"""Attempts at a module's knowledge check: immutable facts, one row per submitted form.

Who sees them: a participant their own (quizzes.selectors.attempts_of, by the signed-in
user); staff through the dashboards' access rule (dashboards.access), per bootcamp."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.knowledge_checks import Score


class Attempt(models.Model):
    """One submitted knowledge check. Never updated: it keeps the questions as they were
    asked (`questions`, a courses.knowledge_checks snapshot), the answers, the score and the
    pass mark that applied, so later edits of the page never re-score it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_attempts")
    module = models.ForeignKey(
        "courses.ModulePage", on_delete=models.CASCADE, related_name="check_attempts")
    # Denormalised from the module's place in the tree: dashboards aggregate per bootcamp.
    bootcamp = models.ForeignKey(
        "courses.BootcampPage", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveSmallIntegerField(_("attempt"))
    # From the form: a double submit (two taps, a resent POST) carries the same token.
    token = models.UUIDField()
    # The page revision the questions came from (for the record; scoring uses `questions`).
    revision_id = models.PositiveBigIntegerField(null=True, blank=True)
    questions = models.JSONField()
    answers = models.JSONField()
    # {question id: right?} as scored then: what the per-question export counts, without
    # reading every attempt's questions.
    marks = models.JSONField(default=dict)
    correct = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField()
    pass_mark = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField()
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("knowledge check attempt")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="attempt_once_per_token"),
            # Two concurrent submits with different tokens cannot both be attempt n (and
            # so cannot pass the attempt limit together).
            models.UniqueConstraint(fields=["user", "module", "number"],
                                    name="attempt_numbered_once"),
        ]
        indexes = [models.Index(fields=["bootcamp", "user"], name="attempt_bootcamp_user")]

    def __str__(self) -> str:
        return f"{self.user} on {self.module_id}: {self.correct}/{self.total}"

    def save(self, *args, **kwargs):
        # An attempt is a record of what happened: a correction is a new attempt, never an
        # edit (the dashboards and certificates read these rows as facts).
        if not self._state.adding:
            raise ValueError("A knowledge check attempt is never changed once recorded.")
        super().save(*args, **kwargs)

    @property
    def score(self) -> Score:
        return Score(correct=self.correct, total=self.total)

    @property
    def percent(self) -> int:
        return self.score.percent
