"""The project's one HTML sanitiser for anything a user typed (answers, feedback, notes).

Built on bleach with an allowlist: tags, attributes, URL schemes and CSS properties not
listed are removed, so new browser features never become new holes. Every app imports
`sanitize_html` from here; templates never mark user HTML safe without it.
"""

import re

import bleach
from bleach.css_sanitizer import CSSSanitizer

ALLOWED_TAGS = frozenset({
    "p", "br", "strong", "b", "em", "i", "u", "s", "blockquote", "code", "pre",
    "ul", "ol", "li", "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td",
    "span", "hr",
})
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title"],
    "span": ["style"],
    "p": ["style"],
    "td": ["colspan", "rowspan"],
    "th": ["colspan", "rowspan", "scope"],
}
# Only presentational properties: nothing that can position content over the page
# (position, z-index) or fetch a URL (background, content).
ALLOWED_CSS_PROPERTIES = frozenset({"color", "font-weight", "font-style", "text-align",
                                    "text-decoration"})
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel"})

# Elements whose text is code or markup, not prose: dropped with their contents so that
# "alert(1)" or CSS rules don't show up as text. bleach stays the security boundary.
_DROP_WITH_CONTENT = re.compile(
    r"<(script|style|iframe|svg|math|object|embed|template|noscript|textarea|title)\b.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)

_css = CSSSanitizer(allowed_css_properties=ALLOWED_CSS_PROPERTIES)


def _link_attributes(attrs, new=False):
    # Links leave the site without handing it the opener or the referrer.
    href_key = (None, "href")
    if href_key in attrs:
        attrs[(None, "rel")] = "nofollow noopener noreferrer"
    return attrs


def sanitize_html(html: str) -> str:
    """Return `html` reduced to the allowlisted markup; text outside tags is kept, escaped.

    Disallowed elements are escaped out rather than silently kept; the contents of
    <script>/<style> and similar are dropped together with the element.
    """
    if not html:
        return ""
    cleaned = bleach.clean(
        _DROP_WITH_CONTENT.sub("", html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        css_sanitizer=_css,
        strip=True,
        strip_comments=True,
    )
    cleaned = bleach.linkify(cleaned, callbacks=[_link_attributes], skip_tags={"pre", "code"},
                             parse_email=False)
    return cleaned
