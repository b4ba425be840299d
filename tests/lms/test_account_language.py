"""A signed-in person's account language applies on a device that has chosen none, so a
link from a message opens in their language (#19); a device's own choice wins."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_account_language_applies_without_a_cookie(client):
    client.force_login(UserFactory(language="hi"))
    assert '<html lang="hi">' in client.get("/dashboard/").content.decode()


def test_the_devices_own_choice_wins(client):
    client.force_login(UserFactory(language="hi"))
    client.cookies["django_language"] = "en"
    assert '<html lang="en">' in client.get("/dashboard/").content.decode()


def test_anonymous_visitors_keep_their_browsers_language(client):
    html = client.get("/accounts/login/", headers={"accept-language": "en"}).content.decode()
    assert '<html lang="en">' in html
