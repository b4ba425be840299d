"""Learning by WhatsApp, through the real webhook view and outbound client (fake API)."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import ModuleCompletion
from courses.services import complete_module
from notifications import chat
from notifications.models import ChatConversation, NotificationPreference
from quizzes.models import Attempt
from tests.notifications.conftest import NUMBER, text_of

pytestmark = pytest.mark.django_db


def test_a_module_taken_by_chat_with_a_check_wrong_then_right(lesson, say):
    user, module = lesson
    first = text_of(say("NEXT"))
    assert "part 1 of 2" in first and "Lesson" in first
    question = text_of(say("next"))
    assert "Question 1 of 1" in question and "1. opt-in consent" in question
    wrong = text_of(say("2"))
    assert "Not right." in wrong and "A number is not consent." in wrong
    assert "0 of 1" in wrong and "not enough to pass" in wrong
    assert not ModuleCompletion.objects.filter(user=user, module=module).exists()
    assert "Question 1 of 1" in text_of(say("NEXT"))  # the check again
    right = text_of(say("1"))
    assert "Right!" in right and "You passed" in right
    # The same records as the web form: two attempts, the second passed, module complete.
    assert list(Attempt.objects.filter(user=user, module=module)
                .values_list("number", "passed")) == [(1, False), (2, True)]
    assert ModuleCompletion.objects.filter(user=user, module=module).exists()
    following = text_of(say("NEXT"))
    assert module.title not in following  # on to the next module


def test_an_answer_that_is_not_an_option_asks_again(lesson, say):
    say("NEXT"), say("NEXT")
    reply = text_of(say("7"))
    assert "one of the numbers" in reply and "Question 1 of 1" in reply
    assert Attempt.objects.count() == 0


def test_done_before_passing_the_check_is_refused_as_on_the_web(lesson, say):
    user, module = lesson
    assert "Pass the knowledge check" in text_of(say("DONE"))
    assert not ModuleCompletion.objects.filter(user=user, module=module).exists()


def test_done_completes_a_module_without_check(lesson, say):
    user, module = lesson
    module.pass_mark = None
    module.save_revision().publish()
    reply = text_of(say("DONE"))
    assert "is complete" in reply and "Send NEXT to start" in reply
    assert ModuleCompletion.objects.filter(user=user, module=module).exists()


def test_web_and_chat_alternate_on_the_same_module(lesson, say):
    user, module = lesson
    module.pass_mark = None
    module.save_revision().publish()
    say("NEXT")  # part 1 by chat
    complete_module(user=user, module=module)  # the web button's service
    say("NEXT")  # part 2 (the check) goes on where the chat was
    assert ChatConversation.objects.get(user=user).part == 2
    say("1")
    reply = text_of(say("NEXT"))  # the lesson is over and complete: next module
    assert ChatConversation.objects.get(user=user).module_id != module.pk
    assert module.title not in reply
    # And the chat's completion is the web's record: the module page shows it done.
    assert ModuleCompletion.objects.filter(user=user, module=module).count() == 1


@pytest.mark.parametrize("command", ["MENU", "START", "HELP", "PROGRESS", "SESSIONS"])
def test_every_command_answers(lesson, say, command):
    reply = text_of(say(command))
    assert reply


def test_menu_progress_and_sessions_say_where_the_participant_is(lesson, say):
    user, module = lesson
    assert f"Your next module: “{module.title}”." in text_of(say("MENU"))
    say("NEXT")
    assert f"“{module.title}”, part 1 of 2" in text_of(say("MENU"))
    assert "Your progress: 0 of" in text_of(say("PROGRESS"))
    assert "Your team:" in text_of(say("PROGRESS"))
    assert "Next live session" in text_of(say("SESSIONS")) and "IST" in text_of(say("SESSIONS"))


def test_unknown_text_gets_a_short_help(lesson, say):
    reply = text_of(say("hello?"))
    assert reply.startswith("Sorry, I did not understand that.") and "NEXT" in reply


def test_commands_and_replies_in_hindi(lesson, say):
    user, _module = lesson
    user.language = "hi"
    user.save(update_fields=["language"])
    reply = text_of(say("मदद"))
    assert "NEXT" in reply and "भेजें" in reply
    assert "भाग 1" in text_of(say("आगे"))


def test_duplicate_inbound_message_is_answered_once(lesson, say):
    user, _module = lesson
    assert len(say("NEXT", message_id="wamid.dup")) == 1
    assert say("NEXT", message_id="wamid.dup") == []
    assert ChatConversation.objects.get(user=user).part == 1


def test_stop_mid_lesson_stops_the_lesson(lesson, say):
    user, _module = lesson
    say("NEXT")
    assert "no longer receive" in text_of(say("STOP"))
    reply = text_of(say("NEXT"))  # a reply to their own message, but no lesson
    assert "turn on WhatsApp messages" in reply
    assert ChatConversation.objects.get(user=user).part == 1


def test_unknown_number_gets_nothing_and_no_state(lesson, say):
    assert say("NEXT", sender="+14155550100") == []
    assert ChatConversation.objects.count() == 0


def test_number_without_opt_in_is_told_how_to_opt_in(lesson, say):
    user, _module = lesson
    NotificationPreference.objects.filter(user=user).update(whatsapp_opt_in=False)
    assert "turn on WhatsApp messages" in text_of(say("NEXT"))
    assert ChatConversation.objects.count() == 0


def test_nudge_inside_the_window_is_freetext_of(lesson, whatsapp_api,
                                              django_capture_on_commit_callbacks):
    user, module = lesson
    NotificationPreference.objects.filter(user=user).update(
        whatsapp_last_inbound_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        chat.nudge(user=user)
    [message] = [m for m in whatsapp_api.sent if m["to"] == NUMBER.lstrip("+")]
    assert message["type"] == "text" and module.title in message["text"]["body"]


def test_nudge_outside_the_window_uses_the_approved_template(lesson, whatsapp_api,
                                                             django_capture_on_commit_callbacks):
    user, module = lesson
    NotificationPreference.objects.filter(user=user).update(
        whatsapp_last_inbound_at=timezone.now() - timedelta(hours=25))
    with django_capture_on_commit_callbacks(execute=True):
        chat.nudge(user=user)
        chat.nudge(user=user)  # the same day: once
    [message] = [m for m in whatsapp_api.sent if m["to"] == NUMBER.lstrip("+")]
    assert message["type"] == "template"
    assert message["template"]["name"] == "lesson_nudge"
    parameters = [p["text"] for p in message["template"]["components"][0]["parameters"]]
    assert parameters[-1] == module.title and len(parameters) == 4


def test_next_during_a_question_asks_it_again(lesson, say):
    user, _module = lesson
    say("NEXT"), say("NEXT")
    assert "Question 1 of 1" in text_of(say("NEXT"))
    assert "Right!" in text_of(say("1"))


def test_a_document_is_sent_as_a_document_message(lesson, say):
    import uuid

    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    user, module = lesson
    document = get_document_model().objects.create(
        title="Consent form", file=ContentFile(b"%PDF-1.4", name="consent.pdf"))
    module.body = json.dumps([{"type": "resource", "id": str(uuid.uuid4()), "value": {
        "document": document.pk, "title": "", "description": ""}}])
    module.pass_mark = None
    module.save_revision().publish()
    [reply] = say("NEXT")
    assert reply["type"] == "document"
    assert reply["document"]["caption"] == "Consent form"
    assert reply["document"]["link"].startswith("http")
    assert reply["document"]["filename"].endswith(".pdf")


@pytest.mark.parametrize(("kind", "text", "answer"), [
    ("single_choice", "2", [1]), ("single_choice", " २ ", [1]), ("single_choice", "1,2", None),
    ("multiple_choice", "3, 1", [0, 2]), ("multiple_choice", "1 1", [0]),
    ("single_choice", "9", None), ("single_choice", "first", None), ("true_false", "0", None),
    ("short_text", "agent", "agent"),
])
def test_typed_answers_are_read_as_options(kind, text, answer):
    question = {"kind": kind, "options": [{}, {}, {}] if kind != "true_false" else [{}, {}]}
    assert chat._parse_answer(question, text.strip()) == answer
