"""Knowledge checks for tests: `add_check()` puts a check with the four question kinds
(or the questions given) into a module's body and publishes it."""

import json
import uuid

from courses.models import ModulePage


def single_choice(text="Before the first message, you need the person's…", *, id="q-consent",
                  options=(("opt-in consent", True, "Right: consent comes first."),
                           ("phone number only", False, "A number is not consent."),
                           ("surname", False, "")),
                  explanation="WhatsApp requires opt-in before you message someone."):
    return {"type": "single_choice", "id": id, "value": {
        "question": text, "explanation": explanation,
        "options": [{"type": "item", "id": f"{id}-{n}", "value": {
            "text": t, "correct": c, "feedback": f}} for n, (t, c, f) in enumerate(options)]}}


def multiple_choice(text="Which words should stop all messages?", *, id="q-optout",
                    options=(("STOP", True, ""), ("UNSUBSCRIBE", True, ""),
                             ("HELLO", False, "“Hello” starts a chat, it never stops one."))):
    return {"type": "multiple_choice", "id": id, "value": {
        "question": text, "explanation": "",
        "options": [{"type": "item", "id": f"{id}-{n}", "value": {
            "text": t, "correct": c, "feedback": f}} for n, (t, c, f) in enumerate(options)]}}


def true_false(text="A template message is needed after 24 hours of silence.", *,
               id="q-template", answer=True):
    return {"type": "true_false", "id": id, "value": {
        "question": text, "answer": answer, "feedback_true": "Yes: the 24-hour window.",
        "feedback_false": "No: outside 24 hours only templates may be sent.",
        "explanation": "Outside the 24-hour window only approved templates go out."}}


def short_text(text="Type the word that escalates to a human.", *, id="q-escalate",
               accepted=("agent", "एजेंट")):
    return {"type": "short_text", "id": id, "value": {
        "question": text, "accepted_answers": [
            {"type": "item", "id": f"{id}-{n}", "value": a} for n, a in enumerate(accepted)],
        "feedback_correct": "Right.", "feedback_incorrect": "Look at the escalation flow.",
        "explanation": ""}}


def all_kinds():
    return [single_choice(), multiple_choice(), true_false(), short_text()]


def add_check(module: ModulePage, *, questions=None, pass_mark=70, max_attempts=None,
              title="Check your understanding") -> ModulePage:
    """Give the module a knowledge check (a new published revision) and return it fresh."""
    module = ModulePage.objects.get(pk=module.pk)
    body = [{"type": "paragraph", "id": str(uuid.uuid4()), "value": "<p>Lesson</p>"},
            {"type": "knowledge_check", "id": str(uuid.uuid4()), "value": {
                "title": title, "intro": "", "questions": questions or all_kinds()}}]
    module.body = json.dumps(body)
    module.pass_mark = pass_mark
    module.max_attempts = max_attempts
    module.save_revision().publish()
    return ModulePage.objects.get(pk=module.pk)


RIGHT = {"q-consent": [0], "q-optout": [0, 1], "q-template": [0], "q-escalate": "agent"}


def post_data(form_answers: dict, *, token=None, revision=None) -> dict:
    """Form data for the module page's POST ({question id: answer})."""
    data = {"token": str(token or uuid.uuid4())}
    if revision is not None:
        data["revision"] = str(revision)
    for question_id, answer in form_answers.items():
        data[f"q-{question_id}"] = [str(a) for a in answer] if isinstance(answer, list) else answer
    return data
