"""`manage.py db_worker`: django-tasks-db's worker, kept alive through database outages.

This command shadows django_tasks_db's own (the `lms` app comes first in INSTALLED_APPS) and
takes the same options. Its worker loop raises on any database error outside a locked
SQLite file, so a 20-second PostgreSQL blip used to end the process with tasks waiting.
Here the loop is restarted after a backoff (lms.reconnect) instead. A task that was running
when the connection died stays "running" in django-tasks-db; what matters for messages is
the Notification row, whose claim lease lets the scheduler send it again
(notifications' reconcile step).
"""

import time

from django_tasks_db.management.commands import db_worker

from lms.reconnect import DATABASE_DOWN, Backoff, database_down

# A worker loop that ran this long before failing was healthy: start the backoff afresh.
HEALTHY_SECONDS = 60


class ResilientWorker(db_worker.Worker):
    def __init__(self, *args, backoff: Backoff | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.backoff = backoff or Backoff()

    def run(self) -> None:
        while self.running:
            started = time.monotonic()
            try:
                super().run()
                return  # --batch / --max-tasks finished, or a graceful shutdown
            except DATABASE_DOWN as error:
                if not self.running:
                    raise
                if time.monotonic() - started > HEALTHY_SECONDS:
                    self.backoff.reset()
                database_down(error, self.backoff, what=f"worker {self.worker_id}")


class Command(db_worker.Command):
    help = db_worker.Command.help + " (reconnects after a database outage)"

    def handle(self, *args, **options):
        # The parent builds `Worker(...)` from its module: hand it ours for this call.
        original = db_worker.Worker
        db_worker.Worker = ResilientWorker
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker = original
