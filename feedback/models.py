"""Session feedback: after a live session ends, each attendee may answer once (and edit that
answer until feedback closes).

Who may answer is attendance's rule (`attendance.models.ATTENDED`) on the active roster
(`RosterMemberQuerySet.active()`), applied in `feedback.services.answerable`. Whether names
are hidden from trainers is the organiser's setting per bootcamp (`FeedbackPolicy`), which
a session may override (`SessionFeedbackSettings`); each response keeps the promise made
when it was given (`SessionFeedback.anonymous`).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from courses import tree_cache

RATINGS = (1, 2, 3, 4, 5)
# Plain text, shown escaped: a few paragraphs, as typed on a phone.
MAX_ANSWER_CHARS = 2000
DEFAULT_OPEN_DAYS = 7


class FeedbackPolicy(models.Model):
    """A bootcamp's feedback settings (one row per bootcamp, organisers edit it in the admin)."""

    bootcamp = models.OneToOneField(
        "courses.BootcampPage", on_delete=models.CASCADE, related_name="feedback_policy",
        verbose_name=_("bootcamp"),
    )
    anonymous = models.BooleanField(
        _("anonymous to trainers"), default=False,
        help_text=_("Trainers see the answers without the names of who gave them. "
                    "Organisers still see the names."),
    )
    open_days = models.PositiveSmallIntegerField(
        _("open for (days after the session ends)"), default=DEFAULT_OPEN_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("Until then attendees can give or change their feedback."),
    )

    class Meta:
        verbose_name = _("feedback settings")
        verbose_name_plural = _("feedback settings")

    def __str__(self) -> str:
        return str(self.bootcamp)


class SessionFeedbackSettings(models.Model):
    """A session's override of its bootcamp's anonymity setting."""

    session = models.OneToOneField(
        "courses.LiveSessionPage", on_delete=models.CASCADE, related_name="feedback_settings",
        verbose_name=_("live session"),
    )
    anonymous = models.BooleanField(
        _("anonymous to trainers"), null=True, blank=True,
        help_text=_("Empty: the bootcamp's setting."),
    )

    class Meta:
        verbose_name = _("session feedback setting")
        verbose_name_plural = _("session feedback settings")

    def __str__(self) -> str:
        return str(self.session)


class FeedbackRules:
    """The feedback rules in force for one session: its bootcamp's policy with the
    session's override. The one home of "anonymous?" and "open when?"."""

    def __init__(self, *, session, policy: FeedbackPolicy | None,
                 overrides: SessionFeedbackSettings | None):
        policy = policy or FeedbackPolicy()
        self.anonymous: bool = policy.anonymous
        if overrides is not None and overrides.anonymous is not None:
            self.anonymous = overrides.anonymous
        self.opens_at: datetime = session.ends_at
        self.closes_at: datetime = session.ends_at + timedelta(days=policy.open_days)

    def is_open(self, now: datetime) -> bool:
        """From the session's end (included) until `open_days` later (excluded)."""
        return self.opens_at <= now < self.closes_at

    def not_yet_open(self, now: datetime) -> bool:
        return now < self.opens_at


class SessionFeedback(models.Model):
    """One attendee's feedback on one live session (edited in place until feedback closes)."""

    session = models.ForeignKey(
        "courses.LiveSessionPage", on_delete=models.CASCADE, related_name="feedback",
        verbose_name=_("live session"),
    )
    # Denormalised from the session's place in the tree, as attendance records are.
    bootcamp = models.ForeignKey(
        "courses.BootcampPage", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("bootcamp"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_feedback",
        verbose_name=_("participant"),
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    most_useful = models.TextField(_("what was most useful"), blank=True,
                                   max_length=MAX_ANSWER_CHARS)
    what_to_change = models.TextField(_("what should change"), blank=True,
                                      max_length=MAX_ANSWER_CHARS)
    # The promise made when the answer was given: once anonymous, the answer stays
    # anonymous even if the organisers switch the setting off later.
    anonymous = models.BooleanField(_("anonymous to trainers"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"))
    updated_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("session feedback")
        verbose_name_plural = _("session feedback")
        constraints = [
            models.UniqueConstraint(fields=["user", "session"], name="feedback_one_per_session"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="feedback_rating_1_to_5"),
        ]
        indexes = [models.Index(fields=["session", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.session_id}: {self.rating or '—'}"


def _settings_changed(sender, instance=None, **kwargs):
    """The dashboard reads a bootcamp's feedback settings once per version of its tree
    (feedback.selectors.cached_settings): a saved or deleted one renews it."""
    tree_cache.bump_page_id(getattr(instance, "bootcamp_id", None)
                            or getattr(instance, "session_id", None))


for _model in (FeedbackPolicy, SessionFeedbackSettings):
    models.signals.post_save.connect(_settings_changed, sender=_model,
                                     dispatch_uid=f"feedback.settings_changed.{_model.__name__}")
    models.signals.post_delete.connect(_settings_changed, sender=_model,
                                       dispatch_uid=f"feedback.settings_deleted.{_model.__name__}")
