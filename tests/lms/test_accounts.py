import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def login(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_email_and_password_sign_in(client):
    user = UserFactory(email="asha@example.org")
    response = login(client, "ASHA@example.org")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_is_refused_without_saying_whether_the_account_exists(client):
    UserFactory(email="asha@example.org")
    known = login(client, "asha@example.org", "wrong-password").content.decode()
    unknown = login(client, "nobody@example.org", "wrong-password").content.decode()
    message = "The email address and/or password you specified are not correct."
    assert message in known and message in unknown
    assert "_auth_user_id" not in client.session


def test_ten_wrong_passwords_hit_the_rate_limit(client):
    UserFactory(email="asha@example.org")
    responses = [login(client, "asha@example.org", f"wrong-{i}") for i in range(10)]
    assert "Too many failed login attempts" in responses[-1].content.decode()
    # Even the right password is refused while limited.
    assert "_auth_user_id" not in login(client, "asha@example.org").wsgi_request.session


def test_signup_requires_email_verification_before_sign_in(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": "a-good-long-passphrase",
            "password2": "a-good-long-passphrase",
            "first_name": "नेहा",
            "last_name": "Sharma",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = get_user_model().objects.get(email="new@example.org")
    assert user.get_full_name() == "नेहा Sharma"
    assert "_auth_user_id" not in client.session
    # Signing in before verifying sends the person to the verification page, not inside.
    response = login(client, "new@example.org", "a-good-long-passphrase")
    assert "_auth_user_id" not in client.session
    # The emailed link verifies and signs in.
    link = re.search(r"http://testserver(/accounts/confirm-email/[^\s]+)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    response = client.post(link.group(1))
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_with_an_existing_email_does_not_reveal_the_account(client):
    UserFactory(email="asha@example.org")
    response = client.post(
        "/accounts/signup/",
        {
            "email": "asha@example.org",
            "password1": "a-good-long-passphrase",
            "password2": "a-good-long-passphrase",
            "first_name": "Someone",
        },
    )
    # Same outcome as a new address: "check your email"; the owner gets a notice instead.
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert get_user_model().objects.filter(email__iexact="asha@example.org").count() == 1


def test_logout_by_get_does_not_log_out(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get("/accounts/logout/")
    assert response.status_code == 200
    assert client.session["_auth_user_id"] == str(user.pk)
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email(client):
    user = UserFactory(email="asha@example.org")
    response = client.post("/accounts/password/reset/", {"email": "asha@example.org"})
    assert response.status_code == 302
    link = re.search(r"http://testserver(/accounts/password/reset/key/[^\s]+)",
                     mail.outbox[-1].body)
    assert link
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    response = client.post(
        form_url, {"password1": "brand-new-passphrase", "password2": "brand-new-passphrase"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand-new-passphrase")


def test_password_reset_for_unknown_email_looks_the_same(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"


def test_wagtail_admin_login_goes_through_allauth(client):
    response = client.get("/cms/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    response = client.get("/cms/login/?next=/cms/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/cms/pages/"


def test_django_admin_login_goes_through_allauth(client):
    response = client.get("/django-admin/login/?next=/django-admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_login_page_uses_the_site_layout(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'class="skip-link"' in html
    assert "css/site.css" in html
    assert 'name="login"' in html and "username" not in html.lower()


def test_header_shows_who_is_signed_in_with_a_post_logout(client):
    user = UserFactory(first_name="Meera", last_name="Rao")
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "Meera Rao" in html
    assert re.search(r'<form method="post" action="/accounts/logout/"', html)
