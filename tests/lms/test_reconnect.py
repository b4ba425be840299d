"""The task worker and the scheduler survive a database outage: back off, reconnect, go on."""

import pytest
from django.core.management import call_command
from django.db import InterfaceError, OperationalError, connection
from django.test import override_settings
from django_tasks_db.management.commands import db_worker as upstream

from lms import reconnect
from lms.management.commands import db_worker
from notifications.management.commands import send_reminders

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class StopLoop(Exception):
    """Ends an endless loop from inside a test."""


def make_worker(backoff):
    return db_worker.ResilientWorker(
        queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="test-worker",
        excluded_queue_names=[], backoff=backoff)


def test_backoff_doubles_up_to_the_maximum_and_resets():
    slept = []
    backoff = reconnect.Backoff(initial=1, maximum=5, sleep=slept.append)
    for _ in range(5):
        backoff.wait()
    backoff.reset()
    backoff.wait()
    assert slept == [1, 2, 4, 5, 5, 1]


def test_worker_reconnects_after_operational_errors(monkeypatch):
    calls, closed, slept = [], [], []
    outcomes = [OperationalError("connection refused"), InterfaceError("connection already closed"),
                None]

    def parent_run(self):
        calls.append(1)
        outcome = outcomes.pop(0)
        if outcome is not None:
            raise outcome

    monkeypatch.setattr(upstream.Worker, "run", parent_run)
    monkeypatch.setattr(reconnect, "drop_connections", lambda: closed.append(1))
    worker = make_worker(reconnect.Backoff(initial=1, maximum=30, sleep=slept.append))

    worker.run()  # returns normally once the database answers again

    assert len(calls) == 3
    assert slept == [1, 2]  # backed off between the tries
    assert len(closed) == 2  # broken connections dropped before each retry


def test_worker_does_not_swallow_other_errors(monkeypatch):
    def parent_run(self):
        raise ValueError("a bug, not an outage")

    monkeypatch.setattr(upstream.Worker, "run", parent_run)
    worker = make_worker(reconnect.Backoff(sleep=lambda s: None))
    with pytest.raises(ValueError):
        worker.run()


def test_worker_stopping_during_an_outage_exits(monkeypatch):
    def parent_run(self):
        self.running = False  # SIGTERM arrived while the database was down
        raise OperationalError("server closed the connection")

    monkeypatch.setattr(upstream.Worker, "run", parent_run)
    with pytest.raises(OperationalError):
        make_worker(reconnect.Backoff(sleep=lambda s: None)).run()


@pytest.mark.django_db(transaction=True)  # the worker manages its own connection
def test_db_worker_command_runs_the_resilient_worker(monkeypatch):
    """`manage.py db_worker` is ours: a refused connection on the first poll is retried and
    the worker then drains the (empty) queue and exits in --batch mode."""
    polls = []
    original_run = upstream.Worker.run

    def flaky_run(self):
        polls.append(type(self))
        if len(polls) == 1:
            raise OperationalError("connection failed: Connection refused")
        return original_run(self)

    monkeypatch.setattr(upstream.Worker, "run", flaky_run)
    waits = []

    def wait(self):
        waits.append(self.delay)
        if len(waits) > 3:
            raise StopLoop  # the test must end even if reconnecting never works

    monkeypatch.setattr(reconnect.Backoff, "wait", wait)
    # Closing for real would end the test's own transaction.
    monkeypatch.setattr(reconnect, "drop_connections", lambda: None)
    with override_settings(TASKS=DATABASE_BACKEND):
        call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    assert polls == [db_worker.ResilientWorker, db_worker.ResilientWorker]
    assert waits == [1.0]
    assert upstream.Worker is not db_worker.ResilientWorker  # the swap is undone


@pytest.mark.django_db(transaction=True)
def test_drop_connections_closes_and_the_next_query_reconnects():
    if connection.vendor == "sqlite":
        pytest.skip("Django never closes the in-memory SQLite test database")
    connection.ensure_connection()
    assert connection.connection is not None
    reconnect.drop_connections()
    assert connection.connection is None
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


@pytest.mark.django_db
def test_scheduler_loop_survives_a_database_blip(monkeypatch):
    rounds = []

    def queue_due_reminders(*, now):
        rounds.append(now)
        if len(rounds) == 1:
            raise OperationalError("terminating connection due to administrator command")
        return 0

    backoff_waits, loop_sleeps = [], []
    monkeypatch.setattr(send_reminders, "queue_due_reminders", queue_due_reminders)
    monkeypatch.setattr(send_reminders, "dispatch_due", lambda *, now: 0)
    monkeypatch.setattr(reconnect.Backoff, "wait", lambda self: backoff_waits.append(self.delay))

    def loop_sleep(seconds):
        loop_sleeps.append(seconds)
        raise StopLoop

    monkeypatch.setattr(send_reminders.time, "sleep", loop_sleep)
    with pytest.raises(StopLoop):
        call_command("send_reminders", "--loop", "120", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(rounds) == 2  # the failed round was retried, not fatal
    assert backoff_waits == [1.0]
    assert loop_sleeps == [120]  # then back to the normal rhythm


@pytest.mark.django_db
def test_scheduler_without_loop_still_fails_loudly(monkeypatch):
    def queue_due_reminders(*, now):
        raise OperationalError("connection refused")

    monkeypatch.setattr(send_reminders, "queue_due_reminders", queue_due_reminders)
    with pytest.raises(OperationalError):
        call_command("send_reminders")
