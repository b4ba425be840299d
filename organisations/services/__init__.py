"""Writes of the organisations app, one module per process.

- `applications`: applications, selection up to capacity, the waitlist, scores and notes.
- `teams`: invitations, membership, the lead role.
- `perks`: the messaging-credits import.

Callers import from `organisations.services`; the names below are its public API.
"""

from organisations.services.applications import (
    ANSWER_FIELDS,
    TRANSITIONS,
    ApplicationError,
    CapacityReached,
    RegistrationClosed,
    add_review_note,
    bulk_change_status,
    change_status,
    decision_recipient_ids,
    existing_application,
    save_application,
    score_application,
    withdraw_application,
)
from organisations.services.perks import PerkImportError, import_credits_used
from organisations.services.teams import (
    INVITATION_DAYS,
    AlreadyInvited,
    InvitationError,
    accept_invitation,
    bootcamp_of_team,
    cancel_invitation,
    check_invitation,
    invitation_for_token,
    invite_member,
    remove_member,
    resend_invitation,
    transfer_lead,
)

__all__ = [
    "ANSWER_FIELDS", "INVITATION_DAYS", "AlreadyInvited", "cancel_invitation",
    "resend_invitation", "TRANSITIONS", "ApplicationError", "CapacityReached",
    "InvitationError", "PerkImportError", "RegistrationClosed", "accept_invitation",
    "add_review_note", "bootcamp_of_team", "bulk_change_status", "change_status",
    "check_invitation", "decision_recipient_ids", "existing_application", "import_credits_used",
    "invitation_for_token", "invite_member", "remove_member", "save_application",
    "score_application", "transfer_lead", "withdraw_application",
]
