"""Bootcamp LMS settings: one module, every deployment difference comes from the environment.

Defaults give a working local site (SQLite, local-memory cache, console email, local disk);
production switches on PostgreSQL, Redis, SMTP, S3-compatible storage and a persistent
task queue through the variables documented in README.md.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_VALUES = frozenset({"1", "true", "yes", "on"})
FALSE_VALUES = frozenset({"0", "false", "no", "off"})


def env_bool(name: str, default: bool) -> bool:
    """A yes/no setting. Anything but the spellings above stops the start: a typo such as
    SECURE_SSL_REDIRECT=flase must not quietly read as False (healthchecks' envbool)."""
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a yes/no value: use one of "
        f"{', '.join(sorted(TRUE_VALUES | FALSE_VALUES))}.")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# The development key only exists so that a fresh clone runs; the deploy check
# rejects it (too short and prefixed "django-insecure-").
SECRET_KEY = os.environ.get("SECRET_KEY") or "django-insecure-development-only-key"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if DEBUG:
    ALLOWED_HOSTS += ["testserver"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = BASE_URL

INSTALLED_APPS = [
    "lms",
    "content",
    "organisations",
    "courses",
    "assignments",
    "attendance",
    "quizzes",
    "feedback",
    "certificates",
    "notifications",
    "dashboards",
    # Content translation (README, "Course content in other languages"): before wagtail.admin
    # so that its locale management replaces Wagtail's own.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",  # intcomma: "12,000 used of 100,000"
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lms.middleware.DatabaseUnavailableMiddleware",
    "lms.routing.SiteMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML compressed for clients that accept gzip (phones on slow data). After WhiteNoise,
    # which serves static files itself (precompressed in production); before everything
    # that reads or writes the body. BREACH: compressing a page that reflects input next to
    # a secret could leak the secret byte by byte; the one secret in our pages is the CSRF
    # token, and Django masks it afresh on every response, so it never repeats.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lms.middleware.AccountLanguageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "lms.context_processors.navigation",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite serves several requests at once only with WAL, and writers must take the
    # lock at BEGIN (IMMEDIATE) so that they queue on the busy timeout instead of failing
    # with "database is locked" on upgrade from a read transaction. The connection is kept
    # per worker thread like PostgreSQL's (CONN_MAX_AGE, default 60 s): opening one costs
    # 2-3 ms of CPU per request (schema load, PRAGMAs), a third of a cheap page.
    DATABASES["default"].pop("CONN_HEALTH_CHECKS", None)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache --------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Redis failures answer as cache misses (lms.cache): pages, sign-in and check-in keep
    # working while Redis is down or hangs, at most REDIS_SOCKET_TIMEOUT late.
    CACHES = {
        "default": {
            "BACKEND": "lms.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "lms",
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_SOCKET_TIMEOUT", "0.25")),
                "socket_timeout": float(os.environ.get("REDIS_SOCKET_TIMEOUT", "0.25")),
                "RETRY_SECONDS": float(os.environ.get("REDIS_RETRY_SECONDS", "5")),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Sessions -------------------------------------------------------------------------------
# Sessions live in the database, so Redis going away signs nobody out. "cached_db" would save
# a query per request but is not the default: a sign-out while Redis is unreachable could not
# delete the cached copy, which would sign that session in again once Redis is back.
SESSION_ENGINE = os.environ.get("SESSION_ENGINE", "django.contrib.sessions.backends.db")
# A sign-in lasts the whole bootcamp (pre-event work to follow-up: 6 weeks by default), so
# nobody has to type a password at 10:00 on the live day. Shorten it with SESSION_COOKIE_AGE
# (seconds) where devices are shared.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(60 * 60 * 24 * 42)))

# --- Tasks (Django's task API via django-tasks) -------------------------------------------
# "immediate" runs tasks in the request (no extra process, the embedded default);
# "database" persists them for `manage.py db_worker`, so nothing is lost while a worker is down.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
            "dummy": "django_tasks.backends.dummy.DummyBackend",
        }[TASKS_BACKEND],
    }
}

# --- Authentication (django-allauth) ------------------------------------------------------
AUTH_USER_MODEL = "lms.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Argon2id at OWASP's setting: ~18 ms a check instead of PBKDF2's ~0.22 s (lms/hashers.py).
PASSWORD_HASHERS = [
    "lms.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# Where a new account lands after signing up and verifying: the home page, whose "next
# step" is to apply. Signing in is lms.adapter's: each role to its own starting page.
LOGIN_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "lms.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "lms.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Bootcamp LMS] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# Passwordless sign-in: "Send me a sign-in code" on the login page mails a one-time code
# (allauth's login by code; a used code also verifies the address). No password typed, and
# no password check on the live day's critical path (even Argon2id costs ~18 ms of CPU).
ACCOUNT_LOGIN_BY_CODE_ENABLED = env_bool("ACCOUNT_LOGIN_BY_CODE_ENABLED", True)
# Mail to NGO offices can take minutes to arrive: 10 minutes instead of allauth's 3.
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = int(os.environ.get("ACCOUNT_LOGIN_BY_CODE_TIMEOUT", "600"))
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3  # wrong codes per pending sign-in (in its session)
# Rate limits live in the cache (production: REDIS_URL, see lms.checks). They are keyed on
# the account ("key" = the email typed) and, for codes, on the pending sign-in in the
# session; the per-address ("ip") ceilings only stop floods, because a whole room of
# participants may share one address (an NGO office, a carrier's NAT): 400 people signing
# in within two minutes from one address, with retries and typos, stay below them.
# See README, "Limits that fit shared addresses".
ACCOUNT_RATE_LIMITS = {
    "login": os.environ.get("RATE_LIMIT_LOGIN", "600/m/ip"),
    "login_failed": os.environ.get("RATE_LIMIT_LOGIN_FAILED", "200/m/ip,5/5m/key"),
    "request_login_code": os.environ.get("RATE_LIMIT_LOGIN_CODE", "600/m/ip,3/m/key"),
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "60/m/ip,5/m/key",
    "reset_password_from_key": "60/m/ip",
    "change_password": "5/m/user",
}
# Number of proxies in front of the app whose X-Forwarded-For allauth may trust for the
# client IP used by rate limits. 0 = use REMOTE_ADDR.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("ALLAUTH_TRUSTED_PROXY_COUNT", "0"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Bootcamp LMS"

# The Wagtail admin sends people to allauth's login page (through /cms/login/, which shows a
# signed-in non-staff user a 403 page instead of looping), so it shares its rate limits.
WAGTAILADMIN_LOGIN_URL = "/cms/login/"
# No avatars from gravatar.com: that would send a hash of each staff email to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Email --------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Bootcamp LMS <no-reply@example.org>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
if os.environ.get("EMAIL_URL"):
    _email = dj_email_url.parse(os.environ["EMAIL_URL"])
    EMAIL_BACKEND = _email.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    EMAIL_HOST = _email["EMAIL_HOST"]
    EMAIL_PORT = _email["EMAIL_PORT"]
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
    EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
    EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
    EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"] or 30
    if _email["EMAIL_BACKEND"].endswith("filebased.EmailBackend"):
        # file:///var/mail/lms writes one file per message there. Django's file backend
        # needs the folder (without it every send raised TypeError), and dj-email-url
        # drops the leading "/" of an absolute path: take it from the URL itself.
        _mail_dir = urlsplit(os.environ["EMAIL_URL"])
        EMAIL_FILE_PATH = str(BASE_DIR / (_mail_dir.netloc + _mail_dir.path))
elif os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("hi", _("Hindi"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Course content is translated page by page (wagtail-localize); a Locale exists for each of
# these (lms.locales creates any missing one after migrate). A third language is one more
# entry here and in LANGUAGES, plus its locale/<code>/LC_MESSAGES/django.po.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# A translation is published when a trainer publishes it, not whenever the source is.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
TIME_ZONE = "UTC"  # storage is UTC; pages show times in each bootcamp's own zone
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Files that only permission-checking views may hand out (submissions, certificates) live
# outside MEDIA_ROOT, so no web server configuration can expose them by accident.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))

AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    _s3_options = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "default_acl": None,
        "file_overwrite": False,
    }
    STORAGES = {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3_options},
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**_s3_options, "location": "private", "querystring_auth": True},
        },
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
else:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
        },
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail --------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Bootcamp LMS"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_DOCUMENT_MODEL = "content.PrivateDocument"  # stored in private storage
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
# Decodes every uploaded image: a corrupt, truncated or polyglot file is a form error.
WAGTAILIMAGES_IMAGE_FORM_BASE = "content.image_forms.CheckedImageForm"
# Documents may hold material for enrolled participants only: serve them through Django so
# that collection privacy applies, never as a public redirect.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Every document downloads as an attachment: nothing a trainer uploads renders in the browser.
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
WAGTAIL_ENABLE_UPDATE_CHECK = False
# How long a worker remembers which site a host is (lms.routing); 0 = ask the database.
SITE_CACHE_SECONDS = int(os.environ.get("SITE_CACHE_SECONDS", "60"))

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail overrides it to SAMEORIGIN for its preview iframe
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    # A TLS-terminating proxy in front may do the redirect itself; then set it false.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Trust X-Forwarded-Proto only when a proxy we control sets it (it can be spoofed otherwise).
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)
if not DEBUG and env_bool("SECURE_SSL_REDIRECT", True) is False:
    # Deliberately turned off because the proxy redirects; don't warn about it.
    SILENCED_SYSTEM_CHECKS = ["security.W008"]

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # Each task logs its start and end at INFO: too chatty for the console.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# --- certificates ---
# Public verification lookups allowed per client IP per minute (then a 429 page).
CERTIFICATES_VERIFY_PER_MINUTE = int(os.environ.get("CERTIFICATES_VERIFY_PER_MINUTE", "30"))

# --- notifications ---
# WhatsApp Business Cloud API (or a compatible provider such as Turn.io: same message
# endpoint under another base URL). Empty phone number id / token = WhatsApp switched off.
WHATSAPP_API_BASE_URL = os.environ.get(
    "WHATSAPP_API_BASE_URL", "https://graph.facebook.com/v21.0"
).rstrip("/")
WHATSAPP_PHONE_NUMBER_ID = os.environ.get("WHATSAPP_PHONE_NUMBER_ID", "")
WHATSAPP_ACCESS_TOKEN = os.environ.get("WHATSAPP_ACCESS_TOKEN", "")
# Signs inbound webhooks (X-Hub-Signature-256); the verify token answers the GET handshake.
WHATSAPP_APP_SECRET = os.environ.get("WHATSAPP_APP_SECRET", "")
WHATSAPP_VERIFY_TOKEN = os.environ.get("WHATSAPP_VERIFY_TOKEN", "")
WHATSAPP_TEMPLATE_LANGUAGE = os.environ.get("WHATSAPP_TEMPLATE_LANGUAGE", "en")
# Our language code → WhatsApp's code of the approved templates' version in it (WhatsApp
# names some languages its own way: en_US, pt_BR). A language missing here is sent
# WHATSAPP_TEMPLATE_LANGUAGE's version. Environment: "en:en,hi:hi".
WHATSAPP_TEMPLATE_LANGUAGES = dict(
    item.split(":", 1) for item in env_list("WHATSAPP_TEMPLATE_LANGUAGES", "en:en,hi:hi")
    if ":" in item)
WHATSAPP_MESSAGES_PER_SECOND = float(os.environ.get("WHATSAPP_MESSAGES_PER_SECOND", "20"))
WHATSAPP_CONNECT_TIMEOUT = float(os.environ.get("WHATSAPP_CONNECT_TIMEOUT", "5"))
WHATSAPP_READ_TIMEOUT = float(os.environ.get("WHATSAPP_READ_TIMEOUT", "15"))
# The local provider stand-in (notifications/sandbox.py, /cms/notifications/sandbox/):
# on with DEBUG, or with this set where DEBUG is off (a staging site). Never in production.
WHATSAPP_SANDBOX = env_bool("WHATSAPP_SANDBOX", False)
EMAIL_MESSAGES_PER_SECOND = float(os.environ.get("EMAIL_MESSAGES_PER_SECOND", "10"))
# Retries: 429/5xx/unreachable provider, backoff base * 2^(attempt-1), capped.
NOTIFICATIONS_MAX_ATTEMPTS = int(os.environ.get("NOTIFICATIONS_MAX_ATTEMPTS", "6"))
NOTIFICATIONS_BACKOFF_SECONDS = int(os.environ.get("NOTIFICATIONS_BACKOFF_SECONDS", "30"))
NOTIFICATIONS_BACKOFF_MAX_SECONDS = int(os.environ.get("NOTIFICATIONS_BACKOFF_MAX_SECONDS", "3600"))
# After a timeout the provider may have accepted the message: wait this long for its status
# webhook before concluding it did not (README, "Notifications: email and WhatsApp").
NOTIFICATIONS_RECONCILE_SECONDS = int(os.environ.get("NOTIFICATIONS_RECONCILE_SECONDS", "900"))
# A worker's claim on a message it has not yet handed to the provider (waiting for its rate
# slot): if the worker dies, the scheduler queues the message again after this long. Longer
# than any rate-slot wait, short enough that a killed worker delays a message minutes only.
NOTIFICATIONS_LEASE_SECONDS = int(os.environ.get("NOTIFICATIONS_LEASE_SECONDS", "120"))
# A worker that sent a message while the database is away keeps trying to record the
# outcome this long (a restart, a failover) before leaving the message to reconciliation.
NOTIFICATIONS_RECORD_RETRY_SECONDS = int(
    os.environ.get("NOTIFICATIONS_RECORD_RETRY_SECONDS", "120"))
# Learning by WhatsApp (README, "Taking a bootcamp by WhatsApp"). WhatsApp limits how fast
# one person may be written to; a burst of chat replies beyond this waits, in order, for
# the next minute rather than being refused by the provider.
WHATSAPP_MESSAGES_PER_RECIPIENT_PER_MINUTE = int(
    os.environ.get("WHATSAPP_MESSAGES_PER_RECIPIENT_PER_MINUTE", "10"))
# A participant who started a module by chat and sent nothing for this long gets one nudge.
CHAT_NUDGE_AFTER_HOURS = float(os.environ.get("CHAT_NUDGE_AFTER_HOURS", "48"))
# How long a private lesson document's signed link (sent by WhatsApp) stays valid.
CHAT_DOCUMENT_LINK_MAX_AGE = int(os.environ.get("CHAT_DOCUMENT_LINK_MAX_AGE", "86400"))

# --- dashboards ---
# The at-risk flags (README, "Organiser dashboards"): "no pre-event work started N days
# before Day 1" and "no activity in N days".
DASHBOARDS_PRE_EVENT_WARNING_DAYS = int(
    os.environ.get("DASHBOARDS_PRE_EVENT_WARNING_DAYS", "7"))
DASHBOARDS_INACTIVE_AFTER_DAYS = int(os.environ.get("DASHBOARDS_INACTIVE_AFTER_DAYS", "14"))

# --- attendance ---
# Wrong check-in codes allowed per account (and per browser session) and per client IP
# within the window (seconds). The per-IP figure is a flood ceiling only: a room of 400
# behind one address makes ~40-80 honest typos in the first minutes (README).
ATTENDANCE_CHECK_IN_FAILURES_PER_USER = int(
    os.environ.get("ATTENDANCE_CHECK_IN_FAILURES_PER_USER", "5"))
ATTENDANCE_CHECK_IN_FAILURES_PER_IP = int(
    os.environ.get("ATTENDANCE_CHECK_IN_FAILURES_PER_IP", "1000"))
ATTENDANCE_CHECK_IN_FAILURE_WINDOW = int(
    os.environ.get("ATTENDANCE_CHECK_IN_FAILURE_WINDOW", "600"))
# Video-call report uploads: size and row caps.
ATTENDANCE_IMPORT_MAX_BYTES = int(os.environ.get("ATTENDANCE_IMPORT_MAX_BYTES", str(25 << 20)))
ATTENDANCE_IMPORT_MAX_ROWS = int(os.environ.get("ATTENDANCE_IMPORT_MAX_ROWS", "200000"))
