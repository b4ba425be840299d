"""Who may see assignments, submissions and files — the denials first."""

import pytest
from django.urls import reverse

from assignments import services
from assignments.models import SubmissionFile
from tests.assignments.factories import upload
from tests.courses.factories import build_bootcamp
from tests.factories import participant, trainer


@pytest.fixture
def submitted_file(assignment, team):
    services.submit(assignment=assignment, user=team[1][1], text="Secret plan",
                    uploads=[upload("plan.pdf")])
    return SubmissionFile.objects.get()


def test_anonymous_is_sent_to_sign_in(client, assignment):
    response = client.get(assignment.url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_participant_not_in_the_bootcamp_gets_403_on_the_page(client, assignment):
    client.force_login(participant())
    assert client.get(assignment.url).status_code == 403


def test_other_organisation_gets_404_on_the_file(client, submitted_file, other_team):
    client.force_login(other_team[1][0])
    response = client.get(reverse("assignments:download_file", args=[submitted_file.pk]))
    assert response.status_code == 404


def test_teammate_gets_404_on_an_individual_submission_file(client, submitted_file, team):
    client.force_login(team[1][2])
    response = client.get(reverse("assignments:download_file", args=[submitted_file.pk]))
    assert response.status_code == 404


def test_other_organisation_does_not_see_the_submission_on_the_page(client, assignment,
                                                                     submitted_file,
                                                                     other_team):
    client.force_login(other_team[1][0])
    content = client.get(assignment.url).content.decode()
    assert "Secret plan" not in content
    assert "Not started" in content


def test_other_organisation_gets_404_on_review_of_the_submission(client, submitted_file,
                                                                 other_team):
    client.force_login(other_team[1][0])
    response = client.get(reverse("assignments:review_detail",
                                  args=[submitted_file.submission_id]))
    assert response.status_code == 404


def test_owner_downloads_file_as_attachment_with_safe_headers(client, submitted_file, team):
    client.force_login(team[1][1])
    response = client.get(reverse("assignments:download_file", args=[submitted_file.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="plan.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert response["Content-Type"] == "application/octet-stream"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_team_member_may_download_team_submission_file(client, team_assignment, team,
                                                       other_team):
    services.submit(assignment=team_assignment, user=team[1][0], text="x",
                    uploads=[upload("team.pdf")])
    stored = SubmissionFile.objects.get()
    url = reverse("assignments:download_file", args=[stored.pk])
    client.force_login(team[1][2])
    assert client.get(url).status_code == 200
    client.force_login(other_team[1][1])
    assert client.get(url).status_code == 404


def test_trainer_of_the_bootcamp_may_download(client, submitted_file, bootcamp_trainer):
    client.force_login(bootcamp_trainer)
    url = reverse("assignments:download_file", args=[submitted_file.pk])
    assert client.get(url).status_code == 200


def test_trainer_of_another_bootcamp_gets_404_on_file_and_review(client, submitted_file):
    stranger = trainer()
    other = build_bootcamp(title="Other camp", slug="other-camp", modules_per_stage=0)
    other.trainers.add(stranger)
    other.save()
    client.force_login(stranger)
    assert client.get(reverse("assignments:download_file",
                              args=[submitted_file.pk])).status_code == 404
    review_url = reverse("assignments:review_detail", args=[submitted_file.submission_id])
    assert client.get(review_url).status_code == 404
    response = client.post(review_url, {"decision": "accepted"})
    assert response.status_code == 404
    submitted_file.submission.refresh_from_db()
    assert submitted_file.submission.status == "submitted"


def test_trainer_of_another_bootcamp_sees_nothing_in_the_queue(client, submitted_file):
    stranger = trainer()
    other = build_bootcamp(title="Other camp", slug="other-camp", modules_per_stage=0)
    other.trainers.add(stranger)
    other.save()
    client.force_login(stranger)
    response = client.get(reverse("assignments:review_queue"))
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == []


def test_participant_gets_403_on_the_review_queue(client, team):
    client.force_login(team[1][0])
    assert client.get(reverse("assignments:review_queue")).status_code == 403


def test_trainer_without_bootcamps_gets_403_on_the_review_queue(client, db):
    client.force_login(trainer())
    assert client.get(reverse("assignments:review_queue")).status_code == 403
