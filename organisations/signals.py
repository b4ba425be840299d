"""Events of the organisations app for apps that sit on top of it (notifications).

This app must not import those apps, so it announces what happened and they react. Each
signal is sent inside the service's transaction, after the change is written: a receiver's
writes (e.g. a queued notification record) commit or roll back together with the change,
and anything it sends leaves only on commit (receivers defer sending to `on_commit`).
Receivers must be idempotent; every signal carries what identifies the event.
"""

from django.dispatch import Signal

# kwargs: application (Application, submitted just now)
application_submitted = Signal()

# kwargs: application (Application, status already changed), from_status: str,
#         to_status: str, promoted: bool (selected from the waitlist after a withdrawal),
#         user_ids: list[int] (who hears about decisions: the applicant and the leads)
application_status_changed = Signal()

# kwargs: invitation (Invitation), invitation_url: str (holds the single-use token, which
#         is stored only hashed and can't be rebuilt later), bootcamp (BootcampPage | None)
invitation_created = Signal()
