import sys

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lms.middleware import database_unavailable_response, is_database_unavailable


def cache_available() -> bool:
    """A real round trip to the cache (lms.cache.ResilientRedisCache.ping), or for other
    backends a write and read back."""
    ping = getattr(cache, "ping", None)
    if ping is not None:
        return ping()
    try:
        cache.set("healthz:probe", "1", 10)
        return cache.get("healthz:probe") == "1"
    except Exception:  # noqa: BLE001 - any failure of the cache means "unavailable"
        return False


@never_cache
@require_GET
def healthz(request):
    """Liveness, database and cache.

    503 when the database fails (take the instance out); 200 "degraded" naming the
    dependency when only the cache fails: pages, sign-in and check-in still work then
    (without rate limits and cached fragments), so the instance keeps its traffic.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    if not cache_available():
        return JsonResponse({"status": "degraded", "cache": "unavailable"})
    return JsonResponse({"status": "ok"})


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Django calls this while handling the exception: a database outage raised outside a
    # view (in a middleware) is a 503 "try again shortly", like one raised inside.
    if is_database_unavailable(sys.exc_info()[1]):
        return database_unavailable_response()
    # No context processors: the database or a template tag may be what failed.
    from django.http import HttpResponseServerError
    from django.template import loader

    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render())
