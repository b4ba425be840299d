import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path

from lms.urls import urlpatterns as project_urlpatterns


def explode(request):
    raise RuntimeError("secret internal detail")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("boom/", explode),
    path("forbidden/", forbidden),
    *project_urlpatterns,
]
handler403 = "lms.views.permission_denied"
handler404 = "lms.views.page_not_found"
handler500 = "lms.views.server_error"


@pytest.fixture
def error_urls(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False


def test_500_page_is_friendly_and_has_no_traceback(db, error_urls):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body
    assert "secret internal detail" not in body
    assert "Traceback" not in body


def test_404_page_is_friendly(client, db, error_urls):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert "Traceback" not in body and "urlpatterns" not in body


def test_403_page_is_friendly(client, db, error_urls):
    response = client.get("/forbidden/")
    assert response.status_code == 403
    assert "have access to this page" in response.content.decode()


def test_429_template_renders_for_rate_limits(rf, db):
    from django.template.loader import render_to_string

    html = render_to_string("429.html", request=rf.get("/"))
    assert "Too many attempts" in html
