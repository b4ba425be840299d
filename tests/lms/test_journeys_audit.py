"""Rows of the journeys report (../shared/reports/journeys-2026-12.md) that no other test
covered: #28 BASE_URL follows PORT in `make run`; #30 the short time-zone list in Hindi."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

from notifications.forms import preference_time_zone_choices

ROOT = Path(__file__).resolve().parents[2]


def _base_url_seen_by_make_run(*arguments: str) -> str:
    # PY stands in for the venv's Python: each recipe line then prints the BASE_URL it got
    # (install is skipped with -o, so nothing is installed or run).
    completed = subprocess.run(
        ["make", "-s", "-o", "install", "run", "PY=sh -c 'echo $$BASE_URL' x", *arguments],
        cwd=ROOT, capture_output=True, text=True, timeout=30, check=True)
    return completed.stdout.splitlines()[0]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_links_follow_the_port_unless_base_url_is_set():
    assert _base_url_seen_by_make_run("PORT=18765") == "http://127.0.0.1:18765"
    assert _base_url_seen_by_make_run() == "http://127.0.0.1:8000"
    assert _base_url_seen_by_make_run(
        "PORT=18765", "BASE_URL=https://lms.example.org") == "https://lms.example.org"


def test_the_short_time_zone_list_is_translated():
    with translation.override("hi"):
        (common_label, common), (_all_label, rest) = preference_time_zone_choices()
        assert str(common_label) != "Common"
        assert common[0] == ("Asia/Kolkata", "भारत (IST) · Asia/Kolkata")
    assert len(rest) > 300 and "Asia/Kolkata" not in dict(rest)
