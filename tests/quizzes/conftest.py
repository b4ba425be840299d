import pytest

from courses.models import ModulePage
from tests.courses.factories import build_bootcamp, enrol
from tests.quizzes.factories import add_check


@pytest.fixture
def bootcamp(db):
    return build_bootcamp()


@pytest.fixture
def team(bootcamp):
    """(enrollment, [lead, member, member])"""
    return enrol(bootcamp)


@pytest.fixture
def participant(team):
    return team[1][1]


@pytest.fixture
def module(bootcamp):
    return add_check(ModulePage.objects.descendant_of(bootcamp).order_by("path").first())
