from importlib import import_module

from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

# Each module has load(stdout). courses.demo creates the bootcamp; organisations.demo the
# organisations, their teams and enrollments, then applications and perks for them.
DEMO_MODULES = [
    "lms.demo",
    "content.demo",
    "courses.demo",
    "organisations.demo",
    "assignments.demo",
    "attendance.demo",
    "quizzes.demo",
    "feedback.demo",
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
        # The demo's story makes the services send their usual emails (submission receipts,
        # status changes) to example.org addresses, which no one can receive: keep them in
        # memory rather than printing pages of them (console backend) or mailing them (SMTP).
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            sent_before = len(getattr(mail, "outbox", []))
            with transaction.atomic():
                for module in DEMO_MODULES:
                    import_module(module).load(self.stdout)
            kept = len(getattr(mail, "outbox", [])) - sent_before
        if kept:
            self.stdout.write(f"{kept} emails to the demo's example.org addresses were not sent.")
        self.stdout.write(self.style.SUCCESS("Demo loaded. Open http://127.0.0.1:8000/"))
