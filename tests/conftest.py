import pytest
from django.db import connection


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

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "postgres" in item.keywords and connection.vendor != "postgresql":
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)"))
