from notifications.models import Channel, Kind, NotificationPreference
from tests.factories import UserFactory


def whatsapp_user(number="+919876543210", *, channels=None, **preference_fields):
    """A user who gave a number and opted in to WhatsApp (email stays on too)."""
    user = UserFactory()
    NotificationPreference.objects.create(
        user=user, whatsapp_number=number, whatsapp_opt_in=True,
        channels=channels or {}, **preference_fields)
    return user


def whatsapp_only(number="+919876543210", **preference_fields):
    """Only WhatsApp for every kind, so tests look at one channel."""
    return whatsapp_user(number, channels={kind.value: [Channel.WHATSAPP] for kind in Kind},
                         **preference_fields)
