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

import copy
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

T = TypeVar("T")

_lock = threading.Lock()
_values: dict[tuple[Hashable, int], tuple[int, float, Any]] = {}
# Page id -> id of the bootcamp it sits in: only a hint (checked on every use), so a page
# moved to another bootcamp costs one slow load, never a wrong answer.
_bootcamp_of_page: dict[int, int] = {}
MAX_ENTRIES = 20_000  # a bound on memory; cleared (and re-learnt) when reached


def clear() -> None:
    with _lock:
        _values.clear()
        _bootcamp_of_page.clear()


def _seconds() -> float:
    return float(getattr(settings, "TREE_CACHE_SECONDS", 60))


def remembered(kind: Hashable, bootcamp, build: Callable[[], T]) -> T:
    """`build()`'s value for this bootcamp's current tree, computed once per worker.

    `kind` names the value; values about one page carry its id (and the language, where
    the value holds text), e.g. ("page", 12) or ("body", 12, "hi")."""
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
        if len(_values) >= MAX_ENTRIES:
            _values.clear()
        _values[key] = (version, now + _seconds(), value)
    return value


def page_below_bootcamp(model: type[Page], page_id: int) -> Page | None:
    """Page `page_id` of `model` (live or not: callers check), with its bootcamp on
    `_bootcamp` and its parent cached: one query (the bootcamp row, for its tree version)
    instead of three (the page, its bootcamp, its parent) once this worker has seen it.

    The page comes from this bootcamp's current tree (so publishing, unpublishing or
    moving it shows at once) as a copy per call: callers may set attributes on it.
    """
    BootcampPage = apps.get_model("courses", "BootcampPage")  # noqa: N806
    bootcamp_id = _bootcamp_of_page.get(page_id)
    if bootcamp_id is not None and _seconds() > 0:
        bootcamp = bootcamp_by_id(bootcamp_id)
        if bootcamp is not None:
            page = remembered(("page", page_id), bootcamp, lambda: _read_page(model, page_id))
            if (page is not None and type(page) is model and page.path != bootcamp.path
                    and page.path.startswith(bootcamp.path)):
                page = copy.copy(page)
                page._bootcamp = bootcamp
                return page
        with _lock:
            _bootcamp_of_page.pop(page_id, None)
    page = _read_page(model, page_id)
    if page is None:
        return None
    bootcamp = BootcampPage.objects.of(page)
    if bootcamp is not None and _seconds() > 0:
        # Learnt at once, so the next request is already the one-query one.
        expires = time.monotonic() + _seconds()
        with _lock:
            if len(_bootcamp_of_page) >= MAX_ENTRIES:
                _bootcamp_of_page.clear()
            _bootcamp_of_page[page_id] = bootcamp.pk
            _values[(("bootcamp",), bootcamp.pk)] = (bootcamp.tree_version, expires, bootcamp)
            _values[(("page", page_id), bootcamp.pk)] = (bootcamp.tree_version, expires, page)
        page, bootcamp = copy.copy(page), copy.copy(bootcamp)
    page._bootcamp = bootcamp
    return page


def _current_version(bootcamp_id: int) -> int | None:
    """The bootcamp's tree version, None if it is gone. Every course page asks this once,
    so it skips the ORM (building and compiling a query costs more than running it)."""
    table = apps.get_model("courses", "BootcampPage")._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT tree_version FROM {connection.ops.quote_name(table)} "  # noqa: S608
            "WHERE page_ptr_id = %s", [bootcamp_id])
        row = cursor.fetchone()
    return row[0] if row else None


def bootcamp_by_id(bootcamp_id: int, version: int | None = None):
    """The bootcamp page as of its current tree version (saving it bumps the version):
    one small query, none when the caller read `version` (its `tree_version`) in a query
    of its own. A copy per call, so callers may set attributes on it."""
    BootcampPage = apps.get_model("courses", "BootcampPage")  # noqa: N806
    if version is None:
        version = _current_version(bootcamp_id)
    if version is None:
        return None
    key = (("bootcamp",), bootcamp_id)
    now = time.monotonic()
    entry = _values.get(key)
    if entry is not None and entry[0] == version and entry[1] > now:
        bootcamp = entry[2]
    else:
        bootcamp = BootcampPage.objects.filter(pk=bootcamp_id).first()
        if bootcamp is None:
            return None
        with _lock:
            _values[key] = (bootcamp.tree_version, now + _seconds(), bootcamp)
    return copy.copy(bootcamp)


def _read_page(model: type[Page], page_id: int) -> Page | None:
    # Relations every visitor's page shows (a session's trainers) are read once, into the
    # shared copy.
    pages = model._default_manager.prefetch_related(*getattr(model, "tree_cache_prefetch", ()))
    page = pages.filter(pk=page_id).first()
    if page is not None:
        page.get_parent()  # cached on the instance: the breadcrumb names it
    return page


def bump_page_id(page_id: int | None) -> None:
    """bump() for a page known by id: a settings row (attendance policy, feedback settings,
    certificate rule) kept beside a bootcamp or session changed."""
    page = Page.objects.filter(pk=page_id).first() if page_id else None
    if page is not None:
        bump(page)


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
    # One UPDATE, no signals: the bootcamp among the page's ancestors (or the page itself),
    # and the bootcamps below it (renaming the bootcamps index or moving the home page
    # changes every URL below, and Wagtail rewrites their url_path without signals).
    BootcampPage.objects.filter(Q(path__in=paths) | Q(path__startswith=page.path)).update(
        tree_version=version)
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


def _restriction_changed(sender, instance=None, **kwargs):
    # Privacy settings are read from the tree cache too (courses.models): a new or removed
    # restriction must apply at once, on every worker.
    page_id = getattr(instance, "page_id", None)
    page = Page.objects.filter(pk=page_id).first() if page_id else None
    if page is not None:
        bump(page)


post_save.connect(_restriction_changed, sender=PageViewRestriction,
                  dispatch_uid="courses.tree_cache.restriction_saved")
post_delete.connect(_restriction_changed, sender=PageViewRestriction,
                    dispatch_uid="courses.tree_cache.restriction_deleted")
post_save.connect(_page_changed, dispatch_uid="courses.tree_cache.saved")
post_delete.connect(_page_changed, dispatch_uid="courses.tree_cache.deleted")
page_published.connect(_page_changed, dispatch_uid="courses.tree_cache.published")
page_unpublished.connect(_page_changed, dispatch_uid="courses.tree_cache.unpublished")
post_page_move.connect(_page_moved, dispatch_uid="courses.tree_cache.moved")
