from datetime import timedelta

import pytest
from django.utils import timezone

from tests.courses.factories import build_bootcamp


@pytest.fixture
def bootcamp(db):
    """A published bootcamp taking applications now: 3 places, 3 seats per organisation."""
    now = timezone.now()
    return build_bootcamp(
        registration_opens_at=now - timedelta(days=10),
        registration_closes_at=now + timedelta(days=10),
        capacity=3, seats_per_organisation=3, modules_per_stage=1,
    )


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run on_commit callbacks (the emails) inside test transactions."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def valid_answers(**overrides) -> dict:
    answers = {
        "organisation_name": "Seva Sahayog",
        "registration_number": "MH/2017/0123456",
        "city": "Pune",
        "state": "Maharashtra",
        "website": "https://seva.example.org",
        "focus_areas": ["health", "education"],
        "staff_count": "12",
        "volunteer_count": "300",
        "current_channels": "A WhatsApp group for our volunteers.",
        "plans": "A helpline that answers questions about vaccination.",
        "member_1_name": "Priya Sharma",
        "member_1_email": "priya@example.org",
        "consent": "on",
    }
    answers.update(overrides)
    return answers
