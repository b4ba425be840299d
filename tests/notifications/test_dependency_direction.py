"""DESIGN.md: notifications sits on top. The apps it tells about must not import it back —
they send signals (their `signals.py`) that notifications.receivers listens to."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BELOW_NOTIFICATIONS = ["organisations", "courses", "assignments", "attendance", "certificates",
                       "content"]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("app", BELOW_NOTIFICATIONS)
def test_app_does_not_import_notifications(app):
    offenders = [
        str(path.relative_to(ROOT)) for path in sorted((ROOT / app).rglob("*.py"))
        if any(name == "notifications" or name.startswith("notifications.")
               for name in imported_modules(path))
    ]
    assert offenders == []


def test_every_signal_has_a_receiver():
    from assignments import signals as assignments
    from certificates import signals as certificates
    from organisations import signals as organisations

    signals = [organisations.application_submitted, organisations.application_status_changed,
               organisations.invitation_created, assignments.submission_submitted,
               assignments.review_recorded, certificates.certificate_issued]
    assert all(signal.has_listeners() for signal in signals)
