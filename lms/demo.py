"""Demo accounts of DESIGN.md's contract; every app adds its own demo state in <app>/demo.py."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from lms import roles

DEMO_PASSWORD = "bootcamp-demo"  # noqa: S105 — published on purpose, see load_demo's guard

# email → (first name, last name, roles)
DEMO_ACCOUNTS = {
    "organiser@example.org": ("Asha", "Organiser", [roles.ORGANISERS]),
    "trainer@example.org": ("Ravi", "Trainer", [roles.TRAINERS]),
    "lead@example.org": ("Meera", "Lead", [roles.PARTICIPANTS]),
    "participant@example.org": ("Arjun", "Participant", [roles.PARTICIPANTS]),
    "other@example.org": ("Fatima", "Other", [roles.PARTICIPANTS]),
    "certified@example.org": ("Lakshmi", "Certified", [roles.PARTICIPANTS]),
    "applicant@example.org": ("Kabir", "Applicant", [roles.PARTICIPANTS]),
}


def ensure_user(email: str, first_name: str, last_name: str, role_names=()):
    """Create or refresh a verified demo user with the published password."""
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name}
    )
    user.first_name, user.last_name, user.is_active = first_name, last_name, True
    user.set_password(DEMO_PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    for name in role_names:
        user.groups.add(Group.objects.get(name=name))
    return user


def load(stdout) -> None:
    for email, (first, last, role_names) in DEMO_ACCOUNTS.items():
        ensure_user(email, first, last, role_names)
    stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
    for email in DEMO_ACCOUNTS:
        stdout.write(f"  {email}")
