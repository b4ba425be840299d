"""A participant in two bootcamps chooses which one the chat is about."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import ModulePage, RosterMember
from notifications.models import ChatConversation
from tests.courses.factories import build_bootcamp, enrol
from tests.notifications.conftest import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(lesson):
    """The lesson's participant also on the roster of a later bootcamp."""
    user, _module = lesson
    bootcamp = build_bootcamp(title="Helpline Skills",
                              day_one=timezone.localdate() + timedelta(days=60))
    enrol(bootcamp, participants=1, lead=user)
    return bootcamp


def _first_bootcamp(lesson):
    return ModulePage.objects.get(pk=lesson[1].pk).get_parent().get_parent().specific


def test_until_chosen_every_message_asks_which_bootcamp(lesson, second, say):
    user, _module = lesson
    for text in ("NEXT", "DONE", "hello"):
        [reply] = say(text)
        body = reply["interactive"]["body"]["text"]
        assert "You take part in 2 bootcamps" in body
        assert "1. Chat for Impact" in body and "2. Helpline Skills" in body
    # Not silently the first: nothing was started.
    conversation = ChatConversation.objects.get(user=user)
    assert conversation.bootcamp_id is None and conversation.module_id is None


def test_the_choice_is_a_list_of_the_bootcamps(lesson, second, say):
    [reply] = say("MENU")
    buttons = reply["interactive"]["action"]["buttons"]
    first = _first_bootcamp(lesson)
    assert [b["reply"]["id"] for b in buttons] == [f"bootcamp:{first.pk}",
                                                   f"bootcamp:{second.pk}"]


def test_pressing_a_bootcamp_chooses_it_and_shows_its_menu(lesson, second, say):
    user, _module = lesson
    reply = text_of(say(pressed=("button_reply", f"bootcamp:{second.pk}")))
    assert "You are now learning in “Helpline Skills”." in reply
    assert "Your next module: “Module 1”" in reply
    assert ChatConversation.objects.get(user=user).bootcamp_id == second.pk
    assert "Helpline Skills" in text_of(say("MENU"))


def test_typing_the_number_chooses_too(lesson, second, say):
    user, _module = lesson
    say("NEXT")
    text_of(say("2"))
    assert ChatConversation.objects.get(user=user).bootcamp_id == second.pk


def test_bootcamp_command_switches_and_restarts_the_place(lesson, second, say):
    user, module = lesson
    say("1")
    say("NEXT")
    assert ChatConversation.objects.get(user=user).module_id == module.pk
    assert "Which bootcamp" in text_of(say("BOOTCAMP"))
    text_of(say("BOOTCAMP 2"))
    conversation = ChatConversation.objects.get(user=user)
    assert conversation.bootcamp_id == second.pk and conversation.part == 0
    text_of(say("बूटकैंप 1"))  # the Hindi command
    assert ChatConversation.objects.get(user=user).bootcamp_id == _first_bootcamp(lesson).pk


def test_a_bootcamp_the_participant_is_not_on_cannot_be_chosen(lesson, second, say):
    user, _module = lesson
    other = build_bootcamp(title="Not Mine")
    reply = text_of(say(pressed=("list_reply", f"bootcamp:{other.pk}")))
    assert "Which one" in reply
    assert ChatConversation.objects.get(user=user).bootcamp_id is None
    assert "Which bootcamp" in text_of(say("BOOTCAMP 3"))


def test_removed_from_the_chosen_bootcamp_the_other_is_used(lesson, second, say):
    user, _module = lesson
    say(pressed=("button_reply", f"bootcamp:{second.pk}"))
    RosterMember.objects.filter(user=user, bootcamp=second).delete()
    assert "Chat for Impact" in text_of(say("MENU"))


def test_one_bootcamp_needs_no_choice(lesson, say):
    assert "Chat for Impact" in text_of(say("MENU"))
    assert "one bootcamp only" in text_of(say("BOOTCAMP"))


def test_help_mentions_bootcamp_only_to_someone_in_several(lesson, say, second):
    say("1")
    assert "BOOTCAMP" in text_of(say("HELP"))


def test_choosing_the_same_bootcamp_again_keeps_the_place(lesson, second, say):
    user, _module = lesson
    say("1"), say("NEXT")
    say("BOOTCAMP 1")
    assert ChatConversation.objects.get(user=user).part == 1


def test_the_choice_names_the_bootcamps_in_the_readers_language(lesson, second, say):
    from tests.courses.factories import translate

    user, _module = lesson
    translate(second, title="हेल्पलाइन कौशल")
    user.language = "hi"
    user.save(update_fields=["language"])
    [reply] = say("MENU")
    body = reply["interactive"]["body"]["text"]
    assert "2. हेल्पलाइन कौशल" in body
    titles = [b["reply"]["title"] for b in reply["interactive"]["action"]["buttons"]]
    assert "हेल्पलाइन कौशल" in titles
