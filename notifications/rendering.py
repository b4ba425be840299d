"""What each kind of message says: default texts, the placeholders each may use, and the
safe substitution of editable text.

Editable subjects and bodies are `string.Template` text (`$name` or `${name}`) substituted
over an allowlisted context. They are never compiled as Django templates: `{{ ... }}` and
`{% ... %}` in editable text stay literal characters, and the HTML email escapes the result.
"""

import string
from dataclasses import dataclass

from django.template.loader import render_to_string

from notifications.models import Kind, MessageTemplate

COMMON_PLACEHOLDERS = ("name", "bootcamp", "site_url")

PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    Kind.APPLICATION_RECEIVED: ("organisation", "application_url"),
    Kind.APPLICATION_DECISION: ("organisation", "decision", "application_url"),
    Kind.TEAM_INVITATION: ("organisation", "invited_by", "invitation_url"),
    Kind.SUBMISSION_RECEIVED: ("assignment", "version", "submission_url"),
    Kind.REVIEW_OUTCOME: ("assignment", "decision", "feedback", "submission_url"),
    Kind.CERTIFICATE_ISSUED: ("certificate_url", "verify_url"),
    Kind.SESSION_REMINDER_24H: ("session", "starts_at", "session_url", "ics_url"),
    Kind.SESSION_REMINDER_1H: ("session", "starts_at", "session_url", "ics_url", "join_url"),
    Kind.ASSIGNMENT_DUE_48H: ("assignment", "due_at", "assignment_url"),
    Kind.PRE_EVENT_NOT_STARTED: ("day_one", "pre_event_url"),
    Kind.FOLLOW_UP_REMINDER: ("session", "starts_at", "session_url", "ics_url"),
    Kind.ANNOUNCEMENT: ("subject", "message"),
    Kind.REPLY: ("message",),
}

DEFAULTS: dict[str, tuple[str, str]] = {
    Kind.APPLICATION_RECEIVED: (
        "We received the application of $organisation",
        "Hello $name,\n\nthank you: the application of $organisation to $bootcamp has been "
        "received. You can follow it here: $application_url",
    ),
    Kind.APPLICATION_DECISION: (
        "Decision on the application of $organisation",
        "Hello $name,\n\nthe application of $organisation to $bootcamp is now: $decision.\n"
        "Details: $application_url",
    ),
    Kind.TEAM_INVITATION: (
        "$invited_by invites you to join $organisation",
        "Hello,\n\n$invited_by invites you to join the team of $organisation for $bootcamp.\n"
        "Accept the invitation here: $invitation_url",
    ),
    Kind.SUBMISSION_RECEIVED: (
        "Submission received: $assignment",
        "Hello $name,\n\nwe received version $version of your submission to $assignment.\n"
        "$submission_url",
    ),
    Kind.REVIEW_OUTCOME: (
        "Review of $assignment: $decision",
        "Hello $name,\n\nyour submission to $assignment was reviewed: $decision.\n\n"
        "$feedback\n\n$submission_url",
    ),
    Kind.CERTIFICATE_ISSUED: (
        "Your certificate for $bootcamp",
        "Congratulations $name!\n\nyour certificate for $bootcamp has been issued: "
        "$certificate_url\nAnyone can verify it at $verify_url",
    ),
    Kind.SESSION_REMINDER_24H: (
        "Tomorrow: $session",
        "Hello $name,\n\n$session of $bootcamp starts at $starts_at.\n"
        "Details: $session_url\nAdd it to your calendar: $ics_url",
    ),
    Kind.SESSION_REMINDER_1H: (
        "In one hour: $session",
        "Hello $name,\n\n$session of $bootcamp starts at $starts_at.\n"
        "Join here: $join_url\nCalendar: $ics_url",
    ),
    Kind.ASSIGNMENT_DUE_48H: (
        "Due in 48 hours: $assignment",
        "Hello $name,\n\n$assignment of $bootcamp is due at $due_at and we have not "
        "received your submission yet: $assignment_url",
    ),
    Kind.PRE_EVENT_NOT_STARTED: (
        "$bootcamp starts on $day_one: pre-event work",
        "Hello $name,\n\n$bootcamp starts on $day_one and you have not started the "
        "pre-event work yet. Start here: $pre_event_url",
    ),
    Kind.FOLLOW_UP_REMINDER: (
        "Follow-up session: $session",
        "Hello $name,\n\nthe follow-up session of $bootcamp, $session, is at $starts_at.\n"
        "Details: $session_url\nCalendar: $ics_url",
    ),
    Kind.ANNOUNCEMENT: ("$subject", "$message"),
    Kind.REPLY: ("Re: your WhatsApp message", "$message"),
}


def allowed_placeholders(kind: str) -> tuple[str, ...]:
    return COMMON_PLACEHOLDERS + PLACEHOLDERS.get(kind, ())


def substitute(text: str, kind: str, context: dict) -> str:
    """`$name` substitution of editable text over the kind's allowlisted context only.

    Unknown placeholders stay as written; values are plain strings (never evaluated)."""
    allowed = {key: str(context.get(key, "")) for key in allowed_placeholders(kind)}
    return string.Template(text).safe_substitute(allowed)


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    body: str
    text: str
    html: str
    whatsapp_template: str
    whatsapp_parameters: list[str]


def render(*, kind: str, context: dict, bootcamp_id: int | None) -> RenderedMessage:
    """The message for one recipient: the bootcamp's editable text or the default."""
    subject, body = DEFAULTS[kind]
    whatsapp_template = kind
    if bootcamp_id is not None:
        custom = MessageTemplate.objects.filter(bootcamp_id=bootcamp_id, kind=kind).first()
        if custom is not None:
            subject, body = custom.subject, custom.body
            whatsapp_template = custom.whatsapp_template_name or kind
    subject = " ".join(substitute(subject, kind, context).split())  # no header injection
    body = substitute(body, kind, context)
    paragraphs = [paragraph for paragraph in body.split("\n\n") if paragraph.strip()]
    html = render_to_string(
        "notifications/email/message.html", {"subject": subject, "paragraphs": paragraphs}
    )
    text = render_to_string("notifications/email/message.txt", {"body": body})
    # Template parameters are positional in WhatsApp: the kind's placeholders in order.
    parameters = [str(context.get(key, "")) or "-" for key in allowed_placeholders(kind)]
    return RenderedMessage(subject, body, text, html, whatsapp_template, parameters)
