"""Play a participant's phone in the terminal: `manage.py whatsapp_sandbox`.

Each line typed is a WhatsApp message from the participant's number, posted to the real
webhook view with a valid signature; the replies go out through the real outbound client to
a fake Cloud API on 127.0.0.1 (notifications.sandbox) and are printed as the phone would
show them. `#<id or title>` taps a reply button or list row of the last replies.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from notifications import sandbox
from notifications.demo import PARTICIPANT_WHATSAPP_NUMBER as DEMO_NUMBER
from notifications.models import NotificationPreference


class Command(BaseCommand):
    help = "Play a participant's WhatsApp phone against a local fake of the Cloud API."

    def add_arguments(self, parser):
        parser.add_argument("--number", default=DEMO_NUMBER,
                            help=f"The participant's WhatsApp number (default {DEMO_NUMBER}, "
                                 "the demo participant).")
        parser.add_argument("--script", metavar="FILE",
                            help="Send the lines of FILE ('-' for standard input) instead of "
                                 "prompting; blank lines and lines starting with // skipped.")
        parser.add_argument("--fail-next", metavar="STATUS", type=int, action="append",
                            default=[], help="Make the fake API answer the next send with "
                                             "this HTTP status (429, 500, …); repeatable.")

    def handle(self, *args, number: str, script: str | None, fail_next: list[int],
               **options):
        if not sandbox.enabled():
            raise CommandError("The WhatsApp sandbox needs DEBUG=true or WHATSAPP_SANDBOX=True.")
        preference = (NotificationPreference.objects.select_related("user")
                      .filter(whatsapp_number=number).first())
        if preference is None:
            raise CommandError(f"No account has the WhatsApp number {number}.")
        loopback = sandbox.start_loopback()
        loopback.api.fail_next(*fail_next)
        self.stdout.write(f"Phone of {preference.user} ({number}); fake Cloud API at "
                          f"{loopback.base_url}.")
        try:
            if script:
                source = sys.stdin if script == "-" else open(script, encoding="utf-8")  # noqa: SIM115
                with source:
                    lines = [line.strip() for line in source]
                for line in lines:
                    if line and not line.startswith("//"):
                        self._send(number, line, loopback)
            else:
                self.stdout.write("Type a message (#id taps a button; Ctrl-D or 'quit' ends).")
                while True:
                    try:
                        line = input("you> ").strip()
                    except EOFError:
                        break
                    if line.lower() in {"quit", "exit"}:
                        break
                    if line:
                        self._send(number, line, loopback)
        finally:
            loopback.stop()

    shown: list[dict] = []

    def _send(self, number: str, line: str, loopback: sandbox.Loopback) -> None:
        self.stdout.write(f"you> {line}")
        message = sandbox.message_for(line, self.shown)
        try:
            payloads = sandbox.exchange(number=number, message=message, loopback=loopback)
        except sandbox.SandboxError as exc:
            raise CommandError(str(exc)) from exc
        self.shown = [sandbox.bubble(payload) for payload in payloads]
        if not self.shown:
            self.stdout.write("   (no reply)")
        for item in self.shown:
            text = sandbox.as_text(item)
            self.stdout.write("\n".join("bot> " + line for line in text.splitlines()) or "bot>")
