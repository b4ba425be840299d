"""organisations.demo: every status, perks in varied states, safe to run twice."""

import io

import pytest
from django.contrib.auth.models import Group

from courses.models import Enrollment
from lms import demo as lms_demo
from organisations import demo
from organisations.models import Application, Membership, Perk
from tests.courses.factories import build_bootcamp

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_courses():
    """What the courses demo leaves: the accounts and the bootcamp (the teams are ours)."""
    lms_demo.load(io.StringIO())
    return build_bootcamp(slug="chat-for-impact", modules_per_stage=1)


def test_demo_has_every_status_and_perk_state(demo_courses):
    demo.load(io.StringIO())
    demo.load(io.StringIO())  # idempotent
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == set(Application.Status.values)
    assert Application.objects.filter(status="selected").count() == len(demo.ORGANISATIONS)
    assert Enrollment.objects.filter(bootcamp=demo_courses).count() == len(demo.ORGANISATIONS)
    assert Membership.objects.get(user__email="applicant@example.org").is_lead
    assert Application.objects.get(applicant__email="applicant@example.org").status == (
        "submitted")
    perks = list(Perk.objects.all())
    assert len(perks) == len(demo.ORGANISATIONS)
    assert any(p.missing() for p in perks)
    assert any(p.licence_expiring() for p in perks)
    assert any(not p.missing() and not p.licence_expiring() for p in perks)
    assert Group.objects.get(name="Participants").user_set.filter(
        email="applicant-draft@example.org").exists()


def test_demo_without_the_bootcamp_creates_nothing(db):
    out = io.StringIO()
    demo.load(out)
    assert not Application.objects.exists()
    assert "no chat-for-impact bootcamp" in out.getvalue()
