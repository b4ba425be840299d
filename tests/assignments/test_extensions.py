from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assignments import services
from assignments.models import Extension
from tests.assignments.factories import add_assignment, ist


@pytest.fixture
def closed(bootcamp):
    now = timezone.now()
    return add_assignment(bootcamp, title="Closed", slug="closed",
                          due_at=now - timedelta(days=3), cutoff_at=now - timedelta(days=1))


def test_extension_for_a_participant_lets_them_submit_after_cutoff(closed, team, an_organiser):
    participant = team[1][1]
    services.grant_extension(assignment=closed, granted_by=an_organiser, user=participant,
                             cutoff_at=timezone.now() + timedelta(days=1))
    result = services.submit(assignment=closed, user=participant, text="x")
    assert result.created and result.version.is_late


def test_extension_for_one_participant_does_not_help_another(closed, team, an_organiser):
    services.grant_extension(assignment=closed, granted_by=an_organiser, user=team[1][1],
                             cutoff_at=timezone.now() + timedelta(days=1))
    with pytest.raises(services.SubmissionRefused):
        services.submit(assignment=closed, user=team[1][2], text="x")


def test_extension_for_an_organisation_covers_its_team_assignment(bootcamp, team, other_team,
                                                                  an_organiser):
    now = timezone.now()
    assignment = add_assignment(bootcamp, title="Team", slug="team",
                                submission_type="organisation",
                                due_at=now - timedelta(days=3), cutoff_at=now - timedelta(days=1))
    services.grant_extension(assignment=assignment, granted_by=an_organiser,
                             organisation=team[0].organisation,
                             cutoff_at=now + timedelta(days=1))
    assert services.submit(assignment=assignment, user=team[1][0], text="x").created
    with pytest.raises(services.SubmissionRefused):
        services.submit(assignment=assignment, user=other_team[1][0], text="x")


def test_only_organisers_grant_extensions(closed, team, bootcamp_trainer):
    with pytest.raises(services.SubmissionRefused):
        services.grant_extension(assignment=closed, granted_by=bootcamp_trainer,
                                 user=team[1][1], cutoff_at=timezone.now() + timedelta(days=1))


def test_extension_view_is_forbidden_to_trainers(client, closed, bootcamp_trainer):
    client.force_login(bootcamp_trainer)
    response = client.get(reverse("assignments:extensions", args=[closed.pk]))
    assert response.status_code == 403


def test_organiser_grants_extension_entered_in_ist(client, closed, team, an_organiser):
    participant = team[1][1]
    client.force_login(an_organiser)
    response = client.post(reverse("assignments:extensions", args=[closed.pk]), {
        "target": f"user-{participant.pk}", "cutoff_at": "2030-01-15T23:59",
        "reason": "Illness",
    })
    assert response.status_code == 302
    extension = Extension.objects.get()
    assert extension.user == participant
    assert extension.cutoff_at == ist(2030, 1, 15, 23, 59)
