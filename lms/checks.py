"""Deploy checks for what Django's own --deploy checks can't know about this project."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def shared_cache_for_rate_limits(app_configs, **kwargs):
    # allauth counts login attempts in the cache; a per-process local-memory cache lets an
    # attacker multiply the limit by the number of web processes.
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("LocMemCache") or backend.endswith("DummyCache"):
        return [
            Warning(
                "The default cache is per process, so login rate limits are not shared.",
                hint="Set REDIS_URL in production.",
                id="lms.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def persistent_task_queue(app_configs, **kwargs):
    if settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend"):
        return [
            Warning(
                "Background tasks run inside web requests and are lost if one fails.",
                hint="Set TASKS_BACKEND=database and run `manage.py db_worker`.",
                id="lms.W002",
            )
        ]
    return []
