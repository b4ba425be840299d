"""What is the same for every participant of a bootcamp, computed once per version of its tree.

The course outline (stages, modules, sessions), the sessions by start, the required modules
and the assignments are read by every dashboard, session and module page, and they change
only when trainers publish. Each worker process keeps them in memory, keyed by the
bootcamp's `tree_version`: a stamp on the bootcamp row that the signals below renew, in
the database, whenever a page of its tree is saved, published, unpublished, moved or
deleted. Every page loads its bootcamp anyway, so checking costs no query, and every
worker sees a trainer's change on its next request. Writes that bypass signals
(queryset.update() on pages) reach the workers after TREE_CACHE_SECONDS at most.

Values are shared between requests of a worker: callers must treat them as read-only.
Nothing here needs Redis.
"""

import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

T = TypeVar("T")

_lock = threading.Lock()
_values: dict[tuple[str, int], tuple[int, float, Any]] = {}


def clear() -> None:
    with _lock:
        _values.clear()


def _seconds() -> float:
    return float(getattr(settings, "TREE_CACHE_SECONDS", 60))


def remembered(kind: str, bootcamp, build: Callable[[], T]) -> T:
    """`build()`'s value for this bootcamp's current tree, computed once per worker."""
    if _seconds() <= 0 or bootcamp.pk is None:
        return build()
    key = (kind, bootcamp.pk)
    version = bootcamp.tree_version
    now = time.monotonic()
    entry = _values.get(key)
    if entry is not None and entry[0] == version and entry[1] > now:
        return entry[2]
    value = build()
    with _lock:
        _values[key] = (version, now + _seconds(), value)
    return value


def bump(page: Page) -> None:
    """A page of some bootcamp's tree changed: give that bootcamp a new tree version."""
    # By name, not import: courses.models reads this module's cache.
    BootcampPage = apps.get_model("courses", "BootcampPage")  # noqa: N806
    if not page.path:
        return
    # A new value, not +1: an older in-memory copy of the bootcamp saved later writes its
    # old value back, and that must never equal a version some worker has built for.
    version = time.time_ns()
    steplen = Page.steplen
    paths = [page.path[:end] for end in range(steplen, len(page.path) + 1, steplen)]
    # One UPDATE, no signals: the bootcamp among the page's ancestors (or the page itself).
    BootcampPage.objects.filter(path__in=paths).update(tree_version=version)
    if isinstance(page, BootcampPage):
        page.tree_version = version  # so saving this object again keeps it
    clear()


def _page_changed(sender, instance=None, **kwargs):
    if isinstance(instance, Page):
        bump(instance)


def _page_moved(sender, instance=None, parent_page_before=None, **kwargs):
    if isinstance(instance, Page):
        bump(instance)  # its new place (post_page_move: the path is the new one)
        if parent_page_before is not None:
            bump(parent_page_before)


post_save.connect(_page_changed, dispatch_uid="courses.tree_cache.saved")
post_delete.connect(_page_changed, dispatch_uid="courses.tree_cache.deleted")
page_published.connect(_page_changed, dispatch_uid="courses.tree_cache.published")
page_unpublished.connect(_page_changed, dispatch_uid="courses.tree_cache.unpublished")
post_page_move.connect(_page_moved, dispatch_uid="courses.tree_cache.moved")
