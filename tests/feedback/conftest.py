import pytest

from tests.feedback.factories import FeedbackSetup


@pytest.fixture
def setup(db):
    return FeedbackSetup()
