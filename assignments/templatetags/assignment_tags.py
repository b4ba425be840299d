from django import template
from django.utils.safestring import mark_safe

from content.sanitize import sanitize_html

register = template.Library()


@register.filter
def sanitized(value: str) -> str:
    """User HTML for display: sanitised again at render time, so a row written before a
    rule was tightened is still shown safely."""
    return mark_safe(sanitize_html(value or ""))  # noqa: S308 — the output of sanitize_html


STATUS_CLASSES = {
    "accepted": "status-ok", "submitted": "status-ok", "late": "status-warn",
    "needs_revision": "status-bad", "draft": "status-warn", "not_started": "",
}


@register.filter
def status_class(value: str) -> str:
    return STATUS_CLASSES.get(value, "")
