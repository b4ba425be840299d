"""/cms/ for every role: no redirect loop, a 403 page for signed-in non-staff, no gravatar."""

import pytest
from django.test import Client

from tests.factories import UserFactory, organiser, participant, trainer

ADMIN_URLS = [
    "/cms/", "/cms/pages/", "/cms/dashboards/", "/cms/certificates/", "/cms/applications/",
    "/cms/notifications/", "/cms/reports/page-types-usage/", "/cms/users/", "/cms/account/",
    "/cms/does-not-exist/",
]


def _walk(client: Client, url: str, limit: int = 10):
    """Follow redirects by hand so a loop shows up as a failure with the chain."""
    chain = [url]
    response = client.get(url)
    while response.status_code in (301, 302) and len(chain) < limit:
        url = response["Location"]
        assert url not in chain, f"redirect loop: {chain + [url]}"
        chain.append(url)
        response = client.get(url)
    return response, chain


@pytest.mark.parametrize("make_user", [participant, lambda: UserFactory()])
@pytest.mark.parametrize("url", ADMIN_URLS)
def test_signed_in_non_staff_get_a_clear_403_page(db, client, make_user, url):
    client.force_login(make_user())
    response, chain = _walk(client, url)
    assert response.status_code in (403, 404), chain
    if response.status_code == 403:
        assert "The admin is for trainers and organisers" in response.content.decode()


@pytest.mark.parametrize("make_user", [trainer, organiser])
@pytest.mark.parametrize("url", ADMIN_URLS)
def test_staff_never_loop(db, client, make_user, url):
    client.force_login(make_user())
    response, chain = _walk(client, url)
    assert response.status_code in (200, 403, 404), chain


def test_anonymous_is_sent_to_the_one_login_page_with_next(db, client):
    response, chain = _walk(client, "/cms/pages/")
    assert chain[-1] == "/accounts/login/?next=/cms/pages/"
    assert response.status_code == 200


def test_admin_loads_no_avatar_from_another_host(db, client):
    client.force_login(organiser())
    body = client.get("/cms/").content.decode()
    assert "gravatar" not in body


def test_the_avatar_check_would_see_gravatar(db, client, settings):
    # Guards the test above: with Wagtail's default provider the page does name gravatar.com.
    del settings.WAGTAIL_GRAVATAR_PROVIDER_URL
    client.force_login(organiser())
    assert "gravatar.com" in client.get("/cms/").content.decode()
