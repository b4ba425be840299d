"""Reads of session feedback: the results page and export, the participant dashboard's
"Tell us how Day 1 went", the session page's panel and who is still to be asked.

Each runs a constant number of queries whatever the number of responses or participants.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Subquery, Sum
from django.utils import timezone

from attendance import services as attendance_services
from attendance.models import ATTENDED
from attendance.progress import AttendanceProgress
from courses import tree_cache
from courses.models import BootcampPage, LiveSessionPage, RosterMember
from courses.progress import course_outline
from feedback.models import (
    RATINGS,
    FeedbackPolicy,
    FeedbackRules,
    SessionFeedback,
    SessionFeedbackSettings,
)
from feedback.services import attendee_ids, refusal, rules_for_session
from lms.roles import is_organiser


def sees_names(user) -> bool:
    """Organisers see who gave an anonymous answer; trainers never do (the promise made)."""
    return is_organiser(user)


# --- Results (trainers and organisers) ------------------------------------------------------


@dataclass(frozen=True)
class RatingBar:
    rating: int
    count: int
    percent: int  # of the rated responses, for the bar's width


@dataclass(frozen=True)
class Comment:
    rating: int | None
    most_useful: str
    what_to_change: str
    name: str | None  # None: anonymous to this viewer
    organisation: str | None
    submitted_at: datetime


@dataclass
class SessionResults:
    session: LiveSessionPage
    rules: FeedbackRules
    responses: int
    attendees: int
    bars: list[RatingBar]
    unrated: int
    average: float | None
    comments: list[Comment] = field(default_factory=list)

    @property
    def response_percent(self) -> int:
        return round(100 * self.responses / self.attendees) if self.attendees else 0


def _with_organisation(queryset):
    """Each response with the name of its author's organisation in this bootcamp (one
    correlated subquery, so the results and the export stay one query)."""
    organisation = RosterMember.objects.placed().filter(
        bootcamp_id=OuterRef("bootcamp_id"), user_id=OuterRef("user_id")
    ).values("enrollment__organisation__name")[:1]
    return queryset.annotate(organisation_name=Subquery(organisation))


def _author(response, *, names: bool) -> tuple[str | None, str | None, str | None]:
    """(name, email, organisation) as this viewer may see them."""
    if response.anonymous and not names:
        return None, None, None
    user = response.user
    return (user.get_full_name() or user.email, user.email, response.organisation_name)


def session_results(*, session: LiveSessionPage, bootcamp: BootcampPage, viewer
                    ) -> SessionResults:
    """Distribution, average and comments of a session's feedback (six queries, whatever
    the number of responses)."""
    rules = rules_for_session(session=session, bootcamp=bootcamp)
    counts = dict(SessionFeedback.objects.filter(session=session).order_by()
                  .values("rating").annotate(n=Count("pk")).values_list("rating", "n"))
    rated = sum(n for rating, n in counts.items() if rating is not None)
    total = sum(counts.values())
    bars = [RatingBar(rating, counts.get(rating, 0),
                      round(100 * counts.get(rating, 0) / rated) if rated else 0)
            for rating in reversed(RATINGS)]
    average = (sum(rating * n for rating, n in counts.items() if rating is not None) / rated
               if rated else None)
    names = sees_names(viewer)
    comments = []
    for response in _with_organisation(
            SessionFeedback.objects.filter(session=session).exclude(
                most_useful="", what_to_change="").select_related("user")
            .order_by("-submitted_at", "-pk")):
        name, _email, organisation = _author(response, names=names)
        comments.append(Comment(response.rating, response.most_useful,
                                response.what_to_change, name, organisation,
                                response.submitted_at))
    return SessionResults(
        session=session, rules=rules, responses=total,
        attendees=attendee_ids(session=session, bootcamp=bootcamp).count(),
        bars=bars, unrated=counts.get(None, 0), average=average, comments=comments)


def export_rows(*, session: LiveSessionPage, bootcamp: BootcampPage, viewer) -> Iterator[list]:
    """The session's responses as spreadsheet rows, read in batches (flat memory); names,
    emails and organisations empty where the answer is anonymous to this viewer."""
    names = sees_names(viewer)
    zone = bootcamp.time_zone
    yield ["session", f"submitted ({zone})", f"changed ({zone})", "rating", "most_useful",
           "what_to_change", "participant", "email", "organisation", "anonymous"]
    responses = _with_organisation(
        SessionFeedback.objects.filter(session=session).select_related("user")
        .order_by("submitted_at", "pk"))
    for response in responses.iterator(chunk_size=1000):
        name, email, organisation = _author(response, names=names)
        yield [session.title, bootcamp.local(response.submitted_at).strftime("%Y-%m-%d %H:%M"),
               bootcamp.local(response.updated_at).strftime("%Y-%m-%d %H:%M"),
               response.rating or "", response.most_useful, response.what_to_change,
               name or "", email or "", organisation or "",
               "yes" if response.anonymous else "no"]


@dataclass(frozen=True)
class SessionSummary:
    session: LiveSessionPage
    stage_title: str
    responses: int
    average: float | None
    ended: bool


def bootcamp_summary(*, bootcamp: BootcampPage, now: datetime | None = None
                     ) -> list[SessionSummary]:
    """Every published session of the bootcamp with its number of responses and average
    rating (the outline, cached, plus one query)."""
    now = now or timezone.now()
    outline = course_outline(bootcamp=bootcamp)
    stage_of = {s.pk: stage.page.title for stage in outline.stages for s in stage.sessions}
    sessions = outline.sessions
    figures = {
        row["session_id"]: row for row in SessionFeedback.objects.filter(
            session_id__in=[s.pk for s in sessions]).order_by().values("session_id")
        .annotate(n=Count("pk"), rated=Count("rating"), total=Sum("rating"))
    } if sessions else {}
    result = []
    for session in sessions:
        row = figures.get(session.pk)
        average = (row["total"] / row["rated"]) if row and row["rated"] else None
        result.append(SessionSummary(session, stage_of[session.pk], row["n"] if row else 0,
                                     average, session.has_ended(now)))
    return result


# --- The participant's side ---------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackRequest:
    session_id: int
    title: str
    stage_id: int
    stage_title: str
    answered: bool
    closes_at: datetime


@dataclass(frozen=True)
class ParticipantFeedback:
    """The sessions a participant attended that are open for feedback, in session order."""

    requests: tuple[FeedbackRequest, ...]

    @property
    def pending(self) -> tuple[FeedbackRequest, ...]:
        return tuple(r for r in self.requests if not r.answered)

    @property
    def stages(self) -> list[tuple[str, list[FeedbackRequest]]]:
        """[(stage title, its requests)] for the "Tell us how Day 1 went" headings."""
        grouped: dict[int, tuple[str, list[FeedbackRequest]]] = {}
        for request in self.requests:
            grouped.setdefault(request.stage_id, (request.stage_title, []))[1].append(request)
        return list(grouped.values())


def cached_settings(bootcamp: BootcampPage
                    ) -> tuple[FeedbackPolicy | None, dict[int, SessionFeedbackSettings]]:
    """The bootcamp's policy and its sessions' overrides by session id, read once per
    version of its tree (saving either renews it, feedback.models), for display (the
    dashboard): answering reads services.rules_for_session afresh. Shared: read-only."""

    def read():
        sessions = [s.pk for s in course_outline(bootcamp=bootcamp).sessions]
        overrides = {o.session_id: o for o in SessionFeedbackSettings.objects.filter(
            session_id__in=sessions)} if sessions else {}
        return FeedbackPolicy.objects.filter(bootcamp=bootcamp).first(), overrides

    return tree_cache.remembered("feedback_settings", bootcamp, read)


def _rules_by_session(*, bootcamp: BootcampPage, sessions: list[LiveSessionPage]
                      ) -> dict[int, FeedbackRules]:
    """Every session's rules: no query once the bootcamp's tree version has them."""
    policy, overrides = cached_settings(bootcamp)
    return {s.pk: FeedbackRules(session=s, policy=policy, overrides=overrides.get(s.pk))
            for s in sessions}


def participant_feedback(*, bootcamp: BootcampPage, user_ids: Iterable[int],
                         progress: dict, now: datetime | None = None
                         ) -> dict[int, ParticipantFeedback]:
    """For each user: the sessions they attended (from the "attendance" progress source,
    so attendance's own rule) whose feedback is open now, and whether they answered.
    Registered as a derived dashboard source: three queries whatever the numbers."""
    ids = list(user_ids)
    now = now or timezone.now()
    attendance: dict[int, AttendanceProgress] = progress.get("attendance", {})
    sessions = {s.pk: s for s in course_outline(bootcamp=bootcamp).sessions}
    ended = [s for s in sessions.values() if s.has_ended(now)]
    rules = _rules_by_session(bootcamp=bootcamp, sessions=ended) if ended else {}
    open_ids = [pk for pk, rule in rules.items() if rule.is_open(now)]
    # Only sessions one of them attended can be asked about: often none, and no query.
    attended_ids = {entry.session_id for user_id in ids if attendance.get(user_id)
                    for entry in attendance[user_id].sessions if entry.status in ATTENDED}
    open_ids = [pk for pk in open_ids if pk in attended_ids]
    answered = set()
    if open_ids and ids:
        answered = set(SessionFeedback.objects.filter(
            session_id__in=open_ids, user_id__in_ids=ids).values_list("user_id", "session_id"))
    result = {}
    for user_id in ids:
        mine = attendance.get(user_id)
        requests = tuple(
            FeedbackRequest(entry.session_id, entry.title, entry.stage_id, entry.stage_title,
                            (user_id, entry.session_id) in answered,
                            rules[entry.session_id].closes_at)
            for entry in (mine.sessions if mine else ())
            if entry.session_id in open_ids and entry.status in ATTENDED
        )
        result[user_id] = ParticipantFeedback(requests)
    return result


def session_page_panel(*, user, session: LiveSessionPage, bootcamp: BootcampPage
                       ) -> dict | None:
    """The feedback panel of a live session page once it has ended: the results link for
    its trainers and organisers; for an attendee, the form link (or their answer)."""
    now = timezone.now()
    if not session.has_ended(now):
        return None
    if attendance_services.can_manage(user=user, bootcamp=bootcamp, session=session):
        return {"manages": True}
    if not bootcamp.is_participant(user):
        return None
    rules = rules_for_session(session=session, bootcamp=bootcamp)
    reason = refusal(user=user, session=session, bootcamp=bootcamp, rules=rules, now=now)
    answered = SessionFeedback.objects.filter(user=user, session=session).exists()
    if reason and not answered:
        # Not an attendee, or closed without an answer: nothing to offer on this page.
        return None
    return {"manages": False, "open": reason is None, "answered": answered,
            "closes_at": rules.closes_at}


# --- Who is still to be asked (the notifications app reads this) ----------------------------


@dataclass(frozen=True)
class FeedbackInvitation:
    user: object
    session: LiveSessionPage
    bootcamp: BootcampPage
    closes_at: datetime


def invitations_due(*, now: datetime) -> list[FeedbackInvitation]:
    """Attendees of sessions whose feedback is open now and who have not answered: the
    people to send one "tell us how it went" message (the caller dedupes per session)."""
    candidates = list(LiveSessionPage.objects.live().filter(
        ends_at__lte=now, ends_at__gt=now - _longest_window()).order_by("ends_at"))
    due = []
    for session in candidates:
        bootcamp = attendance_services.bootcamp_of(session)
        if bootcamp is None or not bootcamp.live:
            continue
        rules = rules_for_session(session=session, bootcamp=bootcamp)
        if not rules.is_open(now):
            continue
        answered = SessionFeedback.objects.filter(session=session, user_id=OuterRef("user_id"))
        rows = (RosterMember.objects.active().filter(
            bootcamp=bootcamp, user_id__in=attendee_ids(session=session, bootcamp=bootcamp))
            .exclude(Exists(answered)).select_related("user").order_by("user_id"))
        due += [FeedbackInvitation(row.user, session, bootcamp, rules.closes_at) for row in rows]
    return due


def _longest_window() -> timedelta:
    longest = max(FeedbackPolicy.objects.values_list("open_days", flat=True), default=0)
    return timedelta(days=max(longest, FeedbackPolicy().open_days))
