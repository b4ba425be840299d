import io
from datetime import timedelta

from django.utils import timezone

from attendance import demo
from attendance.models import AttendanceChange, AttendanceRecord
from courses.models import LiveSessionPage
from tests.attendance.factories import Setup
from tests.courses.factories import enrol
from tests.factories import UserFactory


def test_demo_skips_without_the_demo_bootcamp(db):
    out = io.StringIO()
    demo.load(out)
    assert "skipped" in out.getvalue()
    assert not AttendanceRecord.objects.exists()


def test_demo_marks_certified_everywhere_and_past_sessions_idempotently(db):
    setup = Setup(slug="chat-for-impact",
                  day_one=timezone.localdate() - timedelta(days=2))
    certified = UserFactory(email="certified@example.org")
    participant = UserFactory(email="participant@example.org")
    enrol(setup.bootcamp, participants=3, lead=certified)
    enrol(setup.bootcamp, participants=1, lead=participant)
    sessions = list(LiveSessionPage.objects.descendant_of(setup.bootcamp))
    demo.load(io.StringIO())
    changes = AttendanceChange.objects.count()
    demo.load(io.StringIO())
    assert AttendanceChange.objects.count() == changes
    past = [s for s in sessions if s.ends_at <= timezone.now()]
    assert past and len(past) < len(sessions)  # Day 1 and Day 2 are over, the follow-up ahead
    mine = AttendanceRecord.objects.filter(user=certified)
    assert {r.session_id for r in mine} == {s.pk for s in past}
    assert {r.status for r in mine} == {"present"}
    assert not AttendanceRecord.objects.filter(user=participant).exists()
    others = AttendanceRecord.objects.exclude(user__in=[certified, participant])
    assert {r.session_id for r in others} == {s.pk for s in past}
