"""Sign-in limits fit a room behind one address (a carrier's NAT, an NGO office), yet one
account being guessed is still stopped; the README's figures are the configured ones."""

import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from courses.models import BootcampPage, RosterMember
from dashboards.scale_data import DEFAULT_PASSWORD
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"
NAT = "203.0.113.7"


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()  # rate-limit counters of earlier tests share the local-memory cache
    yield
    cache.clear()


def sign_in(email, password, *, ip=NAT):
    client = Client(REMOTE_ADDR=ip)
    client.post("/accounts/login/", {"login": email, "password": password})
    return client


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_400_scale_data_participants_behind_one_address_all_sign_in(settings):
    call_command("generate_scale_data", organisations=100, participants=4, stdout=open(  # noqa: SIM115
        "/dev/null", "w"))
    bootcamp = BootcampPage.objects.get(slug__startswith="scale-100-")
    emails = list(RosterMember.objects.filter(bootcamp=bootcamp)
                  .values_list("user__email", flat=True))
    assert len(emails) == 400
    # The scale data stores a production (Argon2id) hash: 440 checks of it would be slow and
    # test the hasher, not the limits (test_scale_data_users_can_sign_in signs in with that hash).
    get_user_model().objects.filter(email__in=emails).update(
        password=make_password(DEFAULT_PASSWORD))
    # A tenth mistype their password first, as people do at 10:00.
    for email in emails[:40]:
        assert not signed_in(sign_in(email, "wrong password"))
    refused = [email for email in emails if not signed_in(sign_in(email, DEFAULT_PASSWORD))]
    assert refused == []


def test_scale_data_users_can_sign_in():
    call_command("generate_scale_data", organisations=1, participants=2, stdout=open(  # noqa: SIM115
        "/dev/null", "w"))
    bootcamp = BootcampPage.objects.get(slug__startswith="scale-1-")
    member = RosterMember.objects.filter(bootcamp=bootcamp).select_related("user").first()
    assert EmailAddress.objects.filter(user=member.user, verified=True, primary=True).exists()
    client = sign_in(member.user.email, DEFAULT_PASSWORD, ip="127.0.0.1")
    assert client.session["_auth_user_id"] == str(member.user.pk)
    response = client.get("/dashboard/")
    assert response.status_code == 200


def test_guessing_one_account_is_stopped_from_any_address_and_others_go_on():
    target = UserFactory(email="asha@example.org")
    neighbour = UserFactory(email="ravi@example.org")
    for n in range(5):  # five wrong passwords, each from another address
        assert not signed_in(sign_in(target.email, f"guess-{n}", ip=f"198.51.100.{n}"))
    # The account is locked for a while, even with the right password from a fresh address.
    assert not signed_in(sign_in(target.email, PASSWORD, ip="198.51.100.200"))
    # The guesser's own address is not blocked for anyone else (the same NAT as the room).
    assert signed_in(sign_in(neighbour.email, PASSWORD, ip="198.51.100.0"))


def test_the_address_ceiling_still_stops_a_flood(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip"}
    users = [UserFactory() for _ in range(4)]
    for user in users[:3]:
        sign_in(user.email, "wrong")
    assert not signed_in(sign_in(users[3].email, PASSWORD))


def _readme_limits() -> str:
    text = README.read_text()
    match = re.search(r"\*\*Limits that fit shared addresses\.\*\*(.+?)\n\n", text, re.S)
    assert match, "README lost its 'Limits that fit shared addresses' paragraph"
    return " ".join(match.group(1).split())


def test_readme_states_the_configured_figures():
    limits = settings.ACCOUNT_RATE_LIMITS
    text = _readme_limits()
    # Each figure the README gives, next to the setting it describes.
    assert limits["login"] == "600/m/ip"
    assert "sign-in 600 per minute per address" in text
    assert limits["login_failed"] == "200/m/ip,5/5m/key"
    assert "failed: 200/min per address, 5 per 5 min per account" in text
    assert limits["request_login_code"] == "600/m/ip,3/m/key"
    assert "sign-in codes 600/min per address and 3/min per account" in text
    assert settings.ATTENDANCE_CHECK_IN_FAILURES_PER_USER == 5
    assert settings.ATTENDANCE_CHECK_IN_FAILURES_PER_IP == 1000
    assert "wrong check-in codes 5 per account and per browser session, 1,000 per address" in text
    # The reason given for the ceiling holds: the rehearsal's peak fits under it.
    peak_per_minute = int(re.search(r"(\d+) sign-ins a minute at the peak", text).group(1))
    assert peak_per_minute < int(limits["login"].split("/")[0])
