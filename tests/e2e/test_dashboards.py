"""Browser test: the demo organiser opens the dashboard (phone viewport), filters by an
at-risk flag, opens an organisation and exports its participants as CSV."""

import tempfile
from pathlib import Path

import pytest

from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
# Screenshots to look at after a run: dashboards-*.png in the temp directory.
SHOTS = Path(tempfile.gettempdir())


def test_organiser_filters_by_flag_opens_an_organisation_and_exports(page, demo):
    sign_in(page, "organiser@example.org")
    page.goto("/cms/dashboards/")
    page.get_by_role("link", name="Chat for Impact", exact=True).click()
    page.wait_for_load_state()
    assert page.locator(".dashboard-funnel__chart").is_visible()
    page.screenshot(path=SHOTS / "dashboards-page.png", full_page=True)

    page.get_by_role("link", name="No activity in 14 days: 1").click()
    page.wait_for_load_state()
    names = page.locator(".dashboard-table .title a").all_inner_texts()
    assert names == ["Pahadi Yuva Manch"]
    assert "did nothing in the last 14 days" in page.locator("td.dashboard-flags").inner_text()

    page.get_by_role("link", name="Pahadi Yuva Manch").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Participants").is_visible()
    page.screenshot(path=SHOTS / "dashboards-organisation.png", full_page=True)

    export = page.locator(".dashboard-exports span", has_text="Participants")
    with page.expect_download() as download:
        export.get_by_role("link", name="CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    header, *rows = text.strip().splitlines()
    assert header.startswith("organisation,participant,email")
    assert rows and all(row.startswith("Pahadi Yuva Manch,") for row in rows)
    assert download.value.suggested_filename == "chat-for-impact-pahadi-yuva-manch-participants.csv"


def test_phone_width_shows_the_funnel_without_overflowing(page, demo):
    sign_in(page, "organiser@example.org")
    page.goto("/cms/dashboards/")
    page.get_by_role("link", name="Chat for Impact (pilot)").click()
    page.wait_for_load_state()
    chart = page.locator(".dashboard-funnel__chart").bounding_box()
    assert chart is not None and chart["width"] <= 390
    page.get_by_role("link", name="Absent on Day 1: 3").click()
    page.wait_for_load_state()
    assert "Bal Vikas Samiti" in page.locator(".dashboard-table .title a").all_inner_texts()
