import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from lms.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent_and_creates_the_contract_accounts(settings, client):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")
    from notifications.models import MessageTemplate

    # The demo's edited reminder has an English and a Hindi version (#19).
    assert sorted(MessageTemplate.objects.values_list("language", flat=True)) == ["en", "hi"]
    User = get_user_model()
    assert User.objects.filter(email__in=DEMO_ACCOUNTS).count() == len(DEMO_ACCOUNTS)
    response = client.post(
        "/accounts/login/", {"login": "participant@example.org", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_load_demo_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refusing"):
        call_command("load_demo")
    call_command("load_demo", "--force")
    assert get_user_model().objects.filter(email="organiser@example.org").exists()


def test_the_whole_demo_tells_one_story(settings):
    """Live days over, follow-up ahead; attendance recorded; certificates in every state."""
    from django.utils import timezone

    from attendance.models import AttendanceRecord
    from certificates.eligibility import participant_eligibility
    from certificates.models import Certificate
    from courses.models import BootcampPage, LiveSessionPage, RosterMember

    settings.DEBUG = True
    call_command("load_demo")
    bootcamp = BootcampPage.objects.originals().get(slug="chat-for-impact")
    sessions = list(LiveSessionPage.objects.descendant_of(bootcamp).order_by("starts_at"))
    assert [s.ends_at < timezone.now() for s in sessions] == [True, True, True, True, False]
    assert AttendanceRecord.objects.filter(session__in=sessions[:4]).count() > 20

    certificates = Certificate.objects.filter(bootcamp=bootcamp, kind="participant")
    assert certificates.valid().filter(user__email="certified@example.org").exists()
    assert certificates.filter(revoked_at__isnull=False).count() == 1
    roster = RosterMember.objects.filter(bootcamp=bootcamp, removed_at__isnull=True)
    eligibility = participant_eligibility(
        bootcamp=bootcamp, user_ids=list(roster.values_list("user_id", flat=True)))
    holders = set(certificates.values_list("user_id", flat=True))
    waiting = [uid for uid, e in eligibility.items() if e.eligible and uid not in holders]
    assert len(waiting) >= 3
    assert not AttendanceRecord.objects.filter(user__email="participant@example.org").exists()


@pytest.mark.django_db(transaction=True)  # the emails go out when the demo commits
def test_load_demo_keeps_the_demo_emails_out_of_the_console(settings, capsys):
    """With the development console backend, a first run used to print pages of emails."""
    from io import StringIO

    settings.DEBUG = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    out = StringIO()
    call_command("load_demo", stdout=out)
    printed = capsys.readouterr().out
    assert "Subject:" not in printed
    assert "Subject:" not in out.getvalue()
    assert "emails to the demo's example.org addresses were not sent" in out.getvalue()
