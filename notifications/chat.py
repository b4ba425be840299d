"""Learning by WhatsApp: the commands a participant sends and the one reply each gets.

Progress is the web's: completion goes through courses.services.complete_module (the
"Mark as complete" button's service) and knowledge checks through
quizzes.services.submit_attempt (the web form's scoring and attempt record). The only
chat-specific record is ChatConversation, the place in the lesson.

Every inbound message gets exactly one reply (never several): the sender queue does not
promise an order, so one reply per message is what keeps a lesson in order on the phone.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses import services as course_services
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
from notifications.chat_lessons import TEXT_LIMIT, ChatPart, module_messages
from notifications.models import ChatConversation, Kind
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
}
# Answers to a question are typed, so they get the size limit of the web's text answers.
ANSWER_MAX_LENGTH = 200


@dataclass(frozen=True)
class Reply:
    body: str
    document_url: str = ""
    filename: str = ""


def help_text() -> str:
    return _("Send NEXT for the next part of your module, DONE when you have finished it, "
             "MENU to see where you are, PROGRESS for your and your team's progress, "
             "SESSIONS for the next live session, STOP to stop all messages.")


def _conversation(user) -> ChatConversation:
    return ChatConversation.objects.select_for_update().get_or_create(user=user)[0]


def _bootcamp_of(user, conversation: ChatConversation) -> BootcampPage | None:
    """The bootcamp the chat is about: the one chosen before while the participant is still
    on its roster, else their first live one (by start date)."""
    places = RosterMember.objects.active().filter(user=user, bootcamp__live=True)
    if conversation.bootcamp_id and places.filter(bootcamp_id=conversation.bootcamp_id).exists():
        return conversation.bootcamp
    place = places.select_related("bootcamp").order_by("bootcamp__start_date").first()
    return place.bootcamp if place else None


def _next_module(user, bootcamp: BootcampPage) -> ModulePage | None:
    return participant_progress(bootcamp=bootcamp, user_ids=[user.pk])[user.pk].next_module


def _start_module(conversation: ChatConversation, module: ModulePage | None) -> None:
    conversation.module = module
    conversation.part = 0
    conversation.question = None
    conversation.check_snapshot = None
    conversation.answers = {}


def handle_text(*, user, text: str, message_id: str) -> Reply:
    """The reply to one message from a participant (STOP and CHECKIN are handled before,
    by notifications.inbound). Runs in the participant's language."""
    words = text.strip().split()
    command = COMMANDS.get(words[0].upper() if words else "")
    with transaction.atomic():
        conversation = _conversation(user)  # locked: two messages at once queue up here
        bootcamp = _bootcamp_of(user, conversation)
        if bootcamp is None:
            return Reply(_("You are not taking part in a bootcamp right now."))
        if conversation.bootcamp_id != bootcamp.pk:
            conversation.bootcamp = bootcamp
            _start_module(conversation, None)
        if conversation.question is not None and command is None:
            reply = _answer(user, conversation, text.strip()[:ANSWER_MAX_LENGTH], message_id)
        elif command == "next":
            reply = _next(user, conversation)
        elif command == "done":
            reply = _done(user, conversation)
        elif command == "menu":
            reply = Reply(_menu(user, conversation))
        elif command == "progress":
            reply = Reply(_progress(user, bootcamp))
        elif command == "sessions":
            reply = Reply(_sessions(user, bootcamp))
        elif command == "help":
            reply = Reply(help_text())
        else:
            reply = Reply(_("Sorry, I did not understand that.") + " " + help_text())
        conversation.save()
    return reply


def send_reply(*, user, reply: Reply, message_id: str) -> None:
    """Queue the reply (Kind.REPLY: free text, inside the window the message opened)."""
    context = {"message": reply.body[:TEXT_LIMIT]}
    if reply.document_url:
        context |= {"document_url": reply.document_url, "filename": reply.filename}
    notify(user=user, kind=Kind.REPLY, context=context, dedupe_key=f"reply-{message_id}")


def _current_module(user, conversation: ChatConversation) -> ModulePage | None:
    if conversation.module_id is None:
        _start_module(conversation, _next_module(user, conversation.bootcamp))
    return conversation.module


def _next(user, conversation: ChatConversation) -> Reply:
    if conversation.question is not None:  # NEXT in the middle of the check: ask again
        return Reply(_question_text(conversation.check_snapshot, conversation.question))
    module = _current_module(user, conversation)
    if module is None:
        return Reply(_("You have completed every module. Well done!"))
    parts = module_messages(module)
    if conversation.part >= len(parts):
        if ModuleCompletion.objects.filter(user=user, module=module).exists():
            # Completed (here or on the web): on to the next module.
            following = _next_module(user, conversation.bootcamp)
            if following is None:
                return Reply(_("You have completed every module. Well done!"))
            _start_module(conversation, following)
            return _next(user, conversation)
        return Reply(_("That was all of “%(module)s”. Send DONE to mark it complete.")
                     % {"module": module.title})
    part = parts[conversation.part]
    conversation.part += 1
    heading = (_("“%(module)s” (part %(part)d of %(count)d)")
               % {"module": module.title, "part": conversation.part, "count": len(parts)})
    if part.knowledge_check:
        return _start_check(user, conversation, module, part)
    if part.document_url:
        return Reply(part.body, part.document_url, part.filename)
    body = f"{heading}\n\n{part.body}"
    return Reply(body if len(body) <= TEXT_LIMIT else part.body)


def _start_check(user, conversation: ChatConversation, module: ModulePage,
                 part: ChatPart) -> Reply:
    snapshot = current_snapshot(module)
    if not snapshot or not snapshot["questions"]:
        return _next(user, conversation)
    conversation.check_snapshot = snapshot
    conversation.question = 0
    conversation.answers = {}
    return Reply(f"{part.body}\n\n{_question_text(snapshot, 0)}")


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
        return Reply(_("Please answer with one of the numbers shown.") + "\n\n"
                     + _question_text(snapshot, conversation.question))
    conversation.answers = {**conversation.answers, question["id"]: answer}
    lines = [_("Right!") if is_correct(question, answer) else _("Not right.")]
    lines += feedback_for(question, answer)
    if question["explanation"]:
        lines.append(question["explanation"])
    if conversation.question + 1 < len(snapshot["questions"]):
        conversation.question += 1
        lines += ["", _question_text(snapshot, conversation.question)]
        return Reply("\n".join(lines))
    lines += ["", _finish_check(user, conversation, message_id)]
    return Reply("\n".join(lines))


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
                                "next module.") % {"module": module.title}
    # Back to the start of the check: NEXT asks it again.
    conversation.part = max(conversation.part - 1, 0)
    return result + " " + _("That is not enough to pass. Send NEXT to try again.")


def _done(user, conversation: ChatConversation) -> Reply:
    module = _current_module(user, conversation)
    if module is None:
        return Reply(_("You have completed every module. Well done!"))
    try:
        course_services.complete_module(user=user, module=module)
    except (course_services.CompletionRefused, course_services.NotAParticipant) as exc:
        return Reply(str(exc))
    following = _next_module(user, conversation.bootcamp)
    _start_module(conversation, following)
    text = _("“%(module)s” is complete.") % {"module": module.title}
    if following is None:
        return Reply(text + " " + _("You have completed every module. Well done!"))
    return Reply(text + " " + _("Send NEXT to start “%(module)s”.") % {"module": following.title})


def _menu(user, conversation: ChatConversation) -> str:
    module = _current_module(user, conversation)
    lines = [str(conversation.bootcamp.title)]
    if module is None:
        lines.append(_("You have completed every module. Well done!"))
    else:
        count = len(module_messages(module))
        lines.append(_("Your module: “%(module)s”, part %(part)d of %(count)d.")
                     % {"module": module.title, "part": min(conversation.part, count),
                        "count": count})
        lines.append(_("Send NEXT to continue."))
    lines.append(help_text())
    return "\n".join(lines)


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
    starts = timezone.localtime(session.starts_at, timezone.get_fixed_timezone(330))
    text = _("Next live session: “%(session)s”, %(when)s IST.") % {
        "session": session.title, "when": date_format(starts, "j F Y, H:i")}
    if entry.join_link_open and session.join_url:
        text += "\n" + _("Join: %(url)s") % {"url": session.join_url}
    return text


def not_opted_in_text() -> str:
    url = settings.BASE_URL + reverse("notifications:preferences")
    return _("To learn by WhatsApp, first turn on WhatsApp messages in your settings: "
             "%(url)s") % {"url": url}


def nudge(*, user, now=None) -> list:
    """Remind a participant of their module. Outside the 24-hour window the sender uses the
    approved template `lesson_nudge` (parameters: name, bootcamp, site_url, module); the
    lesson goes on when they reply."""
    with transaction.atomic():
        conversation = _conversation(user)
        bootcamp = _bootcamp_of(user, conversation)
        if bootcamp is None:
            return []
        module = conversation.module if conversation.bootcamp_id == bootcamp.pk else None
        module = module or _next_module(user, bootcamp)
        if module is None:
            return []
        day = (now or timezone.now()).date().isoformat()
        titles = RecipientTitles()
        return notify(user=user, kind=Kind.LESSON_NUDGE, bootcamp=bootcamp, now=now,
                      context={"name": user.get_short_name() or str(user),
                               "bootcamp": titles.title(bootcamp, bootcamp=bootcamp, user=user),
                               "module": titles.title(module, bootcamp=bootcamp, user=user),
                               "site_url": settings.BASE_URL},
                      dedupe_key=f"lesson-nudge-{module.pk}-{day}")
