"""The account remembers the language chosen on the site, for messages sent later without a
request (WhatsApp replies)."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_language_menu_remembers_the_choice_on_the_account(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/i18n/setlang/", {"language": "hi", "next": "/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "hi" and user.message_language == "hi"
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})  # not a site language
    user.refresh_from_db()
    assert user.language == "hi"


def test_anonymous_language_switch_still_works(client):
    response = client.post("/i18n/setlang/", {"language": "hi", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "hi"


def test_first_sign_in_remembers_the_browsers_language(client):
    user = UserFactory()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD},
                           headers={"accept-language": "hi"})
    assert response.status_code == 302
    assert get_user_model().objects.get(pk=user.pk).language == "hi"


def test_sign_in_does_not_override_a_chosen_language(client):
    user = UserFactory(language="en")
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD},
                headers={"accept-language": "hi"})
    assert get_user_model().objects.get(pk=user.pk).language == "en"
