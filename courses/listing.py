"""The bootcamps as an NGO looks for them: open for applications, running, coming, past."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from courses.models import BootcampPage, StagePage
from courses.registration import registration_window
from lms.page_languages import pages_in_language


@dataclass
class BootcampListing:
    """The home page's bootcamps, grouped the way an NGO looks for them."""

    open: list  # [(bootcamp, RegistrationWindow)], the nearest deadline first
    running: list  # started and not yet over
    coming: list  # not started, applications not open (yet) or closed
    past: list


def bootcamp_listing(*, now: datetime | None = None) -> BootcampListing:
    """Every live bootcamp in one of four groups.

    Three queries (two in the source language).

    A bootcamp is over after the last day of its last stage (the follow-up comes weeks
    after the live days), or after its own last day when it has no dated stage.
    """
    now = now or timezone.now()
    # In the reader's language (title, summary) where a published translation exists.
    bootcamps = pages_in_language(
        list(BootcampPage.objects.live().originals().order_by("start_date", "pk")))
    last_day: dict[str, object] = {}
    steplen = BootcampPage.steplen
    for path, end in StagePage.objects.live().exclude(end_date=None).values_list(
            "path", "end_date"):
        parent = path[:-steplen]
        if parent not in last_day or end > last_day[parent]:
            last_day[parent] = end
    listing = BootcampListing([], [], [], [])
    for bootcamp in bootcamps:
        window = registration_window(bootcamp, now=now)
        today = timezone.localdate(now, bootcamp.tz)
        ends = max(filter(None, [bootcamp.end_date, last_day.get(bootcamp.path)]), default=None)
        # Dates first: a bootcamp that has started is not "open for applications" even
        # when it never had a deadline.
        if ends is not None and ends < today:
            listing.past.append(bootcamp)
        elif bootcamp.start_date is not None and bootcamp.start_date <= today:
            listing.running.append(bootcamp)
        elif window.is_open:
            listing.open.append((bootcamp, window))
        else:
            listing.coming.append((bootcamp, window))
    listing.open.sort(key=lambda pair: (pair[1].closes_at is None, pair[1].closes_at or now))
    listing.past.reverse()  # the most recent first
    return listing
