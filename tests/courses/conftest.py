import pytest

from courses.models import LiveSessionPage, ModulePage
from tests.courses.factories import build_bootcamp, enrol


@pytest.fixture
def bootcamp(db):
    return build_bootcamp()


@pytest.fixture
def team(bootcamp):
    """(enrollment, [lead, member, member]) of an enrolled organisation."""
    return enrol(bootcamp)


@pytest.fixture
def member(team):
    return team[1][1]


@pytest.fixture
def outsider(bootcamp):
    """A participant of another organisation enrolled in another bootcamp."""
    other = build_bootcamp(title="Other Bootcamp")
    return enrol(other)[1][0]


@pytest.fixture
def module(bootcamp):
    return ModulePage.objects.descendant_of(bootcamp).order_by("path").first()


@pytest.fixture
def session(bootcamp):
    return LiveSessionPage.objects.descendant_of(bootcamp).order_by("starts_at").first()
