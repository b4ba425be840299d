"""What the certificates app does when other apps' facts change (connected in apps.py)."""

from certificates.tasks import issue_when_eligible


def check_eligibility(sender, *, bootcamp_id: int, user_ids, **kwargs) -> None:
    """A fact feeding progress changed (sent on commit): check and issue in the background."""
    issue_when_eligible.enqueue(bootcamp_id, list(user_ids))
