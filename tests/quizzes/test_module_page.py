"""The knowledge check on the module page: a plain form POST (to the check's own URL),
messages, answers kept, feedback after answering, access."""

import uuid

import pytest
from django.urls import reverse

from courses.models import ModuleCompletion
from quizzes.models import Attempt
from tests.courses.factories import build_bootcamp, enrol
from tests.factories import trainer
from tests.quizzes.factories import RIGHT, add_check, post_data

WRONG = {**RIGHT, "q-consent": [1], "q-optout": [0, 2]}


def check_url(module):
    return reverse("quizzes:submit", args=[module.pk])


def test_participant_sees_the_form_and_no_complete_button(client, module, participant):
    client.force_login(participant)
    html = client.get(module.url).content.decode()
    assert f'action="{check_url(module)}"' in html
    assert 'name="q-q-consent"' in html and 'name="q-q-escalate"' in html
    assert "Mark as complete" not in html
    assert "complete once you pass its knowledge check (70% right)" in html


def test_unanswered_question_gives_a_message_and_keeps_the_answers(client, module, participant):
    client.force_login(participant)
    answers = {key: value for key, value in RIGHT.items() if key != "q-optout"}
    response = client.post(check_url(module), post_data({**answers, "q-escalate": "एजेंट"}))
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "1 of 4 questions are not answered yet" in html
    assert "Answer this question." in html
    assert 'value="एजेंट"' in html  # typed answer kept
    assert 'value="0" id="id_q-q-consent_0" required checked' in html  # choice kept
    assert not Attempt.objects.exists()


def test_wrong_answers_show_feedback_then_retry_passes(client, module, participant):
    client.force_login(participant)
    response = client.post(check_url(module), post_data(WRONG), follow=True)
    html = response.content.decode()
    assert "Not passed yet: 2 of 4 right (50%)" in html
    assert "A number is not consent." in html  # the chosen option's feedback
    assert "“Hello” starts a chat, it never stops one." in html
    assert "WhatsApp requires opt-in before you message someone." in html  # explanation
    assert "Right answer:" not in html  # not given away while attempts are left
    assert "Try again" in html
    response = client.post(check_url(module), post_data(RIGHT), follow=True)
    html = response.content.decode()
    assert "Passed: 4 of 4 right (100%)" in html
    assert "Send my answers" not in html
    assert ModuleCompletion.objects.filter(user=participant, module=module).exists()


def test_double_post_with_one_token_records_one_attempt(client, module, participant):
    client.force_login(participant)
    data = post_data(WRONG, token=uuid.uuid4())
    client.post(check_url(module), data)
    client.post(check_url(module), data)
    assert Attempt.objects.count() == 1


def test_no_attempts_left_shows_the_right_answers_and_no_form(client, module, participant):
    module = add_check(module, max_attempts=1)
    client.force_login(participant)
    html = client.post(check_url(module), post_data(WRONG), follow=True).content.decode()
    assert "no attempts left" in html
    assert "Right answer: opt-in consent" in html
    assert "Send my answers" not in html
    client.post(check_url(module), post_data(RIGHT))
    assert Attempt.objects.count() == 1


def test_questions_changed_while_answering(client, module, participant):
    client.force_login(participant)
    stale = module.live_revision_id
    module = add_check(module)
    html = client.post(check_url(module), post_data(RIGHT, revision=stale)).content.decode()
    assert "The questions were changed while you answered" in html
    assert not Attempt.objects.exists()


def test_attempts_are_the_participants_own(client, module, team):
    lead, member = team[1][0], team[1][1]
    client.force_login(lead)
    client.post(check_url(module), post_data(WRONG))
    client.force_login(member)
    html = client.get(module.url).content.decode()
    assert "Attempt 1" not in html


def test_other_bootcamps_participant_gets_404_and_cannot_post(client, module):
    outsider = enrol(build_bootcamp(title="Other", slug="other"))[1][0]
    client.force_login(outsider)
    assert client.post(check_url(module), post_data(RIGHT)).status_code == 404
    assert not Attempt.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, module):
    response = client.post(check_url(module), post_data(RIGHT))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_trainer_sees_the_questions_but_cannot_answer(client, module, bootcamp):
    user = trainer()
    bootcamp.trainers.add(user)
    bootcamp.save()  # a ParentalManyToManyField is written when the page is saved
    client.force_login(user)
    html = client.get(module.url).content.decode()
    assert "Participants answer these questions here" in html
    assert "Send my answers" not in html
    client.post(check_url(module), post_data(RIGHT))
    assert not Attempt.objects.exists()


def test_forged_option_index_is_refused_with_a_message(client, module, participant):
    client.force_login(participant)
    response = client.post(check_url(module), post_data({**RIGHT, "q-consent": [7]}))
    assert "Select a valid choice" in response.content.decode()
    assert not Attempt.objects.exists()


def test_overlong_typed_answer_is_refused(client, module, participant):
    client.force_login(participant)
    response = client.post(check_url(module), post_data({**RIGHT, "q-escalate": "a" * 201}))
    assert "at most 200 characters" in response.content.decode()
    assert not Attempt.objects.exists()


@pytest.mark.parametrize("count", [1, 10])
def test_module_page_queries_do_not_grow_with_attempts(
        client, module, participant, django_assert_max_num_queries, count):
    client.force_login(participant)
    for _ in range(count):
        client.post(check_url(module), post_data(WRONG))
    with django_assert_max_num_queries(30):
        client.get(module.url)


def test_a_get_or_an_unpublished_module_is_refused(client, module, participant):
    client.force_login(participant)
    assert client.get(check_url(module)).status_code == 405
    module.unpublish()
    assert client.post(check_url(module), post_data(RIGHT)).status_code == 404
