import hashlib
from datetime import datetime

from certificates import services
from tests.factories import organiser

CONTEXT = "https://w3id.org/openbadges/v2"


def get_json(client, url):
    response = client.get(url)
    assert response["Content-Type"].startswith("application/ld+json")
    return response, response.json()


def test_hosted_assertion_has_the_open_badges_2_shape(client, certificate, settings):
    url = f"/certificates/badges/assertions/{certificate.code}.json"
    response, assertion = get_json(client, url)
    assert response.status_code == 200
    assert assertion["@context"] == CONTEXT
    assert assertion["type"] == "Assertion"
    assert assertion["id"] == settings.BASE_URL + url
    assert assertion["verification"] == {"type": "hosted"}
    assert datetime.fromisoformat(assertion["issuedOn"]) == certificate.issued_at
    assert assertion["badge"].startswith(settings.BASE_URL + "/certificates/badges/")
    assert "revoked" not in assertion


def test_recipient_is_a_salted_hash_of_the_email(client, certificate):
    _, assertion = get_json(client, f"/certificates/badges/assertions/{certificate.code}.json")
    recipient = assertion["recipient"]
    assert recipient["type"] == "email" and recipient["hashed"] is True
    expected = hashlib.sha256((certificate.user.email + recipient["salt"]).encode()).hexdigest()
    assert recipient["identity"] == f"sha256${expected}"
    assert certificate.user.email not in str(assertion)


def test_badge_class_and_issuer_documents(client, certificate, settings):
    _, assertion = get_json(client, f"/certificates/badges/assertions/{certificate.code}.json")
    badge_path = assertion["badge"].removeprefix(settings.BASE_URL)
    _, badge = get_json(client, badge_path)
    assert badge["@context"] == CONTEXT and badge["type"] == "BadgeClass"
    assert badge["id"] == assertion["badge"]
    assert badge["name"] == "Chat for Impact"
    assert badge["criteria"]["narrative"] and badge["image"].startswith(settings.BASE_URL)
    assert client.get(badge["image"].removeprefix(settings.BASE_URL))["Content-Type"] == (
        "image/svg+xml")
    _, issuer = get_json(client, badge["issuer"].removeprefix(settings.BASE_URL))
    assert issuer["@context"] == CONTEXT and issuer["type"] == "Issuer"
    assert issuer["id"] == badge["issuer"]
    assert issuer["name"] == "Chat for Impact" and issuer["url"].startswith("http")


def test_revoked_assertion_says_so(client, certificate):
    services.revoke(certificate=certificate, by=organiser(), reason="Issued in error")
    response, assertion = get_json(
        client, f"/certificates/badges/assertions/{certificate.code}.json")
    assert response.status_code == 410
    assert assertion["revoked"] is True
    assert assertion["revocationReason"] == "Revoked by the issuer."
    assert "Issued in error" not in response.content.decode()


def test_unknown_assertion_is_404(client, db):
    assert client.get("/certificates/badges/assertions/ABCD-EFGH-JKMN-PQRS.json").status_code \
        == 404
