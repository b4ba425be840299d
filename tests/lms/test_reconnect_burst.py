"""A burst of connection errors (a 20-second database restart): the worker and the scheduler
back off 1, 2, 4 … 30 s between tries, keep going, and start the backoff afresh after."""

import pytest
from django.core.management import call_command
from django.db import InterfaceError, OperationalError
from django_tasks_db.management.commands import db_worker as upstream

from lms import reconnect
from lms.management.commands import db_worker
from notifications.management.commands import send_reminders

BURST = [OperationalError("connection refused"),
         OperationalError("the database system is starting up"),
         InterfaceError("connection already closed"),
         OperationalError("terminating connection due to administrator command"),
         OperationalError("connection refused"),
         OperationalError("connection refused")]


class StopLoop(Exception):
    pass


@pytest.fixture
def waits(monkeypatch):
    """The real Backoff, sleeping into a list; connections dropped into a counter."""
    slept, dropped = [], []
    original = reconnect.Backoff.__init__

    def init(self, **kwargs):
        original(self, **{**kwargs, "sleep": slept.append})

    monkeypatch.setattr(reconnect.Backoff, "__init__", init)
    monkeypatch.setattr(reconnect, "drop_connections", lambda: dropped.append(1))
    return slept, dropped


def test_worker_survives_a_burst_with_growing_waits(monkeypatch, waits):
    slept, dropped = waits
    outcomes = [*BURST, None]

    def parent_run(self):
        outcome = outcomes.pop(0)
        if outcome is not None:
            raise outcome

    monkeypatch.setattr(upstream.Worker, "run", parent_run)
    worker = db_worker.ResilientWorker(
        queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="burst", excluded_queue_names=[])
    worker.run()
    assert outcomes == []  # it kept trying until the database answered
    assert slept == [1, 2, 4, 8, 16, 30]
    assert len(dropped) == len(BURST)


@pytest.mark.django_db
def test_scheduler_survives_a_burst_and_resets_its_backoff(monkeypatch, waits):
    slept, _dropped = waits
    outcomes = [*BURST, None, OperationalError("connection refused"), None]
    rounds = []

    def run_once(self):
        rounds.append(1)
        outcome = outcomes.pop(0)
        if outcome is not None:
            raise outcome

    loop_sleeps = []

    def loop_sleep(seconds):
        loop_sleeps.append(seconds)
        if len(loop_sleeps) == 2:
            raise StopLoop

    monkeypatch.setattr(send_reminders.Command, "run_once", run_once)
    monkeypatch.setattr(send_reminders.time, "sleep", loop_sleep)
    with pytest.raises(StopLoop):
        call_command("send_reminders", "--loop", "120")
    assert len(rounds) == len(BURST) + 3
    # Growing waits through the burst, the usual round after it, a fresh 1 s next time.
    assert slept == [1, 2, 4, 8, 16, 30, 1]
    assert loop_sleeps == [120, 120]
