"""Many participants checking in at once (with double taps) are each recorded exactly once."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from attendance import services
from attendance.models import AttendanceChange, AttendanceRecord
from tests.attendance.factories import Setup
from tests.courses.factories import enrol


@pytest.mark.postgres
def test_concurrent_check_ins_are_recorded_exactly_once(transactional_db):
    setup = Setup()
    setup.move_session(starts_at=timezone.now())
    _enrollment, users = enrol(setup.bootcamp, participants=30)
    code = services.settings_for(session=setup.session).check_in_code
    # Every participant taps twice (a slow phone): 60 requests in 30 threads' worth of races.
    attempts = users + users
    barrier = threading.Barrier(len(attempts))
    errors = []

    def tap(user):
        try:
            barrier.wait(timeout=30)
            services.check_in(user=user, session=setup.session, code=code, ip="10.1.1.1")
        except Exception as error:  # collected and asserted below: none expected
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=tap, args=(user,)) for user in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AttendanceRecord.objects.filter(session=setup.session).count() == len(users)
    assert AttendanceChange.objects.filter(record__session=setup.session).count() == len(users)
