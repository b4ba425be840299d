"""Demo home page text and site branding."""

from wagtail.models import Site

from content.models import HomePage, SiteBranding


def load(stdout) -> None:
    home = HomePage.objects.first()
    if home is None:
        return
    intro = (
        "<p>Virtual bootcamps for NGOs: apply, learn with your team, attend live sessions, "
        "submit your work and earn a certificate.</p>"
    )
    if home.intro != intro:
        home.intro = intro
        home.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    branding = SiteBranding.for_site(site)
    branding.site_name = "Bootcamp LMS"
    branding.tagline = "Chat for Impact and other bootcamps for NGOs"
    branding.contact_email = "organiser@example.org"
    branding.footer_text = "<p>Bootcamp LMS — built for NGOs on slow connections.</p>"
    branding.save()
