from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assignments.models import Submission, SubmissionVersion
from tests.assignments.factories import add_assignment
from tests.courses.factories import enrol


def make_submissions(bootcamp, assignment, count, status="submitted"):
    enrollment, users = enrol(bootcamp, participants=count)
    start = timezone.now() - timedelta(days=10)
    for index, user in enumerate(users):
        submission = Submission.objects.create(
            assignment=assignment, bootcamp=bootcamp, user=user, status=status,
            submitted_at=start + timedelta(hours=index))
        SubmissionVersion.objects.create(submission=submission, number=1, text="x",
                                         content_hash=str(index), submitted_by=user)
    return enrollment


def test_review_queue_runs_constant_queries(client, bootcamp, assignment, bootcamp_trainer):
    client.force_login(bootcamp_trainer)
    url = reverse("assignments:review_queue")
    client.get(url)  # warm the session
    counts = []
    for added in (1, 9, 40):  # 1, 10, 50 submissions
        make_submissions(bootcamp, assignment, added)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert len(response.context["page_obj"]) == sum((1, 9, 40)[:len(counts) + 1])
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2] <= 16


def test_review_queue_is_oldest_first_with_counts(client, bootcamp, assignment,
                                                  bootcamp_trainer):
    make_submissions(bootcamp, assignment, 3)
    make_submissions(bootcamp, assignment, 2, status="accepted")
    client.force_login(bootcamp_trainer)
    response = client.get(reverse("assignments:review_queue"))
    rows = list(response.context["page_obj"])
    assert [r.submitted_at for r in rows] == sorted(r.submitted_at for r in rows)
    counts = {value: count for value, _label, count in response.context["status_counts"]}
    assert counts["submitted"] == 3 and counts["accepted"] == 2


def test_review_queue_filters_by_status_assignment_and_organisation(client, bootcamp,
                                                                   assignment,
                                                                   bootcamp_trainer):
    second = add_assignment(bootcamp, title="Second", slug="second")
    first_org = make_submissions(bootcamp, assignment, 2)
    make_submissions(bootcamp, second, 3)
    make_submissions(bootcamp, assignment, 1, status="accepted")
    client.force_login(bootcamp_trainer)
    url = reverse("assignments:review_queue")
    assert len(client.get(url, {"status": "accepted"}).context["page_obj"]) == 1
    assert len(client.get(url, {"assignment": second.pk}).context["page_obj"]) == 3
    response = client.get(url, {"organisation": first_org.organisation_id})
    assert len(response.context["page_obj"]) == 2
    assert len(client.get(url, {"bootcamp": bootcamp.pk, "status": ""}).context["page_obj"]) == 6


def test_review_queue_opens_on_work_to_do_and_any_shows_all(client, bootcamp, assignment,
                                                            bootcamp_trainer):
    make_submissions(bootcamp, assignment, 2)
    make_submissions(bootcamp, assignment, 1, status="late")
    make_submissions(bootcamp, assignment, 3, status="accepted")
    client.force_login(bootcamp_trainer)
    url = reverse("assignments:review_queue")
    response = client.get(url)
    assert {row.status for row in response.context["page_obj"]} == {"submitted", "late"}
    assert 'value="to_review" selected' in response.content.decode()
    assert len(client.get(url, {"status": ""}).context["page_obj"]) == 6
    # Paging keeps the default filter.
    assert "status=to_review" in response.context["query"]


def test_review_queue_leaves_out_drafts(client, bootcamp, assignment, bootcamp_trainer):
    make_submissions(bootcamp, assignment, 2, status="draft")
    client.force_login(bootcamp_trainer)
    assert list(client.get(reverse("assignments:review_queue")).context["page_obj"]) == []


def test_admin_menu_links_trainers_to_the_queue(client, bootcamp_trainer):
    client.force_login(bootcamp_trainer)
    response = client.get("/cms/")
    assert response.status_code == 200
    assert reverse("assignments:review_queue") in response.content.decode()
