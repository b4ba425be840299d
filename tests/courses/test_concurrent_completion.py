"""A double click on "Mark as complete" sends two requests at once: one completion (PostgreSQL)."""

import threading

import pytest
from django.db import connection
from django.test import Client

from courses import services
from courses.models import ModuleCompletion, ModulePage
from courses.signals import progress_changed
from tests.courses.factories import build_bootcamp, enrol


@pytest.fixture
def setting(transactional_db):
    bootcamp = build_bootcamp(modules_per_stage=1)
    _enrollment, users = enrol(bootcamp, participants=1)
    return ModulePage.objects.descendant_of(bootcamp).get(), users[0]


def run_together(count, action):
    barrier = threading.Barrier(count)
    errors = []

    def run():
        try:
            barrier.wait()
            action()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgres
def test_concurrent_completions_make_one_record(setting):
    module, user = setting
    signals = []

    def receiver(**kwargs):
        signals.append(kwargs)

    progress_changed.connect(receiver, dispatch_uid="test_concurrent_completion")
    try:
        errors = run_together(6, lambda: services.complete_module(user=user, module=module))
    finally:
        progress_changed.disconnect(dispatch_uid="test_concurrent_completion")
    assert errors == []
    assert ModuleCompletion.objects.filter(user=user, module=module).count() == 1
    assert len(signals) == 1  # only the request that created it reports a change


@pytest.mark.postgres
def test_double_click_through_the_view_makes_one_record(setting):
    module, user = setting
    statuses = []

    def click():
        client = Client()
        client.force_login(user)
        statuses.append(client.post(f"/modules/{module.pk}/complete/").status_code)

    assert run_together(2, click) == []
    assert statuses == [302, 302]
    assert ModuleCompletion.objects.filter(user=user, module=module).count() == 1
