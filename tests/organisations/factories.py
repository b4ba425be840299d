import factory
from django.utils import timezone

from organisations.models import (
    Application,
    Membership,
    Organisation,
    SelectionCriterion,
)
from tests.factories import UserFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Seva Foundation {n}")
    registration_number = factory.Sequence(lambda n: f"MH/2024/{n:07d}")
    city = "Pune"
    state = "Maharashtra"
    focus_areas = factory.LazyFunction(lambda: ["health"])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application linked to an organisation whose lead is the applicant."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    bootcamp = None  # pass bootcamp=build_bootcamp(...)
    applicant = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = Application.Status.SUBMITTED
    organisation_name = factory.LazyAttribute(lambda a: a.organisation.name)
    registration_number = factory.LazyAttribute(lambda a: a.organisation.registration_number)
    city = "Pune"
    state = "Maharashtra"
    focus_areas = factory.LazyFunction(lambda: ["health"])
    current_channels = "A WhatsApp group for volunteers."
    plans = "A helpline bot."
    consent = True
    submitted_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def lead(self, create, extracted, **kwargs):
        if create and self.organisation_id:
            Membership.objects.get_or_create(
                organisation=self.organisation, user=self.applicant,
                defaults={"role": Membership.Role.LEAD})


class SelectionCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelectionCriterion

    title = factory.Sequence(lambda n: f"Criterion {n}")
    max_score = 5
