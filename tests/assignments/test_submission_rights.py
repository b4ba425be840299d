"""One answer to "who may edit, who may submit" (selectors.submission_rights), shared by the
assignment page, its template and services.submit."""

from datetime import timedelta

import pytest
from wagtail import hooks

from assignments import selectors, services
from assignments.models import AssignmentPage, Submission
from courses.models import RestrictedToParticipantsMixin
from courses.services import withdraw_enrollment
from tests.factories import participant


def test_a_participant_may_edit_and_submit_an_individual_assignment(assignment, team):
    rights = selectors.submission_rights(assignment=assignment, user=team[1][1])
    assert rights.entry.user == team[1][1]
    assert rights.organisation is None
    assert rights.submission is None
    assert (rights.can_edit, rights.can_submit) == (True, True)


def test_team_members_edit_the_draft_and_only_the_lead_submits(team_assignment, team):
    lead, member, _other = team[1]
    for_member = selectors.submission_rights(assignment=team_assignment, user=member)
    for_lead = selectors.submission_rights(assignment=team_assignment, user=lead)
    assert for_member.organisation == for_lead.organisation == team[0].organisation
    assert (for_member.can_edit, for_member.can_submit) == (True, False)
    assert (for_lead.can_edit, for_lead.can_submit) == (True, True)


@pytest.mark.parametrize("who", ["outsider", "organiser"])
def test_people_not_taking_part_may_neither_edit_nor_submit(assignment, an_organiser, who):
    user = participant() if who == "outsider" else an_organiser
    rights = selectors.submission_rights(assignment=assignment, user=user)
    assert rights.entry is None
    assert (rights.can_edit, rights.can_submit) == (False, False)


def test_a_withdrawn_enrollment_takes_the_rights_away(assignment, team):
    withdraw_enrollment(enrollment=team[0])
    rights = selectors.submission_rights(assignment=assignment, user=team[1][1])
    assert rights.entry is None
    assert not rights.can_edit


def test_accepted_work_is_closed(assignment, team, bootcamp_trainer):
    user = team[1][1]
    services.submit(assignment=assignment, user=user, text="Done")
    services.review(submission_id=Submission.objects.get().pk, reviewer=bootcamp_trainer,
                    decision="accepted")
    rights = selectors.submission_rights(assignment=assignment, user=user)
    assert rights.submission.is_final
    assert (rights.can_edit, rights.can_submit) == (False, False)


def test_the_deadline_counts_the_participants_extension(assignment, team, an_organiser):
    user = team[1][1]
    later = assignment.cutoff_at + timedelta(days=3)
    services.grant_extension(assignment=assignment, granted_by=an_organiser, cutoff_at=later,
                             user=user)
    after_cutoff = assignment.cutoff_at + timedelta(days=1)
    assert selectors.submission_rights(assignment=assignment, user=user,
                                       now=after_cutoff).deadline.is_open
    assert not selectors.submission_rights(assignment=assignment, user=team[1][2],
                                           now=after_cutoff).deadline.is_open


def test_the_page_and_the_service_agree_for_a_team_member(client, team_assignment, team):
    member = team[1][1]
    client.force_login(member)
    page = client.get(team_assignment.url).content.decode()
    assert 'value="draft"' in page and 'value="submit"' not in page
    # Posting "submit" anyway (an old tab, a crafted form) is refused by the same rule.
    response = client.post(team_assignment.url, {"action": "submit", "text": "Our plan"})
    assert response.status_code == 400
    assert "lead submits team assignments" in response.content.decode()
    assert Submission.objects.get().versions.count() == 0
    assert Submission.objects.get().draft_text == "Our plan"  # the input is kept


def test_the_page_serves_its_own_form_without_a_serving_hook(assignment, team):
    # Wagtail's AbstractForm way: no view module, no "courses_serve_page" hook.
    assert AssignmentPage.serve_content is not RestrictedToParticipantsMixin.serve_content
    assert hooks.get_hooks("courses_serve_page") == []


def test_submitting_before_the_cutoff_uses_the_rights_deadline(assignment, team):
    user = team[1][1]
    past = assignment.cutoff_at + timedelta(minutes=1)
    with pytest.raises(services.SubmissionRefused, match="cut-off"):
        services.submit(assignment=assignment, user=user, text="Late", now=past)
    assert Submission.objects.get().draft_text == "Late"
