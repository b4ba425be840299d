import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import GroupCollectionPermission

from courses import demo
from courses.models import (
    BootcampPage,
    Enrollment,
    LiveSessionPage,
    ModuleCompletion,
    ModulePage,
    RosterMember,
    StagePage,
)
from courses.progress import participant_progress
from organisations.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    return BootcampPage.objects.originals().get(slug="chat-for-impact")


def counts():
    return (BootcampPage.objects.count(), StagePage.objects.count(), ModulePage.objects.count(),
            LiveSessionPage.objects.count(), Enrollment.objects.count(),
            RosterMember.objects.count(), ModuleCompletion.objects.count(),
            Membership.objects.count())


def test_demo_builds_chat_for_impact_and_is_idempotent(loaded):
    bootcamp = loaded
    assert bootcamp.url == "/bootcamps/chat-for-impact/" and bootcamp.live
    stages = StagePage.objects.child_of(bootcamp).order_by("path")
    assert [s.kind for s in stages] == ["pre_event", "live_day", "live_day", "follow_up"]
    assert ModulePage.objects.live().descendant_of(bootcamp).count() >= 8
    sessions = [LiveSessionPage.objects.child_of(s).count() for s in stages]
    assert sessions == [0, 2, 2, 1]
    assert Enrollment.objects.filter(bootcamp=bootcamp).count() == 12
    before = counts()
    demo.load(io.StringIO())
    assert counts() == before


def test_demo_dates_fit_the_story(loaded):
    bootcamp = loaded
    closes = bootcamp.local(bootcamp.registration_closes_at)
    assert (closes.hour, closes.minute, closes.second) == (23, 59, 59)
    assert closes.tzname() == "IST"
    sessions = LiveSessionPage.objects.descendant_of(bootcamp).order_by("starts_at")
    live_days, follow_up = list(sessions)[:-1], sessions.last()
    # In progress: registration closed, both live days over, the follow-up ahead.
    assert bootcamp.registration_closes_at < live_days[0].starts_at
    assert all(session.ends_at < timezone.now() for session in live_days)
    assert timezone.now() < follow_up.starts_at


def test_demo_contract_accounts(loaded):
    bootcamp = loaded

    def organisation_of(email):
        return RosterMember.objects.get(bootcamp=bootcamp, user__email=email).enrollment

    assert organisation_of("lead@example.org") == organisation_of("participant@example.org")
    assert organisation_of("other@example.org") != organisation_of("participant@example.org")
    assert Membership.objects.get(user__email="lead@example.org").role == "lead"
    assert bootcamp.trainers.filter(email="trainer@example.org").exists()
    # The demo trainer files documents in the demo bootcamp's own collection.
    bootcamp.refresh_from_db()
    trainer_rights = GroupCollectionPermission.objects.filter(
        group__user__email="trainer@example.org", permission__codename="add_document")
    assert [right.collection for right in trainer_rights] == [bootcamp.documents_collection]
    certified = RosterMember.objects.get(bootcamp=bootcamp, user__email="certified@example.org")
    mine = participant_progress(bootcamp=bootcamp, user_ids=[certified.user_id])
    assert mine[certified.user_id].done == mine[certified.user_id].total
    applicant = Membership.objects.get(user__email="applicant@example.org")
    assert not Enrollment.objects.filter(organisation=applicant.organisation).exists()


def test_demo_teams_have_three_or_four_people_at_varied_progress(loaded):
    bootcamp = loaded
    sizes = [e.roster.count() for e in Enrollment.objects.filter(bootcamp=bootcamp)]
    assert set(sizes) <= {3, 4}
    users = RosterMember.objects.filter(bootcamp=bootcamp).values_list("user_id", flat=True)
    done = {p.done for p in participant_progress(bootcamp=bootcamp, user_ids=users).values()}
    assert len(done) >= 4


def test_demo_has_hindi_translations_one_out_of_date(loaded):
    from courses import demo_hindi, translations

    states = {page.specific_class.__name__ + ":" + page.slug: state[0].status
              for page, state in translations.translation_states(bootcamp=loaded)}
    assert states[f"BootcampPage:{loaded.slug}"] == translations.UP_TO_DATE
    for slug in ("pre-event", "day-1", "day-2", "follow-up"):
        assert states[f"StagePage:{slug}"] == translations.UP_TO_DATE
    for slug in demo_hindi.PRE_EVENT_MODULES:
        expected = (translations.OUT_OF_DATE if slug == demo_hindi.OUT_OF_DATE_MODULE
                    else translations.UP_TO_DATE)
        assert states[f"ModulePage:{slug}"] == expected
    assert translations.translated_titles(bootcamp=loaded, language="hi")[loaded.pk] == (
        demo_hindi.BOOTCAMP["title"])
