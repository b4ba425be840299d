from django.urls import reverse

from certificates import services
from tests.factories import organiser, participant


def pdf_url(certificate):
    return reverse("certificates:pdf", args=[certificate.pk])


def test_participant_downloads_own_pdf(client, certificate):
    client.force_login(certificate.user)
    response = client.get(pdf_url(certificate))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_guessing_another_participants_pdf_url_is_404(client, certificate, team):
    _, (_owner, teammate, _third) = team
    client.force_login(teammate)
    assert client.get(pdf_url(certificate)).status_code == 404
    client.force_login(participant())
    assert client.get(pdf_url(certificate)).status_code == 404
    assert client.get(f"/certificates/{certificate.pk + 1}/certificate.pdf").status_code == 404


def test_anonymous_download_goes_to_sign_in(client, certificate):
    response = client.get(pdf_url(certificate))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_revoked_certificate_pdf_is_withdrawn(client, certificate):
    services.revoke(certificate=certificate, by=organiser(), reason="Withdrawn")
    client.force_login(certificate.user)
    assert client.get(pdf_url(certificate)).status_code == 404


def test_organiser_downloads_from_the_admin(client, certificate):
    client.force_login(organiser())
    response = client.get(reverse("certificates_admin:pdf", args=[certificate.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_pdf_rendered_on_demand_when_the_task_has_not_run(client, certificate):
    from django.core.files.storage import storages

    storages["private"].delete(certificate.pdf_name)
    client.force_login(certificate.user)
    response = client.get(pdf_url(certificate))
    assert b"".join(response.streaming_content).startswith(b"%PDF")
