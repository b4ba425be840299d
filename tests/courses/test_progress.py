import pytest

from courses.models import ModuleCompletion, ModulePage, StagePage
from courses.progress import organisation_progress, participant_progress
from tests.courses.factories import build_bootcamp, enrol

pytestmark = pytest.mark.django_db


def complete(user, modules):
    ModuleCompletion.objects.bulk_create(
        [ModuleCompletion(user=user, module=module) for module in modules])


def add_modules(bootcamp, count, stage_slug="day-1", required=True):
    stage = StagePage.objects.child_of(bootcamp).get(slug=stage_slug)
    return [stage.add_child(instance=ModulePage(title=f"Extra {n}", slug=f"extra-{n}",
                                                required=required)) for n in range(count)]


def test_required_modules_done_and_total_per_stage(bootcamp, team):
    _, (lead, member, _third) = team
    extra = add_modules(bootcamp, 2)
    add_modules(bootcamp, 1, stage_slug="day-2", required=False)
    pre = list(ModulePage.objects.child_of(StagePage.objects.get(slug="pre-event")))
    complete(member, [pre[0], extra[0]])
    result = participant_progress(bootcamp=bootcamp, user_ids=[lead.pk, member.pk])
    assert (result[member.pk].done, result[member.pk].total) == (2, 4)
    assert [(s.stage.title, s.done, s.total) for s in result[member.pk].stages] == [
        ("Pre-event work", 1, 2), ("Day 1", 1, 2), ("Day 2", 0, 0), ("Follow-up", 0, 0)]
    assert result[member.pk].percent == 50
    assert result[lead.pk].done == 0
    assert result[member.pk].next_module == pre[1]


def test_optional_modules_do_not_count(bootcamp, team):
    _, (lead, *_rest) = team
    optional = add_modules(bootcamp, 1, required=False)
    complete(lead, optional)
    assert participant_progress(bootcamp=bootcamp, user_ids=[lead.pk])[lead.pk].done == 0


def test_unpublished_modules_do_not_count(bootcamp, team):
    _, (lead, *_rest) = team
    draft = add_modules(bootcamp, 1)[0]
    draft.unpublish()
    assert participant_progress(bootcamp=bootcamp, user_ids=[lead.pk])[lead.pk].total == 2


def test_completions_of_another_bootcamp_do_not_count(bootcamp, team):
    _, (lead, *_rest) = team
    other = build_bootcamp(title="Other")
    complete(lead, ModulePage.objects.descendant_of(other))
    assert participant_progress(bootcamp=bootcamp, user_ids=[lead.pk])[lead.pk].done == 0


def test_organisation_progress_sums_its_roster(bootcamp, team):
    enrollment, (lead, member, third) = team
    other_enrollment, (stranger, *_others) = enrol(bootcamp)
    modules = list(ModulePage.objects.descendant_of(bootcamp))
    complete(lead, modules)
    complete(member, modules[:1])
    complete(stranger, modules)
    result = organisation_progress(
        bootcamp=bootcamp, organisation_ids=[enrollment.organisation_id])
    org = result[enrollment.organisation_id]
    assert (org.done, org.total) == (3, 6)
    assert {user.pk: p.done for user, p in org.participants} == {
        lead.pk: 2, member.pk: 1, third.pk: 0}


@pytest.mark.parametrize("modules", [1, 10, 50])
def test_progress_queries_do_not_grow(bootcamp, modules, django_assert_max_num_queries):
    organisations = [enrol(bootcamp, participants=4)[0] for _ in range(3)]
    extra = add_modules(bootcamp, modules)
    users = [entry.user for entry in organisations[0].roster.all()]
    for user in users:
        complete(user, extra[: modules // 2 + 1])
    with django_assert_max_num_queries(4):
        participant_progress(bootcamp=bootcamp, user_ids=[u.pk for u in users])
    with django_assert_max_num_queries(5):
        organisation_progress(bootcamp=bootcamp,
                              organisation_ids=[e.organisation_id for e in organisations])
