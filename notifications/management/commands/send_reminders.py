"""Run every few minutes (cron / systemd timer / `--loop`): queues due reminders and sends
whatever is due (retries after backoff, quiet-hours deferrals, messages whose task was lost).

Idempotent: reminders carry dedupe keys, and sending claims each message, so overlapping
runs never send anything twice. With `--loop` a database outage does not end the process:
the round is skipped and tried again after a backoff (lms.reconnect).
"""

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from lms.reconnect import DATABASE_DOWN, Backoff, database_down
from notifications.delivery import dispatch_due
from notifications.reminders import queue_due_reminders


class Command(BaseCommand):
    help = "Queue due reminders and send due notifications (run every few minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=int, metavar="SECONDS", default=0,
                            help="Keep running, once every SECONDS (a scheduler process).")

    def handle(self, *args, loop: int = 0, **options):
        backoff = Backoff(maximum=30)
        while True:
            try:
                self.run_once()
            except DATABASE_DOWN as error:
                if not loop:
                    raise  # one-shot (cron): fail loudly, the next run catches up
                database_down(error, backoff, what="scheduler")
                continue
            if not loop:
                return
            backoff.reset()
            time.sleep(loop)

    def run_once(self) -> None:
        now = timezone.now()
        queued = queue_due_reminders(now=now)
        sent = dispatch_due(now=now)
        self.stdout.write(f"{now:%Y-%m-%d %H:%M:%S} UTC: {queued} reminders queued, "
                          f"{sent} due notifications processed")
