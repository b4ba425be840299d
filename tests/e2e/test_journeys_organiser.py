"""The demo organiser on a phone: from "/" to the dashboards, the bootcamp's dashboard
(sorted with its "Sort by" form), an at-risk organisation, one participant's drill-down, and
that organisation's participants exported as CSV (the download captured and read). Every
step checks the whole page: no action off-screen at 390 px."""

from pathlib import Path

import pytest

from courses.models import RosterMember
from tests.e2e.journeys import click, sign_in_from_home

pytestmark = pytest.mark.e2e


def test_organiser_drills_down_to_an_at_risk_organisation_and_exports(
        django_db_serialized_rollback, page, demo):
    sign_in_from_home(page, "organiser@example.org")
    # The organiser's starting page is the list of bootcamp dashboards.
    assert page.url.endswith("/cms/dashboards/"), page.url
    click(page, "link", "Chat for Impact", exact=True)
    assert page.locator(".dashboard-funnel__chart").is_visible()
    name_cell = page.locator(".dashboard-table .dashboard-name").first.bounding_box()
    assert name_cell and name_cell["x"] + name_cell["width"] <= 390

    # The header's sort links are labels on a phone; the "Sort by" form above the table
    # sorts by any column (here: the most at-risk organisations first).
    page.get_by_label("Sort by").select_option(label="At risk")
    page.get_by_label("Direction").select_option(label="Descending")
    click(page, "button", "Sort", exact=True)
    assert "sort=risk" in page.url and "direction=desc" in page.url
    assert "dashboard-at-risk" in (page.locator(".dashboard-table tbody tr").first
                                   .get_attribute("class") or "")

    click(page, "link", "No activity in 14 days: 1")
    assert page.locator(".dashboard-table .title a").all_inner_texts() == ["Pahadi Yuva Manch"]
    flags = page.locator("td.dashboard-flags").inner_text()
    assert "did nothing in the last 14 days" in flags

    click(page, "link", "Pahadi Yuva Manch")
    assert page.get_by_role("heading", name="Pahadi Yuva Manch").is_visible()
    assert "did nothing in the last 14 days" in page.locator(".dashboard-summary").inner_text()
    participants = page.locator(".dashboard-participant h3 a")
    shown = participants.count()
    person = participants.first.inner_text()
    click(page, "link", person, exact=True)
    assert page.get_by_role("heading", name=person).is_visible()
    assert page.get_by_role("heading", name="Modules").is_visible()

    click(page, "link", "Back to Pahadi Yuva Manch")
    export = page.locator(".dashboard-exports span", has_text="Participants")
    with page.expect_download() as download:
        export.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename == (
        "chat-for-impact-pahadi-yuva-manch-participants.csv")
    header, *rows = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert header.startswith("organisation,participant,email")
    assert len(rows) == shown and all(row.startswith("Pahadi Yuva Manch,") for row in rows)
    emails = set(RosterMember.objects.active().filter(
        enrollment__organisation__name="Pahadi Yuva Manch",
        enrollment__bootcamp__slug="chat-for-impact").values_list("user__email", flat=True))
    assert {row.split(",")[2] for row in rows} == emails
    assert any(person in row for row in rows)
