from django.apps import AppConfig


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = "Bootcamp LMS"

    def ready(self) -> None:
        # Imported for what they register: the deploy checks and the `__in_ids` lookup.
        from lms import checks, locales, lookups  # noqa: F401

        locales.connect()
