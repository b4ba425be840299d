import pytest

from courses.models import LiveSessionPage, ModulePage, RosterMember, StagePage
from tests.courses.factories import build_bootcamp, enrol

pytestmark = pytest.mark.django_db


def test_build_bootcamp_has_the_real_shape():
    bootcamp = build_bootcamp()
    stages = StagePage.objects.child_of(bootcamp).order_by("path")
    assert [s.kind for s in stages] == ["pre_event", "live_day", "live_day", "follow_up"]
    assert ModulePage.objects.descendant_of(bootcamp).count() == 2
    assert LiveSessionPage.objects.descendant_of(bootcamp).count() == 5
    assert bootcamp.url == "/bootcamps/chat-for-impact/"


def test_enrol_puts_the_team_on_the_roster():
    bootcamp = build_bootcamp()
    enrollment, users = enrol(bootcamp, participants=4)
    assert RosterMember.objects.filter(enrollment=enrollment).count() == 4
    assert users[0].memberships.get().role == "lead"
