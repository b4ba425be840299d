"""Browser test: the demo organiser opens the WhatsApp sandbox from the admin's menu on a
phone-sized screen and takes the demo participant's first module part by chat."""

import tempfile
from pathlib import Path

import pytest

from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = Path(tempfile.gettempdir())


def test_organiser_plays_the_demo_participants_phone(page, demo, settings):
    settings.WHATSAPP_SANDBOX = True  # the live server runs with DEBUG off
    settings.WHATSAPP_MESSAGES_PER_SECOND = 1000
    sign_in(page, "organiser@example.org")
    page.goto("/cms/")
    toggle = page.get_by_role("button", name="Toggle sidebar")
    if toggle.is_visible() and not page.get_by_role("link", name="WhatsApp sandbox").is_visible():
        toggle.click()
    page.get_by_role("link", name="WhatsApp sandbox").click()
    page.wait_for_load_state()
    assert "+919800000001" in page.get_by_label("Participant's number").inner_text()

    page.get_by_label("Message").fill("MENU")
    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_load_state()
    bubbles = page.locator(".wa-bubble")
    assert bubbles.nth(0).inner_text().startswith("MENU")
    assert "Your next module:" in bubbles.nth(1).inner_text()

    page.get_by_label("Message").fill("NEXT")
    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_load_state()
    assert "(part 1 of" in page.locator(".wa-bubble.wa-out").last.inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width  # no sideways scrolling on a phone
    page.screenshot(path=SHOTS / "whatsapp-sandbox.png", full_page=True)

    page.get_by_role("link", name="Chat activity in the delivery log").click()
    page.wait_for_load_state()
    received = page.locator("tr", has=page.locator("td", has_text="Received"))
    assert received.filter(has_text="NEXT").first.is_visible()
    assert received.filter(has_text="MENU").first.is_visible()
