"""Upload → preview (nothing written) → confirm (one transaction), through the trainer's views."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from attendance.models import AttendanceImport, AttendanceRecord, ParticipantAlias, Source
from tests.attendance.factories import upload, zoom_report


@pytest.fixture
def trainer_client(client, setup):
    client.force_login(setup.trainer)
    return client


def people_for(setup):
    priya, ravi = setup.team
    return [
        (priya.get_full_name(), priya.email.upper(), 0, 120),     # present
        (ravi.get_full_name(), ravi.email, 30, 120),              # late, 90 min ≥ 90: late
        ("Stranger", "stranger@example.org", 0, 120),             # not on the roster
        ("Phone guest", "", 0, 40),                               # guest without email
    ]


def post_report(client, setup, content, **kwargs):
    return client.post(reverse("attendance:import", args=[setup.session.pk]),
                       {"report": upload(content, **kwargs)})


def test_preview_shows_matches_unmatched_and_writes_nothing(trainer_client, setup):
    response = post_report(trainer_client, setup, zoom_report(setup, people_for(setup)))
    report_import = AttendanceImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("attendance:import_preview", args=[report_import.pk])
    page = trainer_client.get(response.url)
    preview = page.context["preview"]
    assert [(r.user, r.minutes, r.status) for r in preview.matched] == sorted(
        [(setup.team[0], 120, "present"), (setup.team[1], 90, "late")],
        key=lambda r: r[0].email)
    assert {r.identifier for r in preview.unmatched} == {"stranger@example.org", "phone guest"}
    assert AttendanceRecord.objects.count() == 0
    assert report_import.state == AttendanceImport.State.PREVIEWED


def test_confirm_writes_matched_rows_and_never_creates_users(trainer_client, setup):
    users_before = get_user_model().objects.count()
    post_report(trainer_client, setup, zoom_report(setup, people_for(setup)))
    report_import = AttendanceImport.objects.get()
    response = trainer_client.post(reverse("attendance:import_preview", args=[report_import.pk]))
    assert response.status_code == 302
    records = {r.user_id: r for r in AttendanceRecord.objects.all()}
    assert set(records) == {setup.team[0].pk, setup.team[1].pk}
    assert records[setup.team[0].pk].minutes == 120
    assert records[setup.team[1].pk].status == "late"
    assert all(r.source == Source.IMPORT for r in records.values())
    assert get_user_model().objects.count() == users_before
    report_import.refresh_from_db()
    assert report_import.state == AttendanceImport.State.APPLIED


def test_reimporting_the_same_file_changes_nothing(trainer_client, setup):
    content = zoom_report(setup, people_for(setup))
    post_report(trainer_client, setup, content)
    first = AttendanceImport.objects.get()
    trainer_client.post(reverse("attendance:import_preview", args=[first.pk]))
    snapshot = list(AttendanceRecord.objects.values_list("user_id", "status", "minutes",
                                                         "changed_at"))
    post_report(trainer_client, setup, content)
    second = AttendanceImport.objects.exclude(pk=first.pk).get()
    page = trainer_client.get(reverse("attendance:import_preview", args=[second.pk]))
    assert page.context["already"] == first
    trainer_client.post(reverse("attendance:import_preview", args=[second.pk]))
    assert list(AttendanceRecord.objects.values_list("user_id", "status", "minutes",
                                                     "changed_at")) == snapshot
    second.refresh_from_db()
    assert second.state == AttendanceImport.State.PREVIEWED


def test_confirm_twice_is_refused(trainer_client, setup):
    post_report(trainer_client, setup, zoom_report(setup, people_for(setup)))
    report_import = AttendanceImport.objects.get()
    url = reverse("attendance:import_preview", args=[report_import.pk])
    trainer_client.post(url)
    changes = AttendanceRecord.objects.get(user=setup.team[0]).changes.count()
    trainer_client.post(url)
    assert AttendanceRecord.objects.get(user=setup.team[0]).changes.count() == changes


def test_alias_from_the_preview_matches_a_personal_email(trainer_client, setup):
    other = setup.other_team[0]
    content = zoom_report(setup, [("Fatima", "fatima.personal@gmail.com", 0, 120)])
    post_report(trainer_client, setup, content)
    report_import = AttendanceImport.objects.get()
    trainer_client.post(reverse("attendance:import_alias", args=[report_import.pk]),
                        {"identifier": "Fatima.Personal@gmail.com", "user": other.pk})
    assert ParticipantAlias.objects.get().identifier == "fatima.personal@gmail.com"
    preview = trainer_client.get(
        reverse("attendance:import_preview", args=[report_import.pk])).context["preview"]
    assert [(r.user, r.matched_by) for r in preview.matched] == [(other, "alias")]


def test_alias_for_someone_not_on_the_roster_is_refused(trainer_client, setup):
    from tests.factories import participant

    post_report(trainer_client, setup, zoom_report(setup, [("X", "x@gmail.com", 0, 120)]))
    report_import = AttendanceImport.objects.get()
    trainer_client.post(reverse("attendance:import_alias", args=[report_import.pk]),
                        {"identifier": "x@gmail.com", "user": participant().pk})
    assert not ParticipantAlias.objects.exists()


def test_report_for_a_different_date_is_refused_with_a_message(trainer_client, setup):
    content = zoom_report(setup, people_for(setup),
                          meeting_start=setup.session.starts_at + timedelta(days=1))
    response = post_report(trainer_client, setup, content)
    assert response.status_code == 400
    assert "but the session is on" in response.content.decode()
    assert not AttendanceImport.objects.exists()


def test_pdf_upload_is_refused_with_a_message(trainer_client, setup):
    response = post_report(trainer_client, setup, b"%PDF-1.4 binary", name="report.pdf")
    assert response.status_code == 400
    assert "This is a PDF" in response.content.decode()


def test_empty_upload_is_refused(trainer_client, setup):
    response = post_report(trainer_client, setup, b"")
    assert response.status_code == 400
    assert not AttendanceImport.objects.exists()


def test_size_cap(trainer_client, setup, settings):
    settings.ATTENDANCE_IMPORT_MAX_BYTES = 100
    response = post_report(trainer_client, setup, zoom_report(setup, people_for(setup)))
    assert response.status_code == 400
    assert "larger than" in response.content.decode()


def test_stored_report_gets_a_random_name_in_private_storage(trainer_client, setup):
    post_report(trainer_client, setup, zoom_report(setup, people_for(setup)), name="Day 1.csv")
    report_import = AttendanceImport.objects.get()
    assert report_import.original_name == "Day 1.csv"
    assert "Day 1" not in report_import.file.name
    assert report_import.file.storage.exists(report_import.file.name)


def test_participant_cannot_import_or_see_a_preview(client, setup):
    client.force_login(setup.trainer)
    post_report(client, setup, zoom_report(setup, people_for(setup)))
    report_import = AttendanceImport.objects.get()
    client.force_login(setup.team[0])
    assert post_report(client, setup, "x").status_code == 403
    assert client.get(reverse("attendance:import_preview",
                              args=[report_import.pk])).status_code == 403
    assert client.post(reverse("attendance:import_preview",
                               args=[report_import.pk])).status_code == 403
    assert not AttendanceRecord.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, setup):
    response = client.get(reverse("attendance:import", args=[setup.session.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url
