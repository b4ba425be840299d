"""A local stand-in for the WhatsApp provider: plays a participant's phone.

A message typed into the sandbox (the admin page or `manage.py whatsapp_sandbox`) is posted
to the REAL webhook view (`/notifications/whatsapp/webhook/`, through Django's URL routing
and middleware) with a valid X-Hub-Signature-256; the replies it queues go out through the
REAL outbound client (`notifications.delivery` → `notifications.whatsapp.send`) to
`FakeCloudAPI`, a small WSGI server on 127.0.0.1 that records what it receives and answers
like the Cloud API (a message id, or an error when one is asked for). The recorded payloads
are what the phone shows.

While an exchange runs, the WhatsApp settings point at the fake server (process-wide):
that is why the sandbox exists only with DEBUG or WHATSAPP_SANDBOX=True.
"""

import hashlib
import hmac
import itertools
import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from socketserver import ThreadingMixIn
from urllib.parse import urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from notifications import delivery, whatsapp
from notifications.models import Channel, Kind, Notification, NotificationPreference

SANDBOX_PHONE_NUMBER_ID = "100000000000000"
# Only used when the real settings leave them empty (a fresh `make run`).
SANDBOX_ACCESS_TOKEN = "sandbox-access-token"  # noqa: S105 - not a credential
SANDBOX_APP_SECRET = "sandbox-app-secret"  # noqa: S105 - not a credential
# Cloud API error answers, as the real API words them (code, title).
ERRORS = {
    429: (130429, "Rate limit hit"),
    500: (131000, "Something went wrong"),
    503: (131016, "Service unavailable"),
    400: (131026, "Message undeliverable"),
}


def enabled() -> bool:
    return bool(settings.DEBUG or getattr(settings, "WHATSAPP_SANDBOX", False))


class FakeCloudAPI:
    """A WSGI app answering `POST /<phone number id>/messages` like the Cloud API."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: list[dict] = []  # {"to", "payload", "status", "message_id"}
        self.answers: list[int] = []  # HTTP statuses for the next requests (then 200)
        self._ids = itertools.count(1)

    def fail_next(self, *statuses: int) -> None:
        with self.lock:
            self.answers.extend(statuses)

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if environ.get("REQUEST_METHOD") != "POST" or not path.endswith("/messages"):
            return self._answer(start_response, 404, {"error": {"message": "Unknown path"}})
        if not environ.get("HTTP_AUTHORIZATION", "").startswith("Bearer "):
            return self._answer(start_response, 401, {"error": {
                "message": "Invalid OAuth access token", "code": 190}})
        length = int(environ.get("CONTENT_LENGTH") or 0)
        try:
            payload = json.loads(environ["wsgi.input"].read(length))
        except ValueError:
            return self._answer(start_response, 400, {"error": {"message": "Invalid JSON"}})
        with self.lock:
            status = self.answers.pop(0) if self.answers else 200
            message_id = f"wamid.SANDBOX{next(self._ids)}" if status == 200 else ""
            self.received.append({"to": str(payload.get("to", "")), "payload": payload,
                                  "status": status, "message_id": message_id})
        if status != 200:
            code, title = ERRORS.get(status, (131000, "Something went wrong"))
            return self._answer(start_response, status, {"error": {
                "message": title, "type": "OAuthException", "code": code,
                "error_data": {"details": title}}})
        return self._answer(start_response, 200, {
            "messaging_product": "whatsapp",
            "contacts": [{"input": payload.get("to", ""), "wa_id": payload.get("to", "")}],
            "messages": [{"id": message_id}]})

    @staticmethod
    def _answer(start_response, status: int, body: dict):
        reason = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found",
                  429: "Too Many Requests"}.get(status, "Error")
        headers = [("Content-Type", "application/json")]
        if status == 429:
            headers.append(("Retry-After", "1"))
        start_response(f"{status} {reason}", headers)
        return [json.dumps(body).encode()]

    def mark(self) -> int:
        with self.lock:
            return len(self.received)

    def accepted_since(self, mark: int, *, to: str) -> list[dict]:
        with self.lock:
            return [entry for entry in self.received[mark:]
                    if entry["to"] == to and entry["status"] == 200]


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


@dataclass
class Loopback:
    api: FakeCloudAPI
    server: WSGIServer
    thread: threading.Thread = field(repr=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/v21.0"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start_loopback() -> Loopback:
    """A fake Cloud API on a free port of 127.0.0.1, served by a daemon thread."""
    api = FakeCloudAPI()
    server = make_server("127.0.0.1", 0, api, server_class=_ThreadingServer,
                         handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True,
                              name="whatsapp-sandbox")
    thread.start()
    return Loopback(api=api, server=server, thread=thread)


_shared: Loopback | None = None
_shared_lock = threading.Lock()


def shared_loopback() -> Loopback:
    """The process's fake API for the admin page (started on first use)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = start_loopback()
        return _shared


@contextmanager
def pointed_at(loopback: Loopback) -> Iterator[None]:
    """The WhatsApp settings aimed at the fake API; real credentials are kept when set (the
    sandbox then also checks that they sign and authorise), else sandbox stand-ins."""
    with override_settings(
        WHATSAPP_API_BASE_URL=loopback.base_url,
        WHATSAPP_PHONE_NUMBER_ID=settings.WHATSAPP_PHONE_NUMBER_ID or SANDBOX_PHONE_NUMBER_ID,
        WHATSAPP_ACCESS_TOKEN=settings.WHATSAPP_ACCESS_TOKEN or SANDBOX_ACCESS_TOKEN,
        WHATSAPP_APP_SECRET=settings.WHATSAPP_APP_SECRET or SANDBOX_APP_SECRET,
    ):
        yield


# --- What the phone sends -------------------------------------------------------------

def text_message(text: str) -> dict:
    return {"type": "text", "text": {"body": text}}


def button_reply(reply_id: str, title: str) -> dict:
    """A tapped reply button of an interactive message, as the Cloud API reports it."""
    return {"type": "interactive",
            "interactive": {"type": "button_reply",
                            "button_reply": {"id": reply_id, "title": title}}}


def list_reply(reply_id: str, title: str, description: str = "") -> dict:
    return {"type": "interactive",
            "interactive": {"type": "list_reply",
                            "list_reply": {"id": reply_id, "title": title,
                                           "description": description}}}


def webhook_body(*, number: str, message: dict, message_id: str) -> bytes:
    """A Cloud API `messages` webhook for one inbound message."""
    wa_number = whatsapp.wa_id(number)
    return json.dumps({"object": "whatsapp_business_account", "entry": [{
        "id": "sandbox", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"phone_number_id": settings.WHATSAPP_PHONE_NUMBER_ID},
            "contacts": [{"wa_id": wa_number, "profile": {"name": "Sandbox"}}],
            "messages": [{"from": wa_number, "id": message_id,
                          "timestamp": str(int(timezone.now().timestamp())), **message}],
        }}]}]}).encode()


def status_body(*, number: str, message_id: str, status: str) -> bytes:
    return json.dumps({"object": "whatsapp_business_account", "entry": [{
        "id": "sandbox", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "statuses": [{"id": message_id, "status": status,
                          "recipient_id": whatsapp.wa_id(number),
                          "timestamp": str(int(timezone.now().timestamp()))}],
        }}]}]}).encode()


def signature(body: bytes) -> str:
    secret = settings.WHATSAPP_APP_SECRET.encode()
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


class SandboxError(Exception):
    pass


def _post_webhook(body: bytes) -> None:
    host = urlsplit(settings.BASE_URL).netloc or "127.0.0.1"
    # Django's test client runs the request through the real URL routing, middleware and
    # view in this process: no second server, and it works under runserver and in tests.
    response = Client(enforce_csrf_checks=True, HTTP_HOST=host).post(
        reverse("notifications:whatsapp_webhook"), data=body,
        content_type="application/json", HTTP_X_HUB_SIGNATURE_256=signature(body))
    if response.status_code != 200:
        raise SandboxError(f"the webhook answered {response.status_code}")


def exchange(*, number: str, message: dict, loopback: Loopback) -> list[dict]:
    """Send `message` from `number` and return the payloads our server sent back to it
    (what the phone shows), in the order they were sent."""
    preference = NotificationPreference.objects.filter(whatsapp_number=number).first()
    with pointed_at(loopback):
        mark = loopback.api.mark()
        message_id = f"wamid.SANDBOXIN{uuid.uuid4().hex}"
        _post_webhook(webhook_body(number=number, message=message, message_id=message_id))
        if preference is not None:
            # With TASKS_BACKEND=immediate the replies have gone already; with a database
            # worker they wait in the queue: send them now, through the same sender (only
            # answers: the participant's other queued messages are left to the worker).
            now = timezone.now()
            for pk in (Notification.objects.filter(
                    recipient_id=preference.user_id, channel=Channel.WHATSAPP, kind=Kind.REPLY,
                    status=Notification.Status.QUEUED, next_attempt_at__lte=now)
                    .order_by("pk").values_list("pk", flat=True)):
                delivery.deliver(pk, now=now)
        sent = loopback.api.accepted_since(mark, to=whatsapp.wa_id(number))
        for entry in sent:  # the phone got them: the delivery log says so
            _post_webhook(status_body(number=number, message_id=entry["message_id"],
                                      status="delivered"))
    return [entry["payload"] for entry in sent]


# --- What the phone shows ---------------------------------------------------------------

def bubble(payload: dict) -> dict:
    """One sent payload as a chat bubble (plain data: the page keeps them in the session,
    the command prints them)."""
    kind = payload.get("type")
    if kind == "text":
        return {"kind": "text", "text": payload["text"]["body"]}
    if kind == "document":
        document = payload["document"]
        return {"kind": "document", "text": document.get("caption", ""),
                "filename": document.get("filename", ""), "link": document.get("link", "")}
    if kind == "interactive":
        interactive = payload["interactive"]
        action = interactive.get("action", {})
        result = {"kind": "interactive",
                  "header": (interactive.get("header") or {}).get("text", ""),
                  "text": (interactive.get("body") or {}).get("text", ""),
                  "footer": (interactive.get("footer") or {}).get("text", ""),
                  "buttons": [], "list_button": "", "sections": []}
        if interactive.get("type") == "button":
            result["buttons"] = [{"id": button["reply"]["id"],
                                  "title": button["reply"]["title"]}
                                 for button in action.get("buttons", [])]
        elif interactive.get("type") == "list":
            result["list_button"] = action.get("button", "")
            result["sections"] = [
                {"title": section.get("title", ""),
                 "rows": [{"id": row["id"], "title": row["title"],
                           "description": row.get("description", "")}
                          for row in section.get("rows", [])]}
                for section in action.get("sections", [])]
        return result
    if kind == "template":
        template = payload["template"]
        parameters = [parameter.get("text", "")
                      for component in template.get("components", [])
                      for parameter in component.get("parameters", [])]
        return {"kind": "template", "text": " · ".join(parameters),
                "name": template.get("name", "")}
    return {"kind": "other", "text": json.dumps(payload)[:500]}


def as_text(item: dict) -> str:
    """A bubble as terminal text (the command, and readable test failures)."""
    lines = []
    if item["kind"] == "document":
        lines.append(f"[document {item['filename']}] {item['link']}")
    if item["kind"] == "template":
        lines.append(f"[template {item['name']}]")
    if item.get("header"):
        lines.append(f"*{item['header']}*")
    if item.get("text"):
        lines.append(item["text"])
    if item.get("footer"):
        lines.append(item["footer"])
    for button in item.get("buttons", []):
        lines.append(f"  [ {button['title']} ]  (reply: {button['id']})")
    if item.get("list_button"):
        lines.append(f"  [≡ {item['list_button']}]")
    for section in item.get("sections", []):
        if section["title"]:
            lines.append(f"  {section['title']}")
        lines += [f"   • {row['title']}  (reply: {row['id']})" for row in section["rows"]]
    return "\n".join(lines)


def message_for(entry: str, shown: list[dict]) -> dict:
    """What the command's user typed as a message: `#id` taps the button or list row with
    that id among the bubbles shown last, anything else is text."""
    if entry.startswith("#"):
        wanted = entry[1:].strip()
        for item in reversed(shown):
            for button in item.get("buttons", []):
                if wanted in (button["id"], button["title"]):
                    return button_reply(button["id"], button["title"])
            for section in item.get("sections", []):
                for row in section["rows"]:
                    if wanted in (row["id"], row["title"]):
                        return list_reply(row["id"], row["title"], row["description"])
    return text_message(entry)
