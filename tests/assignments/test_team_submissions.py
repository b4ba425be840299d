"""Organisation assignments: one submission per team, any member edits, the lead submits."""

import pytest

from assignments import services
from assignments.models import Submission


def test_members_share_one_draft(team_assignment, team):
    lead, member, other_member = team[1]
    services.save_draft(assignment=team_assignment, user=member, text="Part one")
    services.save_draft(assignment=team_assignment, user=other_member, text="Part one and two")
    submission = Submission.objects.get()
    assert submission.organisation == team[0].organisation
    assert submission.user is None
    assert submission.draft_text == "Part one and two"
    assert submission.draft_updated_by == other_member


def test_member_who_is_not_lead_cannot_submit_but_draft_is_kept(team_assignment, team):
    member = team[1][1]
    with pytest.raises(services.SubmissionRefused, match="lead"):
        services.submit(assignment=team_assignment, user=member, text="Our plan")
    submission = Submission.objects.get()
    assert submission.draft_text == "Our plan"
    assert submission.versions.count() == 0


def test_lead_submits_for_the_team_and_version_records_who(team_assignment, team):
    lead = team[1][0]
    result = services.submit(assignment=team_assignment, user=lead, text="Our plan")
    assert result.version.submitted_by == lead
    assert Submission.objects.get().status == "submitted"


def test_teams_have_separate_submissions(team_assignment, team, other_team):
    services.submit(assignment=team_assignment, user=team[1][0], text="A")
    services.submit(assignment=team_assignment, user=other_team[1][0], text="B")
    assert Submission.objects.count() == 2
