"""Duplicate and out-of-order messages from a participant (WhatsApp promises neither
once-only delivery nor order)."""

import pytest
from django.utils import timezone

from notifications.models import ChatConversation, Kind, Notification, WebhookEvent
from quizzes.models import Attempt
from tests.notifications.conftest import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    """WhatsApp timestamps (seconds) for messages written one after another."""
    start = int(timezone.now().timestamp()) - 100
    return lambda second: start + second


def test_a_redelivered_message_is_handled_and_answered_once(lesson, say):
    user, _module = lesson
    assert len(say("NEXT", message_id="wamid.same")) == 1
    assert say("NEXT", message_id="wamid.same") == []
    assert ChatConversation.objects.get(user=user).part == 1
    assert WebhookEvent.objects.filter(key="message:wamid.same").count() == 1
    assert Notification.objects.filter(recipient=user, kind=Kind.REPLY).count() == 1


def test_a_late_next_does_not_move_the_lesson(lesson, say, clock):
    user, _module = lesson
    say("NEXT", timestamp=clock(10))
    say("NEXT", timestamp=clock(20))  # the check's question
    assert say("NEXT", timestamp=clock(15)) == []  # written before the last: not applied
    conversation = ChatConversation.objects.get(user=user)
    assert conversation.part == 2 and conversation.question == 0


def test_a_late_answer_does_not_answer_the_question_twice(lesson, say, clock):
    user, module = lesson
    say("NEXT", timestamp=clock(1)), say("NEXT", timestamp=clock(2))
    assert "Right!" in text_of(say("1", timestamp=clock(10)))
    assert say("2", timestamp=clock(9)) == []  # sent just before, arrived after
    assert list(Attempt.objects.filter(user=user, module=module)
                .values_list("passed", flat=True)) == [True]


def test_a_late_done_does_not_complete_the_next_module(lesson, say, clock):
    from courses.models import ModuleCompletion

    user, module = lesson
    module.pass_mark = None
    module.save_revision().publish()
    say("DONE", timestamp=clock(10))
    assert say("DONE", timestamp=clock(5)) == []
    assert ModuleCompletion.objects.filter(user=user).count() == 1


def test_a_late_question_about_the_place_is_still_answered(lesson, say, clock):
    say("NEXT", timestamp=clock(10))
    assert "part 1 of 2" in text_of(say("MENU", timestamp=clock(5)))
    assert "Your progress" in text_of(say("PROGRESS", timestamp=clock(6)))


def test_messages_in_the_same_second_are_both_applied(lesson, say, clock):
    user, _module = lesson
    say("NEXT", timestamp=clock(10)), say("NEXT", timestamp=clock(10))
    assert ChatConversation.objects.get(user=user).part == 2


def test_a_stop_is_honoured_even_when_it_arrives_late(lesson, say, clock):
    from notifications.models import NotificationPreference

    user, _module = lesson
    say("NEXT", timestamp=clock(10))
    assert "no longer receive" in text_of(say("STOP", timestamp=clock(5)))
    assert NotificationPreference.objects.get(user=user).whatsapp_opt_in is False
