"""`generate_scale_data` builds a bootcamp with every kind of fact, in bulk."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test.utils import CaptureQueriesContext

from assignments.models import Submission
from attendance.models import AttendanceRecord
from certificates.models import Certificate
from courses.models import BootcampPage, Enrollment, ModuleCompletion, RosterMember
from organisations.models import Application, Perk


def test_builds_organisations_participants_and_facts(db):
    from django.db import connection

    with CaptureQueriesContext(connection) as small:
        call_command("generate_scale_data", organisations=5, participants=4, stdout=StringIO())
    bootcamp = BootcampPage.objects.get(slug__startswith="scale-5-")
    assert Enrollment.objects.filter(bootcamp=bootcamp).count() == 5
    assert RosterMember.objects.filter(bootcamp=bootcamp).count() == 20
    assert Application.objects.filter(bootcamp=bootcamp).count() == 6  # one not selected
    assert Perk.objects.filter(bootcamp=bootcamp).count() == 5
    assert ModuleCompletion.objects.filter(user__roster_entries__bootcamp=bootcamp).exists()
    assert AttendanceRecord.objects.filter(bootcamp=bootcamp).exists()
    assert Submission.objects.filter(bootcamp=bootcamp).exists()
    assert Certificate.objects.filter(bootcamp=bootcamp).exists()
    with CaptureQueriesContext(connection) as large:
        call_command("generate_scale_data", organisations=50, participants=4,
                     stdout=StringIO())
    # Bulk inserts: ten times the data costs a few more batches, not ten times the queries.
    assert len(large) < len(small) + 40


def test_refuses_nonsense(db):
    with pytest.raises(CommandError):
        call_command("generate_scale_data", organisations=0)
