"""A trainer sees the organisations enrolled in the bootcamps they train, and nothing else:
every organisation, application, team and export URL of another bootcamp is 404."""

import pytest
from django.urls import reverse

from dashboards.exports import FORMATS, KINDS
from organisations.models import Application, Membership
from tests.courses.factories import build_bootcamp, enrol
from tests.factories import trainer
from tests.organisations.factories import ApplicationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def camps():
    mine = build_bootcamp(title="Mine", modules_per_stage=1)
    theirs = build_bootcamp(title="Theirs", modules_per_stage=1)
    person = trainer()
    mine.trainers.add(person)
    mine.save()  # a ParentalManyToManyField is written on save
    return mine, theirs, person


def _other_bootcamp_urls(mine, theirs):
    """(method, url) of every page naming another bootcamp's organisation or its people."""
    enrollment, (lead, member) = enrol(theirs, OrganisationFactory(name="Far Trust"),
                                       participants=2)
    organisation = enrollment.organisation
    enrolled_application = ApplicationFactory(bootcamp=theirs, organisation=organisation,
                                              applicant=lead, status="selected")
    applied = ApplicationFactory(bootcamp=theirs,
                                 organisation=OrganisationFactory(name="Only Applied"))
    membership = Membership.objects.get(organisation=organisation, user=member)
    urls = [
        ("get", reverse("organisations:detail", args=[organisation.pk])),
        ("get", reverse("organisations:detail", args=[applied.organisation_id])),
        ("post", reverse("organisations:invite", args=[organisation.pk])),
        ("post", reverse("organisations:remove_member", args=[organisation.pk, membership.pk])),
        ("post", reverse("organisations:make_lead", args=[organisation.pk, membership.pk])),
        ("get", reverse("organisations:application", args=[enrolled_application.pk])),
        ("get", reverse("organisations:application", args=[applied.pk])),
        ("post", reverse("organisations:application_withdraw", args=[applied.pk])),
        # The other bootcamp's dashboard and its drill-downs and exports ...
        ("get", reverse("dashboards:bootcamp", args=[theirs.pk])),
        ("get", reverse("dashboards:bootcamp_results", args=[theirs.pk])),
        ("get", reverse("dashboards:organisation", args=[theirs.pk, organisation.pk])),
        ("get", reverse("dashboards:participant", args=[theirs.pk, member.pk])),
        # ... and the same organisation and people asked for through the trainer's own.
        ("get", reverse("dashboards:organisation", args=[mine.pk, organisation.pk])),
        ("get", reverse("dashboards:participant", args=[mine.pk, member.pk])),
    ]
    for kind in KINDS:
        for file_format in FORMATS:
            urls.append(("get", reverse("dashboards:export", args=[theirs.pk, kind, file_format])))
            urls.append(("get", reverse("dashboards:export", args=[mine.pk, kind, file_format])
                         + f"?enrollment={enrollment.pk}"))
    return urls, organisation, applied


def test_every_url_of_another_bootcamps_organisation_is_not_found(client, camps):
    mine, theirs, person = camps
    urls, organisation, applied = _other_bootcamp_urls(mine, theirs)
    client.force_login(person)
    for method, url in urls:
        response = getattr(client, method)(url, {"email": "x@example.org"}
                                           if "invite" in url else {})
        assert response.status_code == 404, (method, url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"Far Trust" not in body and b"Only Applied" not in body, url
    # Nothing changed through the refused writes.
    assert Membership.objects.filter(organisation=organisation, removed_at=None).count() == 2
    assert not organisation.invitations.exists()
    applied.refresh_from_db()
    assert applied.status == Application.Status.SUBMITTED


def test_trainer_sees_the_team_of_an_organisation_in_their_bootcamp_only(client, camps):
    mine, theirs, person = camps
    enrollment, (lead, _member) = enrol(mine, OrganisationFactory(name="Near Trust"),
                                        participants=2)
    enrol(theirs, enrollment.organisation, participants=1, lead=lead)
    ApplicationFactory(bootcamp=theirs, organisation=enrollment.organisation, applicant=lead,
                       status="selected")
    client.force_login(person)
    response = client.get(reverse("organisations:detail", args=[enrollment.organisation_id]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Near Trust" in body and lead.email in body and "Mine" in body
    # Its place in another bootcamp, and how its application there went, are not theirs.
    assert "Theirs" not in body and "Application to" not in body
