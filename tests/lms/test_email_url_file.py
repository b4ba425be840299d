"""`EMAIL_URL=file:///…` writes each message to that folder (it used to raise TypeError on
every send: Django's file backend got no folder)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SEND = """
import django
django.setup()
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
email = EmailMultiAlternatives(subject="Day 1 starts now", body="Hello Asha",
                               to=["asha@example.org"],
                               headers={"X-Notification-Reference": "notification:7"})
email.attach_alternative("<p>Hello Asha</p>", "text/html")
assert email.send() == 1
print(settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH)
"""


def send_with(email_url: str, cwd: Path = ROOT) -> str:
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    result = subprocess.run(
        [sys.executable, "-c", SEND],
        env={**clean, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "lms.settings",
             "EMAIL_URL": email_url, "PYTHONPATH": str(ROOT)},
        cwd=cwd, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip()


def test_an_absolute_file_url_writes_the_message_there(tmp_path):
    folder = tmp_path / "mail"
    out = send_with(f"file://{folder}")
    assert out == f"django.core.mail.backends.filebased.EmailBackend {folder}"
    [message] = list(folder.iterdir())
    text = message.read_text()
    assert "Subject: Day 1 starts now" in text
    assert "To: asha@example.org" in text
    assert "X-Notification-Reference: notification:7" in text
    assert "Hello Asha" in text
