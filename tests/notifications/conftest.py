"""A local fake of the WhatsApp Cloud API message endpoint, on 127.0.0.1.

Our real HTTP client talks to it over a socket. Tests script its answers: "ok" (200 with a
message id), an HTTP status such as 429 or 500, or "hang" (accept the request, answer only
after the client's read timeout — the provider got the message, the client never learns).
"""

import hashlib
import hmac
import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

APP_SECRET = "test-app-secret"
VERIFY_TOKEN = "test-verify-token"


class FakeWhatsApp:
    def __init__(self):
        self.requests: list[dict] = []
        self.answers: list = []
        self.hang_seconds = 1.5
        self.lock = threading.Lock()

    def answer(self, *answers):
        self.answers.extend(answers)

    def _next(self):
        with self.lock:
            return self.answers.pop(0) if self.answers else "ok"

    @property
    def sent(self) -> list[dict]:
        return [request["json"] for request in self.requests]


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's naming
        fake = self.server.fake
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        answer = fake._next()
        with fake.lock:
            fake.requests.append({
                "path": self.path, "headers": dict(self.headers), "json": json.loads(body),
                "at": time.time(), "answer": answer,
            })
            number = len(fake.requests)
        if answer == "hang":
            time.sleep(fake.hang_seconds)
            answer = "ok"
        status = 200 if answer == "ok" else answer
        payload = ({"messaging_product": "whatsapp", "messages": [{"id": f"wamid.{number}"}]}
                   if status == 200 else {"error": {"message": "fake error", "code": status}})
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            if status == 429:
                self.send_header("Retry-After", "1")
            self.end_headers()
            self.wfile.write(json.dumps(payload).encode())
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout)

    def log_message(self, *args):
        pass


@pytest.fixture
def whatsapp_api(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.fake = FakeWhatsApp()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WHATSAPP_API_BASE_URL = f"http://127.0.0.1:{server.server_port}/v21.0"
    settings.WHATSAPP_PHONE_NUMBER_ID = "1055551234"
    settings.WHATSAPP_ACCESS_TOKEN = "test-access-token"
    settings.WHATSAPP_APP_SECRET = APP_SECRET
    settings.WHATSAPP_VERIFY_TOKEN = VERIFY_TOKEN
    settings.WHATSAPP_CONNECT_TIMEOUT = 1
    settings.WHATSAPP_READ_TIMEOUT = 0.5
    settings.WHATSAPP_MESSAGES_PER_SECOND = 1000
    settings.NOTIFICATIONS_BACKOFF_SECONDS = 30
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 4
    settings.NOTIFICATIONS_RECONCILE_SECONDS = 900
    yield server.fake
    server.shutdown()
    server.server_close()


def sign(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


# --- learning by chat: a participant's phone, through the real webhook view --------------

NUMBER = "+919876543210"
WEBHOOK_URL = "/notifications/whatsapp/webhook/"
_message_ids = itertools.count(1)


@pytest.fixture
def lesson(db):
    """A participant with WhatsApp on, and the first module with a one-question check."""
    from courses.models import ModulePage
    from notifications.models import NotificationPreference
    from tests.courses.factories import build_bootcamp, enrol
    from tests.quizzes.factories import add_check, single_choice

    bootcamp = build_bootcamp()
    user = enrol(bootcamp)[1][1]
    NotificationPreference.objects.create(user=user, whatsapp_number=NUMBER,
                                          whatsapp_opt_in=True)
    first = ModulePage.objects.descendant_of(bootcamp).order_by("path").first()
    module = add_check(first, questions=[single_choice()], pass_mark=100)
    return user, module


def inbound_body(text="", *, message_id, sender=NUMBER, timestamp=None, pressed=None) -> bytes:
    """A webhook body with one message: typed `text`, or a `pressed` reply button / list
    row, given as ("button_reply" | "list_reply", id)."""
    from django.utils import timezone

    message = {"from": sender.lstrip("+"), "id": message_id,
               "timestamp": str(int(timestamp if timestamp is not None
                                    else timezone.now().timestamp()))}
    if pressed:
        kind, choice_id = pressed
        message |= {"type": "interactive", "interactive": {
            "type": kind, kind: {"id": choice_id, "title": "…"}}}
    else:
        message |= {"type": "text", "text": {"body": text}}
    return json.dumps({"entry": [{"changes": [{"value": {"messages": [message]}}]}]}).encode()


@pytest.fixture
def say(client, whatsapp_api, django_capture_on_commit_callbacks):
    """Send a WhatsApp message as the participant; returns the replies sent for it."""
    def _say(text="", *, message_id=None, sender=NUMBER, timestamp=None, pressed=None):
        body = inbound_body(text, message_id=message_id or f"wamid.in.{next(_message_ids)}",
                            sender=sender, timestamp=timestamp, pressed=pressed)
        before = len(whatsapp_api.sent)
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(WEBHOOK_URL, body, content_type="application/json",
                               HTTP_X_HUB_SIGNATURE_256=sign(body)).status_code == 200
        return whatsapp_api.sent[before:]
    return _say


def text_of(replies) -> str:
    """The text of the one reply, plain or interactive (buttons, list)."""
    [reply] = replies  # exactly one reply per message
    assert reply["type"] in ("text", "interactive")
    if reply["type"] == "interactive":
        assert len(reply["interactive"]["body"]["text"]) <= 1024
        return reply["interactive"]["body"]["text"]
    assert len(reply["text"]["body"]) <= 4096
    return reply["text"]["body"]
