"""Per-session rules with bootcamp defaults: present ≥ N%, late after M minutes, partial."""

from datetime import timedelta

from attendance.models import AttendancePolicy, SessionSettings
from attendance.services import session_rules


def test_defaults_are_75_percent_and_10_minutes(setup):
    rules = session_rules(session=setup.session, bootcamp=setup.bootcamp)
    assert (rules.present_percent, rules.late_after_minutes, rules.present_minutes) == (75, 10, 90)


def test_threshold_edges(setup):
    rules = session_rules(session=setup.session, bootcamp=setup.bootcamp)
    start = setup.session.starts_at
    assert rules.status_for_minutes(minutes=90, first_joined=start) == "present"
    assert rules.status_for_minutes(minutes=89, first_joined=start) == "partial"
    assert rules.status_for_minutes(minutes=0, first_joined=None) == "absent"
    assert rules.status_for_minutes(
        minutes=100, first_joined=start + timedelta(minutes=10)) == "present"
    assert rules.status_for_minutes(
        minutes=100, first_joined=start + timedelta(minutes=10, seconds=1)) == "late"


def test_bootcamp_policy_then_session_override(setup):
    AttendancePolicy.objects.create(bootcamp=setup.bootcamp, present_percent=50,
                                    late_after_minutes=5)
    rules = session_rules(session=setup.session, bootcamp=setup.bootcamp)
    assert (rules.present_minutes, rules.late_after_minutes) == (60, 5)
    SessionSettings.objects.create(session=setup.session, present_percent=100,
                                   late_after_minutes=0)
    rules = session_rules(session=setup.session, bootcamp=setup.bootcamp)
    assert (rules.present_minutes, rules.late_after_minutes) == (120, 0)
