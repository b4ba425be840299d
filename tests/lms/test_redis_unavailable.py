"""Redis down (port closed) or hanging (accepts, never answers): the site keeps working.

The cache is the production one (lms.cache.ResilientRedisCache) pointed at a local socket
that refuses, or at one that accepts connections and never replies, with short timeouts.
Pages, sign-in by password and by emailed code and check-in must answer as usual, and
/healthz must say "degraded" and name Redis.
"""

import re
import socket
import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from attendance import services as attendance
from attendance.models import AttendanceRecord
from courses.models import ModulePage
from tests.attendance.factories import Setup
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TIMEOUT = 0.2


class SilentServer:
    """Accepts TCP connections and never sends a byte (a Redis that hangs)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted.append(conn)

    def close(self):
        self.sock.close()
        for conn in self.accepted:
            conn.close()


def closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there any more: connections are refused
    return port


@pytest.fixture(params=["refused", "hanging"])
def redis_down(request, settings):
    server = SilentServer() if request.param == "hanging" else None
    port = server.port if server else closed_port()
    settings.CACHES = {"default": {
        "BACKEND": "lms.cache.ResilientRedisCache",
        "LOCATION": f"redis://127.0.0.1:{port}/0",
        "OPTIONS": {"socket_connect_timeout": TIMEOUT, "socket_timeout": TIMEOUT,
                    "RETRY_SECONDS": 30},
    }}
    yield server
    if server:
        server.close()


@pytest.fixture
def live():
    setup = Setup()
    setup.move_session(starts_at=timezone.now() - timedelta(minutes=5))
    setup.code = attendance.settings_for(session=setup.session).check_in_code
    return setup


def test_healthz_is_degraded_and_names_redis(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 200  # the instance keeps its traffic
    assert response.json() == {"status": "degraded", "redis": "unavailable"}


def test_participant_pages_and_check_in_keep_working(client, redis_down, live):
    user = live.team[0]
    client.force_login(user)
    module = ModulePage.objects.live().descendant_of(live.bootcamp).first()
    started = time.monotonic()
    for url in ["/dashboard/", live.bootcamp.url, module.url, live.session.url,
                f"/sessions/{live.session.pk}/check-in"]:
        response = client.get(url)
        assert response.status_code == 200, url
    response = client.post(f"/sessions/{live.session.pk}/check-in", {"code": live.code})
    assert response.status_code == 302
    assert AttendanceRecord.objects.filter(user=user, session=live.session).exists()
    elapsed = time.monotonic() - started
    if redis_down is not None:
        # A hanging Redis costs one timeout, then the process stops asking for a while:
        # not one timeout per cache call (dozens on these pages).
        assert len(redis_down.accepted) <= 2
        assert elapsed < 20 * TIMEOUT + 10  # generous for a loaded machine, far below 5 s/page


def test_password_sign_in_keeps_working(client, redis_down):
    user = UserFactory(email="asha@example.org")
    response = client.post("/accounts/login/", {"login": "asha@example.org",
                                                "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_in_by_emailed_code_keeps_working(client, redis_down):
    user = UserFactory(email="asha@example.org")
    response = client.post("/accounts/login/code/", {"email": "asha@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/code/confirm/"
    code = re.search(r"^\s*([A-Z0-9][A-Z0-9-]{4,14}[A-Z0-9])\s*$", mail.outbox[-1].body,
                     re.MULTILINE).group(1)
    response = client.post("/accounts/login/code/confirm/", {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
