from django.db import connection
from django.test.utils import CaptureQueriesContext

from assignments import services
from assignments.models import Submission
from assignments.progress import AssignmentProgress, AssignmentState, assignment_progress
from courses.progress import progress_sources
from tests.assignments.factories import add_assignment
from tests.courses.factories import enrol


def test_assignments_source_is_registered():
    entry = progress_sources()["assignments"]
    assert entry.source is assignment_progress
    assert entry.dashboard_template == "assignments/dashboard_progress.html"


def test_organisation_assignment_counts_for_every_member(bootcamp, team_assignment, team,
                                                         other_team, bootcamp_trainer):
    services.submit(assignment=team_assignment, user=team[1][0], text="x")
    services.review(submission_id=Submission.objects.get().pk, reviewer=bootcamp_trainer,
                    decision="accepted")
    ids = [u.pk for u in team[1] + other_team[1]]
    progress = assignment_progress(bootcamp=bootcamp, user_ids=ids)
    for user in team[1]:
        assert progress[user.pk].required_accepted == 1
        assert progress[user.pk].missing == ()
    for user in other_team[1]:
        assert progress[user.pk].required_accepted == 0
        assert progress[user.pk].items[0].status == "not_started"


def test_individual_assignment_counts_only_for_its_participant(bootcamp, assignment, team):
    services.submit(assignment=assignment, user=team[1][1], text="x")
    progress = assignment_progress(bootcamp=bootcamp, user_ids=[u.pk for u in team[1]])
    assert progress[team[1][1].pk].items[0].status == "submitted"
    assert progress[team[1][1].pk].required_submitted == 1
    assert progress[team[1][0].pk].items[0].status == "not_started"


def test_optional_assignments_are_not_required(bootcamp, team):
    add_assignment(bootcamp, title="Optional", slug="optional",
                   required_for_certificate=False)
    add_assignment(bootcamp, title="Required", slug="required")
    result = assignment_progress(bootcamp=bootcamp, user_ids=[team[1][0].pk])[team[1][0].pk]
    assert result.required_total == 1
    assert [item.title for item in result.missing] == ["Required"]


def test_progress_shape():
    item = AssignmentState(assignment_id=1, title="A", required=True, status="needs_revision")
    progress = AssignmentProgress(items=(item,))
    assert (progress.required_total, progress.required_accepted,
            progress.required_submitted) == (1, 0, 1)
    assert progress.missing == (item,)


def test_progress_runs_constant_queries(bootcamp, assignment, team_assignment):
    counts = []
    user_ids = []
    for teams in (1, 5, 10):
        while len(user_ids) < teams * 3:
            _enrollment, users = enrol(bootcamp)
            user_ids += [u.pk for u in users]
            services.submit(assignment=team_assignment, user=users[0], text="x")
            services.submit(assignment=assignment, user=users[1], text="y")
        # Warm: the assignments list is remembered per version of the tree (tree_cache).
        assignment_progress(bootcamp=bootcamp, user_ids=user_ids)
        with CaptureQueriesContext(connection) as queries:
            result = assignment_progress(bootcamp=bootcamp, user_ids=user_ids)
        assert len(result) == len(user_ids)
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2] <= 3
