import pytest
from django.urls import reverse

from notifications.forms import CHOOSABLE_KINDS
from notifications.models import Channel, Kind, NotificationPreference
from tests.factories import PASSWORD, UserFactory
from tests.notifications.factories import whatsapp_user

pytestmark = pytest.mark.django_db
URL = "/account/notifications/"


def _form(**overrides):
    data = {"whatsapp_number": "+919876543210", "whatsapp_opt_in": "on",
            "time_zone": "Asia/Kolkata", "quiet_hours_start": "", "quiet_hours_end": ""}
    for key, _label in CHOOSABLE_KINDS:
        data[f"{key}__email"] = "on"
        data[f"{key}__whatsapp"] = "on"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def user(client):
    user = UserFactory()
    client.login(email=user.email, password=PASSWORD)
    return user


def test_url_is_the_documented_one():
    assert reverse("notifications:preferences") == URL


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_page_shows_the_form(client, user):
    response = client.get(URL)
    assert response.status_code == 200
    assert b'name="whatsapp_number"' in response.content
    assert b"Asia/Kolkata" in response.content


def test_explicit_opt_in_saves_number_and_consent_moment(client, user):
    response = client.post(URL, _form())
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=user)
    assert preference.whatsapp_number == "+919876543210"
    assert preference.whatsapp_opt_in is True
    assert preference.whatsapp_opted_in_at is not None


def test_number_without_opt_in_sends_no_whatsapp(client, user):
    client.post(URL, _form(whatsapp_opt_in=None))
    preference = NotificationPreference.objects.get(user=user)
    assert preference.whatsapp_opt_in is False
    assert preference.channels_for(Kind.ANNOUNCEMENT) == [Channel.EMAIL]


@pytest.mark.parametrize("number", ["9876543210", "+0919876543210", "+91 98765 43210", "+91abc"])
def test_number_not_in_e164_is_refused_with_input_kept(client, user, number):
    response = client.post(URL, _form(whatsapp_number=number))
    assert response.status_code == 200
    assert b"international format" in response.content
    assert f'value="{number}"'.encode() in response.content
    assert not NotificationPreference.objects.filter(user=user, whatsapp_opt_in=True).exists()


def test_opt_in_without_a_number_is_refused(client, user):
    response = client.post(URL, _form(whatsapp_number=""))
    assert response.status_code == 200
    assert b"Give your WhatsApp number" in response.content


def test_number_of_another_account_is_refused(client, user):
    whatsapp_user("+919876543210")
    response = client.post(URL, _form())
    assert response.status_code == 200
    assert b"belongs to another account" in response.content
    assert not NotificationPreference.objects.filter(user=user, whatsapp_opt_in=True).exists()


def test_opt_out_by_setting_records_the_moment(client, user):
    client.post(URL, _form())
    client.post(URL, _form(whatsapp_opt_in=None))
    preference = NotificationPreference.objects.get(user=user)
    assert preference.whatsapp_opt_in is False
    assert preference.whatsapp_opted_out_at is not None


def test_channels_per_kind_are_saved(client, user):
    client.post(URL, _form(**{f"{Kind.ANNOUNCEMENT}__email": None,
                             f"{Kind.SESSION_REMINDER_1H}__email": None}))
    preference = NotificationPreference.objects.get(user=user)
    assert preference.channels_for(Kind.ANNOUNCEMENT) == [Channel.WHATSAPP]
    assert preference.channels_for(Kind.SESSION_REMINDER_1H) == [Channel.WHATSAPP]
    assert preference.channels_for(Kind.SESSION_REMINDER_24H) == [Channel.EMAIL,
                                                                  Channel.WHATSAPP]


def test_quiet_hours_need_both_ends(client, user):
    response = client.post(URL, _form(quiet_hours_start="22:00"))
    assert response.status_code == 200
    assert b"Give both the start and the end" in response.content


def test_quiet_hours_and_time_zone_are_saved(client, user):
    client.post(URL, _form(quiet_hours_start="22:00", quiet_hours_end="07:00",
                           time_zone="Europe/London"))
    preference = NotificationPreference.objects.get(user=user)
    assert str(preference.quiet_hours_start) == "22:00:00"
    assert preference.time_zone == "Europe/London"


def test_decisions_on_an_application_are_one_choice(client, user):
    page = client.get(URL).content.decode()
    assert "Decisions on an application" in page
    assert "Application waitlisted" not in page and "Application selected" not in page
    client.post(URL, _form(**{"application_decision__email": None}))
    preference = NotificationPreference.objects.get(user=user)
    assert preference.channels_for(Kind.APPLICATION_REJECTED) == [Channel.WHATSAPP]
    assert preference.channels_for(Kind.WAITLIST_PROMOTED) == [Channel.WHATSAPP]
