"""Organisers set feedback anonymity and how long it stays open, per bootcamp and per
session, in the Wagtail admin ("Feedback settings"); trainers and participants cannot."""

import pytest

from feedback.models import FeedbackPolicy, SessionFeedbackSettings
from tests.factories import organiser, participant, trainer

pytestmark = pytest.mark.django_db



def test_organiser_sets_a_bootcamps_and_a_sessions_anonymity(client, setup):
    client.force_login(organiser())
    assert client.get("/cms/feedback-settings/").status_code == 200
    response = client.post("/cms/feedback-settings/add/", {
        "bootcamp": setup.bootcamp.pk, "anonymous": "on", "open_days": 3})
    assert response.status_code == 302
    policy = FeedbackPolicy.objects.get(bootcamp=setup.bootcamp)
    assert (policy.anonymous, policy.open_days) == (True, 3)
    response = client.post("/cms/session-feedback-settings/add/", {
        "session": setup.session.pk, "anonymous": "false"})
    assert response.status_code == 302
    assert SessionFeedbackSettings.objects.get(session=setup.session).anonymous is False


def test_open_days_out_of_range_is_an_error_with_the_input_kept(client, setup):
    client.force_login(organiser())
    response = client.post("/cms/feedback-settings/add/", {
        "bootcamp": setup.bootcamp.pk, "open_days": 500})
    assert response.status_code == 200
    assert "500" in response.content.decode()
    assert not FeedbackPolicy.objects.exists()


@pytest.mark.parametrize("make_user", [trainer, participant])
def test_trainers_and_participants_cannot_change_the_settings(client, setup, make_user):
    client.force_login(make_user())
    response = client.post("/cms/feedback-settings/add/", {
        "bootcamp": setup.bootcamp.pk, "anonymous": "on", "open_days": 3})
    assert response.status_code in (302, 403)
    assert not FeedbackPolicy.objects.exists()
