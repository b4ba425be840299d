import pytest

from tests.attendance.factories import Setup


@pytest.fixture
def setup(db):
    return Setup()
