"""Two organisers select for the last seat at the same moment: only one wins (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from organisations import services
from organisations.models import Application, BootcampSelectionSettings
from tests.courses.factories import build_bootcamp
from tests.factories import organiser
from tests.organisations.factories import ApplicationFactory

Status = Application.Status


@pytest.mark.postgres
def test_concurrent_selection_never_exceeds_capacity(transactional_db):
    bootcamp = build_bootcamp(capacity=2, modules_per_stage=1)
    # The settings row exists already, so only the row lock (not the row's creation) can
    # serialise the selections.
    BootcampSelectionSettings.objects.create(bootcamp=bootcamp)
    ApplicationFactory(bootcamp=bootcamp, status=Status.SELECTED)  # one seat already taken
    contenders = [ApplicationFactory(bootcamp=bootcamp, status=Status.SHORTLISTED)
                  for _ in range(6)]
    actors = [organiser() for _ in contenders]
    barrier = threading.Barrier(len(contenders))
    outcomes = []

    def select(application, actor):
        try:
            barrier.wait()
            services.change_status(application=application, to_status=Status.SELECTED,
                                   actor=actor)
            outcomes.append("selected")
        except services.CapacityReached:
            outcomes.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=select, args=pair) for pair in zip(contenders, actors,
                                                                          strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["full"] * 5 + ["selected"]
    assert Application.objects.filter(bootcamp=bootcamp, status=Status.SELECTED).count() == 2
