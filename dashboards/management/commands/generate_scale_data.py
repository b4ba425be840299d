import time

from django.core.management.base import BaseCommand, CommandError

from dashboards.scale_data import DEFAULT_PASSWORD, generate


class Command(BaseCommand):
    help = ("Build a realistic bootcamp at scale (organisations × participants, with modules, "
            "sessions, submissions, attendance and certificates) with bulk inserts.")

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=100)
        parser.add_argument("--participants", type=int, default=4,
                            help="participants per organisation")
        parser.add_argument("--seed", type=int, default=8)
        parser.add_argument("--password", default=DEFAULT_PASSWORD,
                            help="password of every generated user (default: the demo "
                                 "password); --no-password makes it unusable")
        parser.add_argument("--no-password", dest="password", action="store_const",
                            const=None)

    def handle(self, *args, organisations, participants, seed, password, **options):
        if organisations < 1 or not 1 <= participants <= 50:
            raise CommandError("Use at least 1 organisation and 1 to 50 participants each.")
        started = time.perf_counter()
        bootcamp = generate(organisations=organisations, participants=participants, seed=seed,
                            password=password,
                            log=lambda line: self.stdout.write(f"  {line}"))
        self.stdout.write(self.style.SUCCESS(
            f"Bootcamp {bootcamp.pk} ({bootcamp.title}) built in "
            f"{time.perf_counter() - started:.1f} s."))
