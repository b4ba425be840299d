import pytest

from courses import services
from courses.models import Enrollment, RosterMember
from tests.factories import UserFactory
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_enrolling_twice_keeps_one_enrollment(bootcamp):
    organisation = OrganisationFactory()
    first = services.enrol_organisation(bootcamp=bootcamp, organisation=organisation)
    second = services.enrol_organisation(bootcamp=bootcamp, organisation=organisation)
    assert first == second
    assert Enrollment.objects.filter(organisation=organisation).count() == 1


def test_seat_limit_is_enforced_with_a_clear_message(bootcamp):
    bootcamp.seats_per_organisation = 2
    bootcamp.save()
    enrollment = services.enrol_organisation(bootcamp=bootcamp, organisation=OrganisationFactory())
    services.add_to_roster(enrollment=enrollment, user=UserFactory())
    services.add_to_roster(enrollment=enrollment, user=UserFactory())
    with pytest.raises(services.SeatLimitReached, match="All 2 seats"):
        services.add_to_roster(enrollment=enrollment, user=UserFactory())
    assert RosterMember.objects.filter(enrollment=enrollment).count() == 2


def test_a_removed_seat_can_be_given_to_someone_else(bootcamp):
    bootcamp.seats_per_organisation = 1
    bootcamp.save()
    enrollment = services.enrol_organisation(bootcamp=bootcamp, organisation=OrganisationFactory())
    first = UserFactory()
    services.add_to_roster(enrollment=enrollment, user=first)
    services.remove_from_roster(enrollment=enrollment, user=first)
    services.add_to_roster(enrollment=enrollment, user=UserFactory())
    assert RosterMember.objects.active().filter(enrollment=enrollment).count() == 1


def test_one_person_cannot_join_with_two_organisations(bootcamp):
    person = UserFactory()
    first = services.enrol_organisation(bootcamp=bootcamp, organisation=OrganisationFactory())
    second = services.enrol_organisation(bootcamp=bootcamp, organisation=OrganisationFactory())
    services.add_to_roster(enrollment=first, user=person)
    with pytest.raises(services.AlreadyOnAnotherRoster):
        services.add_to_roster(enrollment=second, user=person)
