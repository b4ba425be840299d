"""Answer 503 "try again shortly" while the database is unreachable, never a 500 traceback."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

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
