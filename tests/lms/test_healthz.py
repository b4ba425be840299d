from unittest import mock

from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper


def test_healthz_reports_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_returns_503_when_the_database_fails(client, db):
    with mock.patch.object(
        BaseDatabaseWrapper, "cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert "connection refused" not in response.content.decode()
