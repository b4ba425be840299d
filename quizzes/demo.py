"""Demo knowledge checks (called by load_demo after the teams and their progress exist).

Two pre-event modules of Chat for Impact get a check on running a WhatsApp helpline:
"Writing messages for small screens" (template messages, the 24-hour window, opt-out;
pass mark 70 %, three attempts) and "Safeguarding, consent and data" (consent,
escalation; pass mark 70 %, unlimited). Both come after participant@example.org's next
module, so the journeys that complete it by the button still can. Participants who
completed a module passed its check (some at the second attempt, some with 75 %), a few
others tried and failed:
participant@example.org failed the first one once and has not answered the second yet.
Idempotent: a check is added once (trainers may edit it afterwards), attempts only for
people who have none on that module. Attempts are written directly (not through the
service) so the demo's story sends nothing and completes nothing beyond what it shows.
"""

import uuid
from datetime import timedelta

from django.utils import timezone

from courses.knowledge_checks import score, snapshot
from courses.models import BootcampPage, ModuleCompletion, ModulePage, RosterMember
from lms import page_languages
from quizzes.models import Attempt
from quizzes.selectors import check_block

BOOTCAMP_SLUG = "chat-for-impact"


def _choice(kind, qid, text, options, explanation=""):
    return {"type": kind, "id": qid, "value": {
        "question": text, "explanation": explanation,
        "options": [{"type": "item", "id": f"{qid}-{n}", "value": {
            "text": option, "correct": correct, "feedback": feedback}}
            for n, (option, correct, feedback) in enumerate(options)]}}


def _true_false(qid, text, answer, feedback_true, feedback_false, explanation=""):
    return {"type": "true_false", "id": qid, "value": {
        "question": text, "answer": answer, "feedback_true": feedback_true,
        "feedback_false": feedback_false, "explanation": explanation}}


def _short(qid, text, accepted, right, wrong, explanation=""):
    return {"type": "short_text", "id": qid, "value": {
        "question": text, "accepted_answers": [
            {"type": "item", "id": f"{qid}-{n}", "value": a} for n, a in enumerate(accepted)],
        "feedback_correct": right, "feedback_incorrect": wrong, "explanation": explanation}}


BUSINESS_CHECK = {
    "title": "Check: template messages, the 24-hour window and opt-out",
    "intro": "Four questions. You need three right; you have three attempts.",
    "questions": [
        _true_false(
            "demo-window", "A person last wrote to your helpline two days ago. You may send "
            "them a free-form reminder now.", False,
            "Not quite: the 24-hour window has closed.",
            "Right: after 24 hours only an approved template message may start the chat again.",
            "You can reply freely for 24 hours after someone's last message. After that, "
            "WhatsApp only delivers template messages approved in advance."),
        _choice("single_choice", "demo-template", "Which message needs an approved template?", [
            ("A reminder of Friday's ration-card camp sent to people who wrote last month",
             True, "Yes: it starts a conversation outside the 24-hour window."),
            ("A reply to a question someone sent ten minutes ago", False,
             "Inside the 24-hour window you can reply freely."),
            ("A voice note answering today's question", False,
             "A reply within 24 hours needs no template, voice notes included."),
        ], "Templates are for messages your organisation starts; replies within 24 hours "
           "are free-form."),
        _choice("multiple_choice", "demo-optout", "Someone replies with one of these. Which "
                "must stop all further broadcasts to them?", [
                    ("STOP", True, ""),
                    ("रोकें (stop)", True, "Opt-out works in every language you serve."),
                    ("Thank you", False, "A thank-you is not an opt-out."),
                    ("Unsubscribe", True, ""),
                ], "Honour opt-out words in every language your helpline uses, and confirm "
                   "once that they will get no more broadcasts."),
        _short("demo-optin", "What must a person give before you add them to a broadcast list? "
               "(one word)", ["consent", "opt-in", "optin", "सहमति"],
               "Right: consent, recorded with the date.",
               "Look again at the module “WhatsApp Business: numbers, profiles and rules”.",
               "Ask for consent in a message of its own and keep the date it was given."),
    ],
}

SAFEGUARDING_CHECK = {
    "title": "Check: consent and escalation",
    "intro": "Three questions on keeping the people who write to you safe.",
    "questions": [
        _choice("single_choice", "demo-escalate", "A woman writes that her husband has hit "
                "her and she is afraid tonight. What does the volunteer do first?", [
                    ("Hand over to the named counsellor at once and share the police helpline "
                     "112", True, "Yes: urgent risk goes to a person who can act, now."),
                    ("Reply with the menu so she can choose an option", False,
                     "A menu is never the answer to someone at risk."),
                    ("Ask her to call the office tomorrow", False,
                     "Tomorrow may be too late: escalate now."),
                ], "Every volunteer knows the escalation path and uses it without waiting."),
        _true_false("demo-store", "You may save a caller's name and village in your "
                    "spreadsheet before asking for consent.", False,
                    "No: consent comes before storing anyone's details.",
                    "Right: send the consent message first, then store only what you need."),
        _choice("multiple_choice", "demo-handover", "After handing a chat over to a "
                "counsellor, what should the volunteer do?", [
                    ("Delete the chat from their personal phone", True, ""),
                    ("Note the handover in the case log", True, ""),
                    ("Forward screenshots to the team group", False,
                     "Screenshots spread private details: never forward them."),
                ]),
    ],
}

# module slug → (check, pass mark, attempts allowed)
CHECKS = {
    "writing-for-small-screens": (BUSINESS_CHECK, 70, 3),
    "safeguarding-and-consent": (SAFEGUARDING_CHECK, 70, None),
}


def _right(question) -> object:
    if question["kind"] == "short_text":
        return question["accepted"][0]
    return [n for n, option in enumerate(question["options"]) if option["correct"]]


def _wrong(question) -> object:
    if question["kind"] == "short_text":
        return "phone number"
    return [next(n for n, option in enumerate(question["options"]) if not option["correct"])]


def answers_with(questions: dict, wrong: int) -> dict:
    """Answers to a snapshot with the first `wrong` questions answered wrongly."""
    return {question["id"]: _wrong(question) if n < wrong else _right(question)
            for n, question in enumerate(questions["questions"])}


def _add_check(module: ModulePage, check: dict, pass_mark: int, max_attempts) -> ModulePage:
    if check_block(module) is not None:
        return module  # added before: trainers may have edited it since
    body = list(module.body.raw_data) + [
        {"type": "knowledge_check", "id": str(uuid.uuid5(uuid.NAMESPACE_URL, module.slug)),
         "value": check}]
    module.body = body
    module.pass_mark, module.max_attempts = pass_mark, max_attempts
    module.save_revision().publish()
    # Added after courses.demo translated the module: sync its Hindi translation (the
    # check's own text stays in English there until translated), so the translation is
    # not shown as out of date.
    page_languages.sync_translations(module)
    return ModulePage.objects.get(pk=module.pk)


def _attempts_for(index: int, email: str, completed: bool, slug: str) -> list[int]:
    """How many questions each attempt gets wrong, for one participant on one check."""
    if email == "participant@example.org":
        return [2] if slug == "writing-for-small-screens" else []
    if completed:
        plan = [[0], [2, 0], [1], [0], [3, 1]][index % 5]
        # Completing means passing: one wrong of the 3 safeguarding questions is 67 %, under
        # the 70 % pass mark, so there the last attempt is right throughout (the 75 % ones
        # are on the 4-question check).
        return plan[:-1] + [0] if slug == "safeguarding-and-consent" else plan
    return [[], [2], [], [3, 2], []][index % 5]


def load(stdout) -> None:
    bootcamp = BootcampPage.objects.originals().filter(slug=BOOTCAMP_SLUG).first()
    if bootcamp is None:
        stdout.write("quizzes: no chat-for-impact bootcamp yet; skipped.")
        return
    roster = list(RosterMember.objects.active().filter(bootcamp=bootcamp)
                  .select_related("user").order_by("user__email"))
    created = 0
    for slug, (check, pass_mark, max_attempts) in CHECKS.items():
        module = ModulePage.objects.descendant_of(bootcamp).filter(slug=slug).first()
        if module is None:
            continue
        module = _add_check(module, check, pass_mark, max_attempts)
        questions = snapshot(check_block(module))
        done = dict(ModuleCompletion.objects.filter(module=module).values_list(
            "user_id", "completed_at"))
        answered = set(Attempt.objects.filter(module=module).values_list("user_id", flat=True))
        for index, entry in enumerate(roster):
            if entry.user_id in answered:
                continue
            plan = _attempts_for(index, entry.user.email, entry.user_id in done, slug)
            # The passing attempt just before the completion it made; failed ones days ago.
            last = done.get(entry.user_id) or timezone.now() - timedelta(days=3 + index % 4)
            for number, wrong in enumerate(plan, start=1):
                answers = answers_with(questions, wrong)
                result = score(questions, answers)
                Attempt.objects.create(
                    user=entry.user, module=module, bootcamp=bootcamp, number=number,
                    token=uuid.uuid4(), revision_id=module.live_revision_id,
                    questions=questions, answers=answers, marks=result.marks,
                    correct=result.correct, total=result.total, pass_mark=pass_mark,
                    passed=result.passes(pass_mark),
                    submitted_at=last - timedelta(minutes=15 * (len(plan) - number) + 1))
                created += 1
    stdout.write(f"quizzes: knowledge checks on {len(CHECKS)} modules, {created} new attempts.")
