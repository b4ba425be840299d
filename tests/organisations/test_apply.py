"""Applying: drafts, validation, final submission with email and receipt."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from organisations.models import Application, Membership
from tests.factories import UserFactory, participant
from tests.organisations.conftest import valid_answers

pytestmark = pytest.mark.django_db


def apply_url(bootcamp):
    return reverse("organisations:apply", args=[bootcamp.slug])


def test_anonymous_visitor_is_sent_to_sign_in(client, bootcamp):
    response = client.get(apply_url(bootcamp))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_unverified_email_cannot_apply(client, bootcamp):
    client.force_login(UserFactory(verified=False))
    response = client.get(apply_url(bootcamp))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email")


def test_draft_saves_incomplete_answers(client, bootcamp):
    user = participant()
    client.force_login(user)
    response = client.post(apply_url(bootcamp), {"organisation_name": "Seva", "action": "draft"})
    assert response.status_code == 302
    application = Application.objects.get()
    assert (application.status, application.organisation_name) == ("draft", "Seva")
    assert application.organisation is None
    assert "Seva" in client.get(apply_url(bootcamp)).content.decode()


def test_submit_requires_every_answer_and_keeps_input(client, bootcamp):
    client.force_login(participant())
    response = client.post(apply_url(bootcamp), {"organisation_name": "Seva Typed",
                                                 "action": "submit"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Please answer this before submitting." in content
    assert "We need your consent" in content
    assert 'value="Seva Typed"' in content
    assert not Application.objects.exists()


@pytest.mark.parametrize("number", ["AB", "MH/2017/<script>", "=1+1 SUM", "x" * 41])
def test_registration_number_is_validated(client, bootcamp, number):
    client.force_login(participant())
    response = client.post(apply_url(bootcamp), {**valid_answers(registration_number=number),
                                                 "action": "submit"})
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_team_is_limited_to_the_seats(client, bootcamp):
    # 3 seats: the applicant and two colleagues — a third colleague field does not exist.
    client.force_login(participant())
    content = client.get(apply_url(bootcamp)).content.decode()
    assert 'name="member_2_email"' in content
    assert 'name="member_3_email"' not in content
    client.post(apply_url(bootcamp), {**valid_answers(member_3_name="Extra",
                                                      member_3_email="extra@example.org"),
                                      "action": "submit"})
    assert [p["email"] for p in Application.objects.get().team] == ["priya@example.org"]


def test_team_member_needs_name_and_email(client, bootcamp):
    client.force_login(participant())
    response = client.post(apply_url(bootcamp), {**valid_answers(member_1_email=""),
                                                 "action": "submit"})
    assert response.status_code == 400
    assert "Add this colleague" in response.content.decode()


def test_submit_is_final_with_email_and_receipt(client, bootcamp, mailoutbox, run_on_commit):
    user = participant()
    client.force_login(user)
    with run_on_commit():
        response = client.post(apply_url(bootcamp), {**valid_answers(), "action": "submit"})
    application = Application.objects.get()
    assert response["Location"] == reverse("organisations:application", args=[application.pk])
    assert application.status == Application.Status.SUBMITTED
    assert application.submitted_at is not None
    assert application.organisation.registration_number == "MH/2017/0123456"
    assert Membership.objects.get(user=user).role == Membership.Role.LEAD
    assert user.groups.filter(name="Participants").exists()
    [email] = mailoutbox
    assert email.to == [user.email]
    assert email.subject == f"We received your application to {bootcamp.title}"
    assert f"Your application no. {application.pk} was received on" in email.body
    assert "(Asia/Kolkata)" in email.body
    assert reverse("organisations:application", args=[application.pk]) in email.body
    receipt = client.get(response["Location"]).content.decode()
    assert f"Application no. {application.pk} received on" in receipt
    assert "Asia/Kolkata" in receipt


def test_submitted_application_cannot_be_edited(client, bootcamp):
    client.force_login(participant())
    client.post(apply_url(bootcamp), {**valid_answers(), "action": "submit"})
    response = client.post(apply_url(bootcamp), {**valid_answers(organisation_name="Changed"),
                                                 "action": "draft"})
    assert response.status_code == 302
    assert Application.objects.get().organisation_name == "Seva Sahayog"


def test_new_user_gets_participants_group_only_once_submitted(client, bootcamp):
    user = UserFactory()
    client.force_login(user)
    client.post(apply_url(bootcamp), {**valid_answers(), "action": "submit"})
    assert user.groups.filter(pk=Group.objects.get(name="Participants").pk).exists()
