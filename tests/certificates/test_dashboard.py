from django.template.loader import render_to_string

from certificates import services
from certificates.progress import certificate_progress
from tests.certificates.factories import complete_modules
from tests.courses.factories import enrol
from tests.factories import organiser


def card(bootcamp, user):
    status = certificate_progress(bootcamp=bootcamp, user_ids=[user.pk])[user.pk]
    return render_to_string("certificates/dashboard_certificate.html",
                            {"progress": status, "bootcamp": bootcamp})


def test_source_is_registered_with_the_dashboard_template():
    from courses.progress import progress_sources

    entry = progress_sources()["certificates"]
    assert entry.source is certificate_progress
    assert entry.dashboard_template == "certificates/dashboard_certificate.html"


def test_dashboard_says_what_is_missing(bootcamp, rule, facts, team):
    _, (user, *_) = team
    facts.complete(user)
    facts.attend(user, "Day 2 afternoon", "absent")
    html = card(bootcamp, user)
    assert "Not yet eligible" in html
    assert "Session “Day 2 afternoon” not attended" in html
    assert "Module “Module 1” not completed" in html


def test_dashboard_links_the_pdf_and_verification_page(bootcamp, certificate):
    html = card(bootcamp, certificate.user)
    assert f"/certificates/{certificate.pk}/certificate.pdf" in html
    assert f"/certificates/verify/{certificate.code}/" in html


def test_dashboard_shows_a_revoked_certificate(bootcamp, certificate):
    services.revoke(certificate=certificate, by=organiser(), reason="Duplicate")
    html = card(bootcamp, certificate.user)
    assert "Revoked" in html and "Duplicate" in html
    assert "certificate.pdf" not in html


def test_certificate_source_runs_constant_queries(bootcamp, rule, facts,
                                                  django_assert_max_num_queries):
    _, users = enrol(bootcamp, participants=30)
    for user in users[:10]:
        facts.complete(user)
        complete_modules(user, bootcamp)
    services.issue_eligible(bootcamp=bootcamp, render=False)
    with django_assert_max_num_queries(5):
        certificate_progress(bootcamp=bootcamp, user_ids=[u.pk for u in users])


def test_the_shared_card_is_each_participants_own(bootcamp, certificate, team, facts):
    """The card is shared HTML per state (courses' shared_fragment): another participant
    never gets the certificate holder's links, and a revocation shows at once."""
    _, (holder, other, *_) = team
    assert certificate.user == holder
    facts.complete(other)
    for _round in range(2):
        mine, theirs = card(bootcamp, holder), card(bootcamp, other)
        assert certificate.code in mine and "certificate.pdf" in mine
        assert certificate.code not in theirs and "Not yet eligible" in theirs
        assert "Module “Module 1” not completed" in theirs
    services.revoke(certificate=certificate, by=organiser(), reason="Duplicate")
    assert "Revoked" in card(bootcamp, holder)
