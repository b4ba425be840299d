"""A module's "WhatsApp chat" preview mode in the Wagtail admin (courses.models
CHAT_PREVIEW_HOOK): the lesson as the chat sends it, one bubble per message with its length,
in the page's language. Wagtail's preview view lets only the page's editors (the trainers of
its bootcamp, organisers) reach it."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from courses.knowledge_checks import SHORT_TEXT, TRUE_FALSE, TRUE_FALSE_LABELS, snapshot
from notifications.chat_lessons import TEXT_LIMIT, module_messages


def _questions(module) -> list[str]:
    check = next((block.value for block in module.body
                  if block.block_type == "knowledge_check"), None)
    if check is None:
        return []
    texts = []
    for number, question in enumerate(snapshot(check)["questions"], start=1):
        lines = [f"{number}. {question['text']}"]
        if question["kind"] != SHORT_TEXT:
            lines += [f"   {index}. " + (str(TRUE_FALSE_LABELS[index - 1])
                                        if question["kind"] == TRUE_FALSE else option["text"])
                      for index, option in enumerate(question["options"], start=1)]
        texts.append("\n".join(lines))
    return texts


def render_module_chat(module, request) -> HttpResponse:
    with translation.override(module.locale.language_code):
        parts = module_messages(module)
        bubbles = [{"text": part.body, "filename": part.filename,
                    "length": len(part.body), "too_long": len(part.body) > TEXT_LIMIT,
                    "questions": _questions(module) if part.knowledge_check else []}
                   for part in parts]
        html = render_to_string("notifications/admin/chat_preview.html", {
            "module": module, "bubbles": bubbles, "limit": TEXT_LIMIT,
            "language": module.locale.language_code}, request=request)
    return HttpResponse(html)
