"""Writes of the attendance app, one module per process, all under one precedence rule.

- `records`: the record write path (`record_attendance`, `record_many`), the precedence rule
  (`takes_precedence`) and the reads every path shares (session rules, roster, who manages).
- `check_in`: the participant's self check-in with the trainer's code, throttled.
- `marking`: the trainer's grid of marks.
- `imports`: video-call report upload, preview and confirm; participant aliases.

Callers import from `attendance.services`; the names below are its public API.
"""

from attendance.services.check_in import check_in, current_code, rotate_code, settings_for
from attendance.services.check_in_link import (
    LinkRefused,
    check_in_by_link,
    link_path,
    link_token,
    resolve_link,
)
from attendance.services.imports import (
    ImportPreview,
    PreviewRow,
    add_alias,
    already_applied,
    confirm_import,
    preview_import,
    start_import,
)
from attendance.services.marking import all_present_candidates, mark_all_present, mark_attendance
from attendance.services.records import (
    AttendanceError,
    CheckInRefused,
    NotOnRoster,
    Outcome,
    Throttled,
    bootcamp_of,
    can_manage,
    record_attendance,
    record_many,
    roster_user_ids,
    session_rules,
    takes_precedence,
)

__all__ = [
    "AttendanceError", "CheckInRefused", "ImportPreview", "LinkRefused", "NotOnRoster",
    "Outcome", "check_in_by_link", "link_path", "link_token", "resolve_link",
    "PreviewRow", "Throttled", "add_alias", "already_applied", "bootcamp_of", "can_manage",
    "all_present_candidates", "check_in", "confirm_import", "current_code", "mark_all_present",
    "mark_attendance",
    "preview_import",
    "record_attendance", "record_many", "rotate_code", "roster_user_ids", "session_rules",
    "settings_for", "start_import", "takes_precedence",
]
