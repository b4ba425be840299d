"""Other organisations' records are 404; organisers' pages are 403 for everyone else."""

import pytest
from django.urls import reverse

from organisations.models import Membership, Perk
from tests.courses.factories import enrol
from tests.factories import participant, trainer
from tests.organisations.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_other_organisations_page_is_404(client, bootcamp):
    mine, (me, *_rest) = enrol(bootcamp, participants=1)
    theirs, _users = enrol(bootcamp, participants=1)
    client.force_login(me)
    assert client.get(reverse("organisations:detail", args=[mine.organisation_id])
                      ).status_code == 200
    assert client.get(reverse("organisations:detail", args=[theirs.organisation_id])
                      ).status_code == 404


def test_other_organisations_application_is_404(client, bootcamp):
    application = ApplicationFactory(bootcamp=bootcamp)
    client.force_login(participant())
    assert client.get(reverse("organisations:application", args=[application.pk])
                      ).status_code == 404
    client.force_login(application.applicant)
    assert client.get(reverse("organisations:application", args=[application.pk])
                      ).status_code == 200


def test_organisation_page_lists_team_and_bootcamps(client, bootcamp):
    enrollment, (lead, member, *_rest) = enrol(bootcamp, participants=2)
    client.force_login(member)
    content = client.get(reverse("organisations:detail", args=[enrollment.organisation_id])
                         ).content.decode()
    assert bootcamp.title in content and lead.email in content and member.email in content
    assert "Send invitation" not in content


def test_perks_are_shown_to_the_lead_only(client, bootcamp):
    enrollment, (lead, member) = enrol(bootcamp, participants=2)
    Perk.objects.create(organisation=enrollment.organisation, bootcamp=bootcamp,
                        helpline_number="+911234567890")
    url = reverse("organisations:detail", args=[enrollment.organisation_id])
    client.force_login(lead)
    assert "+911234567890" in client.get(url).content.decode()
    client.force_login(member)
    assert "+911234567890" not in client.get(url).content.decode()


@pytest.mark.parametrize("make_user", [participant, trainer])
def test_review_pages_are_forbidden_to_non_organisers(client, bootcamp, make_user):
    application = ApplicationFactory(bootcamp=bootcamp)
    client.force_login(make_user())
    for url in (reverse("organisations_admin:bootcamp", args=[bootcamp.pk]),
                reverse("organisations_admin:detail", args=[application.pk]),
                reverse("organisations_admin:export_csv", args=[bootcamp.pk]),
                reverse("organisations_admin:perks")):
        assert client.get(url).status_code in (302, 403), url
    response = client.post(reverse("organisations_admin:status", args=[application.pk]),
                           {"status": "shortlisted"})
    assert response.status_code in (302, 403)
    application.refresh_from_db()
    assert application.status == "submitted"


def test_organisation_page_query_count_is_constant(client, bootcamp,
                                                   django_assert_max_num_queries):
    enrollment, (lead, *_rest) = enrol(bootcamp, participants=1)
    url = reverse("organisations:detail", args=[enrollment.organisation_id])
    client.force_login(lead)
    client.get(url)
    for size in (1, 10, 30):
        while Membership.objects.filter(organisation=enrollment.organisation).count() < size:
            Membership.objects.create(organisation=enrollment.organisation, user=participant())
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200
