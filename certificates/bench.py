"""`make bench` part: issue 1,000 certificates with their PDFs on a throw-away database.

Prints certificates per second (issuance, rendering, both) and peak memory; returns non-zero
when a budget is missed. Budgets (2 shared cores, SQLite): at least 15 certificates/second
end to end (eligibility + issue + PDF render + store), and a peak resident memory under
500 MiB for the whole run (bulk issuance must not hold every PDF in memory).
"""

import resource
import sys
import tempfile
import time
from datetime import date

COUNT = 1_000
MIN_PER_SECOND = 15.0
MAX_PEAK_MIB = 500.0


def _build(count: int):
    """A bootcamp with `count` participants who completed its one required module."""
    from django.contrib.auth import get_user_model

    from certificates.models import CertificateRule
    from content.models import HomePage
    from courses.models import (
        BootcampIndexPage,
        BootcampPage,
        Enrollment,
        ModuleCompletion,
        ModulePage,
        RosterMember,
        StagePage,
    )
    from organisations.models import Organisation

    home = HomePage.objects.first()
    index = home.add_child(instance=BootcampIndexPage(title="Bootcamps", slug="bench-bootcamps"))
    bootcamp = index.add_child(instance=BootcampPage(
        title="Chat for Impact (bench)", slug="bench", start_date=date(2026, 7, 30),
        end_date=date(2026, 7, 31)))
    stage = bootcamp.add_child(instance=StagePage(title="Pre-event", slug="pre",
                                                  kind=StagePage.Kind.PRE_EVENT))
    module = stage.add_child(instance=ModulePage(title="Welcome", slug="welcome"))
    CertificateRule.objects.create(bootcamp=bootcamp, sessions="none",
                                   require_assignments=False, signatory_name="Asha Organiser",
                                   signatory_title="Programme Director")
    User = get_user_model()
    users = User.objects.bulk_create(
        User(email=f"bench{n}@example.org", first_name="प्रियंका" if n % 4 == 0 else "Priya",
             last_name=f"Participant {n}")
        for n in range(count)
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Seva Foundation {n}") for n in range(count // 5)
    )
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(organisation=organisation, bootcamp=bootcamp) for organisation in organisations
    )
    RosterMember.objects.bulk_create(
        RosterMember(enrollment=enrollments[n // 5], bootcamp=bootcamp, user=user)
        for n, user in enumerate(users)
    )
    ModuleCompletion.objects.bulk_create(ModuleCompletion(user=u, module=module) for u in users)
    return bootcamp


def main() -> int:
    from django.conf import settings
    from django.core.files.storage import storages
    from django.db import connection
    from django.test.utils import override_settings, setup_databases, teardown_databases

    from certificates import rendering, services
    from certificates.models import Certificate

    with tempfile.TemporaryDirectory() as private, override_settings(
        STORAGES={**settings.STORAGES, "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": private}}},
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
    ):
        old = setup_databases(verbosity=0, interactive=False)
        try:
            bootcamp = _build(COUNT)
            started = time.perf_counter()
            result = services.issue_eligible(bootcamp=bootcamp, render=False)
            issued_at = time.perf_counter()
            rendered = rendering.render_missing([c.pk for c in result.issued])
            finished = time.perf_counter()
            stored = sum(1 for c in Certificate.objects.all() if storages["private"].exists(
                c.pdf_name))
            vendor = connection.vendor
        finally:
            teardown_databases(old, verbosity=0)

    issue_seconds, render_seconds = issued_at - started, finished - issued_at
    per_second = len(result.issued) / (finished - started)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"| measure ({vendor}) | value | budget |")
    print("| --- | --- | --- |")
    print(f"| certificates issued | {len(result.issued)} | {COUNT} |")
    print(f"| PDFs rendered and stored | {rendered} / {stored} | {COUNT} |")
    print(f"| issuance only | {len(result.issued) / issue_seconds:.0f}/s | |")
    print(f"| PDF rendering only | {rendered / render_seconds:.1f}/s | |")
    print(f"| end to end | {per_second:.1f} certificates/s | ≥ {MIN_PER_SECOND:.0f}/s |")
    print(f"| peak memory (process RSS) | {peak_mib:.0f} MiB | ≤ {MAX_PEAK_MIB:.0f} MiB |")
    ok = (len(result.issued) == COUNT == rendered == stored and per_second >= MIN_PER_SECOND
          and peak_mib <= MAX_PEAK_MIB)
    if not ok:
        print("certificates: budget missed")
    return 0 if ok else 1


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
    os.environ.setdefault("DEBUG", "true")
    django.setup()
    sys.exit(main())
