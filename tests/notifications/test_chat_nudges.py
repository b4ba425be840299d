"""The scheduled nudge of a participant who started a module by chat and went quiet."""

from datetime import time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from courses.models import ModuleCompletion, ModulePage
from notifications.chat import quiet_learners
from notifications.models import (
    Channel,
    ChatConversation,
    Kind,
    Notification,
    NotificationPreference,
)
from notifications.reminders import queue_due_reminders
from tests.notifications.conftest import NUMBER
from tests.quizzes.factories import add_check, single_choice

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiet(lesson, say):
    """The participant read part 1 by chat, then wrote nothing for `hours`."""
    user, _module = lesson
    say("NEXT")

    def _quiet(hours: float, *, window_hours: float | None = None):
        now = timezone.now()
        ChatConversation.objects.filter(user=user).update(
            last_message_at=now - timedelta(hours=hours))
        NotificationPreference.objects.filter(user=user).update(
            whatsapp_last_inbound_at=now - timedelta(hours=window_hours or hours))
    return _quiet


def _run(capture):
    with capture(execute=True):
        return queue_due_reminders(now=timezone.now())


def _nudges(user):
    return Notification.objects.filter(recipient=user, kind=Kind.LESSON_NUDGE,
                                       channel=Channel.WHATSAPP)


def _sent_to_participant(whatsapp_api):
    return [m for m in whatsapp_api.sent if m["to"] == NUMBER.lstrip("+")]


def test_quiet_for_two_days_gets_the_approved_template_once(
        lesson, quiet, whatsapp_api, django_capture_on_commit_callbacks):
    user, module = lesson
    quiet(49)
    before = len(_sent_to_participant(whatsapp_api))
    _run(django_capture_on_commit_callbacks)
    _run(django_capture_on_commit_callbacks)  # the scheduler runs every few minutes
    [message] = _sent_to_participant(whatsapp_api)[before:]
    assert message["type"] == "template" and message["template"]["name"] == "lesson_nudge"
    parameters = [p["text"] for p in message["template"]["components"][0]["parameters"]]
    assert parameters[-1] == module.title
    assert _nudges(user).count() == 1


def test_not_nudged_before_the_set_hours(lesson, quiet, django_capture_on_commit_callbacks):
    user, _module = lesson
    quiet(47)
    _run(django_capture_on_commit_callbacks)
    assert not _nudges(user).exists()


def test_the_hours_are_a_setting(lesson, quiet, settings, django_capture_on_commit_callbacks):
    user, _module = lesson
    settings.CHAT_NUDGE_AFTER_HOURS = 12
    quiet(13)
    _run(django_capture_on_commit_callbacks)
    assert _nudges(user).count() == 1


def test_stop_mid_lesson_means_no_nudge(lesson, quiet, say,
                                        django_capture_on_commit_callbacks):
    user, _module = lesson
    say("STOP")
    quiet(72)
    _run(django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(recipient=user, kind=Kind.LESSON_NUDGE).exists()


def test_a_completed_module_is_not_nudged(lesson, quiet, django_capture_on_commit_callbacks):
    user, module = lesson
    ModuleCompletion.objects.create(user=user, module=module)
    quiet(72)
    _run(django_capture_on_commit_callbacks)
    assert not _nudges(user).exists()


def test_someone_who_never_started_by_chat_is_not_nudged(
        lesson, django_capture_on_commit_callbacks):
    user, _module = lesson
    ChatConversation.objects.create(user=user, updated_at=timezone.now())
    ChatConversation.objects.filter(user=user).update(
        updated_at=timezone.now() - timedelta(days=5))
    _run(django_capture_on_commit_callbacks)
    assert not _nudges(user).exists()


def test_inside_the_24_hour_window_the_nudge_is_free_text(
        lesson, quiet, whatsapp_api, django_capture_on_commit_callbacks):
    user, module = lesson
    quiet(49, window_hours=2)  # quiet in the lesson, but wrote (e.g. CHECKIN) 2 hours ago
    before = len(_sent_to_participant(whatsapp_api))
    _run(django_capture_on_commit_callbacks)
    [message] = _sent_to_participant(whatsapp_api)[before:]
    assert message["type"] == "text" and module.title in message["text"]["body"]


def test_in_quiet_hours_the_nudge_waits_for_their_end(
        lesson, quiet, whatsapp_api, django_capture_on_commit_callbacks):
    user, _module = lesson
    NotificationPreference.objects.filter(user=user).update(
        time_zone="UTC", quiet_hours_start=time(0, 0), quiet_hours_end=time(23, 59, 59))
    quiet(49)
    before = len(_sent_to_participant(whatsapp_api))
    _run(django_capture_on_commit_callbacks)
    [nudge] = _nudges(user)
    assert nudge.status == Notification.Status.QUEUED and nudge.next_attempt_at > timezone.now()
    assert _sent_to_participant(whatsapp_api)[before:] == []


def test_once_per_module_then_again_in_the_next(
        lesson, quiet, say, django_capture_on_commit_callbacks):
    user, module = lesson
    quiet(49)
    _run(django_capture_on_commit_callbacks)
    say("MENU")  # back, then quiet again in the same module: no second nudge
    quiet(49)
    _run(django_capture_on_commit_callbacks)
    assert _nudges(user).count() == 1
    following = ModulePage.objects.sibling_of(module, inclusive=False).first()
    add_check(following, questions=[single_choice()])  # a lesson to read
    ModuleCompletion.objects.create(user=user, module=module)  # done on the web
    ChatConversation.objects.filter(user=user).update(part=2)  # the lesson read to its end
    say("NEXT")  # the next module's first part
    assert ChatConversation.objects.get(user=user).module_id == following.pk
    quiet(49)
    _run(django_capture_on_commit_callbacks)
    assert _nudges(user).count() == 2


def test_the_scheduler_command_sends_the_nudge(lesson, quiet, whatsapp_api,
                                               django_capture_on_commit_callbacks):
    user, _module = lesson
    quiet(49)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
    assert _nudges(user).get().status == Notification.Status.SENT


def test_finding_quiet_learners_is_one_query(lesson, quiet, django_assert_num_queries):
    quiet(49)
    with django_assert_num_queries(1):
        assert len(list(quiet_learners(now=timezone.now()))) == 1
