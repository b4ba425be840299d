"""The WhatsApp sandbox: the admin page and `manage.py whatsapp_sandbox` play a phone
through the real webhook view and the real outbound client, against a loopback fake API."""

import io
import json

import pytest
import requests
from django.core.management import CommandError, call_command
from django.urls import reverse

from courses.models import ModuleCompletion, ModulePage
from notifications import sandbox
from notifications.models import Kind, Notification, NotificationPreference
from quizzes.models import Attempt
from tests.courses.factories import build_bootcamp, enrol
from tests.factories import PASSWORD, organiser, participant, trainer
from tests.quizzes.factories import add_check, single_choice

pytestmark = pytest.mark.django_db
PAGE = "/cms/notifications/sandbox/"
NUMBER = "+919876543210"


@pytest.fixture
def lesson():
    bootcamp = build_bootcamp()
    user = enrol(bootcamp)[1][1]
    NotificationPreference.objects.create(user=user, whatsapp_number=NUMBER,
                                          whatsapp_opt_in=True)
    first = ModulePage.objects.descendant_of(bootcamp).order_by("path").first()
    return user, add_check(first, questions=[single_choice()], pass_mark=100)


@pytest.fixture
def loopback():
    running = sandbox.start_loopback()
    yield running
    running.stop()


@pytest.fixture
def enabled(settings):
    settings.DEBUG = False
    settings.WHATSAPP_SANDBOX = True
    settings.WHATSAPP_MESSAGES_PER_SECOND = 1000


def _texts(payloads) -> str:
    return "\n".join(sandbox.as_text(sandbox.bubble(payload)) for payload in payloads)


def test_the_fake_api_answers_like_the_cloud_api(loopback):
    url = f"{loopback.base_url}/123/messages"
    ok = requests.post(url, json={"to": "9199", "type": "text"}, timeout=5,
                       headers={"Authorization": "Bearer x"})
    assert ok.status_code == 200 and ok.json()["messages"][0]["id"].startswith("wamid.")
    loopback.api.fail_next(429)
    limited = requests.post(url, json={"to": "9199"}, timeout=5,
                            headers={"Authorization": "Bearer x"})
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "1"
    assert limited.json()["error"]["code"] == 130429
    assert requests.post(url, json={}, timeout=5).status_code == 401  # no token


def test_a_whole_module_by_sandbox_through_the_real_webhook(lesson, loopback, enabled,
                                                            client, settings):
    settings.WHATSAPP_APP_SECRET = ""  # a fresh `make run`: the sandbox signs with its own
    user, module = lesson

    def say(text):
        return _texts(sandbox.exchange(number=NUMBER, message=sandbox.text_message(text),
                                       loopback=loopback))

    assert "Module 1" in say("MENU")
    assert "part 1 of 2" in say("NEXT")
    assert "Question 1 of 1" in say("NEXT")
    wrong = say("2")
    assert "Not right." in wrong and "not enough to pass" in wrong
    assert "Question 1 of 1" in say("NEXT")
    assert "You passed" in say("1")
    assert list(Attempt.objects.filter(user=user, module=module)
                .values_list("number", "passed")) == [(1, False), (2, True)]
    assert ModuleCompletion.objects.filter(user=user, module=module).exists()
    assert "Module 2" in say("DONE") or "Module 2" in say("NEXT")
    # The web dashboard shows the same progress.
    client.force_login(user)
    assert "1 of 2 required modules done" in client.get("/dashboard/").content.decode()
    # Every reply went through the real sender and was confirmed by a status webhook.
    replies = Notification.objects.filter(recipient=user, kind=Kind.REPLY)
    assert replies.count() >= 7
    assert set(replies.values_list("status", flat=True)) == {Notification.Status.DELIVERED}


def test_a_provider_error_is_retried_without_a_second_send(lesson, loopback, enabled):
    loopback.api.fail_next(500)
    assert sandbox.exchange(number=NUMBER, message=sandbox.text_message("HELP"),
                            loopback=loopback) == []
    reply = Notification.objects.get(kind=Kind.REPLY)
    assert reply.status == Notification.Status.QUEUED and "HTTP 500" in reply.error
    assert [entry["status"] for entry in loopback.api.received] == [500]


def test_bubbles_render_documents_and_interactive_messages():
    document = sandbox.bubble({"type": "document", "document": {
        "link": "http://x/doc.pdf", "filename": "doc.pdf", "caption": "Consent form"}})
    assert document == {"kind": "document", "text": "Consent form", "filename": "doc.pdf",
                        "link": "http://x/doc.pdf"}
    buttons = sandbox.bubble({"type": "interactive", "interactive": {
        "type": "button", "body": {"text": "Ready?"}, "action": {"buttons": [
            {"type": "reply", "reply": {"id": "NEXT", "title": "Next"}}]}}})
    assert buttons["buttons"] == [{"id": "NEXT", "title": "Next"}]
    assert sandbox.message_for("#Next", [buttons]) == sandbox.button_reply("NEXT", "Next")
    listed = sandbox.bubble({"type": "interactive", "interactive": {
        "type": "list", "body": {"text": "Pick"}, "action": {"button": "Options", "sections": [
            {"title": "Answers", "rows": [{"id": "a-1", "title": "Yes"}]}]}}})
    assert listed["list_button"] == "Options"
    assert sandbox.message_for("#a-1", [listed])["interactive"]["list_reply"]["id"] == "a-1"
    assert sandbox.message_for("hello", [listed]) == sandbox.text_message("hello")


def test_a_tapped_button_reaches_the_webhook_as_a_button_reply(lesson, enabled, settings):
    body = sandbox.webhook_body(number=NUMBER, message=sandbox.button_reply("NEXT", "Next"),
                                message_id="wamid.x")
    message = json.loads(body)["entry"][0]["changes"][0]["value"]["messages"][0]
    assert message["from"] == NUMBER.lstrip("+")
    assert message["interactive"]["button_reply"] == {"id": "NEXT", "title": "Next"}


def test_the_command_plays_a_script(lesson, enabled, tmp_path):
    script = tmp_path / "chat.txt"
    script.write_text("// a comment\nMENU\n\nNEXT\n", encoding="utf-8")
    out = io.StringIO()
    call_command("whatsapp_sandbox", number=NUMBER, script=str(script), stdout=out)
    text = out.getvalue()
    assert "you> MENU" in text and "you> NEXT" in text and "part 1 of 2" in text
    assert "a comment" not in text


def test_the_command_refuses_without_debug_or_setting(lesson, settings):
    settings.DEBUG, settings.WHATSAPP_SANDBOX = False, False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("whatsapp_sandbox", number=NUMBER, script="-", stdout=io.StringIO())


def test_the_command_refuses_an_unknown_number(enabled):
    with pytest.raises(CommandError, match="No account"):
        call_command("whatsapp_sandbox", number="+910000000000", script="-",
                     stdout=io.StringIO())


# --- The admin page ---------------------------------------------------------------------

def test_page_is_404_without_debug_or_setting(client, settings):
    settings.DEBUG, settings.WHATSAPP_SANDBOX = False, False
    assert client.get(PAGE).status_code == 404
    client.login(email=organiser().email, password=PASSWORD)
    assert client.get(PAGE).status_code == 404
    assert client.post(PAGE, {"number": NUMBER, "text": "NEXT"}).status_code == 404


def test_page_is_only_for_organisers(client, enabled, lesson):
    assert reverse("whatsapp_sandbox:phone") == PAGE
    client.login(email=trainer().email, password=PASSWORD)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"number": NUMBER, "text": "NEXT"}).status_code == 403
    client.logout()
    client.login(email=participant().email, password=PASSWORD)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"number": NUMBER, "text": "NEXT"}).status_code == 403
    client.logout()
    assert client.get(PAGE).status_code == 302  # to the sign-in page
    assert not Notification.objects.exists()


def test_organiser_plays_the_phone_by_form_posts(client, enabled, lesson):
    user, module = lesson
    client.login(email=organiser().email, password=PASSWORD)
    page = client.get(PAGE)
    assert page.status_code == 200 and NUMBER in page.content.decode()
    response = client.post(PAGE, {"number": NUMBER, "text": "NEXT"}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"{PAGE}?number={NUMBER}#latest"
    assert 'class="wa-bubble wa-in"' in html and "part 1 of 2" in html
    client.post(PAGE, {"number": NUMBER, "text": "NEXT"})
    client.post(PAGE, {"number": NUMBER, "text": "1"})
    assert ModuleCompletion.objects.filter(user=user, module=module).exists()
    cleared = client.post(PAGE, {"number": NUMBER, "clear": "1"}, follow=True)
    assert "part 1 of 2" not in cleared.content.decode()


def test_page_rejects_an_unknown_number_and_escapes_text(client, enabled, lesson):
    client.login(email=organiser().email, password=PASSWORD)
    client.post(PAGE, {"number": "+910000000000", "text": "NEXT"})
    assert not Notification.objects.exists()
    html = client.post(PAGE, {"number": NUMBER, "text": "<b>hi</b>"},
                       follow=True).content.decode()
    assert "&lt;b&gt;hi&lt;/b&gt;" in html and "<b>hi</b>" not in html


def test_page_draws_buttons_and_list_rows_and_a_tap_posts_a_button_reply(client, enabled,
                                                                          lesson):
    from notifications.models import InboundMessage
    from notifications.sandbox_views import SESSION_KEY

    client.login(email=organiser().email, password=PASSWORD)
    session = client.session
    shown = [
        {"type": "interactive", "interactive": {
            "type": "button", "body": {"text": "What next?"}, "action": {"buttons": [
                {"type": "reply", "reply": {"id": "NEXT", "title": "Next part"}}]}}},
        {"type": "interactive", "interactive": {
            "type": "list", "body": {"text": "Your answer"}, "action": {
                "button": "Options", "sections": [{"title": "Answers", "rows": [
                    {"id": "answer-1", "title": "Opt-in consent"}]}]}}},
        {"type": "document", "document": {"link": "http://x/c.pdf", "filename": "c.pdf",
                                          "caption": "Consent form"}}]
    session[SESSION_KEY] = {NUMBER: [{"direction": "out", **sandbox.bubble(payload)}
                                     for payload in shown]}
    session.save()
    html = client.get(PAGE, {"number": NUMBER}).content.decode()
    assert '<input type="hidden" name="reply_id" value="NEXT">' in html
    assert '<button type="submit">Next part</button>' in html
    assert "☰ Options" in html and '<button type="submit">Opt-in consent</button>' in html
    assert "📄 c.pdf" in html and "Consent form" in html
    client.post(PAGE, {"number": NUMBER, "reply_kind": "button", "reply_id": "NEXT",
                       "reply_title": "Next part"})
    # Through the real webhook: the tap is logged by its title and answered once.
    assert InboundMessage.objects.get().text == "Next part"
    assert Notification.objects.filter(kind=Kind.REPLY).count() == 1
