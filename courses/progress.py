"""Progress read-model: what each participant and organisation has done in a bootcamp.

Computed in bulk from recorded facts with a constant number of queries, never stored.
Apps that depend on `courses` (assignments, attendance, ...) add their own part through
`register_source()` in their AppConfig.ready(), so this module never imports them.

A source is a function ``(*, bootcamp, user_ids) -> dict[int, object]`` returning, for each
user id, that app's progress object (any value; dashboards read it by the source's key).
It must run a constant number of queries whatever the number of users.
"""

from collections.abc import Callable, Iterable
from typing import Any

ProgressSource = Callable[..., dict[int, Any]]
_sources: dict[str, ProgressSource] = {}
_dashboard_templates: dict[str, str] = {}


def register_source(key: str, source: ProgressSource, *, dashboard_template: str = "") -> None:
    """Register an app's bulk progress function under `key` (e.g. "assignments").

    `dashboard_template` (optional) is included by the participant dashboard for each
    bootcamp with ``progress`` (that user's object from this source) and ``bootcamp``.
    """
    _sources[key] = source
    if dashboard_template:
        _dashboard_templates[key] = dashboard_template


def registered_sources() -> dict[str, ProgressSource]:
    return dict(_sources)


def dashboard_templates() -> dict[str, str]:
    return dict(_dashboard_templates)


def extra_progress(*, bootcamp, user_ids: Iterable[int]) -> dict[str, dict[int, Any]]:
    """Every registered source's progress for these users: {key: {user_id: progress}}."""
    ids = list(user_ids)
    return {key: source(bootcamp=bootcamp, user_ids=ids) for key, source in _sources.items()}
