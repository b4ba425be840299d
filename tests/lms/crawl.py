"""A breadth-first walk over the site as one account sees it, with Django's test client.

Starting at "/", every same-site `<a href>` is followed with GET only (so no form is ever
posted: nothing is withdrawn, removed or issued, and nobody is signed out). Each response is
checked for the three things a user must never meet: a server error, a redirect loop, and a
page that makes the browser load something from another host (scripts, styles, images,
iframes, media) or posts a form there. Links *to* other sites (mailto:, a Zoom call) are
navigation the user chooses, not loads, and are allowed.

Files (CSV, PDF, ZIP, calendars) are requested and their status checked, and a streamed body
is read to the end (an export that fails half-way fails here), but they are not parsed.
"""

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

LOCAL_HOSTS = {"", "testserver", "localhost", "127.0.0.1"}
# Followed nowhere: signing out ends the walk; the language switch is a POST anyway.
SKIP = re.compile(r"^/(accounts/logout/|cms/logout/|i18n/setlang/|django-admin/logout/)")
# What a page loads (tag, attribute): any of these on another host is a third-party request.
LOADS = {("script", "src"), ("link", "href"), ("img", "src"), ("img", "srcset"),
         ("iframe", "src"), ("source", "src"), ("source", "srcset"), ("video", "src"),
         ("video", "poster"), ("audio", "src"), ("embed", "src"), ("object", "data"),
         ("form", "action"), ("input", "src")}
MAX_REDIRECTS = 10
# Wagtail's own admin screens (explorer, editors, bulk actions, reports, users): the same few
# templates for every page id, slow to render. A handful is walked after the project's pages.
WAGTAIL_SCREENS = re.compile(
    r"^/cms/(pages|images|documents|bulk|account|snippets|reports|workflows|users|groups|"
    r"sites|locales|redirects|collections|settings|searchpicks|jsi18n)/")
# The admin sidebar is drawn by JavaScript from this JSON: its menu items are links too.
SIDEBAR_URL = re.compile(r'"url": "([^"]+)"')


class _References(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.loads: list[tuple[str, str]] = []
        self._in_sidebar = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self._in_sidebar = tag == "script" and attributes.get("id") == "wagtail-sidebar-props"
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag == "link" and "preconnect" in (attributes.get("rel") or ""):
            self.loads.append((tag, attributes.get("href") or ""))
        for name in ("src", "href", "srcset", "action", "data", "poster"):
            value = attributes.get(name)
            if value and (tag, name) in LOADS:
                if name == "srcset":
                    self.loads += [(tag, part.split()[0])
                                   for part in value.split(",") if part.strip()]
                else:
                    self.loads.append((tag, value))

    def handle_data(self, data):
        if self._in_sidebar:
            self.links += SIDEBAR_URL.findall(data)

    def handle_endtag(self, tag):
        self._in_sidebar = False


def other_host(url: str) -> str | None:
    """The host `url` points to, when it is not this site (None for relative or local URLs)."""
    parts = urlsplit(url.strip())
    if parts.scheme in ("data", "blob", "javascript", "mailto", "tel"):
        return None
    host = (parts.hostname or "").lower()
    return None if host in LOCAL_HOSTS else host


def _pattern(path: str) -> str:
    """Pages that differ only in their ids or query string (filters, sorting, paging) count
    as one kind of page: the walk samples a few of each instead of every combination."""
    return re.sub(r"/\d+(?=/|$)", "/<id>", path.partition("?")[0])


@dataclass
class CrawlResult:
    visited: dict[str, int] = field(default_factory=dict)  # path -> final status
    problems: list[str] = field(default_factory=list)


def crawl(client, *, starts: tuple[str, ...] = ("/",), max_pages: int = 150,
          max_depth: int = 6, per_pattern: int = 2, wagtail_screens: int = 12) -> CrawlResult:
    """Walk what `client` can reach from `starts`; see the module docstring.

    Breadth first over the project's pages; at most `per_pattern` pages of one shape (same
    path but for ids and query values) and `wagtail_screens` of Wagtail's generic admin.
    """
    result = CrawlResult()
    seen_patterns: dict[str, int] = {}
    queue: deque[tuple[str, int, str]] = deque((start, 0, "(start)") for start in starts)
    later: deque[tuple[str, int, str]] = deque()
    queued = set(starts)
    while (queue or later) and len(result.visited) < max_pages:
        if queue:
            path, depth, referrer = queue.popleft()
        elif wagtail_screens > 0:
            wagtail_screens -= 1
            path, depth, referrer = later.popleft()
        else:
            break
        response, final, problem = _get(client, path)
        if problem:
            result.problems.append(f"{path} (linked from {referrer}): {problem}")
            continue
        result.visited[path] = response.status_code
        if response.status_code >= 500:
            result.problems.append(f"{path} (linked from {referrer}): {response.status_code}")
            continue
        content_type = response.get("Content-Type", "")
        if response.streaming:
            b"".join(response.streaming_content)  # an export failing half-way fails here
            continue
        if not content_type.startswith("text/html"):
            continue
        parser = _References()
        parser.feed(response.content.decode(response.charset or "utf-8", "replace"))
        for tag, url in parser.loads:
            host = other_host(url)
            if host:
                result.problems.append(f"{final}: <{tag}> loads from another host: {url}")
        if depth >= max_depth:
            continue
        for href in parser.links:
            if other_host(href) or href.startswith(("mailto:", "tel:", "javascript:")):
                continue
            target, _fragment = urldefrag(urljoin(final, href))
            parts = urlsplit(target)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if not target or target in queued or SKIP.match(target):
                continue
            shape = _pattern(target)
            if seen_patterns.get(shape, 0) >= per_pattern:
                continue
            seen_patterns[shape] = seen_patterns.get(shape, 0) + 1
            queued.add(target)
            (later if WAGTAIL_SCREENS.match(target) else queue).append(
                (target, depth + 1, final))
    return result


def _get(client, path: str):
    """GET `path`, following redirects by hand: (response, final path, problem or None)."""
    chain = [path]
    current = path
    for _hop in range(MAX_REDIRECTS):
        response = client.get(current)
        if response.status_code not in (301, 302, 303, 307, 308):
            return response, current, None
        location = response["Location"]
        if other_host(location):
            return response, current, None  # e.g. a Zoom link behind a redirect: not ours
        parts = urlsplit(urljoin(current, location))
        current = parts.path + (f"?{parts.query}" if parts.query else "")
        if current in chain:
            return response, current, "redirect loop: " + " -> ".join([*chain, current])
        chain.append(current)
    return response, current, "too many redirects: " + " -> ".join(chain)
