"""Panels other apps add to a live session page (e.g. attendance: check-in and marking links).

`courses` never imports the apps that depend on it: each registers a panel in its
AppConfig.ready(). A panel is a template plus a function
``(*, user, session, bootcamp) -> dict | None`` giving that template's ``panel`` context, or
None when it has nothing to show this user.
"""

from collections.abc import Callable
from typing import Any

PanelContext = Callable[..., dict[str, Any] | None]
_panels: dict[str, tuple[str, PanelContext]] = {}


def register_session_panel(key: str, *, template: str, context: PanelContext) -> None:
    _panels[key] = (template, context)


def session_panels(*, user, session, bootcamp) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) of every registered panel that has something for this user."""
    shown = []
    for template, context_of in _panels.values():
        context = context_of(user=user, session=session, bootcamp=bootcamp)
        if context is not None:
            shown.append((template, context))
    return shown
