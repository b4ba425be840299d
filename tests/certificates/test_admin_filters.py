"""The organisers' certificates page: filter by state, search, paging that keeps the filter."""

import pytest
from django.urls import reverse

from certificates import services
from tests.certificates.factories import complete_modules
from tests.courses.factories import enrol
from tests.factories import organiser


@pytest.fixture
def organiser_client(client, db):
    client.force_login(organiser())
    return client


@pytest.fixture
def states(bootcamp, rule, facts, team):
    """lead: issued; member: revoked; third: eligible without one; a fourth not eligible."""
    _, (lead, member, third) = team
    for user in (lead, member, third):
        facts.complete(user)
        complete_modules(user, bootcamp)
    services.issue_certificate(bootcamp=bootcamp, user=lead)
    revoked = services.issue_certificate(bootcamp=bootcamp, user=member)
    services.revoke(certificate=revoked, by=None, reason="Duplicate")
    _, (unready, *_rest) = enrol(bootcamp, participants=1)
    return {"issued": lead, "revoked": member, "eligible": third, "not_eligible": unready}


def _page(client, bootcamp, **params):
    url = reverse("certificates_admin:bootcamp", args=[bootcamp.pk])
    return client.get(url, params).content.decode()


@pytest.mark.parametrize("status", ["issued", "revoked", "eligible", "not_eligible"])
def test_each_filter_shows_only_its_people(organiser_client, bootcamp, states, status):
    body = _page(organiser_client, bootcamp, status=status)
    for name, user in states.items():
        assert (user.email in body) == (name == status), (status, name)


def test_no_eligible_badge_on_someone_who_holds_a_certificate(organiser_client, bootcamp,
                                                              states):
    body = _page(organiser_client, bootcamp, status="issued")
    assert "Holds a certificate" in body
    assert "w-status--primary\">Eligible" not in body


def test_search_by_email_or_organisation(organiser_client, bootcamp, states):
    body = _page(organiser_client, bootcamp, q=states["eligible"].email)
    assert states["eligible"].email in body and states["issued"].email not in body
    body = _page(organiser_client, bootcamp, q="no such person")
    assert "Nobody matches this filter." in body


def test_unknown_status_shows_everyone(organiser_client, bootcamp, states):
    body = _page(organiser_client, bootcamp, status="bogus")
    assert all(user.email in body for user in states.values())


def test_paging_links_keep_the_filter(organiser_client, bootcamp, rule, facts, settings,
                                      monkeypatch):
    from certificates import admin_views

    monkeypatch.setattr(admin_views, "PER_PAGE", 2)
    enrol(bootcamp, participants=5)
    body = _page(organiser_client, bootcamp, status="not_eligible", q="")
    assert "?page=2&amp;status=not_eligible" in body


def test_issuing_one_returns_to_the_same_filter(organiser_client, bootcamp, states):
    response = organiser_client.post(
        reverse("certificates_admin:issue_one", args=[bootcamp.pk]),
        {"user": states["eligible"].pk, "page": "1", "status": "eligible", "q": "x"})
    assert response["Location"].endswith("?page=1&status=eligible&q=x")


@pytest.mark.parametrize("status", ["eligible", "not_eligible", "issued", "revoked"])
def test_filtered_page_runs_constant_queries(organiser_client, bootcamp, rule, facts, status,
                                             django_assert_max_num_queries):
    enrol(bootcamp, participants=1)
    organiser_client.get(reverse("certificates_admin:bootcamp", args=[bootcamp.pk]))
    url = reverse("certificates_admin:bootcamp", args=[bootcamp.pk]) + f"?status={status}"
    with django_assert_max_num_queries(40) as small:
        organiser_client.get(url)
    for _ in range(4):
        enrol(bootcamp, participants=5)
    with django_assert_max_num_queries(len(small.captured_queries)):
        organiser_client.get(url)
