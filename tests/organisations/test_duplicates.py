"""One active application per organisation per bootcamp."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from organisations.models import Application, Membership
from tests.factories import participant
from tests.organisations.conftest import valid_answers
from tests.organisations.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def apply_url(bootcamp):
    return reverse("organisations:apply", args=[bootcamp.slug])


def test_same_applicant_continues_the_existing_draft(client, bootcamp):
    client.force_login(participant())
    client.post(apply_url(bootcamp), {"organisation_name": "First", "action": "draft"})
    client.post(apply_url(bootcamp), {"organisation_name": "Second", "action": "draft"})
    assert Application.objects.count() == 1
    assert Application.objects.get().organisation_name == "Second"


def test_same_registration_number_from_another_person_is_refused(client, bootcamp):
    ApplicationFactory(bootcamp=bootcamp, registration_number="MH/2017/0123456")
    client.force_login(participant())
    response = client.post(apply_url(bootcamp), {**valid_answers(), "action": "submit"})
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    assert Application.objects.count() == 1


def test_colleague_with_same_registration_number_is_shown_the_existing_one(client, bootcamp):
    existing = ApplicationFactory(bootcamp=bootcamp, registration_number="MH/2017/0123456")
    colleague = participant()
    Membership.objects.create(organisation=existing.organisation, user=colleague)
    client.force_login(colleague)
    response = client.post(apply_url(bootcamp), {**valid_answers(), "action": "draft"})
    assert response["Location"] == reverse("organisations:application", args=[existing.pk])
    assert Application.objects.count() == 1


def test_database_refuses_a_second_active_application(bootcamp):
    existing = ApplicationFactory(bootcamp=bootcamp)
    with pytest.raises(IntegrityError):
        Application.objects.create(bootcamp=bootcamp, applicant=existing.applicant,
                                   status=Application.Status.DRAFT)


def test_withdrawn_application_does_not_block_a_new_one(bootcamp):
    existing = ApplicationFactory(bootcamp=bootcamp, status=Application.Status.WITHDRAWN)
    Application.objects.create(bootcamp=bootcamp, applicant=existing.applicant,
                               registration_number=existing.registration_number)
    assert Application.objects.count() == 2


def test_registration_number_of_an_organisation_with_a_team_is_not_taken_over(client, bootcamp):
    other = ApplicationFactory(bootcamp=bootcamp, status=Application.Status.WITHDRAWN)
    client.force_login(participant())
    response = client.post(apply_url(bootcamp), {
        **valid_answers(registration_number=other.registration_number), "action": "submit"})
    assert response.status_code == 400
    assert "Ask its lead to invite you" in response.content.decode()
    assert not Membership.objects.filter(organisation=other.organisation,
                                         role="lead").exclude(user=other.applicant).exists()
