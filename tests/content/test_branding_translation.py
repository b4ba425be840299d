"""The header and footer in the reader's language (#19): organisers write the branding in
another language; empty fields keep the default."""

import pytest
from wagtail.models import Site

from content.models import BrandingTranslation, SiteBranding

pytestmark = pytest.mark.django_db


@pytest.fixture
def branding(db):
    site = Site.objects.get(is_default_site=True)
    default = SiteBranding.for_site(site)
    default.site_name, default.footer_text = "Bootcamp LMS", "<p>Built for NGOs.</p>"
    default.tagline = "Bootcamps for NGOs"
    default.save()
    BrandingTranslation.objects.create(site=site, language="hi", site_name="बूटकैंप एलएमएस",
                                       footer_text="<p>एनजीओ के लिए बनाया गया।</p>")
    return default


def test_hindi_readers_get_the_hindi_branding(client, branding):
    client.cookies["django_language"] = "hi"
    html = client.get("/accounts/login/").content.decode()
    assert "बूटकैंप एलएमएस" in html and "एनजीओ के लिए बनाया गया।" in html
    assert "Built for NGOs." not in html


def test_english_readers_get_the_default(client, branding):
    html = client.get("/accounts/login/", headers={"accept-language": "en"}).content.decode()
    assert "Built for NGOs." in html and "बूटकैंप एलएमएस" not in html


def test_a_saved_translation_shows_at_once(client, branding):
    client.cookies["django_language"] = "hi"
    client.get("/accounts/login/")
    BrandingTranslation.objects.filter(language="hi").update(site_name="")  # no signal
    BrandingTranslation.objects.get(language="hi").save()  # the admin saves: forgotten
    html = client.get("/accounts/login/").content.decode()
    assert "Bootcamp LMS" in html and "एनजीओ के लिए बनाया गया।" in html
