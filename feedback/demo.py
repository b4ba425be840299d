"""Demo state for the feedback app (called by load_demo after attendance.demo).

- The demo bootcamp's feedback settings: open for 7 days after each session, names shown;
  the Day 1 afternoon session is anonymous to trainers (a per-session override).
- Each Day 1 session that is over has feedback from most of its attendees: ratings from 2
  to 5, comments in English and Hindi. certified@example.org (present at every session)
  has not answered yet, so their dashboard shows "Tell us how Day 1 went".

Idempotent: a person who already answered is left as they are.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from courses.models import BootcampPage, LiveSessionPage, StagePage
from feedback.models import FeedbackPolicy, SessionFeedback, SessionFeedbackSettings
from feedback.services import Answers, FeedbackRefused, attendee_ids, submit_feedback

SLUG = "chat-for-impact"
LEFT_TO_ANSWER = "certified@example.org"
# Cycled over the attendees: (rating, most useful, what should change).
ANSWERS = [
    (5, "The role-play of a helpline conversation, and the consent wording we can reuse.",
     "More time for questions at the end."),
    (4, "Template messages: now I know why ours were rejected.", ""),
    (3, "", "The opt-out part went too fast for those of us new to WhatsApp Business."),
    (5, "हेल्पलाइन पर सहमति कैसे लें, यह उदाहरण बहुत काम का था।",
     "सत्र हिंदी में भी हो तो अच्छा रहेगा।"),
    (2, "", "The audio kept breaking up; please share the slides before the session."),
    (4, "Escalation: who calls back and when. We will copy the rota.", ""),
    (None, "The checklist for the first week of the helpline.", ""),
]


def load(stdout) -> None:
    bootcamp = BootcampPage.objects.filter(slug=SLUG).first()
    if bootcamp is None:
        stdout.write("feedback: no demo bootcamp (slug chat-for-impact): skipped")
        return
    FeedbackPolicy.objects.get_or_create(bootcamp=bootcamp)
    now = timezone.now()
    day_one = StagePage.objects.child_of(bootcamp).filter(slug="day-1").first()
    sessions = list(LiveSessionPage.objects.live().descendant_of(day_one).order_by("starts_at")
                    ) if day_one else []
    if len(sessions) > 1:
        SessionFeedbackSettings.objects.get_or_create(session=sessions[1],
                                                      defaults={"anonymous": True})
    users = get_user_model().objects
    given = 0
    for session in sessions:
        if not session.has_ended(now):
            continue
        people = list(users.filter(pk__in=attendee_ids(session=session, bootcamp=bootcamp))
                      .exclude(email=LEFT_TO_ANSWER).order_by("email"))
        answered = set(SessionFeedback.objects.filter(session=session)
                       .values_list("user_id", flat=True))
        for index, user in enumerate(people):
            # Every fifth attendee gave no feedback: a response rate under 100 %.
            if user.pk in answered or index % 5 == 4:
                continue
            rating, useful, change = ANSWERS[(index + session.pk) % len(ANSWERS)]
            try:
                submit_feedback(user=user, session=session, bootcamp=bootcamp,
                                answers=Answers(rating, useful, change),
                                now=min(now, session.ends_at + timedelta(minutes=5 + index)))
            except FeedbackRefused:
                continue  # closed (a demo loaded long ago): leave it
            given += 1
    stdout.write(f"feedback: {given} responses on {len(sessions)} Day 1 sessions")
