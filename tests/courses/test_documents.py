"""Lesson resources (Wagtail documents) follow the access rule of the content that uses them."""

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from content.models import HomePage
from courses.documents import document_access
from tests.factories import organiser, participant, trainer

pytestmark = pytest.mark.django_db

BODY = b"Helpline escalation SOP: call the district officer first."


def make_document(title="Escalation SOP", name="escalation-sop.pdf"):
    return get_document_model().objects.create(
        title=title, file=ContentFile(BODY, name=name))


def attach(page, document):
    page.body = [("resource", {"document": document, "title": "", "description": ""})]
    page.save_revision().publish()


@pytest.fixture
def resource(module):
    document = make_document()
    attach(module, document)
    return document


def download(client, document):
    return client.get(document.url)


def test_document_files_are_kept_out_of_the_public_media_folder(resource):
    assert not str(resource.file.path).startswith(str(settings.MEDIA_ROOT))


def test_anonymous_visitor_is_sent_to_sign_in(client, resource):
    response = download(client, resource)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_other_organisation_gets_not_found(client, resource, outsider):
    client.force_login(outsider)
    response = download(client, resource)
    assert response.status_code == 404
    assert BODY not in response.content


def test_signed_in_participant_of_no_bootcamp_gets_not_found(client, resource):
    client.force_login(participant())
    assert download(client, resource).status_code == 404


def test_enrolled_participant_downloads_it_as_a_private_attachment(client, resource, member):
    client.force_login(member)
    response = download(client, resource)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == BODY
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_removed_participant_loses_the_download(client, resource, team, member):
    from courses.services import remove_from_roster

    remove_from_roster(enrollment=team[0], user=member)
    client.force_login(member)
    assert download(client, resource).status_code == 404


def test_bootcamp_trainer_and_organiser_download_it(client, bootcamp, resource):
    user = trainer()
    bootcamp.trainers.add(user)
    bootcamp.save_revision().publish()
    client.force_login(user)
    assert download(client, resource).status_code == 200
    client.force_login(organiser())
    assert download(client, resource).status_code == 200


def test_document_used_in_two_bootcamps_opens_for_either(client, resource, outsider):
    from courses.models import BootcampPage, ModulePage

    other = BootcampPage.objects.get(slug="other-bootcamp")
    attach(ModulePage.objects.descendant_of(other).first(), resource)
    client.force_login(outsider)
    assert download(client, resource).status_code == 200


def test_document_on_a_public_page_is_public(client):
    document = make_document(title="Brochure", name="brochure.pdf")
    home = HomePage.objects.get()
    home.body = [("document", {"document": document, "title": ""})]
    home.save_revision().publish()
    response = download(client, document)
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_bootcamp_overview_is_public_but_its_modules_are_not(client, bootcamp, resource):
    overview_document = make_document(title="Programme", name="programme.pdf")
    bootcamp.overview = [("document", {"document": overview_document, "title": ""})]
    bootcamp.save_revision().publish()
    assert document_access(overview_document).public
    assert download(client, overview_document).status_code == 200
    assert download(client, resource).status_code == 302


def test_document_used_nowhere_is_only_for_people_managing_documents(client, bootcamp):
    document = make_document(title="Not yet used", name="draft.pdf")
    assert download(client, document).status_code == 302
    client.force_login(participant())
    assert download(client, document).status_code == 404
    client.force_login(organiser())  # organisers manage every collection in the admin
    assert download(client, document).status_code == 200
    # Trainers manage documents only in their bootcamps' collections, not the root.
    client.force_login(trainer())
    assert download(client, document).status_code == 404
    user = trainer()
    bootcamp.trainers.add(user)
    bootcamp.save_revision().publish()
    bootcamp.refresh_from_db()
    document.collection = bootcamp.documents_collection
    document.save()
    client.force_login(user)
    assert download(client, document).status_code == 200


def test_document_in_a_draft_module_stays_restricted(client, module):
    document = make_document(title="Draft resource", name="draft-resource.pdf")
    module.body = [("resource", {"document": document, "title": "", "description": ""})]
    module.save()  # e.g. a module not published yet
    access = document_access(document)
    assert access.restricted
    assert [bootcamp.pk for bootcamp in access.bootcamps] == [module.get_bootcamp().pk]


def test_module_page_links_the_resource(client, module, resource, member):
    client.force_login(member)
    html = client.get(module.url).content.decode()
    assert resource.url in html
