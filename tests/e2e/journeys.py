"""Helpers for the journey tests: a user starts at "/" and moves only by clicking.

`assert_actions_in_viewport(page)` is the phone check of every journey step: no link,
button or form control may lie outside the viewport's width (hidden in a sideways-scrolling
table, or pushed off the page). The skip link and visually hidden text are deliberately off
screen and are left out.
"""

import re

from django.core import mail

ACTIONS = "a[href], button, input:not([type=hidden]), select, textarea, [role=button]"

_OFF_SCREEN = """([selector, ignore]) => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll(selector)].filter((element) => {
    if (element.closest('.skip-link, .visually-hidden, [hidden]')) return false;
    if (ignore && element.closest(ignore)) return false;
    const style = getComputedStyle(element);
    if (style.display === 'none' || style.visibility === 'hidden') return false;
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) return false;
    return box.right > width + 1 || box.left < -1;
  }).map((element) => element.outerHTML.slice(0, 160));
}"""


def assert_actions_in_viewport(page, ignore: str = "") -> None:
    """Fail when an element with an action lies (partly) outside the viewport's width.

    `ignore` (a CSS selector) names a region deliberately left out; every use says why.
    """
    outside = page.evaluate(_OFF_SCREEN, [ACTIONS, ignore])
    assert not outside, f"{page.url}: actions outside the {page.viewport_size} viewport: {outside}"


def click(page, role: str, name: str, *, exact: bool = False, within=None) -> None:
    """Click a visible link or button by its accessible name, wait for the next page, and
    check the page it leads to at phone width."""
    scope = within or page
    target = scope.get_by_role(role, name=name, exact=exact).first
    assert target.is_visible(), f"{role} {name!r} is not visible on {page.url}"
    target.click()
    page.wait_for_load_state()
    assert_actions_in_viewport(page)


def sign_in_from_home(page, email: str, password: str = "bootcamp-demo") -> None:
    """From "/", through the header's Sign in link."""
    page.goto("/")
    assert_actions_in_viewport(page)
    click(page, "link", "Sign in", exact=True)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    click(page, "button", "Sign In", exact=True)


def link_in_email(to: str, pattern: str) -> str:
    """The path of the last link matching `pattern` mailed to `to` (the test outbox)."""
    for message in reversed(mail.outbox):
        if to in message.to:
            found = re.search(pattern, message.body)
            if found:
                return re.sub(r"^https?://[^/]+", "", found.group(0))
    raise AssertionError(f"no email to {to} with {pattern}")
