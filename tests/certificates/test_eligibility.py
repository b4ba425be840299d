
from certificates.eligibility import organisation_eligibility, participant_eligibility
from certificates.models import CertificateRule
from tests.certificates.factories import complete_modules


def eligibility_of(bootcamp, user):
    return participant_eligibility(bootcamp=bootcamp, user_ids=[user.pk])[user.pk]


def test_participant_who_did_everything_is_eligible(bootcamp, rule, facts, team):
    _, (user, *_) = team
    facts.complete(user)
    complete_modules(user, bootcamp)
    result = eligibility_of(bootcamp, user)
    assert result.eligible
    assert "Attended all 5 live sessions" in result.completed
    assert "Assignment “Helpline plan” accepted" in result.completed


def test_missing_module_is_named(bootcamp, rule, facts, team):
    _, (user, *_) = team
    facts.complete(user)
    complete_modules(user, bootcamp, except_last=True)
    result = eligibility_of(bootcamp, user)
    assert not result.eligible
    assert result.missing == ("Module “Module 2” not completed",)


def test_missing_session_is_named(bootcamp, rule, facts, team):
    _, (user, *_) = team
    facts.complete(user)
    facts.attend(user, "Day 2 afternoon", "absent")
    complete_modules(user, bootcamp)
    assert eligibility_of(bootcamp, user).missing == ("Session “Day 2 afternoon” not attended",)


def test_assignment_needing_revision_is_named(bootcamp, rule, facts, team):
    _, (user, *_) = team
    facts.complete(user)
    facts.assignment(user, "needs_revision")
    complete_modules(user, bootcamp)
    assert eligibility_of(bootcamp, user).missing == ("Assignment “Helpline plan” needs revision",)


def test_each_assignment_state_says_what_is_missing(bootcamp, rule, facts, team):
    _, (user, *_) = team
    expected = {
        "not_started": "Assignment “Helpline plan” not submitted",
        "draft": "Assignment “Helpline plan” is still a draft (not submitted)",
        "submitted": "Assignment “Helpline plan” is waiting for review",
        "late": "Assignment “Helpline plan” was submitted late and is waiting for review",
    }
    facts.attend_all(user)
    complete_modules(user, bootcamp)
    for status, sentence in expected.items():
        facts.assignment(user, status)
        assert eligibility_of(bootcamp, user).missing == (sentence,)


def test_optional_assignment_is_not_required(bootcamp, rule, facts, team):
    _, (user, *_) = team
    facts.complete(user)
    facts.assignment(user, "not_started", assignment_id=2)
    complete_modules(user, bootcamp)
    assert eligibility_of(bootcamp, user).eligible


def test_each_live_day_rule_names_the_day_without_attendance(bootcamp, rule, facts, team):
    _, (user, *_) = team
    rule.sessions = CertificateRule.Sessions.EACH_LIVE_DAY
    rule.save()
    facts.assignment(user, "accepted")
    facts.attend(user, "Day 1 morning")
    complete_modules(user, bootcamp)
    result = eligibility_of(bootcamp, user)
    assert result.missing == (
        "No session attended on Day 2 (“Day 2 morning”, “Day 2 afternoon”)",
    )
    facts.attend(user, "Day 2 afternoon", "late")
    assert eligibility_of(bootcamp, user).eligible


def test_at_least_n_sessions_rule(bootcamp, rule, facts, team):
    _, (user, *_) = team
    rule.sessions = CertificateRule.Sessions.AT_LEAST
    rule.minimum_sessions = 3
    rule.save()
    facts.assignment(user, "accepted")
    complete_modules(user, bootcamp)
    facts.attend(user, "Day 1 morning")
    facts.attend(user, "Day 1 afternoon")
    missing = eligibility_of(bootcamp, user).missing
    assert len(missing) == 1
    assert missing[0].startswith("2 of the 3 live sessions needed attended")
    assert "“Follow-up session”" in missing[0]
    facts.attend(user, "Follow-up session")
    assert eligibility_of(bootcamp, user).eligible


def test_rule_without_attendance_or_assignments(bootcamp, rule, facts, team):
    _, (user, *_) = team
    rule.sessions = CertificateRule.Sessions.NONE
    rule.require_assignments = False
    rule.save()
    complete_modules(user, bootcamp)
    assert eligibility_of(bootcamp, user).eligible


def test_several_missing_pieces_are_all_listed(bootcamp, rule, facts, team):
    _, (user, *_) = team
    missing = eligibility_of(bootcamp, user).missing
    assert "Module “Module 1” not completed" in missing
    assert "Session “Day 1 morning” not attended" in missing
    assert "Assignment “Helpline plan” not submitted" in missing
    assert len(missing) == 2 + 5 + 1


def test_eligibility_runs_constant_queries(bootcamp, rule, facts, django_assert_max_num_queries):
    from tests.courses.factories import enrol

    _, users = enrol(bootcamp, participants=12)
    with django_assert_max_num_queries(4):
        participant_eligibility(bootcamp=bootcamp, user_ids=[u.pk for u in users])


def test_eligibility_with_knowledge_checks_runs_constant_queries(
    bootcamp, rule, facts, django_assert_max_num_queries,
):
    """The knowledge-check rule reads every participant's attempts in one bulk query: the
    count stays the same from 2 participants with no attempt to 12 with attempts."""
    import uuid

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from courses.models import ModulePage
    from quizzes import services as quiz_services
    from tests.courses.factories import enrol
    from tests.quizzes.factories import RIGHT, add_check

    rule.require_knowledge_checks = True
    rule.save()
    module = add_check(ModulePage.objects.descendant_of(bootcamp).filter(required=True)
                       .order_by("path").first())
    _, few = enrol(bootcamp, participants=2)
    participant_eligibility(bootcamp=bootcamp, user_ids=[u.pk for u in few])  # warm the caches
    with CaptureQueriesContext(connection) as small:
        participant_eligibility(bootcamp=bootcamp, user_ids=[u.pk for u in few])

    _, many = enrol(bootcamp, participants=10)
    users = few + many
    for user in users:
        quiz_services.submit_attempt(user=user, module=module, answers=RIGHT, token=uuid.uuid4())
    with django_assert_max_num_queries(len(small)):
        result = participant_eligibility(bootcamp=bootcamp, user_ids=[u.pk for u in users])
    assert len(small) <= 5  # the 4 above plus the one attempts query
    assert all(f"Knowledge check of “{module.title}” not passed" not in r.missing
               for r in result.values())


def test_organisation_rule_names_what_is_missing(bootcamp, rule, facts, team):
    enrollment, (lead, member, _third) = team
    facts.attend(lead, "Day 1 morning")
    facts.assignment(member, "needs_revision")
    result = organisation_eligibility(
        bootcamp=bootcamp, organisation_ids=[enrollment.organisation_id]
    )[enrollment.organisation_id]
    assert result.missing == (
        "Assignment “Helpline plan” not yet accepted for anyone in the organisation",
        "No participant present at Day 2",
        "No participant present at Follow-up",
    )
    facts.assignment(lead, "accepted")
    facts.attend(member, "Day 2 morning")
    facts.attend(_third, "Follow-up session")
    assert organisation_eligibility(
        bootcamp=bootcamp, organisation_ids=[enrollment.organisation_id]
    )[enrollment.organisation_id].eligible


def test_person_unknown_to_the_attendance_source_is_not_eligible(bootcamp, rule, facts, team):
    _, (user, *_) = team
    facts.assignment(user, "accepted")
    complete_modules(user, bootcamp)
    facts.attendance_source = lambda *, bootcamp, user_ids: {}
    assert eligibility_of(bootcamp, user).missing == ("No attendance recorded yet",)


def test_eligibility_reads_the_real_attendance_and_assignments(bootcamp, rule, team):
    """Without the fakes: the real read-models decide, and nothing passes by omission."""
    _, (user, *_) = team
    complete_modules(user, bootcamp)
    missing = eligibility_of(bootcamp, user).missing
    assert "Session “Day 1 morning” not attended" in missing
    assert "Session “Follow-up session” not attended" in missing


def _with_module_progress(bootcamp, users) -> dict:
    from certificates.eligibility import facts_progress
    from courses.progress import participant_progress

    ids = [u.pk for u in users]
    return {**facts_progress(bootcamp=bootcamp, user_ids=ids),
            "modules": participant_progress(bootcamp=bootcamp, user_ids=ids)}


def test_given_module_progress_gives_the_same_answer_without_reading_completions(
        bootcamp, rule, facts, team):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _, (done, half, none) = team
    for user in (done, half):
        facts.complete(user)
    complete_modules(done, bootcamp)
    complete_modules(half, bootcamp, except_last=True)
    ids = [done.pk, half.pk, none.pk]
    expected = participant_eligibility(bootcamp=bootcamp, user_ids=ids)
    progress = _with_module_progress(bootcamp, [done, half, none])
    with CaptureQueriesContext(connection) as queries:
        given = participant_eligibility(bootcamp=bootcamp, user_ids=ids, progress=progress)
    assert given == expected
    assert given[done.pk].eligible and not given[half.pk].eligible
    assert not [q for q in queries.captured_queries if "courses_modulecompletion" in q["sql"]]


def test_a_required_module_outside_the_outline_is_still_read(bootcamp, rule, facts, team):
    """Module progress counts the outline's modules; a required module below an
    unpublished stage is not in it, so its completion is read from the records."""
    from courses.models import ModuleCompletion, ModulePage, StagePage

    _, (user, *_) = team
    facts.complete(user)
    complete_modules(user, bootcamp)
    hidden = StagePage.objects.child_of(bootcamp).get(slug="follow-up")
    extra = hidden.add_child(instance=ModulePage(title="Hidden module", slug="hidden"))
    hidden.unpublish()
    progress = _with_module_progress(bootcamp, [user])
    result = participant_eligibility(bootcamp=bootcamp, user_ids=[user.pk], progress=progress)
    assert result[user.pk].missing == ("Module “Hidden module” not completed",)
    ModuleCompletion.objects.create(user=user, module=extra)
    progress = _with_module_progress(bootcamp, [user])
    result = participant_eligibility(bootcamp=bootcamp, user_ids=[user.pk], progress=progress)
    assert result[user.pk].eligible
