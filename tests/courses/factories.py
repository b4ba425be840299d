"""Build course trees and enrollments for tests.

`build_bootcamp()` makes a published bootcamp under the bootcamps index with the four real
stages; `enrol()` puts an organisation and its people on the roster.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from content.models import HomePage
from courses.models import (
    BootcampIndexPage,
    BootcampPage,
    Enrollment,
    LiveSessionPage,
    ModulePage,
    RosterMember,
    StagePage,
)
from organisations.models import Membership
from tests.factories import UserFactory
from tests.organisations.factories import OrganisationFactory

IST = ZoneInfo("Asia/Kolkata")


def bootcamps_index() -> BootcampIndexPage:
    index = BootcampIndexPage.objects.first()
    if index is None:
        index = HomePage.objects.get().add_child(
            instance=BootcampIndexPage(title="Bootcamps", slug="bootcamps")
        )
    return index


def build_bootcamp(*, title="Chat for Impact", slug=None, modules_per_stage=2,
                   day_one: date | None = None, **fields) -> BootcampPage:
    """A published bootcamp: pre-event (modules), Day 1 and Day 2 (two sessions each),
    follow-up (one session)."""
    day_one = day_one or (timezone.localdate() + timedelta(days=30))
    bootcamp = bootcamps_index().add_child(
        instance=BootcampPage(
            title=title,
            slug=slug or title.lower().replace(" ", "-"),
            start_date=day_one,
            end_date=day_one + timedelta(days=1),
            **fields,
        )
    )
    pre = bootcamp.add_child(instance=StagePage(title="Pre-event work", slug="pre-event",
                                                kind=StagePage.Kind.PRE_EVENT))
    for n in range(modules_per_stage):
        pre.add_child(instance=ModulePage(title=f"Module {n + 1}", slug=f"module-{n + 1}"))
    for day_index, slug in enumerate(["day-1", "day-2"]):
        day = day_one + timedelta(days=day_index)
        stage = bootcamp.add_child(instance=StagePage(
            title=f"Day {day_index + 1}", slug=slug, kind=StagePage.Kind.LIVE_DAY,
            start_date=day, end_date=day))
        for hour, part in ((10, "morning"), (14, "afternoon")):
            starts = datetime(day.year, day.month, day.day, hour, tzinfo=IST)
            stage.add_child(instance=LiveSessionPage(
                title=f"Day {day_index + 1} {part}", slug=part, starts_at=starts,
                ends_at=starts + timedelta(hours=2), join_url="https://meet.example.org/abc"))
    follow = bootcamp.add_child(instance=StagePage(
        title="Follow-up", slug="follow-up", kind=StagePage.Kind.FOLLOW_UP))
    starts = datetime.combine(day_one + timedelta(days=14), datetime.min.time(), IST).replace(
        hour=11)
    follow.add_child(instance=LiveSessionPage(
        title="Follow-up session", slug="session", starts_at=starts,
        ends_at=starts + timedelta(hours=1), join_url="https://meet.example.org/follow"))
    return bootcamp


def enrol(bootcamp: BootcampPage, organisation=None, *, participants=3, lead=None):
    """Enroll an organisation with a lead and `participants - 1` members on the roster.

    Returns (enrollment, [users]) with the lead first.
    """
    organisation = organisation or OrganisationFactory()
    lead = lead or UserFactory()
    users = [lead] + [UserFactory() for _ in range(participants - 1)]
    enrollment, _ = Enrollment.objects.get_or_create(organisation=organisation, bootcamp=bootcamp)
    for index, user in enumerate(users):
        Membership.objects.get_or_create(
            organisation=organisation, user=user,
            defaults={"role": Membership.Role.LEAD if index == 0 else Membership.Role.MEMBER},
        )
        RosterMember.objects.get_or_create(enrollment=enrollment, bootcamp=bootcamp, user=user)
    return enrollment, users


def translate(page, *, language="hi", publish=True, user=None, **fields):
    """Translate a page with wagtail-localize, as a trainer would in the admin: `fields` are
    the translated values in the source's structure (by default a marked title, the rest
    as in the source). Returns the translated page (a page of the language's tree)."""
    from lms.page_languages import save_translation, translated_field_names

    page = page.specific
    fields.setdefault("title", f"{page.title} (हिंदी)")
    for name in translated_field_names(type(page)):  # the rest as in the source
        fields.setdefault(name, getattr(page, name))
    return save_translation(page, type(page)(**fields), language=language, user=user,
                            publish=publish)
