"""Many double-submits at once: one response per attendee and session, whoever wins."""

import threading

import pytest
from django.db import connection

from feedback.models import SessionFeedback
from feedback.services import Answers, submit_feedback
from tests.courses.factories import enrol
from tests.feedback.factories import FeedbackSetup


@pytest.mark.postgres
def test_concurrent_submits_leave_one_response_each(transactional_db):
    setup = FeedbackSetup()
    _enrollment, users = enrol(setup.bootcamp, participants=10)
    for user in users:
        setup.mark(user, "present")
    # Each attendee submits three times at once (a double tap and a retry).
    attempts = [(user, rating) for user in users for rating in (2, 4, 5)]
    barrier = threading.Barrier(len(attempts))
    errors = []

    def submit(user, rating):
        try:
            barrier.wait(timeout=30)
            submit_feedback(user=user, session=setup.session, bootcamp=setup.bootcamp,
                            answers=Answers(rating, "Same text", ""))
        except Exception as error:  # collected and asserted below: none expected
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=attempt) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    responses = SessionFeedback.objects.filter(session=setup.session)
    assert responses.count() == len(users)
    assert set(responses.values_list("rating", flat=True)) <= {2, 4, 5}
