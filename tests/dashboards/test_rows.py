"""Every column and flag of the organisations table against numbers worked out by hand
(see conftest.py), and the SQL rules against the read-model's own functions."""

import pytest

from certificates.eligibility import participant_eligibility
from courses.models import RosterMember
from dashboards.columns import OrganisationColumns
from dashboards.facts import bootcamp_facts
from dashboards.participants import participant_details, roster_entries
from dashboards.rows import organisation_rows


@pytest.fixture
def rows(world):
    facts = bootcamp_facts(bootcamp=world.bootcamp)
    enrollments = [world.alpha, world.beta, world.gamma, world.delta]
    result = organisation_rows(OrganisationColumns(facts), [e.pk for e in enrollments])
    return {row.name.split()[0].lower(): row for row in result}


def test_alpha_columns(rows, world):
    row = rows["alpha"]
    assert row.roster == 2
    assert (row.pre_done, row.pre_total, row.pre_percent) == (3, 4, 75.0)
    # a1's and a2's reflections (accepted, submitted) and the team's plan (accepted).
    assert (row.assignments_expected, row.assignments_accepted, row.assignments_submitted,
            row.assignments_missing) == (3, 2, 3, 0)
    assert row.attendance == [("Day 1", 2), ("Day 2", 1), ("Follow-up", 0)]
    assert (row.certified, row.eligible, row.not_yet) == (1, 0, 1)
    assert row.organisation_certificate == "Eligible"
    assert row.perks == "Provisioned; credits 500 of 100,000 used"
    assert row.last_activity is not None
    assert row.flags == []


def test_beta_columns_and_flags(rows, world):
    row = rows["beta"]
    assert row.roster == 2
    assert (row.pre_done, row.pre_total, row.pre_percent) == (1, 4, 25.0)
    assert (row.assignments_expected, row.assignments_accepted, row.assignments_submitted,
            row.assignments_missing) == (3, 0, 0, 3)
    assert row.attendance == [("Day 1", 0), ("Day 2", 0), ("Follow-up", 0)]
    assert (row.certified, row.eligible, row.not_yet) == (0, 0, 2)
    assert row.organisation_certificate == "Not yet"
    assert row.perks == ("Missing: helpline number, software licence; "
                         "credits 0 of 100,000 used")
    # b2's module, twenty days ago, is the last thing anyone did.
    completed = world.people["b2"].module_completions.get().completed_at
    assert row.last_activity == completed
    reasons = {flag.code: flag.reason for flag in row.flags}
    assert set(reasons) == {"no_pre_event_work", "overdue_assignment", "absent_day_one",
                            "inactive"}
    assert reasons["no_pre_event_work"].startswith(
        "1 of 2 participants has not started the pre-event work")
    assert reasons["overdue_assignment"] == (
        "1 submission past its due date is missing (“Helpline plan”)")
    # b2 was excused: only b1 counts as absent.
    assert reasons["absent_day_one"] == "1 of 2 participants attended no Day 1 session"
    assert reasons["inactive"] == "2 of 2 participants did nothing in the last 14 days"


def test_gamma_columns(rows):
    row = rows["gamma"]
    assert (row.roster, row.pre_percent) == (1, 100.0)
    assert (row.assignments_expected, row.assignments_accepted, row.assignments_missing) == (
        2, 2, 0)
    assert row.attendance == [("Day 1", 1), ("Day 2", 1), ("Follow-up", 0)]
    assert (row.certified, row.eligible, row.not_yet) == (0, 1, 0)
    assert row.organisation_certificate == "Issued"
    assert row.perks == "No perks recorded"
    assert row.flags == []


def test_withdrawn_organisation_keeps_its_row_with_an_empty_roster(rows):
    # Its roster entry is not removed, only the enrollment is withdrawn.
    assert rows["delta"].status == "withdrawn" and rows["delta"].roster == 1


def test_sql_eligibility_agrees_with_the_read_model(world):
    facts = bootcamp_facts(bootcamp=world.bootcamp)
    columns = OrganisationColumns(facts)
    roster = RosterMember.objects.filter(bootcamp=world.bootcamp, removed_at__isnull=True)
    by_sql = set(columns.eligible_roster(roster).values_list("user_id", flat=True))
    by_python = {user_id for user_id, eligibility in participant_eligibility(
        bootcamp=world.bootcamp, user_ids=roster.values_list("user_id", flat=True)).items()
        if eligibility.eligible}
    assert by_sql == by_python == {world.people["a1"].pk, world.people["c1"].pk}


def test_participant_flags_add_up_to_the_organisation_counts(world, rows):
    facts = bootcamp_facts(bootcamp=world.bootcamp)
    active = [world.alpha.pk, world.beta.pk, world.gamma.pk]
    details = participant_details(facts=facts, entries=list(roster_entries(
        facts=facts, enrollments=active)))
    flagged = {}
    for detail in details:
        for flag in detail.flags:
            flagged.setdefault((detail.organisation.name, flag.code), set()).add(
                detail.user.first_name)
    assert flagged == {
        ("Beta Sangam", "no_pre_event_work"): {"Beta0"},
        ("Beta Sangam", "overdue_assignment"): {"Beta0", "Beta1"},
        ("Beta Sangam", "absent_day_one"): {"Beta0"},
        ("Beta Sangam", "inactive"): {"Beta0", "Beta1"},
    }


def test_no_pre_event_flag_waits_until_n_days_before_day_one(world, settings):
    from datetime import timedelta

    from django.utils import timezone

    facts = bootcamp_facts(bootcamp=world.bootcamp,
                           now=timezone.now() - timedelta(days=20))
    assert not facts.pre_event_check_active
    settings.DASHBOARDS_PRE_EVENT_WARNING_DAYS = 30
    facts = bootcamp_facts(bootcamp=world.bootcamp,
                           now=timezone.now() - timedelta(days=20))
    assert facts.pre_event_check_active
