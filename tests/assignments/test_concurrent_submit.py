"""Double clicks and two team members submitting at once: one version per content change."""

import threading

import pytest
from django.db import connection

from assignments import services
from assignments.models import Submission, SubmissionVersion
from tests.assignments.factories import add_assignment
from tests.courses.factories import build_bootcamp, enrol

# serialized_rollback: the page tree made by migrations must survive other tests' flushes.
pytestmark = [pytest.mark.postgres,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def run_together(calls):
    barrier = threading.Barrier(len(calls))
    errors = []

    def worker(call):
        try:
            barrier.wait()
            call()
        except Exception as error:  # noqa: BLE001 — reported by the assertions
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_double_click_creates_exactly_one_version(on_postgres):
    bootcamp = build_bootcamp(modules_per_stage=0)
    assignment = add_assignment(bootcamp, title="Plan", slug="plan")
    _enrollment, users = enrol(bootcamp)
    participant = users[1]
    errors = run_together([lambda: services.submit(assignment=assignment, user=participant,
                                                   text="Same answer")] * 4)
    assert errors == []
    assert Submission.objects.count() == 1
    assert SubmissionVersion.objects.count() == 1


def test_two_team_members_at_once_create_one_version(on_postgres):
    bootcamp = build_bootcamp(modules_per_stage=0)
    assignment = add_assignment(bootcamp, title="Plan", slug="plan",
                                submission_type="organisation")
    _enrollment, users = enrol(bootcamp)
    lead, member = users[0], users[1]
    services.save_draft(assignment=assignment, user=member, text="Our plan")
    errors = run_together([
        lambda: services.submit(assignment=assignment, user=lead, text="Our plan"),
        lambda: services.submit(assignment=assignment, user=lead, text="Our plan"),
        lambda: services.save_draft(assignment=assignment, user=member, text="Our plan"),
    ])
    assert errors == []
    submission = Submission.objects.get()
    assert submission.versions.count() == 1
    assert submission.status == "submitted"


def test_changed_content_under_concurrency_gives_one_version_per_content(on_postgres):
    bootcamp = build_bootcamp(modules_per_stage=0)
    assignment = add_assignment(bootcamp, title="Plan", slug="plan")
    _enrollment, users = enrol(bootcamp)
    participant = users[1]
    errors = run_together([
        lambda: services.submit(assignment=assignment, user=participant, text="A"),
        lambda: services.submit(assignment=assignment, user=participant, text="A"),
        lambda: services.submit(assignment=assignment, user=participant, text="B"),
        lambda: services.submit(assignment=assignment, user=participant, text="B"),
    ])
    assert errors == []
    versions = list(SubmissionVersion.objects.order_by("number"))
    numbers = [v.number for v in versions]
    assert numbers == list(range(1, len(numbers) + 1))
    # Consecutive versions always differ: no duplicate from a double click.
    assert all(a.content_hash != b.content_hash for a, b in zip(versions, versions[1:],
                                                                strict=False))
    assert {v.text for v in versions} <= {"<p>A</p>", "<p>B</p>"}
