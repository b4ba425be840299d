"""The shared glue of the organisers' admin pages: one guard, one menu item, one cache rule,
one pair of export responses (lms.roles, lms.admin_menu, lms.caching, lms.exports)."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from openpyxl import load_workbook

from certificates import admin_views as certificate_views
from lms.admin_menu import OrganiserMenuItem
from lms.caching import PRIVATE_NO_STORE, no_store, private_page
from lms.exports import csv_response, xlsx_response
from lms.roles import organiser_required
from notifications import admin_views as notification_views
from organisations import admin_views as organisation_views
from tests.factories import organiser, participant, trainer

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@organiser_required
def _organisers_only(request):
    return HttpResponse("ok")


def test_organiser_required_lets_organisers_in():
    assert _organisers_only(_request(organiser())).content == b"ok"


@pytest.mark.parametrize("make_user", [participant, trainer])
def test_organiser_required_refuses_other_roles(make_user):
    with pytest.raises(PermissionDenied):
        _organisers_only(_request(make_user()))


def test_every_admin_app_uses_the_one_guard():
    # A copy in an app would drift; the apps import the one in lms.roles.
    for module in (certificate_views, notification_views, organisation_views):
        assert module.organiser_required is organiser_required


@pytest.mark.parametrize(("make_user", "shown"),
                         [(organiser, True), (trainer, False), (participant, False)])
def test_organiser_menu_item_is_shown_to_organisers_only(make_user, shown):
    item = OrganiserMenuItem("Perks", "/admin/applications/perks/")
    assert item.is_shown(_request(make_user())) is shown


def test_organiser_menus_in_the_admin(client):
    client.force_login(organiser())
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    for url_name in ("organisations_admin:perks", "certificates_admin:index",
                     "notifications_admin:log"):
        assert reverse(url_name) in page


def test_trainer_admin_has_no_organiser_menus(client):
    client.force_login(trainer())
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    for url_name in ("organisations_admin:perks", "certificates_admin:index",
                     "notifications_admin:log"):
        assert reverse(url_name) not in page


def test_no_store_marks_a_response_private():
    assert no_store(HttpResponse())["Cache-Control"] == PRIVATE_NO_STORE == "private, no-store"


def test_private_page_marks_every_response_of_the_view():
    @private_page
    def view(request):
        return HttpResponse(status=302)

    assert view(RequestFactory().get("/"))["Cache-Control"] == "private, no-store"


def test_csv_response_streams_neutralised_cells_with_a_bom():
    response = csv_response(iter([["name"], ["=1+1"]]), "people")
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="people.csv"'
    assert b"".join(response.streaming_content).decode() == "\ufeffname\r\n'=1+1\r\n"


def test_xlsx_response_streams_a_spooled_workbook():
    response = xlsx_response(iter([["name"], ["@SUM(A1)"]]), "people", "A" * 40)
    assert response.streaming  # spooled to a file, not built in memory
    assert response["Content-Disposition"] == 'attachment; filename="people.xlsx"'
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["A" * 31]  # Excel's limit on sheet titles
    assert list(workbook.active.iter_rows(values_only=True)) == [("name",), ("'@SUM(A1)",)]
