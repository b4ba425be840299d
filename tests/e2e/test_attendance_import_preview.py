"""The trainer imports a Zoom report at 390 px (#4): from the attendance grid, through the
upload page, to the preview — matched people, unmatched ones with their "Match to" form, the
confirmation — with every action in the viewport, and the import confirmed by clicking."""

from types import SimpleNamespace

import pytest

from attendance.models import AttendanceImport, AttendanceRecord, Source
from courses.models import LiveSessionPage, RosterMember
from tests.attendance.factories import zoom_report
from tests.e2e.journeys import assert_actions_in_viewport, click, sign_in_from_home

pytestmark = pytest.mark.e2e


def test_import_preview_keeps_its_actions_on_screen(django_db_serialized_rollback, page,
                                                    demo, tmp_path):
    # The running demo bootcamp (its page, not a translation's copy): the participant's.
    bootcamp = RosterMember.objects.active().select_related("bootcamp").get(
        user__email="participant@example.org").bootcamp
    session = LiveSessionPage.objects.live().descendant_of(bootcamp).order_by("starts_at").last()
    people = [entry.user for entry in RosterMember.objects.active().filter(
        bootcamp=bootcamp).select_related("user").order_by("user__email")[:2]]
    report = tmp_path / "zoom-participants.csv"
    report.write_text(zoom_report(SimpleNamespace(session=session), [
        (people[0].get_full_name(), people[0].email, 0, 120),
        (people[1].get_full_name(), people[1].email, 30, 120),
        # Long values, as real reports have them: they must wrap, not widen the page.
        ("Dr. Venkataraghavan Subramanyam Ramaswamy Iyer (Guest of the Panchayat)",
         "venkataraghavan.subramanyam.ramaswamy@very-long-ngo-domain.example.org", 0, 110),
        ("Phone guest", "", 0, 40),
    ]), encoding="utf-8")

    sign_in_from_home(page, "trainer@example.org")
    page.goto(f"/sessions/{session.pk}/attendance/")  # as tests/e2e/test_staff_grid_team.py
    assert_actions_in_viewport(page)
    click(page, "link", "Import Zoom / Meet report")
    page.get_by_label("Participants report (CSV)").set_input_files(str(report))
    click(page, "button", "Preview")

    assert page.get_by_role("heading", name="2 participants matched").is_visible()
    assert page.get_by_role("heading", name="2 people not matched").is_visible()
    assert "venkataraghavan.subramanyam" in page.content()
    assert AttendanceRecord.objects.filter(session=session, source=Source.IMPORT).count() == 0
    confirm = page.get_by_role("button", name="Confirm import")
    box = confirm.bounding_box()
    assert box and box["x"] + box["width"] <= 390

    click(page, "button", "Confirm import")
    assert "Report imported" in page.content()
    assert AttendanceImport.objects.get(session=session).state == AttendanceImport.State.APPLIED
    assert set(AttendanceRecord.objects.filter(session=session, source=Source.IMPORT)
               .values_list("user__email", flat=True)) == {person.email for person in people}
