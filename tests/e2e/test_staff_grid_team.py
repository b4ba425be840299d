"""Staff pages at 390 px (#2, #20, #24): the attendance grid (search, sticky save, Mark all
present through its confirmation), the lead's Make lead confirmation, and the userbar kept
off the staff tools and clear of a module page's actions."""

import pytest

from attendance.models import AttendanceRecord
from courses.models import BootcampPage, LiveSessionPage, ModulePage
from organisations.models import Membership
from tests.e2e.journeys import assert_actions_in_viewport, click, sign_in_from_home

pytestmark = pytest.mark.e2e


def test_grid_search_sticky_save_and_mark_all_present(django_db_serialized_rollback, page,
                                                       demo):
    bootcamp = BootcampPage.objects.originals().get(slug="chat-for-impact")
    session = LiveSessionPage.objects.live().descendant_of(bootcamp).order_by("starts_at").last()
    sign_in_from_home(page, "trainer@example.org")
    page.goto(f"/sessions/{session.pk}/attendance/")
    assert_actions_in_viewport(page)
    # The save button is in reach at the bottom of the screen, however long the page.
    assert page.locator(".grid-save").evaluate("e => getComputedStyle(e).position") == "sticky"
    assert page.get_by_role("button", name="Save attendance").is_visible()
    assert "wagtail-userbar" not in page.content()

    organisation = Membership.objects.active().get(user__email="lead@example.org").organisation
    page.get_by_label("Name, email or organisation").fill(organisation.name)
    click(page, "button", "Search")
    rows = page.locator(".attendance-marking tbody tr")
    assert rows.count() == Membership.objects.active().filter(
        organisation=organisation).count()

    unrecorded = AttendanceRecord.objects.filter(session=session).count()
    click(page, "link", "Mark those found present…")
    assert "What happens" in page.content()
    assert AttendanceRecord.objects.filter(session=session).count() == unrecorded
    confirm = page.get_by_role("button", name="Yes, mark")
    if confirm.count():
        click(page, "button", "Yes, mark")
        assert "marked present" in page.locator(".messages").inner_text()
        assert organisation.name in page.get_by_label(
            "Name, email or organisation").input_value()


def test_lead_hands_over_the_lead_after_a_confirmation(django_db_serialized_rollback, page,
                                                       demo):
    sign_in_from_home(page, "lead@example.org")
    click(page, "link", "My organisations", exact=True)
    organisation = Membership.objects.active().get(user__email="lead@example.org").organisation
    click(page, "link", organisation.name)
    row = page.get_by_role("row", name="Arjun Participant")
    click(page, "link", "Make lead… Arjun Participant", within=row)
    assert page.get_by_role("heading", name="Make Arjun Participant the lead?").is_visible()
    assert Membership.objects.active().get(user__email="lead@example.org").is_lead
    click(page, "button", "Yes, make Arjun Participant the lead")
    assert "Arjun Participant now leads the team." in page.content()
    assert Membership.objects.active().get(user__email="participant@example.org").is_lead


def test_userbar_sits_clear_of_a_module_pages_actions(django_db_serialized_rollback, page, demo):
    bootcamp = BootcampPage.objects.originals().get(slug="chat-for-impact")
    module = ModulePage.objects.live().descendant_of(bootcamp).first()
    sign_in_from_home(page, "trainer@example.org")
    page.goto(module.url)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    trigger = page.locator("#wagtail-userbar-trigger")
    trigger.wait_for()
    bar = trigger.bounding_box()
    boxes = page.evaluate("""() => [...document.querySelectorAll(
        'main a[href], main button, main input, main select, footer a, footer button,'
        + ' footer select')]
        .map((e) => e.getBoundingClientRect()).filter((b) => b.width && b.height)
        .map((b) => [b.left, b.top, b.right, b.bottom])""")
    right, bottom = bar["x"] + bar["width"], bar["y"] + bar["height"]
    overlapping = [b for b in boxes
                   if not (b[2] <= bar["x"] or b[0] >= right or b[3] <= bar["y"] or b[1] >= bottom)]
    assert overlapping == [], (bar, overlapping)
