import pytest
from wagtail.models import Page, Site

from content.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


def test_migrations_create_a_home_page_served_at_root(client):
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    response = client.get("/")
    assert response.status_code == 200
    assert "<main id=\"main\"" in response.content.decode()


def test_standard_page_renders_stream_blocks(client):
    home = HomePage.objects.get()
    page = StandardPage(
        title="About",
        slug="about",
        introduction="Who we are",
        body=[
            ("heading", {"text": "Our mission", "level": "h2"}),
            ("paragraph", "<p>We train <b>NGOs</b>.</p>"),
            ("callout", {"kind": "tip", "title": "Tip", "text": "<p>Use templates</p>"}),
        ],
    )
    home.add_child(instance=page)
    html = client.get("/about/").content.decode()
    assert "<h2>Our mission</h2>" in html
    assert "<b>NGOs</b>" in html
    assert 'class="callout callout-tip"' in html


def test_page_type_rules():
    assert StandardPage.can_create_at(HomePage.objects.get())
    assert not HomePage.can_create_at(HomePage.objects.get())
    assert not StandardPage.can_create_at(Page.get_first_root_node())


def test_language_switcher_sets_hindi(client):
    response = client.post("/i18n/setlang/", {"language": "hi", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="hi">' in html
