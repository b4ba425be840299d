"""Passwords are stored with Argon2id at OWASP's setting (lms/hashers.py); old PBKDF2 hashes
still sign in and are upgraded on the way."""

import importlib

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-passphrase-42"


@pytest.fixture
def production_hashers(settings):
    # The suite runs a fast MD5 hasher (lms.settings_test); these tests use the real list.
    settings.PASSWORD_HASHERS = importlib.import_module("lms.settings").PASSWORD_HASHERS


def test_new_passwords_are_argon2id_with_owasp_parameters(production_hashers):
    encoded = make_password(PASSWORD)
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password(PASSWORD, encoded)
    assert not check_password("a-long-passphrase-43", encoded)


def test_a_pbkdf2_hash_signs_in_and_is_upgraded(client, production_hashers):
    user = UserFactory(email="asha@example.org")
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)
    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "argon2"
    assert "m=19456,t=2,p=1" in user.password


def test_an_argon2_hash_with_other_parameters_is_rehashed(client, production_hashers):
    from django.contrib.auth.hashers import Argon2PasswordHasher

    user = UserFactory(email="ravi@example.org")
    user.password = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    user.save(update_fields=["password"])
    assert "m=102400" in user.password  # Django's own, costlier defaults
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    user.refresh_from_db()
    assert "m=19456,t=2,p=1" in user.password
