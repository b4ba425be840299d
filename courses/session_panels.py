"""Panels other apps add to a live session page (e.g. attendance: check-in and marking links).

`courses` never imports the apps that depend on it: each registers a Wagtail hook
``"courses_session_panel"`` in its `wagtail_hooks.py`, returning a `SessionPanel`: a template
plus a function ``(*, user, session, bootcamp) -> dict | None`` giving that template's
``panel`` context, or None when it has nothing to show this user.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wagtail import hooks

SESSION_PANEL_HOOK = "courses_session_panel"


@dataclass(frozen=True)
class SessionPanel:
    template: str
    context: Callable[..., dict[str, Any] | None]


def session_panels(*, user, session, bootcamp) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) of every registered panel that has something for this user."""
    shown = []
    for hook in hooks.get_hooks(SESSION_PANEL_HOOK):
        panel = hook()
        context = panel.context(user=user, session=session, bootcamp=bootcamp)
        if context is not None:
            shown.append((panel.template, context))
    return shown
