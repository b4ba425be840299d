import sys

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.i18n import set_language as django_set_language
from wagtail import hooks

from lms.accounts import update_name
from lms.forms import ProfileForm
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
        # Name the dependency an operator must look at: "redis" for the production cache.
        dependency = "redis" if hasattr(cache, "ping") else "cache"
        return JsonResponse({"status": "degraded", dependency: "unavailable"})
    return JsonResponse({"status": "ok"})


@never_cache
def admin_login(request):
    """Where Wagtail sends whoever may not use the admin.

    Anonymous people go to allauth's login page (one login, one set of rate limits). A
    signed-in user without admin access gets a 403 page: sending them to the login page
    would loop, because allauth sends a signed-in user straight back to `next`.
    """
    if request.user.is_authenticated:
        return render(request, "403_admin.html", status=403)
    query = request.META.get("QUERY_STRING", "")
    return redirect(reverse("account_login") + (f"?{query}" if query else ""))


# Contributions to the profile page's context: each hook takes `request`, returns a dict.
PROFILE_CONTEXT_HOOK = "lms_profile_context"


@login_required
def profile(request):
    """Name (for certificates) and links to the password, email and two-factor pages."""
    user = request.user
    initial = {"first_name": user.first_name, "last_name": user.last_name}
    form = ProfileForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if update_name(user=user, **form.cleaned_data):
                messages.success(request, _("Your name is now “%(name)s”.")
                                 % {"name": user.get_full_name()})
            return redirect("profile")
        status = 400
    context = {"form": form, "mfa_enabled": apps.is_installed("allauth.mfa")}
    # What the apps above add (certificates: whether the user holds one, whose name stays).
    for hook in hooks.get_hooks(PROFILE_CONTEXT_HOOK):
        context.update(hook(request=request) or {})
    return render(request, "account/profile.html", context, status=status)


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

    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render())


def set_language(request):
    """Django's language switch; for a signed-in person also remembered on the account, so
    that messages sent without a request (WhatsApp replies) are in the same language."""
    response = django_set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        request.user.remember_language(request.POST.get("language", ""))
    return response
