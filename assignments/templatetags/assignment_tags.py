from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def stored_html(value: str) -> str:
    """An answer's or feedback's HTML as stored: the output of content.sanitize.sanitize_html,
    written once by assignments.services (never by a form or the admin). Not sanitised
    again per view: bleach costs up to a few hundred milliseconds on a large answer, and a
    review page shows many. When the rules are tightened, a data migration re-sanitises the
    stored rows (assignments/migrations/0002_resanitise_without_style.py)."""
    return mark_safe(value or "")  # noqa: S308 — stored output of sanitize_html


STATUS_CLASSES = {
    "accepted": "status-ok", "submitted": "status-ok", "late": "status-warn",
    "needs_revision": "status-bad", "draft": "status-warn", "not_started": "",
}


@register.filter
def status_class(value: str) -> str:
    return STATUS_CLASSES.get(value, "")
