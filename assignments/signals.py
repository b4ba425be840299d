"""Events of the assignments app for apps that sit on top of it (notifications).

Sent inside the service's transaction, after the change is written, so a receiver's
records commit or roll back with it (receivers send anything only on commit). Receivers
must be idempotent.
"""

from django.dispatch import Signal

# kwargs: version (SubmissionVersion, just created), user_ids: list[int] (the participant,
#         or the team's roster)
submission_submitted = Signal()

# kwargs: review (Review, just recorded), user_ids: list[int] (as above)
review_recorded = Signal()
