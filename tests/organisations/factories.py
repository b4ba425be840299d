import factory

from organisations.models import Membership, Organisation
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
