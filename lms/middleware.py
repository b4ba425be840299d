"""Answer 503 "try again shortly" while the database is unreachable, never a 500 traceback."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils import translation

logger = logging.getLogger(__name__)

# Errors meaning "the database is not there right now" (stopped, restarting, network):
# other database errors (integrity, programming) are bugs and stay 500s.
UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable_response() -> HttpResponse:
    # A static template, no context processors: they would query the database again.
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def is_database_unavailable(error: BaseException | None) -> bool:
    return isinstance(error, UNAVAILABLE)


class DatabaseUnavailableMiddleware:
    """Views (and the lazy session and user they read) that hit a database outage get the
    503 page with Retry-After, so phones and load balancers retry instead of giving up.
    Outages raised outside a view (another middleware) reach `lms.views.server_error`,
    which answers the same way."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_unavailable(exception):
            return None
        logger.warning("database unavailable (%s) for %s %s: answered 503",
                       type(exception).__name__, request.method, request.path)
        return database_unavailable_response()


class AccountLanguageMiddleware:
    """A signed-in person sees the site in their account's language (User.language, set by
    the Language menu) on any device that has not chosen one itself (no language cookie):
    a link in an email, a WhatsApp message, a calendar entry or a certificate opens in the
    recipient's language, at the one URL every language shares. After LocaleMiddleware and
    AuthenticationMiddleware; costs no query (the user is loaded anyway)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None else ""
        if (language and user.is_authenticated
                and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
                and language != request.LANGUAGE_CODE):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
