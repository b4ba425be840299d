"""Wagtail routing and site lookups from memory: the same for every participant, so not
worth 10 queries per page.

Wagtail finds the site with a query per request and walks the tree with two queries per
level (home → bootcamps → bootcamp → stage → module: 9 queries, half the CPU of a module
page). Both answers are the same for everyone, so each worker process remembers them:

- the site per host and port, for `SITE_CACHE_SECONDS` (sites change once a year; a change
  clears this process at once and reaches the other workers within that time; the branding
  setting is remembered the same way, see content.models.SiteBranding);
- the page a path leads to, as ids only. A remembered route is checked against the page it
  loads (it must still be live and still have that URL path), so an unpublished, moved or
  renamed page is never served from a stale entry: Wagtail's own walk runs again instead.
  Misses (404s) are never remembered, so a newly published page is found at once.

Nothing here needs Redis: it keeps working, and keeps the pages cheap, when Redis is down.
"""

import contextlib
import copy
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from django.utils import translation
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult
from wagtail.views import serve as wagtail_serve

from content.models import forget_branding
from lms import page_languages

MAX_ROUTES = 20_000  # a bound on memory; cleared (and re-learnt) when reached


@dataclass(frozen=True)
class _Route:
    page_id: int
    content_type_id: int
    url_path: str


_lock = threading.Lock()
_sites: dict[tuple[str, int], tuple[float, Site | None]] = {}
_routes: dict[tuple, _Route] = {}


def clear() -> None:
    with _lock:
        _sites.clear()
        _routes.clear()
        forget_branding()


def _site_seconds() -> float:
    return float(getattr(settings, "SITE_CACHE_SECONDS", 60))


def find_site(request) -> Site | None:
    """Site.find_for_request without its query, remembered per host and port."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    now = time.monotonic()
    entry = _sites.get(key)
    if entry is None or entry[0] <= now:
        site = Site._find_for_request(request)
        if site is not None:
            # Keep only the site's own fields: its root page is loaded fresh when needed,
            # never shared between requests.
            site._state.fields_cache.pop("root_page", None)
        entry = (now + _site_seconds(), site)
        if _site_seconds() > 0:
            with _lock:
                _sites[key] = entry
    # A copy per request: Wagtail and templates may cache things on it.
    request._wagtail_site = copy.copy(entry[1]) if entry[1] is not None else None
    return request._wagtail_site


class SiteMiddleware:
    """Finds the request's site from memory before anything asks Wagtail for it (the
    settings context processor, page URLs, routing)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Database unreachable: leave the lookup to whoever needs it (and fails with the
        # 503 page); /healthz must still answer with its own JSON.
        with contextlib.suppress(DatabaseError):
            find_site(request)
        return self.get_response(request)


def _cacheable_chain(page: Page) -> bool:
    """Remember only routes Wagtail would resolve with the default `Page.route` at every
    level: a page type with its own route() (sub-URLs, checks) always walks the tree."""
    ids = Page.objects.ancestor_of(page, inclusive=True).values_list(
        "content_type_id", flat=True)
    for content_type_id in ids:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None or model.route is not Page.route:
            return False
    return True


def _load(route: _Route) -> Page | None:
    model = ContentType.objects.get_for_id(route.content_type_id).model_class()
    if model is None:
        return None
    # A page type may serve from its own cache (courses: the bootcamp's tree cache).
    loader = getattr(model, "load_for_route", None)
    page = loader(route.page_id) if loader else model._default_manager.filter(
        pk=route.page_id).first()
    if page is None or not page.live or page.url_path != route.url_path:
        return None
    return page


def route_for_request(request, path: str):
    """Page.route_for_request, remembering which page a path leads to."""
    if hasattr(request, "_wagtail_route_for_request"):
        return request._wagtail_route_for_request
    site = find_site(request)
    if site is None:
        return Page.route_for_request(request, path)
    key = (site.pk, site.root_page_id, translation.get_language(), path)
    route = _routes.get(key)
    if route is not None:
        page = _load(route)
        if page is not None:
            request._wagtail_route_for_request = RouteResult(page)
            return request._wagtail_route_for_request
        with _lock:
            _routes.pop(key, None)
    result = Page.route_for_request(request, path)
    if result is not None:
        page, args, kwargs = result
        if not args and not kwargs and _cacheable_chain(page):
            with _lock:
                if len(_routes) >= MAX_ROUTES:
                    _routes.clear()
                _routes[key] = _Route(page.pk, page.content_type_id, page.url_path)
            # Serve it as later requests will: a page type's own cache learns it now.
            loader = getattr(type(page), "load_for_route", None)
            loaded = loader(page.pk) if loader else None
            if loaded is not None and loaded.live and loaded.url_path == page.url_path:
                result = request._wagtail_route_for_request = RouteResult(loaded)
    return result


def serve(request, path):
    """Wagtail's serve view, routed from memory (wired in lms/urls.py); the page found is
    shown in the reader's language (lms.page_languages)."""
    with translation.override(page_languages.source_language()):
        # Every URL is the source tree's: Wagtail would otherwise route into the active
        # language's tree (Site.root_page.localized), whose pages own no records.
        result = route_for_request(request, path)
    if result is not None:
        page, args, kwargs = result
        request._wagtail_route_for_request = RouteResult(
            page_languages.page_in_language(page), args, kwargs)
    return wagtail_serve(request, path)


def _site_changed(sender, **kwargs):
    clear()


post_save.connect(_site_changed, sender=Site, dispatch_uid="lms.routing.site_saved")
post_delete.connect(_site_changed, sender=Site, dispatch_uid="lms.routing.site_deleted")
