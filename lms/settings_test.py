"""The test suite runs the development configuration, with a fast password hasher.

Production behaviour (secure cookies, HSTS, SSL redirect) is tested by running
`manage.py check --deploy` in a subprocess with a production-like environment.
"""

import os

os.environ.setdefault("DEBUG", "true")

from lms.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    **STORAGES,  # noqa: F405
    # Tests don't need collectstatic's manifest.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
