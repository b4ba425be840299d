"""Signals other apps use to react to progress without importing each other.

`progress_changed` is sent (through transaction.on_commit) whenever a recorded fact that
feeds progress changes: a module completed or undone, a review decided, attendance recorded.
Receivers (e.g. certificates' eligibility check) must be idempotent.
"""

from django.db import transaction
from django.dispatch import Signal

# kwargs: bootcamp_id: int, user_ids: list[int]
progress_changed = Signal()


def send_progress_changed(*, bootcamp_id: int, user_ids) -> None:
    """Send progress_changed once the current transaction commits."""

    ids = list(user_ids)
    transaction.on_commit(
        lambda: progress_changed.send(sender=None, bootcamp_id=bootcamp_id, user_ids=ids)
    )
