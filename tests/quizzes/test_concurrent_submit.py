"""Two requests of one double submit, really concurrent (PostgreSQL): one attempt."""

import threading
import uuid

import pytest
from django.db import connection

from courses.models import ModulePage
from quizzes import services
from quizzes.models import Attempt
from tests.courses.factories import build_bootcamp, enrol
from tests.quizzes.factories import RIGHT, add_check


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("same_token", [True, False])
def test_concurrent_submits_record_one_attempt_within_the_limit(same_token):
    bootcamp = build_bootcamp()
    user = enrol(bootcamp)[1][0]
    module = add_check(ModulePage.objects.descendant_of(bootcamp).first(), max_attempts=1)
    token = uuid.uuid4()
    barrier = threading.Barrier(4)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            page = ModulePage.objects.get(pk=module.pk)
            attempt = services.submit_attempt(
                user=user, module=page, answers=RIGHT,
                token=token if same_token else uuid.uuid4())
            outcomes.append(attempt.pk)
        except services.CheckRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Attempt.objects.count() == 1
    if same_token:
        assert set(outcomes) == {Attempt.objects.get().pk}
    else:
        assert outcomes.count("refused") == 3
