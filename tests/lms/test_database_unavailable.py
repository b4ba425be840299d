"""Database down: a 503 "back in a moment" page with Retry-After, never a 500 or a traceback.

The outage is simulated where Django meets the database (every new cursor raises what
psycopg raises when the server is gone), so sessions, the signed-in user, Wagtail's site
lookup and the view's own queries all fail the way they do in production.
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import IntegrityError, InterfaceError, OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.utils import timezone

from tests.attendance.factories import Setup

pytestmark = pytest.mark.django_db

OUTAGE = OperationalError('connection to server at "127.0.0.1", port 5432 failed: '
                          "Connection refused")


@pytest.fixture
def production(settings):
    settings.DEBUG = False


@pytest.fixture
def signed_in(production):
    setup = Setup()
    setup.move_session(starts_at=timezone.now() - timedelta(minutes=5))
    client = Client(raise_request_exception=False)
    client.force_login(setup.team[0])
    return client, setup


def database_down(error=OUTAGE):
    return mock.patch.object(BaseDatabaseWrapper, "cursor", side_effect=error)


def assert_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert "Back in a moment" in body
    assert "Traceback" not in body and "Connection refused" not in body
    assert "5432" not in body


def test_signed_in_pages_and_check_in_answer_503(signed_in):
    client, setup = signed_in
    session_url, check_in = setup.session.url, f"/sessions/{setup.session.pk}/check-in"
    with database_down():
        for response in (client.get("/dashboard/"), client.get(session_url),
                         client.post(check_in, {"code": "ABCDEF"})):
            assert_503(response)


def test_anonymous_pages_answer_503(production):
    client = Client(raise_request_exception=False)
    with database_down():
        for url in ("/", "/accounts/login/"):
            assert_503(client.get(url))
        assert_503(client.post("/accounts/login/", {"login": "a@example.org",
                                                    "password": "x"}))


def test_a_dead_connection_is_503_too(signed_in):
    client, _setup = signed_in
    with database_down(InterfaceError("connection already closed")):
        assert_503(client.get("/dashboard/"))


def test_an_outage_met_in_a_middleware_is_503(production, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.TouchesTheDatabase"]
    client = Client(raise_request_exception=False)
    with database_down():
        assert_503(client.get("/accounts/login/"))


def test_other_database_errors_stay_500(signed_in):
    client, _setup = signed_in
    with database_down(IntegrityError("duplicate key")):
        response = client.get("/dashboard/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "duplicate key" not in response.content.decode()


def test_the_site_recovers_when_the_database_is_back(signed_in):
    client, _setup = signed_in
    with database_down():
        assert_503(client.get("/dashboard/"))
    assert client.get("/dashboard/").status_code == 200


class TouchesTheDatabase:
    """A middleware that reads the signed-in user before any view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.contrib.sessions.models import Session

        Session.objects.exists()
        return self.get_response(request)
