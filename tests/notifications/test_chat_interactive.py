"""Learning by chat with reply buttons and list messages: what goes out, within the Cloud
API's limits, and presses coming back into the same command path as typed text."""

import unicodedata

import pytest

from courses.models import ModuleCompletion
from notifications import whatsapp
from notifications.inbound import message_text
from notifications.models import Kind, Notification
from quizzes.models import Attempt
from tests.notifications.conftest import text_of
from tests.quizzes.factories import add_check, single_choice

pytestmark = pytest.mark.django_db


def _interactive(replies) -> dict:
    [reply] = replies
    assert reply["type"] == "interactive"
    return reply["interactive"]


def _buttons(interactive) -> list[tuple[str, str]]:
    assert interactive["type"] == "button"
    buttons = interactive["action"]["buttons"]
    assert 1 <= len(buttons) <= 3
    assert all(len(button["reply"]["title"]) <= 20 for button in buttons)
    return [(button["reply"]["id"], button["reply"]["title"]) for button in buttons]


def _rows(interactive) -> list[dict]:
    assert interactive["type"] == "list"
    assert len(interactive["action"]["button"]) <= 20
    rows = [row for section in interactive["action"]["sections"] for row in section["rows"]]
    assert 1 <= len(rows) <= 10
    assert all(len(row["title"]) <= 24 and len(row.get("description", "")) <= 72
               for row in rows)
    return rows


def test_a_lesson_part_comes_with_next_and_menu_buttons(lesson, say):
    interactive = _interactive(say("NEXT"))
    assert "part 1 of 2" in interactive["body"]["text"]
    assert _buttons(interactive) == [("NEXT", "Next"), ("MENU", "Menu")]


def test_pressing_next_is_the_same_as_typing_it(lesson, say):
    say("NEXT")
    assert "Question 1 of 1" in text_of(say(pressed=("button_reply", "NEXT")))


def test_the_menu_is_a_list_message_with_every_command(lesson, say):
    interactive = _interactive(say("MENU"))
    assert [row["id"] for row in _rows(interactive)] == [
        "NEXT", "DONE", "PROGRESS", "SESSIONS", "HELP"]
    # A phone that shows no list still has the whole text, commands included.
    assert "Send NEXT" in interactive["body"]["text"]


def test_a_menu_row_pressed_runs_its_command(lesson, say):
    assert "Your progress: 0 of" in text_of(say(pressed=("list_reply", "PROGRESS")))


def test_a_question_with_three_options_has_answer_buttons_and_numbered_text(lesson, say):
    user, _module = lesson
    say("NEXT")
    interactive = _interactive(say("NEXT"))
    assert _buttons(interactive) == [
        ("answer:q-consent:1", "opt-in consent"), ("answer:q-consent:2", "phone number only"),
        ("answer:q-consent:3", "surname")]
    assert "1. opt-in consent" in interactive["body"]["text"]
    # The delivery log keeps the readable text that was sent, not only button ids.
    logged = Notification.objects.filter(recipient=user, kind=Kind.REPLY).first()
    assert "1. opt-in consent" in logged.context["message"]


def test_pressing_an_answer_button_scores_it_as_the_typed_number(lesson, say):
    user, module = lesson
    say("NEXT"), say("NEXT")
    reply = text_of(say(pressed=("button_reply", "answer:q-consent:1")))
    assert "Right!" in reply and "You passed" in reply
    assert Attempt.objects.filter(user=user, module=module, passed=True).count() == 1
    assert ModuleCompletion.objects.filter(user=user, module=module).exists()


def test_a_button_of_a_question_no_longer_asked_answers_nothing(lesson, say):
    user, module = lesson
    say("NEXT"), say("NEXT")
    say("1")  # passed
    reply = text_of(say(pressed=("button_reply", "answer:q-consent:2")))
    assert "no longer open" in reply
    assert Attempt.objects.filter(user=user, module=module).count() == 1


def test_a_button_of_another_question_asks_the_current_one_again(lesson, say):
    say("NEXT"), say("NEXT")
    reply = text_of(say(pressed=("button_reply", "answer:q-other:1")))
    assert "no longer open" in reply and "Question 1 of 1" in reply
    assert Attempt.objects.count() == 0


def test_a_question_with_more_options_is_a_list_and_a_row_answers_it(lesson, say):
    user, module = lesson
    options = [(f"option number {n} with a rather long text", n == 4, "") for n in range(1, 6)]
    add_check(module, questions=[single_choice(options=options)], pass_mark=100)
    say("NEXT")
    rows = _rows(_interactive(say("NEXT")))
    assert [row["id"] for row in rows] == [f"answer:q-consent:{n}" for n in range(1, 6)]
    assert rows[0]["title"].startswith("1. option") and rows[0]["title"].endswith("…")
    assert rows[0]["description"] == "option number 1 with a rather long text"
    assert "You passed" in text_of(say(pressed=("list_reply", "answer:q-consent:4")))


def test_multiple_choice_is_typed_not_pressed(lesson, say):
    from tests.quizzes.factories import multiple_choice

    _user, module = lesson
    add_check(module, questions=[multiple_choice()], pass_mark=100)
    say("NEXT")
    [reply] = say("NEXT")
    assert reply["type"] == "text" and "e.g. 1,3" in reply["text"]["body"]


def test_buttons_and_list_are_in_hindi_for_a_hindi_participant(lesson, say):
    user, _module = lesson
    user.language = "hi"
    user.save(update_fields=["language"])
    titles = [title for _id, title in _buttons(_interactive(say("आगे")))]
    assert titles == ["अगला", "मेनू"]
    rows = _rows(_interactive(say("MENU")))
    assert rows[2]["title"] == "मेरी प्रगति"


def test_a_long_text_goes_out_as_plain_text_without_buttons():
    assert whatsapp.interactive_payload(
        to="+919876543210", body="x" * 1025, choices=[{"id": "NEXT", "title": "Next"}],
        button="", reference="notification:1") is None


def test_more_than_ten_choices_go_out_as_plain_text():
    choices = [{"id": str(n), "title": str(n)} for n in range(11)]
    assert whatsapp.interactive_payload(to="+919876543210", body="Pick", choices=choices,
                                        button="Pick", reference="notification:1") is None


def test_a_title_too_long_for_a_button_turns_the_choices_into_a_list():
    payload = whatsapp.interactive_payload(
        to="+919876543210", body="Pick", button="Choose", reference="notification:1",
        choices=[{"id": "a", "title": "A title longer than twenty"}, {"id": "b", "title": "B"}])
    assert payload["interactive"]["type"] == "list"
    assert payload["interactive"]["action"]["sections"][0]["rows"][0]["title"] == (
        "A title longer than twe…")


@pytest.mark.parametrize("text", [
    "प्रशिक्षण कार्यक्रम की जानकारी",  # vowel signs and viramas throughout
    "किताबें और दस्तावेज़ पढ़िए",  # nukta
    "शिक्षा शिक्षा शिक्षा शिक्षा",
])
def test_devanagari_titles_are_never_cut_inside_a_letter(text):
    for limit in (5, 10, 20, 24):
        short = whatsapp.shorten(text, limit)
        assert len(short) <= limit and short.endswith("…")
        kept = short.removesuffix("…")
        assert text.startswith(kept)
        # What follows the cut starts a letter: no vowel sign or virama left behind.
        assert unicodedata.category(text[len(kept)])[0] != "M"


@pytest.mark.parametrize(("message", "text"), [
    ({"type": "text", "text": {"body": "NEXT"}}, "NEXT"),
    ({"type": "interactive", "interactive": {"type": "button_reply", "button_reply": {
        "id": "DONE", "title": "Mark complete"}}}, "DONE"),
    ({"type": "interactive", "interactive": {"type": "list_reply", "list_reply": {
        "id": "answer:q-1:2", "title": "2. …", "description": "…"}}}, "answer:q-1:2"),
    ({"type": "button", "button": {"text": "Continue", "payload": "NEXT"}}, "NEXT"),
    ({"type": "button", "button": {"text": "Continue"}}, "Continue"),
    ({"type": "image", "image": {"id": "1"}}, ""),
    ({"type": "interactive", "interactive": {"type": "nfm_reply", "nfm_reply": "x"}}, ""),
])
def test_webhook_messages_are_read_as_text(message, text):
    assert message_text(message) == text
