"""Every chat command, in English and in Hindi, reaches its handler."""

import pytest

from notifications.chat import COMMANDS
from notifications.models import NotificationPreference
from tests.notifications.conftest import text_of

pytestmark = pytest.mark.django_db

# What each command's reply says (English replies: the account's language is English).
SAYS = {
    "menu": "Your next module: “Module 1”",
    "next": "part 1 of 2",
    "done": "Pass the knowledge check",
    "progress": "Your progress: 0 of",
    "sessions": "Next live session",
    "help": "Send NEXT for the next part",
    "bootcamp": "one bootcamp only",
}


def test_every_command_has_an_expected_reply():
    assert set(COMMANDS.values()) == set(SAYS)


@pytest.mark.parametrize(("word", "command"), sorted(COMMANDS.items()))
def test_each_command_word_runs_its_command(lesson, say, word, command):
    assert SAYS[command] in text_of(say(word))


@pytest.mark.parametrize("word", ["next", "Next", "  NEXT  ", "NEXT please"])
def test_commands_ignore_case_spaces_and_trailing_words(lesson, say, word):
    assert "part 1 of 2" in text_of(say(word))


@pytest.mark.parametrize("word", ["STOP", "stop", "UNSUBSCRIBE"])
def test_stop_words_opt_out_at_once(lesson, say, word):
    user, _module = lesson
    assert "no longer receive" in text_of(say(word))
    assert NotificationPreference.objects.get(user=user).whatsapp_opt_in is False


def test_checkin_without_a_code_explains_itself(lesson, say):
    assert "CHECKIN followed by the code" in text_of(say("CHECKIN"))


def test_the_hindi_menu_reply_is_in_hindi(lesson, say):
    user, _module = lesson
    user.language = "hi"
    user.save(update_fields=["language"])
    reply = text_of(say("मेनू"))
    assert "शुरू करने के लिए NEXT भेजें।" in reply
