"""Trainer > import > check-in: lower-precedence changes are audited but not applied."""

from attendance.models import AttendanceChange, AttendanceRecord, Source
from attendance.services import record_attendance


def record(setup, status, source, minutes=None, by=None):
    return record_attendance(user_id=setup.team[0].pk, session=setup.session,
                             bootcamp=setup.bootcamp, status=status, minutes=minutes,
                             source=source, changed_by=by)


def current(setup):
    return AttendanceRecord.objects.get(user=setup.team[0], session=setup.session)


def test_import_overrides_check_in(setup):
    record(setup, "present", Source.CHECK_IN)
    record(setup, "partial", Source.IMPORT, minutes=40)
    assert (current(setup).status, current(setup).source, current(setup).minutes) == (
        "partial", Source.IMPORT, 40)


def test_trainer_overrides_import(setup):
    record(setup, "partial", Source.IMPORT, minutes=40)
    record(setup, "excused", Source.TRAINER, by=setup.trainer)
    assert (current(setup).status, current(setup).changed_by) == ("excused", setup.trainer)


def test_import_after_trainer_is_audited_but_not_applied(setup):
    record(setup, "absent", Source.TRAINER, by=setup.trainer)
    outcome = record(setup, "present", Source.IMPORT, minutes=120)
    assert not outcome.applied
    assert (current(setup).status, current(setup).source) == ("absent", Source.TRAINER)
    overruled = AttendanceChange.objects.get(applied=False)
    assert (overruled.from_status, overruled.to_status, overruled.source) == (
        "absent", "present", Source.IMPORT)


def test_check_in_after_import_is_audited_but_not_applied(setup):
    record(setup, "partial", Source.IMPORT, minutes=30)
    record(setup, "present", Source.CHECK_IN)
    assert current(setup).status == "partial"
    assert AttendanceChange.objects.filter(applied=False, source=Source.CHECK_IN).count() == 1


def test_trainer_can_change_own_mark(setup):
    record(setup, "absent", Source.TRAINER, by=setup.trainer)
    record(setup, "present", Source.TRAINER, by=setup.trainer)
    assert current(setup).status == "present"


def test_every_applied_change_is_in_the_audit_trail(setup):
    record(setup, "present", Source.CHECK_IN, by=setup.team[0])
    record(setup, "partial", Source.IMPORT, minutes=50)
    record(setup, "present", Source.TRAINER, by=setup.trainer)
    trail = list(current(setup).changes.order_by("pk").values_list(
        "from_status", "to_status", "source", "applied"))
    assert trail == [("", "present", "check_in", True), ("present", "partial", "import", True),
                     ("partial", "present", "trainer", True)]


def test_repeating_the_same_value_adds_no_audit_row(setup):
    record(setup, "partial", Source.IMPORT, minutes=50)
    record(setup, "partial", Source.IMPORT, minutes=50)
    assert AttendanceChange.objects.count() == 1


def test_one_record_per_participant_and_session_in_the_database(setup):
    import pytest
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    record(setup, "present", Source.CHECK_IN)
    with pytest.raises(IntegrityError), transaction.atomic():
        AttendanceRecord.objects.create(user=setup.team[0], session=setup.session,
                                        bootcamp=setup.bootcamp, status="late",
                                        source=Source.IMPORT, changed_at=timezone.now())


def test_bulk_path_follows_the_same_precedence(setup):
    from attendance.services import record_many

    a, b = setup.team
    record(setup, "absent", Source.TRAINER, by=setup.trainer)  # a: trainer mark stays
    record_attendance(user_id=b.pk, session=setup.session, bootcamp=setup.bootcamp,
                      status="present", minutes=None, source=Source.CHECK_IN)
    changed = record_many(session=setup.session, bootcamp=setup.bootcamp, source=Source.IMPORT,
                          entries=[(a.pk, "present", 110), (b.pk, "partial", 20),
                                   (setup.other_team[0].pk, "late", 95)])
    assert sorted(changed) == sorted([b.pk, setup.other_team[0].pk])
    statuses = dict(AttendanceRecord.objects.values_list("user_id", "status"))
    assert statuses == {a.pk: "absent", b.pk: "partial", setup.other_team[0].pk: "late"}
    assert AttendanceChange.objects.filter(applied=False, record__user=a).count() == 1
