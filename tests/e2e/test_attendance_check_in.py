"""Browser test: the demo trainer shows a session's check-in code, the demo participant
checks in with it on a phone, and the trainer's grid shows the check-in."""

import os
from datetime import timedelta
from pathlib import Path

import pytest

from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _sign_out(page):
    page.goto("/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def _screenshot(page, tmp_path, name):
    # SCREENSHOT_DIR keeps them for a person to look at; otherwise they go to tmp_path.
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_trainer_shows_code_participant_checks_in_grid_shows_it(page, demo, tmp_path):
    from django.utils import timezone

    from attendance.models import AttendanceRecord
    from courses.models import BootcampPage, LiveSessionPage, StagePage

    bootcamp = BootcampPage.objects.originals().filter(slug="chat-for-impact").first()
    if bootcamp is None:
        pytest.skip("the demo has no bootcamp yet (courses demo)")
    now = timezone.now()
    session = (LiveSessionPage.objects.live().descendant_of(bootcamp)
               .filter(starts_at__lte=now + timedelta(minutes=15),
                       ends_at__gte=now - timedelta(minutes=30)).first())
    if session is None:  # the demo's sessions are ahead: add one that is on now
        stage = StagePage.objects.child_of(bootcamp).filter(kind=StagePage.Kind.LIVE_DAY).first()
        session = stage.add_child(instance=LiveSessionPage(
            title="Drop-in clinic", slug=f"drop-in-{now:%H%M%S}",
            starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(minutes=55)))

    sign_in(page, "trainer@example.org")
    page.goto(f"/sessions/{session.pk}/attendance/")
    page.get_by_role("link", name="Show check-in code").click()
    page.wait_for_load_state()
    make = page.get_by_role("button", name="Make the check-in code")
    if make.count():  # the code page's GET creates nothing: the first code is a POST
        make.click()
        page.wait_for_load_state()
    code = page.locator(".check-in-code").inner_text().strip()
    assert len(code) == 6
    assert page.locator(".check-in-qr svg").count() == 1
    _screenshot(page, tmp_path, "attendance-code")
    _sign_out(page)

    sign_in(page, "participant@example.org")
    page.goto("/dashboard/")
    page.locator(f'a[href="/sessions/{session.pk}/check-in"]').click()
    page.wait_for_load_state()
    page.get_by_label("Check-in code").fill(code.lower())
    _screenshot(page, tmp_path, "attendance-check-in")
    page.get_by_role("button", name="Check in").click()
    page.wait_for_load_state()
    assert "You are checked in" in page.content()
    _sign_out(page)

    record = AttendanceRecord.objects.get(session=session, user__email="participant@example.org")
    assert record.source == "check_in"

    sign_in(page, "trainer@example.org")
    page.goto(f"/sessions/{session.pk}/attendance/")
    row = page.locator("tr", has_text="participant@example.org")
    assert "Present" in row.inner_text() or "Late" in row.inner_text()
    assert "Self check-in" in row.inner_text()
    _screenshot(page, tmp_path, "attendance-grid")
