"""HTTP client for the WhatsApp Business Cloud API message endpoint.

`POST {WHATSAPP_API_BASE_URL}/{WHATSAPP_PHONE_NUMBER_ID}/messages` with a bearer token;
compatible providers (Turn.io, on-premise gateways) are reached by changing the base URL.
The client classifies every outcome so the sender can decide: accepted, retry later,
give up, or "unknown" (the request may have reached the provider: never resend blindly).
"""

import hashlib
import hmac
from dataclasses import dataclass
from enum import Enum

import requests
import urllib3
from django.conf import settings

from notifications.chat_lessons import _cut_point

# Cloud API limits of interactive messages (reply buttons and list messages).
INTERACTIVE_BODY_LIMIT = 1024
MAX_BUTTONS = 3
BUTTON_TITLE_LIMIT = 20
MAX_ROWS = 10
ROW_TITLE_LIMIT = 24
ROW_DESCRIPTION_LIMIT = 72
LIST_BUTTON_LIMIT = 20


class Outcome(Enum):
    ACCEPTED = "accepted"
    RETRY = "retry"  # 429, 5xx, or the provider could not be reached at all
    UNKNOWN = "unknown"  # timed out after the request was sent: it may have been accepted
    REJECTED = "rejected"  # 4xx other than 429: resending the same request cannot help


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    message_id: str = ""
    error: str = ""
    retry_after: float | None = None


def is_configured() -> bool:
    return bool(settings.WHATSAPP_PHONE_NUMBER_ID and settings.WHATSAPP_ACCESS_TOKEN)


def wa_id(number: str) -> str:
    """WhatsApp ids are the E.164 number without the plus."""
    return number.lstrip("+")


def text_payload(*, to: str, body: str, reference: str) -> dict:
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": wa_id(to),
        "type": "text",
        "text": {"body": body[:4096], "preview_url": False},
        "biz_opaque_callback_data": reference,
    }


def document_payload(*, to: str, link: str, filename: str, caption: str,
                     reference: str) -> dict:
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": wa_id(to),
        "type": "document",
        "document": {"link": link, "filename": filename[:240], "caption": caption[:1024]},
        "biz_opaque_callback_data": reference,
    }


def shorten(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, cut before a letter rather than between it and
    its combining marks (a Devanagari vowel sign or virama), with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:_cut_point(text, limit - 1)].rstrip() + "…"


def interactive_payload(*, to: str, body: str, choices: list[dict], button: str,
                        reference: str) -> dict | None:
    """Reply buttons (up to three short choices) or a list message (up to ten), or None when
    the choices cannot be shown interactively (then the caller sends `body` as plain text,
    which always carries the choices as typed commands or numbers too).

    `choices` are {"id", "title", "description"?}; the id comes back in the webhook
    (notifications.inbound.message_text) as if the participant had typed it."""
    if not choices or len(choices) > MAX_ROWS or len(body) > INTERACTIVE_BODY_LIMIT:
        return None
    titles = [" ".join(choice["title"].split()) for choice in choices]
    as_buttons = (len(choices) <= MAX_BUTTONS
                  and not any(choice.get("description") for choice in choices)
                  and all(len(title) <= BUTTON_TITLE_LIMIT for title in titles)
                  and len(set(titles)) == len(titles))
    if as_buttons:
        interactive = {"type": "button", "body": {"text": body}, "action": {"buttons": [
            {"type": "reply", "reply": {"id": choice["id"][:256], "title": title}}
            for choice, title in zip(choices, titles, strict=True)]}}
    else:
        rows = []
        for choice in choices:
            row = {"id": choice["id"][:200], "title": shorten(choice["title"], ROW_TITLE_LIMIT)}
            if choice.get("description"):
                row["description"] = shorten(choice["description"], ROW_DESCRIPTION_LIMIT)
            rows.append(row)
        interactive = {"type": "list", "body": {"text": body}, "action": {
            "button": shorten(button, LIST_BUTTON_LIMIT), "sections": [{"rows": rows}]}}
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": wa_id(to),
        "type": "interactive",
        "interactive": interactive,
        "biz_opaque_callback_data": reference,
    }


def template_language(language: str) -> str:
    """WhatsApp's code for the version of the approved templates written in `language`
    (WHATSAPP_TEMPLATE_LANGUAGES), else the default version's (WHATSAPP_TEMPLATE_LANGUAGE)."""
    return settings.WHATSAPP_TEMPLATE_LANGUAGES.get(language,
                                                    settings.WHATSAPP_TEMPLATE_LANGUAGE)


def template_payload(*, to: str, name: str, parameters: list[str], reference: str,
                     language: str | None = None) -> dict:
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": wa_id(to),
        "type": "template",
        "template": {
            "name": name,
            "language": {"code": template_language(language) if language
                         else settings.WHATSAPP_TEMPLATE_LANGUAGE},
            "components": [
                {"type": "body",
                 "parameters": [{"type": "text", "text": value} for value in parameters]}
            ],
        },
        "biz_opaque_callback_data": reference,
    }


def _never_connected(exc: requests.ConnectionError) -> bool:
    """True when the request provably never reached the provider (refused, DNS, connect
    timeout), so sending it again cannot duplicate it."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(
        reason, urllib3.exceptions.NewConnectionError | urllib3.exceptions.NameResolutionError
    )


def _retry_after(response: requests.Response) -> float | None:
    try:
        return float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None


def send(payload: dict) -> SendResult:
    url = f"{settings.WHATSAPP_API_BASE_URL}/{settings.WHATSAPP_PHONE_NUMBER_ID}/messages"
    try:
        response = requests.post(
            url,
            json=payload,
            headers={"Authorization": f"Bearer {settings.WHATSAPP_ACCESS_TOKEN}"},
            timeout=(settings.WHATSAPP_CONNECT_TIMEOUT, settings.WHATSAPP_READ_TIMEOUT),
        )
    except requests.ConnectionError as exc:
        if _never_connected(exc):
            return SendResult(Outcome.RETRY, error=f"provider unreachable: {exc}")
        return SendResult(Outcome.UNKNOWN, error=f"connection lost after sending: {exc}")
    except requests.Timeout as exc:  # read timeout: the provider may have accepted it
        return SendResult(Outcome.UNKNOWN, error=f"timed out waiting for the provider: {exc}")
    if response.status_code == 429 or response.status_code >= 500:
        return SendResult(Outcome.RETRY, error=f"HTTP {response.status_code}: "
                          f"{response.text[:500]}", retry_after=_retry_after(response))
    if not response.ok:
        return SendResult(Outcome.REJECTED,
                          error=f"HTTP {response.status_code}: {response.text[:500]}")
    try:
        message_id = response.json()["messages"][0]["id"]
    except (ValueError, KeyError, IndexError, TypeError):
        # Accepted (2xx) but unreadable: treat as sent without an id rather than resend.
        message_id = ""
    return SendResult(Outcome.ACCEPTED, message_id=message_id)


def valid_signature(*, raw_body: bytes, header: str | None) -> bool:
    """`X-Hub-Signature-256: sha256=<hex HMAC of the raw body with the app secret>`."""
    secret = settings.WHATSAPP_APP_SECRET
    if not secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256="))
