"""What each kind of message says: default texts, the placeholders each may use, and the
safe substitution of editable text.

Editable subjects and bodies are `string.Template` text (`$name` or `${name}`) substituted
over an allowlisted context. They are never compiled as Django templates: `{{ ... }}` and
`{% ... %}` in editable text stay literal characters, and the HTML email escapes the result.
"""

import re
import string
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from notifications.models import Kind, MessageTemplate

COMMON_PLACEHOLDERS = ("name", "bootcamp", "site_url")

PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    Kind.APPLICATION_RECEIVED: ("organisation", "application_number", "submitted_at",
                                "application_url"),
    Kind.APPLICATION_SELECTED: ("organisation", "organisation_url", "bootcamp_url",
                                "application_url"),
    Kind.APPLICATION_WAITLISTED: ("organisation", "application_url"),
    Kind.APPLICATION_REJECTED: ("organisation", "application_url"),
    Kind.WAITLIST_PROMOTED: ("organisation", "organisation_url", "bootcamp_url",
                             "application_url"),
    Kind.TEAM_INVITATION: ("organisation", "invited_by", "invitation_url", "expires_on"),
    Kind.SUBMISSION_RECEIVED: ("assignment", "version", "submitted_at", "submitted_by",
                               "submission_url"),
    Kind.REVIEW_OUTCOME: ("assignment", "decision", "outcome", "points", "feedback",
                          "submission_url"),
    Kind.CERTIFICATE_ISSUED: ("recipient_name", "code", "certificate_url", "verify_url"),
    # New placeholders go last: WhatsApp template parameters are positional.
    Kind.SESSION_REMINDER_24H: ("session", "starts_at", "session_url", "ics_url",
                                "check_in_url", "sign_in_url"),
    Kind.SESSION_REMINDER_1H: ("session", "starts_at", "session_url", "ics_url", "join_url",
                               "check_in_url"),
    Kind.ASSIGNMENT_DUE_48H: ("assignment", "due_at", "assignment_url"),
    Kind.PRE_EVENT_NOT_STARTED: ("day_one", "pre_event_url"),
    Kind.FOLLOW_UP_REMINDER: ("session", "starts_at", "session_url", "ics_url"),
    Kind.SESSION_FEEDBACK: ("session", "feedback_url", "closes_at"),
    Kind.ANNOUNCEMENT: ("subject", "message"),
    Kind.REPLY: ("message",),
    Kind.LESSON_NUDGE: ("module",),
}

# The transactional texts are the ones the organisations and assignments apps used to send
# themselves (the bootcamp's voice); organisers can replace any of them per bootcamp.
DEFAULTS: dict[str, tuple[str, str]] = {
    Kind.APPLICATION_RECEIVED: (
        "We received your application to $bootcamp",
        "Hello $name,\n\nthank you for applying to $bootcamp for $organisation.\n\n"
        "Your application no. $application_number was received on $submitted_at. It is "
        "final now; we will write to you when the organisers have decided.\n\n"
        "Your receipt: $application_url\n\nThe $bootcamp team",
    ),
    Kind.APPLICATION_SELECTED: (
        "You are selected for $bootcamp",
        "Hello $name,\n\ncongratulations! $organisation has been selected for $bootcamp.\n\n"
        "The colleagues you listed are being invited by email. You can see and manage your "
        "team here:\n$organisation_url\n\nThe bootcamp: $bootcamp_url\n\n"
        "See you there — the $bootcamp team",
    ),
    Kind.APPLICATION_WAITLISTED: (
        "You are on the waitlist for $bootcamp",
        "Hello $name,\n\nthank you for applying. $bootcamp is full for now, and $organisation "
        "is on its waitlist. If a place frees up, the first organisation on the waitlist is "
        "selected automatically and we will write to you at once.\n\nThe $bootcamp team",
    ),
    Kind.APPLICATION_REJECTED: (
        "Your application to $bootcamp",
        "Hello $name,\n\nthank you for applying to $bootcamp for $organisation. We had many "
        "more applications than places, and we could not select yours this time. We hope to "
        "see you at a future edition.\n\nThe $bootcamp team",
    ),
    Kind.WAITLIST_PROMOTED: (
        "A place opened up: you are selected for $bootcamp",
        "Hello $name,\n\ngood news: a place in $bootcamp has opened up, and $organisation, "
        "first on the waitlist, is now selected.\n\nThe colleagues you listed are being "
        "invited by email. You can see and manage your team here:\n$organisation_url\n\n"
        "The bootcamp: $bootcamp_url\n\nSee you there — the $bootcamp team",
    ),
    Kind.TEAM_INVITATION: (
        "You are invited to join $organisation",
        "Hello $name,\n\n$organisation takes part in $bootcamp, and you are invited to join "
        "its team.\n\nAccept the invitation (sign in or create an account with this email "
        "address):\n$invitation_url\n\nThe link works once and until $expires_on.",
    ),
    Kind.SUBMISSION_RECEIVED: (
        "Submission received: $assignment",
        "Hello $name,\n\nwe received version $version of the submission to “$assignment” "
        "($bootcamp), handed in by $submitted_by on $submitted_at.\n\n"
        "You can see it on the assignment page:\n$submission_url\n\nThe $bootcamp team",
    ),
    Kind.REVIEW_OUTCOME: (
        "$decision: $assignment",
        "Hello $name,\n\nyour submission for “$assignment” ($bootcamp) $outcome.\n\n"
        "$points\n\n$feedback\n\n"
        "Read the feedback and your versions on the assignment page:\n$submission_url",
    ),
    Kind.CERTIFICATE_ISSUED: (
        "Your certificate for $bootcamp",
        "Congratulations $name!\n\nThe certificate of $recipient_name for $bootcamp has been "
        "issued. Download it here: $certificate_url\n\n"
        "Anyone can verify it at $verify_url (code $code).\n\nThe $bootcamp team",
    ),
    Kind.SESSION_REMINDER_24H: (
        "Tomorrow: $session",
        "Hello $name,\n\n$session of $bootcamp starts at $starts_at.\n"
        "Details: $session_url\nAdd it to your calendar: $ics_url\n\n"
        "Sign in today on the phone or computer you will use, so you are ready tomorrow "
        "(you stay signed in for the whole bootcamp; ask for a sign-in code if you have no "
        "password): $sign_in_url\n\n"
        "When the session starts, check in with one tap, no password needed: $check_in_url",
    ),
    Kind.SESSION_REMINDER_1H: (
        "In one hour: $session",
        "Hello $name,\n\n$session of $bootcamp starts at $starts_at.\n"
        "Join here: $join_url\nCalendar: $ics_url\n\n"
        "Check in with one tap when it starts: $check_in_url",
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
    Kind.SESSION_FEEDBACK: (
        "How did $session go?",
        "Hello $name,\n\nthank you for taking part in $session ($bootcamp). Three short "
        "questions, each optional, help the trainers make the next sessions better:\n"
        "$feedback_url\n\nYou can answer or change your answers until $closes_at.",
    ),
    Kind.ANNOUNCEMENT: ("$subject", "$message"),
    Kind.REPLY: ("Re: your WhatsApp message", "$message"),
    Kind.LESSON_NUDGE: (
        "Continue $module",
        "Hello $name,\n\nyour next step in $bootcamp is “$module”. Reply NEXT to go on "
        "with it here on WhatsApp.",
    ),
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
    # The language the text is written in: the recipient's, or the site's default when an
    # organiser's text exists only in that one (the WhatsApp template's version follows it).
    language: str = settings.LANGUAGE_CODE


def render(*, kind: str, context: dict, bootcamp_id: int | None,
           to_account: bool = True, language: str | None = None) -> RenderedMessage:
    """The message for one recipient: the bootcamp's editable text or the default.

    `to_account` is False for a message to an address without an account (an invitation),
    whose footer cannot point at notification settings. `language` is the recipient's
    (default: the active one): the default texts and the footer are written in it."""
    with translation.override(language or translation.get_language()):
        return _render(kind=kind, context=context, bootcamp_id=bootcamp_id,
                       to_account=to_account)


def _render(*, kind: str, context: dict, bootcamp_id: int | None,
            to_account: bool) -> RenderedMessage:
    # The default texts are looked up in the catalogue by their English text (the .po
    # holds their Hindi versions); "$name" placeholders are the same in every language.
    subject, body = (_(text) for text in DEFAULTS[kind])
    whatsapp_template = kind
    language = _language_code(translation.get_language())
    custom = edited_template(bootcamp_id=bootcamp_id, kind=kind, language=language)
    if custom is not None:
        subject, body, language = custom.subject, custom.body, custom.language
        whatsapp_template = custom.whatsapp_template_name or kind
    subject = " ".join(substitute(subject, kind, context).split())  # no header injection
    # An empty placeholder (no points, no feedback) leaves no gap of blank lines.
    body = re.sub(r"\n\s*\n(\s*\n)+", "\n\n", substitute(body, kind, context)).strip()
    footer = _footer(to_account)
    paragraphs = [paragraph for paragraph in body.split("\n\n") if paragraph.strip()]
    html = render_to_string(
        "notifications/email/message.html",
        {"subject": subject, "paragraphs": paragraphs, "footer": footer},
    )
    text = render_to_string("notifications/email/message.txt", {"body": body, "footer": footer})
    # Template parameters are positional in WhatsApp: the kind's placeholders in order.
    parameters = [str(context.get(key, "")) or "-" for key in allowed_placeholders(kind)]
    return RenderedMessage(subject, body, text, html, whatsapp_template, parameters, language)


def _language_code(language: str | None) -> str:
    return (language or settings.LANGUAGE_CODE).split("-")[0]


def edited_template(*, bootcamp_id: int | None, kind: str,
                    language: str) -> MessageTemplate | None:
    """The bootcamp's edited text of `kind` for a reader of `language`: the version written
    in it, else the one in the site's default language (sent as written: an organiser's
    words are not translated by machine), else None — the default text, in `language`.
    One query."""
    if bootcamp_id is None:
        return None
    found = {template.language: template for template in MessageTemplate.objects.filter(
        bootcamp_id=bootcamp_id, kind=kind, language__in={language, settings.LANGUAGE_CODE})}
    return found.get(language) or found.get(settings.LANGUAGE_CODE)


def _footer(to_account: bool) -> str:
    if not to_account:
        return _("You receive this message because someone invited this address to join "
                 "their team. If you don't know them, ignore it.")
    settings_url = settings.BASE_URL + reverse("notifications:preferences")
    return _("You receive this message because you have an account with us. Choose which "
             "messages you get and how: %(url)s") % {"url": settings_url}
