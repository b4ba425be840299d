"""iCalendar (.ics) files for live sessions: times in UTC, which every calendar converts to
the reader's zone, with the bootcamp's zone named in the description."""

from datetime import UTC

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from courses.models import BootcampPage, LiveSessionPage


def _event(session: LiveSessionPage, bootcamp: BootcampPage) -> Event:
    event = Event()
    event.add("uid", f"live-session-{session.pk}@{settings.BASE_URL.split('://')[-1]}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("summary", f"{bootcamp.title}: {session.title}")
    local = bootcamp.local(session.starts_at)
    event.add("description", f"{local:%d %b %Y, %H:%M} {local.tzname()} ({bootcamp.time_zone}).\n"
                             + _("Details and join link: %(url)s") % {
                                 "url": f"{settings.BASE_URL}{session.url}"})
    event.add("url", f"{settings.BASE_URL}{session.url}")
    return event


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Bootcamp LMS//courses//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def session_calendar(session: LiveSessionPage, bootcamp: BootcampPage) -> bytes:
    calendar = _calendar(f"{bootcamp.title}: {session.title}")
    calendar.add_component(_event(session, bootcamp))
    return calendar.to_ical()


def bootcamp_calendar(bootcamp: BootcampPage, sessions: list[LiveSessionPage]) -> bytes:
    calendar = _calendar(bootcamp.title)
    for session in sessions:
        calendar.add_component(_event(session, bootcamp))
    return calendar.to_ical()

