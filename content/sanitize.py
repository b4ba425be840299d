"""The project's one HTML sanitiser for anything a user typed (answers, feedback, notes).

Built on bleach with an allowlist: tags, attributes and URL schemes not listed are
removed (no style attributes at all), so new browser features never become new holes.
Every app imports `sanitize_html` from here and stores its output once, when the text is
written; templates show that stored output and never mark other user text safe."""

import re

import bleach
from django.utils.translation import gettext as _

ALLOWED_TAGS = frozenset({
    "p", "br", "strong", "b", "em", "i", "u", "s", "blockquote", "code", "pre",
    "ul", "ol", "li", "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td",
    "span", "hr",
})
# No `style` anywhere: an answer or feedback needs emphasis, lists and tables, not colours,
# and every CSS property let through is parser surface (`expression()`, `url()`,
# `behavior` in old engines). Without style attributes bleach needs no CSS sanitiser.
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title"],
    "td": ["colspan", "rowspan"],
    "th": ["colspan", "rowspan", "scope"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel"})

# Limits checked before any parsing. bleach (html5lib, pure Python) grows worse than
# linearly with the number of tags and with nesting: 40,000 nested <b> took 52 s and 100 kB
# of plain <p><b>x</b> y</p> 5 s. The worst input these limits accept, measured by
# tests/content/test_sanitize_limits.py::test_worst_accepted_input_is_fast on the 2-core
# development machine: 20,000 characters of <p><b>x</b> y</p> take 0.22 s of CPU
# (sanitising plus linkifying; dense sibling tags, tables, 50-deep nests repeated to the
# size limit 0.10-0.18 s). Wall time under that machine's load average of 15: up to 1.5 s.
MAX_HTML_CHARS = 20_000
MAX_NESTING_DEPTH = 50

# Elements whose text is code or markup, not prose: dropped with their contents so that
# "alert(1)" or CSS rules don't show up as text. bleach stays the security boundary.
_DROP_WITH_CONTENT = re.compile(
    r"<(script|style|iframe|svg|math|object|embed|template|noscript|textarea|title)\b.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)[^>]*>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                   "meta", "param", "source", "track", "wbr"})


class HtmlTooComplex(ValueError):
    """The text is larger or more deeply nested than sanitize_html accepts; the message is
    for the person who typed it."""


def check_html_limits(html: str) -> None:
    """Raise HtmlTooComplex when `html` exceeds the size or nesting limits (linear time)."""
    if len(html) > MAX_HTML_CHARS:
        raise HtmlTooComplex(
            _("The text is too long: at most %(max)s characters (this has %(count)s).")
            % {"max": f"{MAX_HTML_CHARS:,}", "count": f"{len(html):,}"})
    depth = 0
    for match in _TAG.finditer(html):
        closing, name = match.group(1), match.group(2).lower()
        if closing:
            depth = max(depth - 1, 0)
        elif name not in _VOID and not match.group(0).endswith("/>"):
            depth += 1
            if depth > MAX_NESTING_DEPTH:
                raise HtmlTooComplex(
                    _("The formatting is nested too deeply (more than %(max)s levels). "
                      "Paste it as plain text or simplify it.") % {"max": MAX_NESTING_DEPTH})


def _link_attributes(attrs, new=False):
    # Links leave the site without handing it the opener or the referrer.
    href_key = (None, "href")
    if href_key in attrs:
        attrs[(None, "rel")] = "nofollow noopener noreferrer"
    return attrs


def sanitize_html(html: str) -> str:
    """Return `html` reduced to the allowlisted markup; text outside tags is kept, escaped.

    Disallowed elements are escaped out rather than silently kept; the contents of
    <script>/<style> and similar are dropped together with the element. Raises
    HtmlTooComplex beyond the limits above (callers validate with check_html_limits first,
    so people see the message on the form). Run once, when the text is stored: pages show
    the stored result as it is.
    """
    if not html:
        return ""
    check_html_limits(html)
    return clean_without_limits(html)


def clean_without_limits(html: str) -> str:
    """sanitize_html without the limits: only for text already stored (data migrations
    re-sanitising rows written before a rule was tightened), never for new input."""
    cleaned = bleach.clean(
        _DROP_WITH_CONTENT.sub("", html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
    cleaned = bleach.linkify(cleaned, callbacks=[_link_attributes], skip_tags={"pre", "code"},
                             parse_email=False)
    return cleaned
