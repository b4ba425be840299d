"""The table's compiled row query is reused within a minute: the data it reads stays live,
and a change to the course (what the SQL is built from) builds a new query at once."""

from django.utils import timezone

from courses.models import ModuleCompletion, ModulePage, StagePage
from dashboards import compiled_query
from dashboards.columns import OrganisationColumns
from dashboards.facts import bootcamp_facts
from dashboards.rows import organisation_rows


def _beta(world, now):
    facts = bootcamp_facts(bootcamp=world.bootcamp, now=now)
    columns = OrganisationColumns(facts)
    return organisation_rows(columns, [world.beta.pk])[0], compiled_query._compiled_rows(
        columns, perks=True)


def test_facts_are_as_of_the_minute(world):
    facts = bootcamp_facts(bootcamp=world.bootcamp)
    assert (facts.now.second, facts.now.microsecond) == (0, 0)


def test_same_minute_reuses_the_query_but_reads_live_data(world):
    now = timezone.now().replace(second=0, microsecond=0)
    before, compiled = _beta(world, now)
    assert before.pre_done == 1

    module = ModulePage.objects.descendant_of(world.bootcamp).order_by("path").first()
    ModuleCompletion.objects.create(user=world.people["b1"], module=module)
    after, compiled_again = _beta(world, now)

    assert compiled_again is compiled
    assert after.pre_done == 2
    assert after.last_activity > before.last_activity


def test_a_new_required_module_rebuilds_the_query_within_the_minute(world):
    now = timezone.now().replace(second=0, microsecond=0)
    before, compiled = _beta(world, now)
    assert before.pre_total == 4  # 2 participants × 2 required pre-event modules

    stage = StagePage.objects.child_of(world.bootcamp).get(kind=StagePage.Kind.PRE_EVENT)
    stage.add_child(instance=ModulePage(title="Consent and privacy", required=True))
    after, compiled_again = _beta(world, now)

    assert compiled_again is not compiled
    assert after.pre_total == 6
    assert after.pre_done == 1
