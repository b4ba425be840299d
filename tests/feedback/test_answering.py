"""Who may give feedback, and giving it once: the service's rules (feedback.services)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from attendance.models import Status
from courses.models import RosterMember
from feedback.models import (
    MAX_ANSWER_CHARS,
    FeedbackPolicy,
    SessionFeedback,
    SessionFeedbackSettings,
)
from feedback.services import Answers, FeedbackRefused, submit_feedback

pytestmark = pytest.mark.django_db


def _submit(setup, user, *, rating=4, useful="Useful", change="", now=None):
    return submit_feedback(user=user, session=setup.session, bootcamp=setup.bootcamp,
                           answers=Answers(rating, useful, change), now=now)


def test_an_attendee_gives_feedback(setup):
    response, created = _submit(setup, setup.team[0], rating=5, useful="  The role-play  ")
    assert created
    assert (response.rating, response.most_useful, response.bootcamp_id) == (
        5, "The role-play", setup.bootcamp.pk)


def test_late_counts_as_attended(setup):
    _response, created = _submit(setup, setup.team[1])
    assert created


def test_a_second_submit_changes_the_one_response(setup):
    first, _ = _submit(setup, setup.team[0], rating=2)
    second, created = _submit(setup, setup.team[0], rating=5, useful="Changed my mind")
    assert not created
    assert second.pk == first.pk
    assert SessionFeedback.objects.filter(session=setup.session).count() == 1
    first.refresh_from_db()
    assert (first.rating, first.most_useful) == (5, "Changed my mind")
    assert first.submitted_at <= first.updated_at


@pytest.mark.parametrize("status", [Status.PARTIAL, Status.ABSENT, Status.EXCUSED])
def test_not_attended_is_refused_with_a_reason(setup, status):
    user = setup.other_team[1]
    setup.mark(user, status)
    with pytest.raises(FeedbackRefused, match="attended this session"):
        _submit(setup, user)
    assert not SessionFeedback.objects.exists()


def test_no_attendance_record_is_refused(setup):
    with pytest.raises(FeedbackRefused, match="attended"):
        _submit(setup, setup.other_team[1])


def test_removed_from_the_roster_is_refused(setup):
    RosterMember.objects.filter(user=setup.team[0]).update(removed_at=timezone.now())
    with pytest.raises(FeedbackRefused):
        _submit(setup, setup.team[0])


def test_withdrawn_enrollment_is_refused(setup):
    setup.enrollment.status = "withdrawn"
    setup.enrollment.save()
    with pytest.raises(FeedbackRefused):
        _submit(setup, setup.team[0])


def test_before_the_session_ends_is_refused(setup):
    with pytest.raises(FeedbackRefused, match="opens when the session ends"):
        _submit(setup, setup.team[0], now=setup.session.ends_at - timedelta(seconds=1))
    _response, created = _submit(setup, setup.team[0], now=setup.session.ends_at)
    assert created


def test_closes_after_the_bootcamps_open_days(setup):
    FeedbackPolicy.objects.create(bootcamp=setup.bootcamp, open_days=2)
    closes = setup.session.ends_at + timedelta(days=2)
    _submit(setup, setup.team[0], now=closes - timedelta(seconds=1))
    with pytest.raises(FeedbackRefused, match="closed"):
        _submit(setup, setup.team[0], rating=1, now=closes)
    assert SessionFeedback.objects.get().rating == 4  # the closed form changed nothing


def test_an_empty_form_is_refused(setup):
    with pytest.raises(FeedbackRefused, match="Give a rating or write"):
        _submit(setup, setup.team[0], rating=None, useful="   ", change="")


def test_text_alone_without_a_rating_is_enough(setup):
    response, _ = _submit(setup, setup.team[0], rating=None, useful="", change="Shorter")
    assert response.rating is None


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_rating_outside_one_to_five_is_refused(setup, rating):
    with pytest.raises(FeedbackRefused, match="1 to 5"):
        _submit(setup, setup.team[0], rating=rating)


def test_answers_over_the_size_limit_are_refused(setup):
    with pytest.raises(FeedbackRefused, match=str(MAX_ANSWER_CHARS)):
        _submit(setup, setup.team[0], change="x" * (MAX_ANSWER_CHARS + 1))
    _submit(setup, setup.team[0], change="x" * MAX_ANSWER_CHARS)


def test_anonymity_comes_from_the_bootcamp_and_a_session_overrides_it(setup):
    FeedbackPolicy.objects.create(bootcamp=setup.bootcamp, anonymous=True)
    first, _ = _submit(setup, setup.team[0])
    assert first.anonymous
    SessionFeedbackSettings.objects.create(session=setup.session, anonymous=False)
    second, _ = _submit(setup, setup.team[1])
    assert not second.anonymous


def test_an_anonymous_answer_stays_anonymous_when_the_setting_is_switched_off(setup):
    policy = FeedbackPolicy.objects.create(bootcamp=setup.bootcamp, anonymous=True)
    _submit(setup, setup.team[0])
    policy.anonymous = False
    policy.save()
    response, _ = _submit(setup, setup.team[0], rating=1)
    assert response.anonymous
