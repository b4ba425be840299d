"""A certified participant on a phone: from "/" to the certificate and its public
verification page; a mistyped code gives the form back with a message."""

import pytest

from tests.e2e.journeys import click, sign_in_from_home

pytestmark = pytest.mark.e2e


def test_certified_reaches_certificate_and_verification(django_db_serialized_rollback, page,
                                                        demo):
    sign_in_from_home(page, "certified@example.org")
    assert page.url.endswith("/dashboard/"), page.url
    card = page.locator(".certificate-card")
    assert "Issued on" in card.inner_text() and "Issued Issued" not in card.inner_text()
    assert card.get_by_role("link", name="Download certificate (PDF)").is_visible()
    click(page, "link", "Verification page", within=card)
    assert "Valid" in page.locator(".certificate-status").inner_text()
    assert "Lakshmi Certified" in page.content()

    click(page, "link", "Check another code")
    page.get_by_label("Verification code").fill("ABCD-EFGH-JKMN-PQRS")
    click(page, "button", "Verify", exact=True)
    assert "No certificate has this code" in page.content()
    assert page.get_by_label("Verification code").is_visible()
