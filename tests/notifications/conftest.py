"""A local fake of the WhatsApp Cloud API message endpoint, on 127.0.0.1.

Our real HTTP client talks to it over a socket. Tests script its answers: "ok" (200 with a
message id), an HTTP status such as 429 or 500, or "hang" (accept the request, answer only
after the client's read timeout — the provider got the message, the client never learns).
"""

import hashlib
import hmac
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
