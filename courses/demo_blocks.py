"""Lesson blocks for the demo content, in English (courses.demo) and Hindi
(courses.demo_hindi): the same helpers give both the same structure, which wagtail-localize
translates segment by segment."""

import uuid


def p(*paragraphs: str) -> dict:
    return {"type": "paragraph", "value": "".join(f"<p>{text}</p>" for text in paragraphs)}


def h(text: str) -> dict:
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def checklist(title: str, *items: str) -> dict:
    # List items in Wagtail's current form (each with an id), as the editor saves them:
    # wagtail-localize translates only those item by item (courses.demo_hindi).
    return {"type": "checklist", "value": {"title": title, "items": [
        {"type": "item", "value": item, "id": str(uuid.uuid4())} for item in items]}}


def takeaway(text: str) -> dict:
    return {"type": "key_takeaway", "value": {"text": f"<p>{text}</p>"}}


def tip(title: str, text: str) -> dict:
    return {"type": "callout", "value": {"kind": "tip", "title": title, "text": f"<p>{text}</p>"}}
