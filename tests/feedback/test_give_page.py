"""The attendee's feedback page: a plain form POST, refusals said on the page."""

import pytest
from django.urls import reverse

from feedback.models import MAX_ANSWER_CHARS, FeedbackPolicy, SessionFeedback
from tests.courses.factories import build_bootcamp, enrol
from tests.factories import organiser

pytestmark = pytest.mark.django_db


def _url(setup):
    return reverse("feedback:give", args=[setup.session.pk])


def test_an_attendee_sends_feedback_and_sees_it_kept(client, setup):
    client.force_login(setup.team[0])
    page = client.get(_url(setup))
    assert page.status_code == 200
    assert "What was most useful?" in page.content.decode()
    response = client.post(_url(setup), {"rating": "5", "most_useful": "The role-play",
                                         "what_to_change": ""})
    assert response.status_code == 302
    assert SessionFeedback.objects.get(user=setup.team[0]).rating == 5
    again = client.get(_url(setup)).content.decode()
    assert "The role-play" in again
    assert "Save changes" in again


def test_double_submit_keeps_one_response(client, setup):
    client.force_login(setup.team[0])
    for _ in range(2):
        client.post(_url(setup), {"rating": "3", "most_useful": "", "what_to_change": "x"})
    assert SessionFeedback.objects.filter(user=setup.team[0]).count() == 1


def test_a_non_attendee_gets_a_clear_message_and_no_form(client, setup):
    client.force_login(setup.other_team[0])  # partial: not attended
    page = client.get(_url(setup))
    assert page.status_code == 403
    body = page.content.decode()
    assert "ask the trainer to correct your attendance" in body
    assert 'name="most_useful"' not in body
    posted = client.post(_url(setup), {"rating": "5"})
    assert posted.status_code == 403
    assert not SessionFeedback.objects.exists()


def test_an_empty_form_says_what_to_do_and_a_long_answer_is_kept(client, setup):
    client.force_login(setup.team[0])
    empty = client.post(_url(setup), {"rating": "", "most_useful": "", "what_to_change": ""})
    assert empty.status_code == 400
    assert "Give a rating or write an answer" in empty.content.decode()
    long_text = "Too long " + "y" * MAX_ANSWER_CHARS
    too_long = client.post(_url(setup), {"rating": "4", "most_useful": long_text})
    assert too_long.status_code == 400
    body = too_long.content.decode()
    assert "errorlist" in body
    assert long_text in body  # the input is kept
    assert 'value="4" id="id_rating_3" checked' in body  # the rating too
    assert not SessionFeedback.objects.exists()


def test_a_bad_rating_is_an_error_on_the_page(client, setup):
    client.force_login(setup.team[0])
    response = client.post(_url(setup), {"rating": "9", "most_useful": "Kept text"})
    assert response.status_code == 400
    assert "Kept text" in response.content.decode()


def test_a_participant_of_another_bootcamp_is_refused(client, setup):
    other = build_bootcamp(title="Other camp")
    _enrollment, (stranger, *_rest) = enrol(other, participants=1)
    client.force_login(stranger)
    assert client.get(_url(setup)).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, setup):
    response = client.get(_url(setup))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_staff_are_sent_to_the_results(client, setup):
    client.force_login(organiser())
    response = client.get(_url(setup))
    assert response.status_code == 302
    assert response["Location"] == reverse("feedback:results", args=[setup.session.pk])


def test_the_page_tells_whether_answers_are_anonymous(client, setup):
    client.force_login(setup.team[0])
    assert "with your name" in client.get(_url(setup)).content.decode()
    FeedbackPolicy.objects.create(bootcamp=setup.bootcamp, anonymous=True)
    assert "without your name" in client.get(_url(setup)).content.decode()
