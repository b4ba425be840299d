"""Perks: licence end from start + N months, and organisers' list of what needs action."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from organisations.models import LICENCE_WARNING_DAYS, BootcampSelectionSettings, Perk, licence_end
from organisations.selectors import perks_overview
from tests.factories import organiser
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_licence_ends_six_months_after_start_by_default(bootcamp):
    perk = Perk.objects.create(organisation=OrganisationFactory(), bootcamp=bootcamp,
                               licence_starts_on=date(2026, 8, 31))
    assert perk.licence_ends_on == date(2027, 2, 28)


def test_licence_length_is_configurable_per_bootcamp(bootcamp):
    BootcampSelectionSettings.objects.create(bootcamp=bootcamp, licence_months=12)
    perk = Perk.objects.create(organisation=OrganisationFactory(), bootcamp=bootcamp,
                               licence_starts_on=date(2026, 1, 15))
    assert perk.licence_ends_on == date(2027, 1, 15)


def test_licence_end_crosses_the_year():
    assert licence_end(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_overview_flags_missing_and_expiring_first(bootcamp):
    today = timezone.localdate()
    complete = Perk.objects.create(
        organisation=OrganisationFactory(name="Complete"), bootcamp=bootcamp,
        helpline_number="+911", helpline_provisioned_on=today, licence_starts_on=today)
    expiring = Perk.objects.create(
        organisation=OrganisationFactory(name="Expiring"), bootcamp=bootcamp,
        helpline_number="+912", helpline_provisioned_on=today,
        licence_starts_on=today - timedelta(days=170))
    missing = Perk.objects.create(organisation=OrganisationFactory(name="Missing"),
                                  bootcamp=bootcamp)
    rows = list(perks_overview())
    assert rows == [missing, expiring, complete]
    assert [r.is_missing for r in rows] == [True, False, False]
    assert [r.is_expiring for r in rows] == [False, True, False]
    assert expiring.licence_expiring() and not complete.licence_expiring()
    assert missing.missing() == ["helpline number", "software licence"]


def test_organisers_perk_list_shows_flags(client, bootcamp):
    Perk.objects.create(organisation=OrganisationFactory(name="Missing One"), bootcamp=bootcamp)
    client.force_login(organiser())
    content = client.get(reverse("organisations_admin:perks")).content.decode()
    assert "Missing One" in content and "Missing</span>" in content


def test_organisers_can_edit_a_perk_in_the_admin(client, bootcamp):
    perk = Perk.objects.create(organisation=OrganisationFactory(), bootcamp=bootcamp)
    client.force_login(organiser())
    url = reverse("wagtailsnippets_organisations_perk:edit", args=[perk.pk])
    assert client.get(url).status_code == 200


def test_credits_used_import_updates_all_rows(client, bootcamp):
    perk = Perk.objects.create(organisation=OrganisationFactory(registration_number="MH/1"),
                               bootcamp=bootcamp)
    client.force_login(organiser())
    upload = SimpleUploadedFile("usage.csv", b"registration_number,credits_used\nmh/1,\"1,250\"\n")
    response = client.post(reverse("organisations_admin:import_credits"),
                           {"bootcamp": bootcamp.pk, "file": upload})
    assert response.status_code == 302
    perk.refresh_from_db()
    assert perk.credits_used == 1250


def test_credits_import_with_a_bad_row_changes_nothing(client, bootcamp):
    perk = Perk.objects.create(organisation=OrganisationFactory(registration_number="MH/1"),
                               bootcamp=bootcamp)
    client.force_login(organiser())
    upload = SimpleUploadedFile("usage.csv",
                                b"registration_number,credits_used\nMH/1,10\nXX/9,5\nMH/1,abc\n")
    response = client.post(reverse("organisations_admin:import_credits"),
                           {"bootcamp": bootcamp.pk, "file": upload})
    content = response.content.decode()
    assert "Line 3" in content and "Line 4" in content
    perk.refresh_from_db()
    assert perk.credits_used == 0


def test_perk_list_query_count_is_constant(client, bootcamp, django_assert_max_num_queries):
    client.force_login(organiser())
    for size in (1, 10, 50):
        while Perk.objects.count() < size:
            Perk.objects.create(organisation=OrganisationFactory(), bootcamp=bootcamp)
        with django_assert_max_num_queries(20):
            assert client.get(reverse("organisations_admin:perks")).status_code == 200


@pytest.mark.parametrize("days_left", [-1, 0, LICENCE_WARNING_DAYS, LICENCE_WARNING_DAYS + 1])
def test_sql_status_and_python_status_agree_at_the_window_edges(bootcamp, days_left):
    # One window, two forms (SQL for lists and sorting, Python for one loaded perk).
    today = timezone.localdate()
    perk = Perk.objects.create(organisation=OrganisationFactory(), bootcamp=bootcamp,
                               helpline_number="+911", helpline_provisioned_on=today,
                               licence_starts_on=today)
    Perk.objects.filter(pk=perk.pk).update(licence_ends_on=today + timedelta(days=days_left))
    perk.refresh_from_db()
    annotated = Perk.objects.with_status(today).get(pk=perk.pk)
    expected = 0 <= days_left <= LICENCE_WARNING_DAYS
    assert perk.licence_expiring(today) is expected
    assert annotated.is_expiring is expected
    assert Perk.objects.licence_expiring(today).filter(pk=perk.pk).exists() is expected
    assert annotated.is_missing is False


def test_missing_in_sql_is_missing_in_python(bootcamp):
    today = timezone.localdate()
    perks = [
        Perk.objects.create(organisation=OrganisationFactory(), bootcamp=bootcamp, **fields)
        for fields in ({}, {"helpline_number": "+911"},
                       {"helpline_number": "+912", "helpline_provisioned_on": today},
                       {"helpline_number": "+913", "helpline_provisioned_on": today,
                        "licence_starts_on": today})]
    in_sql = set(Perk.objects.missing().values_list("pk", flat=True))
    assert in_sql == {perk.pk for perk in perks if perk.missing()} == {
        perks[0].pk, perks[1].pk, perks[2].pk}
    assert {p.pk for p in Perk.objects.with_status(today) if p.is_missing} == in_sql


def test_perk_list_names_the_warning_window(client, bootcamp):
    client.force_login(organiser())
    content = client.get(reverse("organisations_admin:perks")).content.decode()
    assert f"ending within {LICENCE_WARNING_DAYS} days" in content
