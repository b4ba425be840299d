"""Learning by WhatsApp: the commands a participant sends and the one reply each gets.

Progress is the web's: completion goes through courses.services.complete_module (the
"Mark as complete" button's service) and knowledge checks through
quizzes.services.submit_attempt (the web form's scoring and attempt record). The only
chat-specific record is ChatConversation, the place in the lesson.

Every inbound message gets exactly one reply (never several): the sender queue does not
promise an order, so one reply per message is what keeps a lesson in order on the phone.
"""

import copy
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Coalesce, Concat
from django.urls import Resolver404, resolve, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model

from courses import services as course_services
from courses.documents import document_access
from courses.knowledge_checks import (
    MULTIPLE_CHOICE,
    SHORT_TEXT,
    TRUE_FALSE,
    TRUE_FALSE_LABELS,
    feedback_for,
    is_correct,
)
from courses.models import BootcampPage, ModuleCompletion, ModulePage, RosterMember
from courses.progress import participant_dashboard, participant_progress
from lms.page_languages import page_in_language
from notifications.chat_lessons import CAPTION_LIMIT, TEXT_LIMIT, ChatPart, module_messages
from notifications.models import Channel, ChatConversation, Kind, Notification
from notifications.page_titles import RecipientTitles
from notifications.services import notify
from quizzes import services as quiz_services
from quizzes.selectors import current_snapshot

# Each command in English and in Hindi; a participant may use either whatever their
# language (a Hindi speaker's keyboard may well be set to English).
COMMANDS = {
    "MENU": "menu", "START": "menu", "मेनू": "menu", "शुरू": "menu",
    "NEXT": "next", "आगे": "next",
    "DONE": "done", "पूरा": "done",
    "PROGRESS": "progress", "प्रगति": "progress",
    "SESSIONS": "sessions", "SESSION": "sessions", "सत्र": "sessions",
    "HELP": "help", "मदद": "help",
    "BOOTCAMP": "bootcamp", "बूटकैंप": "bootcamp",
}
# Commands that only tell where the participant is: a late message (older than one already
# handled) still gets its answer; any other is not applied (it would move the lesson back).
READ_ONLY_COMMANDS = {"menu", "progress", "sessions", "help"}
# Ids of interactive choices (they come back as the message's text, notifications.inbound):
# an answer names its question, so a button pressed on an old question answers nothing.
ANSWER_ID = "answer:"
BOOTCAMP_ID = "bootcamp:"
DOCUMENT_SALT = "notifications.chat.document"
# Answers to a question are typed, so they get the size limit of the web's text answers.
ANSWER_MAX_LENGTH = 200


@dataclass(frozen=True)
class Reply:
    """One reply. `body` is the whole text (what a phone without buttons shows, and what
    the delivery log keeps); `choices` ({"id", "title", "description"?}) are sent as reply
    buttons or a list message when WhatsApp allows (notifications.whatsapp)."""

    body: str
    document_url: str = ""
    filename: str = ""
    choices: list = field(default_factory=list)
    button: str = ""


def _choice(command: str, title: str, description: str = "") -> dict:
    return {"id": command, "title": title, **({"description": description} if description
                                               else {})}


def _next_choice() -> dict:
    return _choice("NEXT", _("Next"))


def _menu_choice() -> dict:
    return _choice("MENU", _("Menu"))


def _done_choice() -> dict:
    return _choice("DONE", _("Mark complete"))


def _progress_choice() -> dict:
    return _choice("PROGRESS", _("My progress"))


def help_text() -> str:
    return _("Send NEXT for the next part of your module, DONE when you have finished it, "
             "MENU to see where you are, PROGRESS for your and your team's progress, "
             "SESSIONS for the next live session, STOP to stop all messages.")


def _bootcamp_help() -> str:
    return _("Send BOOTCAMP to learn in another of your bootcamps.")


def _conversation(user) -> ChatConversation:
    return ChatConversation.objects.select_for_update().get_or_create(user=user)[0]


def _bootcamps_of(user) -> list[BootcampPage]:
    """The live bootcamps the participant is on the roster of, soonest first."""
    return [place.bootcamp for place in RosterMember.objects.active()
            .filter(user=user, bootcamp__live=True).select_related("bootcamp")
            .order_by("bootcamp__start_date", "bootcamp_id")]


def _bootcamp_of(user, conversation: ChatConversation,
                 bootcamps: list[BootcampPage] | None = None) -> BootcampPage | None:
    """The bootcamp the chat is about: the one chosen while the participant is still on its
    roster, else their only one; None while someone in several has not chosen."""
    bootcamps = _bootcamps_of(user) if bootcamps is None else bootcamps
    chosen = next((b for b in bootcamps if b.pk == conversation.bootcamp_id), None)
    return chosen or (bootcamps[0] if len(bootcamps) == 1 else None)


def _next_module(user, bootcamp: BootcampPage) -> ModulePage | None:
    return participant_progress(bootcamp=bootcamp, user_ids=[user.pk])[user.pk].next_module


def _shown(module: ModulePage) -> ModulePage:
    """The module as a reader of the active language gets it (lms.page_languages, as on
    the web): its published translation's title, lesson and check, else the source with
    `translation_missing` set. A copy: the module may be the tree cache's shared object,
    and records are always written for the source page."""
    return page_in_language(copy.copy(module))


def _untranslated_note(module: ModulePage) -> str:
    return (_("This page is not translated into your language yet: it is shown in English.")
            + "\n") if module.translation_missing else ""


def _start_module(conversation: ChatConversation, module: ModulePage | None) -> None:
    conversation.module = module
    conversation.part = 0
    conversation.question = None
    conversation.check_snapshot = None
    conversation.answers = {}


def handle_text(*, user, text: str, message_id: str,
                sent_at: datetime | None = None) -> Reply | None:
    """The reply to one message from a participant (STOP and CHECKIN are handled before,
    by notifications.inbound). Runs in the participant's language.

    `sent_at` is WhatsApp's timestamp of the message: one older than the last handled
    (it arrived late) is not applied, and gets None (no reply) unless it only asks
    where the participant is."""
    words = text.strip().split()
    command = COMMANDS.get(words[0].upper() if words else "")
    with transaction.atomic():
        conversation = _conversation(user)  # locked: two messages at once queue up here
        last = conversation.last_message_at
        if sent_at is not None and last is not None and sent_at < last:
            if command not in READ_ONLY_COMMANDS:
                return None
        elif sent_at is not None:
            conversation.last_message_at = sent_at
        reply = _reply_to(user, conversation, text.strip(), words, command, message_id)
        conversation.save()
    return reply


def _reply_to(user, conversation: ChatConversation, text: str, words: list[str],
              command: str | None, message_id: str) -> Reply:
    bootcamps = _bootcamps_of(user)
    if not bootcamps:
        return Reply(_("You are not taking part in a bootcamp right now."))
    picked = _picked_bootcamp(conversation, bootcamps, text, words, command)
    if picked is not None:
        if picked.pk != conversation.bootcamp_id:  # the same one again keeps the place
            conversation.bootcamp = picked
            _start_module(conversation, None)
        menu = _menu(user, conversation)
        return Reply(_("You are now learning in “%(bootcamp)s”.")
                     % {"bootcamp": _bootcamp_title(picked, user)}
                     + "\n" + menu.body, choices=menu.choices, button=menu.button)
    bootcamp = _bootcamp_of(user, conversation, bootcamps)
    if bootcamp is None or (command == "bootcamp" and len(bootcamps) > 1):
        return _choose_bootcamp(user, bootcamps, asked=command == "bootcamp")
    if conversation.bootcamp_id != bootcamp.pk:
        conversation.bootcamp = bootcamp
        _start_module(conversation, None)
    if text.startswith(ANSWER_ID):
        return _pressed_answer(user, conversation, text, message_id)
    if conversation.question is not None and command is None:
        return _answer(user, conversation, text[:ANSWER_MAX_LENGTH], message_id)
    if command == "next":
        return _next(user, conversation)
    if command == "done":
        return _done(user, conversation)
    if command == "menu":
        return _menu(user, conversation)
    if command == "progress":
        return Reply(_progress(user, bootcamp), choices=[_next_choice(), _menu_choice()])
    if command == "sessions":
        return Reply(_sessions(user, bootcamp), choices=[_next_choice(), _menu_choice()])
    if command == "help":
        return Reply(_help(bootcamps), choices=[_next_choice(), _menu_choice()])
    if command == "bootcamp":
        return Reply(_("You take part in one bootcamp only: “%(bootcamp)s”.")
                     % {"bootcamp": _bootcamp_title(bootcamp, user)},
                     choices=[_next_choice(), _menu_choice()])
    return Reply(_("Sorry, I did not understand that.") + " " + _help(bootcamps),
                 choices=[_next_choice(), _menu_choice()])


def _bootcamp_title(bootcamp: BootcampPage, user) -> str:
    return RecipientTitles().title(bootcamp, bootcamp=bootcamp, user=user)


def _help(bootcamps: list[BootcampPage]) -> str:
    return help_text() + (" " + _bootcamp_help() if len(bootcamps) > 1 else "")


def _picked_bootcamp(conversation: ChatConversation, bootcamps: list[BootcampPage],
                     text: str, words: list[str], command: str | None) -> BootcampPage | None:
    """The bootcamp this message chooses, if it is a choice: a pressed list row
    ("bootcamp:<id>"), `BOOTCAMP <number>`, or just the number while choosing."""
    if text.startswith(BOOTCAMP_ID):
        pk = text.removeprefix(BOOTCAMP_ID)
        return next((b for b in bootcamps if str(b.pk) == pk), None)
    choosing = _bootcamp_of(None, conversation, bootcamps) is None
    if command == "bootcamp" and len(words) == 2:
        number = words[1]
    elif choosing and command is None and len(words) == 1:
        number = words[0]
    else:
        return None
    if number.isdigit() and 1 <= int(number) <= len(bootcamps):
        return bootcamps[int(number) - 1]
    return None


def _choose_bootcamp(user, bootcamps: list[BootcampPage], *, asked: bool) -> Reply:
    lines = [_("Which bootcamp do you want to learn in now?") if asked else
             _("You take part in %(count)d bootcamps. Which one do you want to learn in?")
             % {"count": len(bootcamps)}]
    titles = RecipientTitles()  # one lookup per bootcamp and language, in the reader's
    named = [(bootcamp, titles.title(bootcamp, bootcamp=bootcamp, user=user))
             for bootcamp in bootcamps]
    lines += [f"{number}. {title}" for number, (_bootcamp, title) in enumerate(named, 1)]
    lines.append(_("Reply with its number."))
    return Reply("\n".join(lines), button=_("Choose"), choices=[
        {"id": f"{BOOTCAMP_ID}{bootcamp.pk}", "title": title} for bootcamp, title in named])


def send_reply(*, user, reply: Reply, message_id: str) -> None:
    """Queue the reply (Kind.REPLY: free text, inside the window the message opened)."""
    context = {"message": reply.body[:TEXT_LIMIT]}
    if reply.document_url:
        context |= {"document_url": _document_link(user, reply.document_url),
                    "filename": reply.filename}
    elif reply.choices:
        context |= {"choices": reply.choices, "button": reply.button or _("Choose")}
    notify(user=user, kind=Kind.REPLY, context=context, dedupe_key=f"reply-{message_id}")


def _current_module(user, conversation: ChatConversation) -> ModulePage | None:
    if conversation.module_id is None:
        _start_module(conversation, _next_module(user, conversation.bootcamp))
    return conversation.module


def _next(user, conversation: ChatConversation) -> Reply:
    if conversation.question is not None:  # NEXT in the middle of the check: ask again
        return _question_reply(conversation.check_snapshot, conversation.question)
    module = _current_module(user, conversation)
    if module is None:
        return _all_done()
    module = _shown(module)
    parts = module_messages(module)
    # The place is a part number of the language the participant last read in; the
    # translation may have fewer parts (longer or shorter text, its own chat texts).
    conversation.part = min(conversation.part, len(parts))
    if conversation.part >= len(parts):
        if ModuleCompletion.objects.filter(user=user, module=module).exists():
            # Completed (here or on the web): on to the next module.
            following = _next_module(user, conversation.bootcamp)
            if following is None:
                return _all_done()
            _start_module(conversation, following)
            return _next(user, conversation)
        check = next((n for n, part in enumerate(parts) if part.knowledge_check), None)
        if check is not None and quiz_services.completion_refusal(user=user, module=module):
            # At the end without having passed the check (the language changed after it
            # was reached): DONE would be refused, so the check comes again.
            conversation.part = check
            return _next(user, conversation)
        return Reply(_("That was all of “%(module)s”. Send DONE to mark it complete.")
                     % {"module": module.title}, choices=[_done_choice(), _menu_choice()])
    part = parts[conversation.part]
    note = _untranslated_note(module) if conversation.part == 0 else ""
    conversation.part += 1
    heading = note + (_("“%(module)s” (part %(part)d of %(count)d)")
                      % {"module": module.title, "part": conversation.part,
                         "count": len(parts)})
    if part.knowledge_check:
        return _start_check(user, conversation, module, part, note=note)
    if part.document_url:
        return Reply((note + part.body)[:CAPTION_LIMIT], part.document_url, part.filename)
    body = f"{heading}\n\n{part.body}"
    return Reply(body if len(body) <= TEXT_LIMIT else part.body,
                 choices=[_next_choice(), _menu_choice()])


def _all_done() -> Reply:
    return Reply(_("You have completed every module. Well done!"),
                 choices=[_progress_choice(), _menu_choice()])


def _start_check(user, conversation: ChatConversation, module: ModulePage,
                 part: ChatPart, *, note: str = "") -> Reply:
    # The check as asked in the reader's language: the attempt is scored against, and
    # records, this snapshot, even if the participant changes language mid-check.
    snapshot = current_snapshot(module)
    if not snapshot or not snapshot["questions"]:
        return _next(user, conversation)
    conversation.check_snapshot = snapshot
    conversation.question = 0
    conversation.answers = {}
    return _question_reply(snapshot, 0, before=note + part.body)


def _question_reply(snapshot: dict, index: int, *, before: str = "") -> Reply:
    """The question as text with numbered options (a reply by number always works) and,
    when it is a choice of one, the options as buttons or a list whose ids name the
    question (see ANSWER_ID)."""
    text = _question_text(snapshot, index)
    body = f"{before}\n\n{text}" if before else text
    question = snapshot["questions"][index]
    if question["kind"] in (SHORT_TEXT, MULTIPLE_CHOICE):
        return Reply(body)  # typed: a free answer, or several numbers at once
    choices = []
    for number, option in enumerate(question["options"], start=1):
        label = (str(TRUE_FALSE_LABELS[number - 1]) if question["kind"] == TRUE_FALSE
                 else option["text"])
        choice_id = f"{ANSWER_ID}{question['id']}:{number}"
        choices.append({"id": choice_id, "title": label} if len(question["options"]) <= 3
                       else {"id": choice_id, "title": f"{number}. {label}",
                             "description": label})
    return Reply(body, choices=choices, button=_("Answer"))


def _pressed_answer(user, conversation: ChatConversation, text: str,
                    message_id: str) -> Reply:
    """A pressed answer button: answers the question only if it is the one being asked
    (an old message's button must not answer the next question)."""
    question_id, _separator, number = text.removeprefix(ANSWER_ID).rpartition(":")
    snapshot = conversation.check_snapshot
    if conversation.question is None:
        return Reply(_("That question is no longer open.") + " " + _("Send NEXT to continue."),
                     choices=[_next_choice(), _menu_choice()])
    if snapshot["questions"][conversation.question]["id"] != question_id:
        return _question_reply(snapshot, conversation.question,
                               before=_("That question is no longer open."))
    return _answer(user, conversation, number, message_id)


def _question_text(snapshot: dict, index: int) -> str:
    question = snapshot["questions"][index]
    lines = [_("Question %(number)d of %(count)d: %(text)s")
             % {"number": index + 1, "count": len(snapshot["questions"]),
                "text": question["text"]}]
    if question["kind"] == SHORT_TEXT:
        lines.append(_("Type your answer."))
    else:
        for number, option in enumerate(question["options"], start=1):
            label = (str(TRUE_FALSE_LABELS[number - 1]) if question["kind"] == TRUE_FALSE
                     else option["text"])
            lines.append(f"{number}. {label}")
        lines.append(_("Reply with the numbers of all right options, e.g. 1,3.")
                     if question["kind"] == MULTIPLE_CHOICE
                     else _("Reply with the number of your answer."))
    return "\n".join(lines)


def _parse_answer(question: dict, text: str):
    """The typed reply as a snapshot answer, or None when it is not a valid one."""
    if question["kind"] == SHORT_TEXT:
        return text or None
    numbers = text.replace(",", " ").split()
    # Devanagari digits (१, २, …) are digits to int() too.
    if not numbers or not all(number.isdigit() for number in numbers):
        return None
    chosen = sorted({int(number) - 1 for number in numbers})
    if any(not 0 <= index < len(question["options"]) for index in chosen):
        return None
    if question["kind"] != MULTIPLE_CHOICE and len(chosen) != 1:
        return None
    return chosen


def _answer(user, conversation: ChatConversation, text: str, message_id: str) -> Reply:
    snapshot = conversation.check_snapshot
    question = snapshot["questions"][conversation.question]
    answer = _parse_answer(question, text)
    if answer is None:
        return _question_reply(snapshot, conversation.question,
                               before=_("Please answer with one of the numbers shown."))
    conversation.answers = {**conversation.answers, question["id"]: answer}
    lines = [_("Right!") if is_correct(question, answer) else _("Not right.")]
    lines += feedback_for(question, answer)
    if question["explanation"]:
        lines.append(question["explanation"])
    if conversation.question + 1 < len(snapshot["questions"]):
        conversation.question += 1
        return _question_reply(snapshot, conversation.question, before="\n".join(lines))
    lines += ["", _finish_check(user, conversation, message_id)]
    return Reply("\n".join(lines), choices=[_next_choice(), _menu_choice()])


def _finish_check(user, conversation: ChatConversation, message_id: str) -> str:
    module = conversation.module
    # The token comes from the provider's message id: a redelivered last answer records
    # the attempt once (submit_attempt is idempotent per token).
    token = uuid.uuid5(uuid.NAMESPACE_URL, f"whatsapp:{message_id}")
    snapshot, answers = conversation.check_snapshot, conversation.answers
    conversation.question, conversation.check_snapshot, conversation.answers = None, None, {}
    try:
        attempt = quiz_services.submit_attempt(user=user, module=module, answers=answers,
                                               token=token, questions=snapshot)
    except quiz_services.CheckRefused as exc:
        return str(exc)
    result = _("You answered %(correct)d of %(total)d right.") % {
        "correct": attempt.correct, "total": attempt.total}
    if attempt.passed:
        return result + " " + _("You passed: “%(module)s” is complete. Send NEXT for the "
                                "next module.") % {"module": _shown(module).title}
    # Back to the start of the check: NEXT asks it again.
    conversation.part = max(conversation.part - 1, 0)
    return result + " " + _("That is not enough to pass. Send NEXT to try again.")


def _done(user, conversation: ChatConversation) -> Reply:
    module = _current_module(user, conversation)
    if module is None:
        return _all_done()
    try:
        course_services.complete_module(user=user, module=module)
    except (course_services.CompletionRefused, course_services.NotAParticipant) as exc:
        return Reply(str(exc), choices=[_next_choice(), _menu_choice()])
    following = _next_module(user, conversation.bootcamp)
    _start_module(conversation, following)
    text = _("“%(module)s” is complete.") % {"module": _shown(module).title}
    if following is None:
        return Reply(text + " " + _("You have completed every module. Well done!"),
                     choices=[_progress_choice(), _menu_choice()])
    return Reply(text + " " + _("Send NEXT to start “%(module)s”.")
                 % {"module": _shown(following).title},
                 choices=[_next_choice(), _progress_choice()])


def _menu(user, conversation: ChatConversation) -> Reply:
    module = _current_module(user, conversation)
    lines = [_bootcamp_title(conversation.bootcamp, user)]
    if module is None:
        lines.append(_("You have completed every module. Well done!"))
    else:
        module = _shown(module)
        count = len(module_messages(module))
        if conversation.part == 0:  # not begun: "part 0 of 6" reads as a mistake
            lines.append(_("Your next module: “%(module)s”.") % {"module": module.title})
            lines.append(_("Send NEXT to start."))
        else:
            lines.append(_("Your module: “%(module)s”, part %(part)d of %(count)d.")
                         % {"module": module.title, "part": min(conversation.part, count),
                            "count": count})
            lines.append(_("Send NEXT to continue."))
    several = len(_bootcamps_of(user)) > 1
    lines.append(help_text() + (" " + _bootcamp_help() if several else ""))
    choices = [
        _choice("NEXT", _("Next"), _("The next part of your module")),
        _choice("DONE", _("Mark complete"), _("Mark your module complete")),
        _choice("PROGRESS", _("My progress"), _("Your and your team's progress")),
        _choice("SESSIONS", _("Live sessions"), _("The next live session and its link")),
        _choice("HELP", _("Help"), _("All the commands")),
    ]
    if several:
        choices.append(_choice("BOOTCAMP", _("Change bootcamp"),
                               _("Learn in another of your bootcamps")))
    return Reply("\n".join(lines), choices=choices, button=_("Menu"))


def _dashboard(user, bootcamp: BootcampPage):
    return next((entry for entry in participant_dashboard(user=user)
                 if entry.bootcamp.pk == bootcamp.pk), None)


def _progress(user, bootcamp: BootcampPage) -> str:
    entry = _dashboard(user, bootcamp)
    if entry is None:
        return _("You are not taking part in a bootcamp right now.")
    lines = [_("Your progress: %(done)d of %(total)d modules (%(percent)d%%).")
             % {"done": entry.progress.done, "total": entry.progress.total,
                "percent": entry.progress.percent}]
    others = [(member, progress) for member, progress in entry.team if member.pk != user.pk]
    if others:
        lines.append(_("Your team:"))
        lines += [f"• {member.get_short_name() or member}: {progress.done}/{progress.total}"
                  for member, progress in others]
    return "\n".join(lines)


def _sessions(user, bootcamp: BootcampPage) -> str:
    entry = _dashboard(user, bootcamp)
    session = entry.next_session if entry else None
    if session is None:
        return _("There is no upcoming live session.")
    # In the bootcamp's zone, named (the zone need not be India's); the month in the
    # active language, the participant's.
    starts = bootcamp.local(session.starts_at)
    text = _("Next live session: “%(session)s”, %(when)s.") % {
        "session": RecipientTitles().title(session, bootcamp=bootcamp, user=user),
        "when": f"{date_format(starts, 'j F Y, H:i')} {starts.tzname()} ({bootcamp.time_zone})"}
    if entry.join_link_open and session.join_url:
        text += "\n" + _("Join: %(url)s") % {"url": session.join_url}
    return text


def not_opted_in_text() -> str:
    url = settings.BASE_URL + reverse("notifications:preferences")
    return _("To learn by WhatsApp, first turn on WhatsApp messages in your settings: "
             "%(url)s") % {"url": url}


def nudge(*, user, now: datetime | None = None) -> list[Notification]:
    """Remind a participant of their module, once per module. Outside the 24-hour window
    the sender uses the approved template `lesson_nudge` (parameters: name, bootcamp,
    site_url, module), inside it a free text; the lesson goes on when they reply."""
    with transaction.atomic():
        conversation = _conversation(user)
        bootcamp = _bootcamp_of(user, conversation)
        if bootcamp is None:
            return []
        module = conversation.module if conversation.bootcamp_id == bootcamp.pk else None
        module = module or _next_module(user, bootcamp)
        if module is None:
            return []
        titles = RecipientTitles()
        return notify(user=user, kind=Kind.LESSON_NUDGE, bootcamp=bootcamp, now=now,
                      context={"name": user.get_short_name() or str(user),
                               "bootcamp": titles.title(bootcamp, bootcamp=bootcamp, user=user),
                               "module": titles.title(module, bootcamp=bootcamp, user=user),
                               "site_url": settings.BASE_URL},
                      dedupe_key=_nudge_key(module.pk))


def _nudge_key(module_id) -> str:
    return f"lesson-nudge-{module_id}"


def quiet_learners(*, now: datetime):
    """Conversations due a nudge: a module started by chat (a part sent, not completed),
    nothing from the participant for CHAT_NUDGE_AFTER_HOURS, WhatsApp on (a STOP ends
    the nudges) and not yet nudged for this module."""
    quiet_since = now - timedelta(hours=settings.CHAT_NUDGE_AFTER_HOURS)
    nudged = Notification.objects.filter(
        recipient_id=OuterRef("user_id"), channel=Channel.WHATSAPP, kind=Kind.LESSON_NUDGE,
        dedupe_key=Concat(Value(f"{Kind.LESSON_NUDGE}:{_nudge_key('')}"), OuterRef("module_id"),
                          Value(":user-"), OuterRef("user_id"), output_field=CharField()))
    completed = ModuleCompletion.objects.filter(user_id=OuterRef("user_id"),
                                                module_id=OuterRef("module_id"))
    return (ChatConversation.objects
            .filter(module__isnull=False, part__gt=0,
                    user__notification_preference__whatsapp_opt_in=True)
            .exclude(user__notification_preference__whatsapp_number="")
            .alias(last=Coalesce("last_message_at", "updated_at"))
            .filter(last__lt=quiet_since)
            .exclude(Exists(completed)).exclude(Exists(nudged))
            .select_related("user").order_by("pk"))


def queue_lesson_nudges(*, now: datetime) -> int:
    """Nudge every quiet learner (run by the scheduler, notifications.reminders); quiet
    hours defer the message, never drop it (notifications.services.notify)."""
    return sum(len(nudge(user=conversation.user, now=now))
               for conversation in quiet_learners(now=now))


def _document_link(user, url: str) -> str:
    """The link WhatsApp fetches the lesson document from. A document open to anyone keeps
    its own URL; a private one (a module's, for its participants) gets a signed link bound
    to this participant, valid CHAT_DOCUMENT_LINK_MAX_AGE seconds, served by the
    permission-checked document view as that participant (notifications.views)."""
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return url
    if match.url_name != "wagtaildocs_serve":
        return url
    document = get_document_model().objects.filter(pk=match.args[0]).first()
    if document is None or document_access(document).public:
        return url
    token = signing.dumps({"user": user.pk, "document": document.pk}, salt=DOCUMENT_SALT)
    return settings.BASE_URL + reverse("notifications:chat_document",
                                       args=[token, document.filename])


def document_from_link(token: str) -> tuple[int, int] | None:
    """(user id, document id) of a signed document link, or None when it was altered or
    has expired."""
    try:
        data = signing.loads(token, salt=DOCUMENT_SALT,
                             max_age=settings.CHAT_DOCUMENT_LINK_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    return data["user"], data["document"]
