import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from lms.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent_and_creates_the_contract_accounts(settings, client):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")
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
