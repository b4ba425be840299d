import io

import pytest

from lms import demo as lms_demo
from notifications import demo
from notifications.models import Notification, NotificationPreference

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_sends_nothing(whatsapp_api):
    lms_demo.load(io.StringIO())
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert Notification.objects.filter(status=Notification.Status.FAILED).count() == 1
    assert Notification.objects.count() == 4
    assert NotificationPreference.objects.get(
        user__email="participant@example.org").whatsapp_active
    assert whatsapp_api.requests == []
