"""The three roles of DESIGN.md, as Django groups (created by lms/migrations/0002_roles.py)."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.urls import reverse

PARTICIPANTS = "Participants"
TRAINERS = "Trainers"
ORGANISERS = "Organisers"
ROLES = (PARTICIPANTS, TRAINERS, ORGANISERS)


def role_names(user) -> frozenset[str]:
    """The user's roles, read once per request object (templates must not query per link).

    Superusers count as organisers.
    """
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        names = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        if user.is_superuser:
            names.add(ORGANISERS)
        cached = user._role_names = frozenset(names)
    return cached


def is_trainer(user) -> bool:
    return TRAINERS in role_names(user)


def is_organiser(user) -> bool:
    return ORGANISERS in role_names(user)


def start_url(user) -> str:
    """Where a user lands after signing in (unless ?next= says otherwise): organisers on
    their dashboards, trainers on the review queue, everyone else on /dashboard/."""
    if is_organiser(user):
        return reverse("dashboards:index")
    if is_trainer(user):
        return reverse("assignments:review_queue")
    return reverse("courses:dashboard")


def organiser_required(view):
    """Decorator for organisers-only admin views: anyone else gets 403 (Wagtail's admin
    access check already sent anonymous visitors to the sign-in page)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_organiser(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
