"""Writes and the rules of session feedback: who may answer, and answering once.

Views, the dashboard and the notification scheduler all ask `answerable()`; the one write
is `submit_feedback()`.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from attendance.models import ATTENDED, AttendanceRecord
from courses.models import BootcampPage, LiveSessionPage, RosterMember
from feedback.models import (
    MAX_ANSWER_CHARS,
    FeedbackPolicy,
    FeedbackRules,
    SessionFeedback,
    SessionFeedbackSettings,
)


class FeedbackRefused(Exception):
    """Feedback this person may not give (now); the message says why, for them."""


def rules_for_session(*, session: LiveSessionPage, bootcamp: BootcampPage) -> FeedbackRules:
    """The session's feedback rules (two queries)."""
    return FeedbackRules(
        session=session,
        policy=FeedbackPolicy.objects.filter(bootcamp=bootcamp).first(),
        overrides=SessionFeedbackSettings.objects.filter(session=session).first(),
    )


def attendee_ids(*, session: LiveSessionPage, bootcamp: BootcampPage):
    """The people who may answer: attended the session (attendance's ATTENDED) and are on
    the bootcamp's active roster. A queryset of user ids (one subquery)."""
    roster = RosterMember.objects.active().filter(bootcamp=bootcamp).values("user_id")
    return AttendanceRecord.objects.filter(
        session=session, status__in=ATTENDED, user_id__in=roster).values("user_id")


def is_attendee(*, user, session: LiveSessionPage, bootcamp: BootcampPage) -> bool:
    return attendee_ids(session=session, bootcamp=bootcamp).filter(user_id=user.pk).exists()


def _moment(bootcamp: BootcampPage, moment: datetime) -> str:
    local = bootcamp.local(moment)
    return f"{date_format(local, 'j F Y, H:i')} {local.tzname()}"


def refusal(*, user, session: LiveSessionPage, bootcamp: BootcampPage, rules: FeedbackRules,
            now: datetime | None = None) -> str | None:
    """Why `user` may not give or change feedback on this session now, or None when they may.

    In order: not yet ended, closed, not an attendee. (Closed comes before "not an
    attendee" so nobody is told to get their attendance fixed for a form that is shut.)"""
    now = now or timezone.now()
    if rules.not_yet_open(now):
        return _("Feedback opens when the session ends, at %(moment)s.") % {
            "moment": _moment(bootcamp, rules.opens_at)}
    if not rules.is_open(now):
        return _("Feedback on this session closed at %(moment)s.") % {
            "moment": _moment(bootcamp, rules.closes_at)}
    if not is_attendee(user=user, session=session, bootcamp=bootcamp):
        return _("Feedback is for the people who attended this session, and our attendance "
                 "records do not show you as present. If you did attend, ask the trainer to "
                 "correct your attendance; then you can give feedback here.")
    return None


@dataclass(frozen=True)
class Answers:
    rating: int | None
    most_useful: str
    what_to_change: str

    def clean(self) -> "Answers":
        if self.rating is not None and self.rating not in range(1, 6):
            raise FeedbackRefused(_("Choose a rating from 1 to 5."))
        for text in (self.most_useful, self.what_to_change):
            if len(text) > MAX_ANSWER_CHARS:
                raise FeedbackRefused(_("Keep each answer under %(max)d characters.")
                                      % {"max": MAX_ANSWER_CHARS})
        if self.rating is None and not self.most_useful.strip() and not (
                self.what_to_change.strip()):
            raise FeedbackRefused(_("Give a rating or write an answer: an empty form "
                                    "tells the trainers nothing."))
        return Answers(self.rating, self.most_useful.strip(), self.what_to_change.strip())


def submit_feedback(*, user, session: LiveSessionPage, bootcamp: BootcampPage,
                    answers: Answers, now: datetime | None = None
                    ) -> tuple[SessionFeedback, bool]:
    """Give or change `user`'s feedback on `session`: one row per person and session,
    whatever the number of clicks (the unique constraint decides a race; the loser updates
    the winner's row). Returns (response, created). Raises FeedbackRefused."""
    now = now or timezone.now()
    answers = answers.clean()
    rules = rules_for_session(session=session, bootcamp=bootcamp)
    reason = refusal(user=user, session=session, bootcamp=bootcamp, rules=rules, now=now)
    if reason:
        raise FeedbackRefused(reason)
    fields = {"rating": answers.rating, "most_useful": answers.most_useful,
              "what_to_change": answers.what_to_change, "updated_at": now}
    with transaction.atomic():
        existing = SessionFeedback.objects.select_for_update().filter(
            user=user, session=session).first()
        if existing is None:
            try:
                with transaction.atomic():
                    return SessionFeedback.objects.create(
                        user=user, session=session, bootcamp=bootcamp, submitted_at=now,
                        anonymous=rules.anonymous, **fields), True
            except IntegrityError:
                # A second click got there first: this one changes that row instead.
                existing = SessionFeedback.objects.select_for_update().get(
                    user=user, session=session)
        for name, value in fields.items():
            setattr(existing, name, value)
        # Once anonymous, always: the promise made when the answer was first given holds.
        existing.anonymous = existing.anonymous or rules.anonymous
        existing.save(update_fields=[*fields, "anonymous"])
        return existing, False
