"""A bootcamp's registration window: when it takes applications, in its own time zone.

Reads only `BootcampPage` fields; organisations' application services and the bootcamp
page both ask here, so the deadline rule has one home.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import ngettext

NOT_OPEN, OPEN, CLOSED = "not_open", "open", "closed"


@dataclass(frozen=True)
class RegistrationWindow:
    state: str
    opens_at: datetime | None  # in the bootcamp's zone
    closes_at: datetime | None  # in the bootcamp's zone
    time_left: timedelta | None
    zone_name: str

    @property
    def is_open(self) -> bool:
        return self.state == OPEN


def registration_closed_from(bootcamp) -> datetime | None:
    """The first moment at which registration is closed.

    The closing second itself still counts ("closes at midnight" is stored as 23:59:59 in
    the bootcamp's zone: accepted up to 23:59:59.999, refused from 00:00:00).
    """
    if bootcamp.registration_closes_at is None:
        return None
    return bootcamp.registration_closes_at.replace(microsecond=0) + timedelta(seconds=1)


def registration_window(bootcamp, *, now: datetime | None = None) -> RegistrationWindow:
    """Whether a bootcamp takes applications at `now`, with its dates in its own zone."""
    now = now or timezone.now()
    opens, closed_from = bootcamp.registration_opens_at, registration_closed_from(bootcamp)
    if opens is not None and now < opens:
        state = NOT_OPEN
    elif closed_from is not None and now >= closed_from:
        state = CLOSED
    else:
        state = OPEN
    return RegistrationWindow(
        state=state,
        opens_at=bootcamp.local(opens) if opens else None,
        closes_at=bootcamp.local(bootcamp.registration_closes_at) if closed_from else None,
        time_left=(closed_from - now) if state == OPEN and closed_from else None,
        zone_name=bootcamp.time_zone,
    )


def describe_time_left(time_left: timedelta | None) -> str:
    """"2 days, 3 hours, 1 minute" (translated), for templates; "" when there is no deadline."""
    if time_left is None:
        return ""
    minutes = int(time_left.total_seconds() // 60)
    days, hours, minutes = minutes // (60 * 24), (minutes // 60) % 24, minutes % 60
    return ", ".join([
        ngettext("%(count)d day", "%(count)d days", days) % {"count": days},
        ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours},
        ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes},
    ])
