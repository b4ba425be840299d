from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Each module has load(stdout). courses.demo creates the bootcamp, the organisations and
# their enrollments; organisations.demo then adds applications and perks for them.
DEMO_MODULES = [
    "lms.demo",
    "content.demo",
    "courses.demo",
    "organisations.demo",
    "assignments.demo",
    "attendance.demo",
    "certificates.demo",
    "notifications.demo",
    "dashboards.demo",
]


class Command(BaseCommand):
    help = "Load the demo bootcamp and accounts (idempotent: run it as often as you like)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off. The demo accounts have a published password.",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load demo accounts with DEBUG off: their password is published. "
                "Use --force if this really is a throw-away site."
            )
        with transaction.atomic():
            for module in DEMO_MODULES:
                import_module(module).load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo loaded. Open http://127.0.0.1:8000/"))
