import io
import zipfile

from django.urls import reverse

from assignments import services
from assignments.models import ZipExport
from tests.assignments.factories import upload


def test_download_all_zip_has_latest_files_of_every_submission(client, assignment, team,
                                                               other_team, bootcamp_trainer,
                                                               django_capture_on_commit_callbacks):
    services.submit(assignment=assignment, user=team[1][1], text="A",
                    uploads=[upload("a.pdf")])
    services.submit(assignment=assignment, user=other_team[1][1], text="B",
                    uploads=[upload("b.pdf")])
    services.save_draft(assignment=assignment, user=team[1][2], text="draft only",
                        uploads=[upload("draft.pdf")])
    client.force_login(bootcamp_trainer)
    url = reverse("assignments:download_all", args=[assignment.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    export = ZipExport.objects.get()
    assert export.status == "ready" and export.file_count == 2
    response = client.get(reverse("assignments:download_export", args=[export.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert any(name.endswith("a.pdf") for name in names)
    assert any(name.endswith("b.pdf") for name in names)
    assert not any("draft" in name for name in names)
    assert all(".." not in name and not name.startswith("/") for name in names)


def test_download_all_is_404_for_trainer_of_another_bootcamp(client, assignment):
    from tests.courses.factories import build_bootcamp
    from tests.factories import trainer

    stranger = trainer()
    other = build_bootcamp(title="Other", slug="other", modules_per_stage=0)
    other.trainers.add(stranger)
    other.save()
    client.force_login(stranger)
    assert client.post(reverse("assignments:download_all",
                               args=[assignment.pk])).status_code == 404
    assert not ZipExport.objects.exists()


def test_someone_elses_export_is_404(client, assignment, bootcamp_trainer, an_organiser,
                                     django_capture_on_commit_callbacks):
    client.force_login(an_organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("assignments:download_all", args=[assignment.pk]))
    export = ZipExport.objects.get()
    client.force_login(bootcamp_trainer)
    assert client.get(reverse("assignments:download_export",
                              args=[export.pk])).status_code == 404
