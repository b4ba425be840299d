import re

from django.urls import reverse

from certificates import services
from tests.factories import organiser


def verify(client, code, **extra):
    return client.get(f"/certificates/verify/{code}/", **extra)


def test_valid_certificate_page_shows_who_what_and_valid(client, certificate):
    response = verify(client, certificate.code)
    assert response.status_code == 200
    body = response.content.decode()
    assert certificate.recipient_name in body
    assert certificate.organisation_name in body
    assert "Chat for Impact" in body
    assert "Valid" in body and "REVOKED" not in body
    assert certificate.user.email not in body
    assert reverse("certificates:badge_assertion", args=[certificate.code]) in body


def test_revoked_certificate_page_says_revoked_with_date_not_the_internal_reason(
        client, certificate):
    services.revoke(certificate=certificate, by=organiser(), reason="Duplicate enrolment")
    body = verify(client, certificate.code).content.decode()
    assert "REVOKED" in body
    # The organiser's reason is an internal note: the public page never prints it.
    assert "Duplicate enrolment" not in body
    certificate.refresh_from_db()
    assert f"revoked on {certificate.revoked_at.astimezone(certificate.bootcamp.tz):%-d %B %Y}" \
        in body


def test_code_matched_ignoring_case_spaces_and_dashes(client, certificate):
    typed = certificate.code.lower().replace("-", " ")
    response = verify(client, typed.replace(" ", ""))
    assert response.status_code == 302
    assert response["Location"] == f"/certificates/verify/{certificate.code}/"
    lookup = client.get("/certificates/verify/", {"code": typed})
    assert lookup["Location"] == f"/certificates/verify/{certificate.code}/"


def _without_csrf(body: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


def test_unknown_codes_give_the_same_404(client, db):
    first = verify(client, "ABCD-EFGH-JKMN-PQRS")
    second = verify(client, "not-even-a-code")
    assert first.status_code == second.status_code == 404
    # The CSRF token of the page's language form is masked differently on every render.
    assert _without_csrf(first.content.decode()) == _without_csrf(second.content.decode())
    assert "ABCD" not in first.content.decode()


def test_unknown_code_gives_the_form_again_with_a_message(client, db):
    body = verify(client, "ABCD-EFGH-JKMN-PQRS").content.decode()
    assert "No certificate has this code" in body
    assert 'name="code"' in body and 'aria-invalid="true"' in body


def test_verification_is_rate_limited_per_ip(client, certificate, settings):
    settings.CERTIFICATES_VERIFY_PER_MINUTE = 3
    for _ in range(3):
        assert verify(client, "ABCD-EFGH-JKMN-PQRS").status_code == 404
    assert verify(client, certificate.code).status_code == 429
    assert verify(client, certificate.code, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_verify_page_needs_no_sign_in(client, certificate):
    assert verify(client, certificate.code).status_code == 200


def test_unknown_code_page_sets_the_csrf_cookie_for_its_language_form(client, db):
    response = verify(client, "ABCD-EFGH-JKMN-PQRS")
    assert "csrftoken" in response.cookies


def test_organisation_certificate_verifies(client, bootcamp, rule, facts, team):
    enrollment, _users = team
    certificate = services.issue_organisation_certificate(
        bootcamp=bootcamp, organisation=enrollment.organisation, issued_by=organiser(),
        override_reason="Partner organisation", render=False)
    body = verify(client, certificate.code).content.decode()
    assert enrollment.organisation.name in body and "Valid" in body


def test_lookup_form_is_public(client, db):
    response = client.get("/certificates/verify/")
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()
    assert "No certificate has this code" not in response.content.decode()
