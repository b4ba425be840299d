import pytest

from tests.assignments.factories import add_assignment
from tests.courses.factories import build_bootcamp, enrol
from tests.factories import organiser, trainer


@pytest.fixture
def bootcamp(db):
    return build_bootcamp(modules_per_stage=0)


@pytest.fixture
def team(bootcamp):
    """(enrollment, [lead, member, member])"""
    return enrol(bootcamp)


@pytest.fixture
def other_team(bootcamp):
    return enrol(bootcamp)


@pytest.fixture
def assignment(bootcamp):
    return add_assignment(bootcamp, title="Reflection", slug="reflection")


@pytest.fixture
def team_assignment(bootcamp):
    return add_assignment(bootcamp, title="Helpline plan", slug="helpline-plan",
                          submission_type="organisation")


@pytest.fixture
def bootcamp_trainer(bootcamp):
    user = trainer()
    bootcamp.trainers.add(user)
    bootcamp.save()
    return user


@pytest.fixture
def an_organiser(db):
    return organiser()
