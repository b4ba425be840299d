"""The assignment page as a participant meets it: help text announced, a refused file
reported next to the file input, and a read-only summary once nothing is left to do."""

import re
from datetime import timedelta

from django.utils import timezone

from assignments import services
from assignments.models import AssignmentPage
from tests.assignments.factories import upload


def test_aria_describedby_points_at_existing_help_text(client, assignment, team):
    client.force_login(team[1][1])
    body = client.get(assignment.url).content.decode()
    described = re.findall(r'aria-describedby="([^"]+)"', body)
    assert described, "the answer and file inputs describe themselves"
    for ids in described:
        for one in ids.split():
            assert f'id="{one}"' in body, one


def test_refused_file_error_is_next_to_the_file_input(client, assignment, team):
    client.force_login(team[1][1])
    body = client.post(assignment.url, {
        "text": "Keep me", "action": "draft",
        "files": [upload("fake.pdf", b"<html>not a pdf</html>")]}).content.decode()
    error = body.index("not a valid pdf")
    assert body.index('type="file"') < error < body.index('id="id_files_helptext"')
    assert 'class="errorlist" role="alert"' not in body[:error]  # not above the form


def _close(assignment):
    past = timezone.now() - timedelta(days=1)
    AssignmentPage.objects.filter(pk=assignment.pk).update(
        due_at=past - timedelta(days=2), cutoff_at=past)


def test_after_the_cut_off_the_page_is_a_read_only_summary(client, team_assignment, team):
    lead = team[1][0]
    services.submit(assignment=team_assignment, user=lead, text="Our plan", uploads=[],
                    remove_file_ids=[])
    _close(team_assignment)
    client.force_login(team[1][1])
    body = client.get(team_assignment.url).content.decode()
    assert "submissions are closed" in body
    assert "Save draft" not in body and "<textarea" not in body
    assert "Your submitted versions are listed below." in body


def test_accepted_work_has_no_empty_your_work_heading(client, assignment, team):
    from assignments.models import Submission

    member = team[1][1]
    services.submit(assignment=assignment, user=member, text="Done", uploads=[],
                    remove_file_ids=[])
    Submission.objects.filter(assignment=assignment).update(status="accepted")
    client.force_login(member)
    body = client.get(assignment.url).content.decode()
    assert 'id="answer-heading"' not in body
    assert "Submitted versions" in body
