import pytest
from django.urls import reverse

from certificates.models import Certificate
from tests.certificates.factories import complete_modules
from tests.courses.factories import enrol
from tests.factories import organiser, participant, trainer


@pytest.fixture
def organiser_client(client, db):
    client.force_login(organiser())
    return client


def test_organiser_sees_eligibility_per_participant(organiser_client, bootcamp, rule, facts,
                                                    team):
    _, (lead, member, _third) = team
    facts.complete(lead)
    complete_modules(lead, bootcamp)
    facts.complete(member)
    facts.assignment(member, "needs_revision")
    response = organiser_client.get(reverse("certificates_admin:bootcamp", args=[bootcamp.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Assignment “Helpline plan” needs revision" in body
    assert "Module “Module 1” not completed" in body
    assert "Eligible" in body


def test_organisation_eligibility_shown_when_rule_asks(organiser_client, bootcamp, rule, facts,
                                                       team):
    rule.organisation_certificates = True
    rule.save()
    response = organiser_client.get(reverse("certificates_admin:bootcamp", args=[bootcamp.pk]))
    assert "No participant present at Day 1" in response.content.decode()


@pytest.mark.parametrize("make_user", [participant, trainer])
def test_other_roles_cannot_manage_certificates(client, bootcamp, make_user):
    client.force_login(make_user())
    response = client.get(reverse("certificates_admin:bootcamp", args=[bootcamp.pk]))
    # Wagtail turns a denial into a redirect: to its dashboard for a trainer (who may use
    # the admin, not this page), to /cms/login/ (a 403 page) for someone without admin access.
    expected = "/cms/" if make_user is trainer else "/cms/login/"
    assert response.status_code == 302 and response["Location"].startswith(expected)
    response = client.post(reverse("certificates_admin:issue_all", args=[bootcamp.pk]),
                           {"confirm": "1"})
    assert response.status_code in (302, 403)
    assert not Certificate.objects.exists()


def test_bulk_issue_asks_first_naming_who_gets_one(organiser_client, bootcamp, rule, facts,
                                                   team):
    _, (lead, member, _third) = team
    facts.complete(lead)
    complete_modules(lead, bootcamp)
    url = reverse("certificates_admin:issue_all", args=[bootcamp.pk])
    page = organiser_client.get(reverse("certificates_admin:bootcamp", args=[bootcamp.pk]))
    assert f'href="{url}"' in page.content.decode()  # a link to the confirmation, not a POST
    response = organiser_client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "1 certificate will be issued" in body
    assert lead.email in body and member.email not in body
    assert "2 participants are not eligible yet." in body
    assert "Issue 1 certificate and send the email" in body
    assert not Certificate.objects.exists()


def test_bulk_issue_post_without_confirm_only_shows_the_confirmation(organiser_client, bootcamp,
                                                                     rule, facts, team):
    _, (lead, *_rest) = team
    facts.complete(lead)
    complete_modules(lead, bootcamp)
    response = organiser_client.post(reverse("certificates_admin:issue_all", args=[bootcamp.pk]))
    assert response.status_code == 200 and "will be issued" in response.content.decode()
    assert not Certificate.objects.exists()


def test_bulk_issue_confirmed(organiser_client, bootcamp, rule, facts, team):
    _, (lead, *_rest) = team
    facts.complete(lead)
    complete_modules(lead, bootcamp)
    response = organiser_client.post(
        reverse("certificates_admin:issue_all", args=[bootcamp.pk]), {"confirm": "1"},
        follow=True)
    body = response.content.decode()
    assert "1 certificate issued." in body
    assert "0 revoked certificates left as they are." in body
    assert Certificate.objects.get().user == lead


def test_bulk_issue_confirmation_when_nobody_is_eligible(organiser_client, bootcamp, rule, facts,
                                                         team):
    body = organiser_client.get(
        reverse("certificates_admin:issue_all", args=[bootcamp.pk])).content.decode()
    assert "Nobody is waiting for a certificate" in body
    assert 'name="confirm"' not in body


def test_override_from_the_admin_needs_a_reason(organiser_client, bootcamp, rule, facts, team):
    _, (lead, *_rest) = team
    url = reverse("certificates_admin:issue_one", args=[bootcamp.pk])
    response = organiser_client.post(url, {"user": lead.pk, "reason": ""}, follow=True)
    assert "give an override reason" in response.content.decode()
    assert not Certificate.objects.exists()
    organiser_client.post(url, {"user": lead.pk, "reason": "Joined by phone"})
    assert Certificate.objects.get().override_reason == "Joined by phone"


def test_revoke_and_reinstate_from_the_admin(organiser_client, certificate):
    url = reverse("certificates_admin:revoke", args=[certificate.pk])
    response = organiser_client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    organiser_client.post(url, {"reason": "Fraud"})
    certificate.refresh_from_db()
    assert not certificate.is_valid and certificate.revocation_reason == "Fraud"
    organiser_client.post(reverse("certificates_admin:reinstate", args=[certificate.pk]),
                          {"reason": "Cleared"})
    certificate.refresh_from_db()
    assert certificate.is_valid


def test_name_correction_from_the_admin(organiser_client, certificate):
    organiser_client.post(reverse("certificates_admin:correct_name", args=[certificate.pk]),
                          {"name": "Priya Sharma", "reason": "Typo"})
    certificate.refresh_from_db()
    assert certificate.recipient_name == "Priya Sharma"
    detail = organiser_client.get(reverse("certificates_admin:detail", args=[certificate.pk]))
    assert "Name corrected" in detail.content.decode()


def test_bootcamp_page_runs_constant_queries(organiser_client, bootcamp, rule, facts,
                                            django_assert_max_num_queries):
    url = reverse("certificates_admin:bootcamp", args=[bootcamp.pk])
    enrol(bootcamp, participants=1)
    organiser_client.get(url)
    with django_assert_max_num_queries(40) as small:
        organiser_client.get(url)
    for _ in range(5):
        enrol(bootcamp, participants=5)
    with django_assert_max_num_queries(len(small.captured_queries)):
        organiser_client.get(url)


def test_organiser_edits_the_rule_in_the_wagtail_admin(organiser_client, bootcamp):
    from certificates.models import CertificateRule

    url = reverse("wagtailsnippets_certificates_certificaterule:add")
    assert organiser_client.get(url).status_code == 200
    data = {
        "bootcamp": bootcamp.pk, "sessions": "at_least", "minimum_sessions": "0",
        "require_modules": "on", "language": "participant",
        "certificate_title": "Certificate of Completion",
        "issuer_name": "Chat for Impact",
    }
    response = organiser_client.post(url, data)
    assert response.status_code == 200  # the form comes back with the error
    assert "Say how many sessions must be attended" in response.content.decode()
    data["minimum_sessions"] = "3"
    organiser_client.post(url, data)
    rule = CertificateRule.objects.get(bootcamp=bootcamp)
    assert rule.minimum_sessions == 3 and not rule.require_assignments
