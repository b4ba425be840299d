"""What shared caches (a proxy, a CDN, the browser's back button) may keep: one spelling.

A page whose content depends on who asks (ticks, marks, a draft, a check-in code) is
"private, no-store": never kept by a shared cache, not written to disk by the browser.
Django's `@never_cache` would also work but says "no-cache, no-store, must-revalidate,
private" plus an Expires header; the project's tests and proxies expect this exact value.
"""

from functools import wraps

from django.http import HttpResponseBase

PRIVATE_NO_STORE = "private, no-store"


def no_store(response: HttpResponseBase) -> HttpResponseBase:
    """Mark `response` personal (see the module docstring) and return it."""
    response["Cache-Control"] = PRIVATE_NO_STORE
    return response


def private_page(view):
    """Decorator: every response of the view (pages, redirects, errors it returns) is
    personal."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return no_store(view(request, *args, **kwargs))

    return wrapper
