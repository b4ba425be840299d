import pytest
from django.db import connection


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Make the serialized migration data visible to every connection object.

    Django keeps it on the connection that created the test database, but Playwright's sync
    API runs browser tests in another context, where `connections["default"]` is a new
    object; without this, serialized rollback silently restores nothing there.
    """
    from django.db import connections

    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents is not None:
            type(connections[alias])._test_serialized_contents = contents
    yield


@pytest.fixture(autouse=True)
def _fast_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate-limit counters live in the cache; one test's attempts must not limit the next.
    from django.core.cache import cache

    from lms import page_languages, routing

    # Sites and routes remembered per process: a rolled-back test's pages must not linger.
    routing.clear()
    page_languages.forget_locales()
    cache.clear()
    yield
    cache.clear()
    routing.clear()


@pytest.fixture(autouse=True)
def _default_language():
    # A request in Hindi (the language switcher, a Hindi-speaking user) leaves Hindi active
    # in the thread: the next test would read translated messages (and fail on an English
    # match) depending on the order tests run in.
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "postgres" in item.keywords and connection.vendor != "postgresql":
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)"))
        _restore_migration_data_after(item)


def _restore_migration_data_after(item) -> None:
    """Give every transactional test a serialized rollback.

    A transactional test ends by flushing every table, which also wipes what data migrations
    created (role groups, the Wagtail root, home page and workflow). Serialized rollback puts
    that back before each such test — and only works if *every* flushing test uses it, since a
    plain flush recreates content types with new ids.
    """
    marker = item.get_closest_marker("django_db")
    wanted = {"transactional_db", "live_server", "django_db_serialized_rollback"}
    transactional = bool(wanted & set(item.fixturenames)) or bool(
        marker and marker.kwargs.get("transaction")
    )
    if transactional:
        kwargs = {**(marker.kwargs if marker else {}),
                  "transaction": True, "serialized_rollback": True}
        item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture(autouse=True)
def _default_language():
    """A request in Hindi leaves Hindi active in the test's thread (LocaleMiddleware does
    not switch back): what a later test renders outside a request must not depend on it."""
    from django.utils import translation

    yield
    translation.deactivate()
