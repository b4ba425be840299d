import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def read_settings(env: dict, expression: str) -> str:
    """Import lms.settings in a fresh interpreter with only `env` set, and print an expression."""
    code = f"import lms.settings as s; print(repr(({expression})))"
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_default_database_is_sqlite_with_wal_and_immediate_transactions():
    out = read_settings({}, "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['OPTIONS']")
    assert "sqlite3" in out
    assert "journal_mode=WAL" in out
    assert "'transaction_mode': 'IMMEDIATE'" in out
    assert "'timeout': 20" in out


def test_database_url_selects_postgresql():
    out = read_settings(
        {"DATABASE_URL": "postgres://lms:pw@db.internal:5433/lms_prod"},
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['HOST'], "
        "s.DATABASES['default']['PORT'], s.DATABASES['default']['NAME']",
    )
    assert out == "('django.db.backends.postgresql', 'db.internal', 5433, 'lms_prod')"


def test_debug_is_off_unless_asked():
    assert read_settings({}, "s.DEBUG") == "False"
    assert read_settings({"DEBUG": "true"}, "s.DEBUG") == "True"
    assert read_settings({"DEBUG": "0"}, "s.DEBUG") == "False"


@pytest.mark.parametrize(("value", "expected"), [
    ("true", "True"), ("Yes", "True"), (" on ", "True"), ("1", "True"),
    ("false", "False"), ("NO", "False"), ("off", "False"), ("0", "False"), ("", "False"),
])
def test_yes_no_settings_read_every_spelling(value, expected):
    assert read_settings({"DEBUG": value}, "s.DEBUG") == expected


@pytest.mark.parametrize("value", ["flase", "treu", "enabled", "2"])
def test_a_malformed_yes_no_setting_stops_the_start(value):
    # Read as False, SECURE_SSL_REDIRECT=flase would quietly serve production over HTTP.
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    result = subprocess.run(
        [sys.executable, "-c", "import lms.settings"],
        env={**clean, "SECURE_SSL_REDIRECT": value}, cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"SECURE_SSL_REDIRECT={value!r} is not a yes/no value" in result.stderr


def test_dashboard_flag_windows_are_declared_settings():
    assert read_settings({}, "s.DASHBOARDS_PRE_EVENT_WARNING_DAYS, "
                             "s.DASHBOARDS_INACTIVE_AFTER_DAYS") == "(7, 14)"
    assert read_settings({"DASHBOARDS_INACTIVE_AFTER_DAYS": "21"},
                         "s.DASHBOARDS_INACTIVE_AFTER_DAYS") == "21"


def test_cache_is_local_memory_by_default_and_redis_with_redis_url():
    assert "LocMemCache" in read_settings({}, "s.CACHES['default']['BACKEND']")
    out = read_settings(
        {"REDIS_URL": "redis://cache:6379/1"},
        "s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION']",
    )
    assert out == "('lms.cache.ResilientRedisCache', 'redis://cache:6379/1')"


def test_email_url_configures_smtp_and_console_is_the_default():
    assert "console.EmailBackend" in read_settings({}, "s.EMAIL_BACKEND")
    out = read_settings(
        {"EMAIL_URL": "smtp://mailer:s3cret@smtp.example.org:587/?tls=True"},
        "s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_TLS",
    )
    assert out == (
        "('django.core.mail.backends.smtp.EmailBackend', 'smtp.example.org', 587, "
        "'mailer', True)"
    )


def test_production_security_settings():
    env = {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "lms.example.org, www.example.org"}
    out = read_settings(
        env,
        "s.ALLOWED_HOSTS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000",
    )
    assert out == "(['lms.example.org', 'www.example.org'], True, True, True, True)"
    assert read_settings(env, "getattr(s, 'SECURE_PROXY_SSL_HEADER', None)") == "None"
    proxied = read_settings({**env, "BEHIND_TLS_PROXY": "true"}, "s.SECURE_PROXY_SSL_HEADER")
    assert proxied == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_s3_storage_when_bucket_is_set():
    out = read_settings(
        {"AWS_STORAGE_BUCKET_NAME": "lms-files", "AWS_S3_ENDPOINT_URL": "https://s3.example"},
        "s.STORAGES['default']['BACKEND'], s.STORAGES['private']['OPTIONS']['location']",
    )
    assert out == "('storages.backends.s3.S3Storage', 'private')"


def test_persistent_task_backend_by_environment():
    assert "Immediate" in read_settings({}, "s.TASKS['default']['BACKEND']")
    out = read_settings({"TASKS_BACKEND": "database"}, "s.TASKS['default']['BACKEND']")
    assert out == "'django_tasks_db.DatabaseBackend'"
