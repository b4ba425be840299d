"""A new user signs up and applies; an organiser selects in /cms/; the colleague accepts."""

import os
import re
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from courses.models import BootcampPage
from tests.courses.factories import build_bootcamp
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e
# Where the phone-sized screenshot of the form goes (look at it when changing the form).
SCREENSHOTS = Path(
    os.environ.get("SCREENSHOT_DIR", Path(tempfile.gettempdir()) / "lms-screenshots"))


def open_bootcamp():
    bootcamp = BootcampPage.objects.originals().filter(slug="chat-for-impact").first()
    if bootcamp is None:  # courses' demo not there yet: the same bootcamp from the factories
        bootcamp = build_bootcamp(slug="chat-for-impact", modules_per_stage=1)
    now = timezone.now()
    BootcampPage.objects.filter(pk=bootcamp.pk).update(
        registration_opens_at=now - timedelta(days=1),
        registration_closes_at=now + timedelta(days=3), capacity=200)
    return bootcamp


def last_link(to: str, pattern: str) -> str:
    for message in reversed(mail.outbox):
        if to in message.to:
            found = re.search(pattern, message.body)
            if found:
                return found.group(0)
    raise AssertionError(f"no email to {to} with {pattern}")


def sign_up(page, email: str, first_name: str, signup_path: str = "/accounts/signup/") -> None:
    page.goto(signup_path)
    page.locator("#id_email").fill(email)
    page.locator("#id_first_name").fill(first_name)
    page.locator("#id_password1").fill("a-long-passphrase-42")
    page.locator("#id_password2").fill("a-long-passphrase-42")
    page.locator("#id_password2").press("Enter")
    page.wait_for_load_state()
    link = last_link(email, r"https?://\S+/accounts/confirm-email/\S+")
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()


def sign_out(page) -> None:
    page.goto("/organisations/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    if page.get_by_role("button", name="Sign Out").count():
        page.get_by_role("button", name="Sign Out").click()
        page.wait_for_load_state()


def test_apply_select_and_colleague_joins(django_db_serialized_rollback, page, demo):
    # serialized_rollback: an earlier transactional test's flush removed the migrations' data
    # (role groups, the home page); this restores it before the demo loads.
    bootcamp = open_bootcamp()
    mail.outbox = []

    sign_up(page, "founder@example.net", "Anita")
    page.goto(f"/bootcamps/{bootcamp.slug}/apply/")
    assert "Time left" in page.locator("#deadline").inner_text()
    page.get_by_label("Organisation name").fill("Asha Kiran Foundation")
    page.get_by_label("Registration number").fill("TN/2018/0246810")
    page.get_by_label("City").fill("Chennai")
    page.get_by_label("State").select_option("Tamil Nadu")
    page.get_by_label("Health").check()
    page.get_by_label("How do you already use WhatsApp or helplines?").fill("Two helplines.")
    page.get_by_label("What do you want to build?").fill("A WhatsApp triage bot.")
    page.get_by_label("Colleague 1: name").fill("Ravi Kumar")
    page.get_by_label("Colleague 1: email").fill("ravi@example.net")
    page.get_by_label("I agree").check()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "organisations_apply_phone.png"), full_page=True)
    page.get_by_role("button", name="Submit application").click()
    page.wait_for_load_state()
    assert "received on" in page.locator("#receipt").inner_text()
    sign_out(page)

    sign_in(page, "organiser@example.org")
    page.goto("/cms/applications/")
    page.get_by_role("link", name=bootcamp.title, exact=True).first.click()
    page.screenshot(path=str(SCREENSHOTS / "organisations_review_listing.png"), full_page=True)
    page.get_by_role("link", name="Asha Kiran Foundation").click()
    page.get_by_role("button", name="Shortlist", exact=True).click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Select", exact=True).click()
    page.wait_for_load_state()
    assert "Selected" in page.content()
    page.screenshot(path=str(SCREENSHOTS / "organisations_review_detail.png"), full_page=True)
    sign_out(page)

    invitation = re.sub(r"^https?://[^/]+", "",
                        last_link("ravi@example.net", r"https?://\S+/invitations/\S+/"))
    page.goto(invitation)
    page.get_by_role("link", name="Create an account").click()
    sign_up(page, "ravi@example.net", "Ravi", signup_path=page.url)
    # allauth carries ?next= through signup and email confirmation back to the invitation.
    assert page.url.endswith(invitation)
    page.get_by_role("button", name="Accept the invitation").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Asha Kiran Foundation").is_visible()
    assert page.get_by_role("link", name=bootcamp.title, exact=True).is_visible()
    assert "Taking part" in page.content()
