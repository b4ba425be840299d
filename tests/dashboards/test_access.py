"""Who may open the dashboards: organisers everything, trainers their own bootcamps
(without perks; other bootcamps are not found), everyone else is refused; other
organisations are not found."""

import pytest
from django.urls import reverse

from tests.courses.factories import build_bootcamp
from tests.factories import organiser, participant, trainer
from tests.organisations.factories import OrganisationFactory


def _urls(world):
    pk = world.bootcamp.pk
    return [
        reverse("dashboards:bootcamp", args=[pk]),
        reverse("dashboards:bootcamp_results", args=[pk]),
        reverse("dashboards:organisation", args=[pk, world.alpha.organisation_id]),
        reverse("dashboards:participant", args=[pk, world.people["a1"].pk]),
        reverse("dashboards:export", args=[pk, "participants", "csv"]),
    ]


def test_organiser_sees_every_page_with_perks(client, world):
    client.force_login(organiser())
    for url in _urls(world):
        assert client.get(url).status_code == 200, url
    body = client.get(_urls(world)[0]).content.decode()
    assert "Perks" in body and "Provisioned; credits 500 of 100,000 used" in body


def test_trainer_of_the_bootcamp_reads_without_perks(client, world):
    person = trainer()
    world.bootcamp.trainers.add(person)
    world.bootcamp.save()  # a ParentalManyToManyField is written on save
    client.force_login(person)
    for url in _urls(world):
        assert client.get(url).status_code == 200, url
    body = client.get(_urls(world)[0]).content.decode()
    assert "Alpha Trust" in body
    assert "credits 500" not in body and "Perks" not in body
    export = b"".join(client.get(reverse(
        "dashboards:export", args=[world.bootcamp.pk, "organisations", "csv"])).streaming_content)
    assert b"perks" not in export and b"Alpha Trust" in export


def test_trainer_of_another_bootcamp_is_not_found(client, world):
    person = trainer()
    other = build_bootcamp(title="Other camp")
    other.trainers.add(person)
    other.save()
    client.force_login(person)
    for url in _urls(world):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"Alpha Trust" not in response.content
    index = client.get(reverse("dashboards:index")).content.decode()
    assert "Other camp" in index and world.bootcamp.title not in index


def test_participant_is_refused(client, world):
    client.force_login(participant())
    for url in _urls(world):
        # Wagtail sends people without admin access to sign in, and answers XHR with 403.
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
        assert client.get(url, headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403
    assert client.get(reverse("dashboards:index"),
                      headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403


def test_anonymous_goes_to_sign_in(client, world):
    response = client.get(_urls(world)[0])
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_menu_item_only_for_organisers_and_trainers(client, world):
    client.force_login(organiser())
    assert reverse("dashboards:index") in client.get("/cms/").content.decode()
    person = trainer()
    client.force_login(person)
    assert reverse("dashboards:index") in client.get("/cms/").content.decode()


@pytest.mark.parametrize("make", ["organisation", "participant"])
def test_records_outside_the_bootcamp_are_not_found(client, world, make):
    client.force_login(organiser())
    pk = world.bootcamp.pk
    if make == "organisation":
        url = reverse("dashboards:organisation", args=[pk, OrganisationFactory().pk])
    else:
        url = reverse("dashboards:participant", args=[pk, participant().pk])
    assert client.get(url).status_code == 404


def test_unknown_bootcamp_and_export_kind_are_not_found(client, world):
    client.force_login(organiser())
    assert client.get(reverse("dashboards:bootcamp", args=[999999])).status_code == 404
    assert client.get(reverse("dashboards:export", args=[world.bootcamp.pk, "secrets", "csv"])
                      ).status_code == 404
    assert client.get(reverse("dashboards:export", args=[world.bootcamp.pk, "participants",
                                                         "pdf"])).status_code == 404
