"""Template tags every page uses, made cheap (base.html renders on every request)."""

import functools

from django import template
from django.templatetags.static import static

register = template.Library()


@register.simple_tag
@functools.cache
def static_once(path: str) -> str:
    """{% static %} remembered per worker: the manifest (hashed names) is fixed for the
    life of the process, and resolving a name costs more than a cheap page's SQL."""
    return static(path)
