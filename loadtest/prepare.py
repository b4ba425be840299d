"""Set the `make prod` database up for one Profile A run and write the plan for Locust.

Run by loadtest/run.sh with the stack's environment (`deploy/prod.sh env`):

    python loadtest/prepare.py --mode signin|signed-in --out .prod/loadtest/plan.json

- the newest scale bootcamp (`generate_scale_data --organisations 100 --participants 4`, which
  `make prod` loads) and its active roster: 400 participants;
- each can sign in with one known password and a verified primary address (the generator
  gives its users none; one PBKDF2 hash is copied to all, so each sign-in still costs what a
  real one costs);
- "Day 1 morning" starts 2 minutes ago and ends in 2 hours, with no attendance yet;
- `signed-in`: one server-side session per participant, as for phones that stayed signed
  in since the pre-event work (the cookie goes in the plan).

Only for the throw-away `make prod` database: it refuses to run with DEBUG on or on a
database whose name is not lms_prod (or LOADTEST_DATABASE).
"""

import argparse
import json
import os
import sys
from datetime import timedelta
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,  # noqa: E402
)
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from attendance.models import AttendanceChange, AttendanceRecord  # noqa: E402
from attendance.services import settings_for  # noqa: E402
from courses.models import (  # noqa: E402
    BootcampPage,
    Enrollment,
    LiveSessionPage,
    ModulePage,
    RosterMember,
)

PASSWORD = os.environ.get("LOADTEST_PASSWORD", "rehearsal-password-2026")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["signin", "signed-in"], required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    database = connection.settings_dict["NAME"]
    if settings.DEBUG or database != os.environ.get("LOADTEST_DATABASE", "lms_prod"):
        sys.exit(f"refusing: DEBUG={settings.DEBUG}, database {database!r} (only lms_prod)")

    bootcamp = (BootcampPage.objects.filter(slug__startswith="scale-").order_by("-pk").first())
    if bootcamp is None:
        sys.exit("no scale bootcamp: start the stack with `make prod-start` (PROD_DATA=scale)")
    session = LiveSessionPage.objects.descendant_of(bootcamp).get(title="Day 1 morning")
    now = timezone.now()
    User = get_user_model()
    user_ids = list(RosterMember.objects.filter(
        bootcamp=bootcamp, removed_at__isnull=True, enrollment__status=Enrollment.Status.ACTIVE,
    ).order_by("user_id").values_list("user_id", flat=True))
    if os.environ.get("LOADTEST_PARTICIPANTS"):  # a smaller rehearsal (a busy machine)
        user_ids = user_ids[:int(os.environ["LOADTEST_PARTICIPANTS"])]
    users = list(User.objects.filter(pk__in=user_ids).order_by("pk"))

    with transaction.atomic():
        # The session is on now: a new published revision, as an editor would make it.
        session.starts_at = now - timedelta(minutes=2)
        session.ends_at = now + timedelta(hours=2)
        session.save_revision().publish()
        AttendanceChange.objects.filter(record__session=session).delete()
        AttendanceRecord.objects.filter(session=session).delete()
        code = settings_for(session=session).check_in_code

        hashed = make_password(PASSWORD)
        User.objects.filter(pk__in=user_ids).update(password=hashed)
        have = set(EmailAddress.objects.filter(user_id__in=user_ids, primary=True)
                   .values_list("user_id", flat=True))
        EmailAddress.objects.filter(user_id__in=user_ids).update(verified=True)
        EmailAddress.objects.bulk_create([
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in users if user.pk not in have])
        for user in users:
            user.password = hashed

    cookies = {}
    if args.mode == "signed-in":
        store = import_module(settings.SESSION_ENGINE).SessionStore
        for user in users:
            session_store = store()
            session_store[SESSION_KEY] = str(user.pk)
            session_store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
            session_store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session_store.create()
            cookies[user.pk] = session_store.session_key

    modules = [page.url for page in ModulePage.objects.live().descendant_of(bootcamp)
               .order_by("path").specific()]
    plan = {
        "mode": args.mode,
        "bootcamp_id": bootcamp.pk,
        "session_id": session.pk,
        "session_url": session.url,
        "check_in_url": f"/sessions/{session.pk}/check-in",
        "code": code,
        "modules": [url for url in modules if url],
        "session_cookie_name": settings.SESSION_COOKIE_NAME,
        "prepared_at": now.isoformat(),
        "users": [{"id": user.pk, "email": user.email, "password": PASSWORD,
                   "session_key": cookies.get(user.pk, "")} for user in users],
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(plan))
    print(f"plan: {len(users)} participants, session {session.pk} {session.url}, "
          f"code {code}, mode {args.mode} -> {args.out}")


if __name__ == "__main__":
    main()
