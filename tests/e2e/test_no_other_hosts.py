"""What the browser really requests on key pages, scripts run and admin widgets drawn: nothing
from any host but this one. (tests/lms/test_crawl.py reads the HTML of every page; this
catches what only JavaScript or CSS would load, such as an avatar or a web font.)"""

from urllib.parse import urlsplit

import pytest

from courses.models import BootcampPage, ModulePage
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e

LOOPBACK = {"localhost", "127.0.0.1", "::1", "[::1]"}


def _visit_all(page, paths: list[str]) -> list[str]:
    outside: list[str] = []
    page.on("request", lambda request: outside.append(f"{page.url} -> {request.url}")
            if urlsplit(request.url).scheme in ("http", "https", "ws", "wss")
            and urlsplit(request.url).hostname not in LOOPBACK else None)
    for path in paths:
        response = page.goto(path)
        assert response and response.status < 500, f"{path}: {response and response.status}"
        # "load": images, styles and scripts are in; Wagtail's admin keeps polling, so it
        # never goes network-idle. A moment more for what scripts fetch after load.
        page.wait_for_load_state("load")
        page.wait_for_timeout(500)
    return outside


def test_participant_pages_request_only_this_site(django_db_serialized_rollback, page, demo):
    bootcamp = BootcampPage.objects.originals().live().get(slug="chat-for-impact")
    module = ModulePage.objects.live().descendant_of(bootcamp).first()
    sign_in(page, "participant@example.org")
    outside = _visit_all(page, ["/", "/dashboard/", bootcamp.url, module.url,
                                f"{bootcamp.url}pre-event/helpline-plan/", "/accounts/profile/",
                                "/account/notifications/", "/cms/"])
    assert not outside, outside


def test_staff_pages_request_only_this_site(django_db_serialized_rollback, page, demo):
    bootcamp = BootcampPage.objects.originals().live().get(slug="chat-for-impact")
    module = ModulePage.objects.live().descendant_of(bootcamp).first()
    sign_in(page, "organiser@example.org")
    outside = _visit_all(page, [
        "/cms/", "/cms/dashboards/", f"/cms/dashboards/bootcamp/{bootcamp.pk}/",
        f"/cms/pages/{bootcamp.pk}/", f"/cms/pages/{module.pk}/edit/",
        f"/cms/certificates/bootcamp/{bootcamp.pk}/", "/cms/notifications/", "/review/",
        "/cms/account/"])
    assert not outside, outside
