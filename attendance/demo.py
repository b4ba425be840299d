"""Demo state for the attendance app (called by load_demo in dependency order).

- The demo bootcamp gets its attendance policy (the defaults: 75%, 10 minutes).
- certified@example.org is marked present by the trainer at every session held so far, so the
  certificates demo can issue a certificate on real attendance records.
- Sessions already over get varied attendance for the rest of the roster (check-ins,
  partial minutes from a report, an excused absence), except the team that finished its
  work (organisations.demo.FINISHED_TEAM), present throughout; participant@example.org is left
  unrecorded (absent on the live days, which the organisers' dashboard flags).

Idempotent: re-recording the same value changes nothing (see services.record_attendance).
"""

from django.contrib.auth import get_user_model
from django.utils import timezone

from attendance.models import AttendancePolicy, Source, Status
from attendance.services import record_attendance
from courses.models import BootcampPage, LiveSessionPage, RosterMember
from courses.signals import send_progress_changed
from organisations.demo import FINISHED_TEAM

SLUG = "chat-for-impact"
CERTIFIED = "certified@example.org"
LEFT_FOR_CHECK_IN = "participant@example.org"
# Cycled over the roster for past sessions: (status, minutes, source).
PATTERN = [
    (Status.PRESENT, None, Source.CHECK_IN),
    (Status.PRESENT, 112, Source.IMPORT),
    (Status.LATE, 95, Source.IMPORT),
    (Status.PARTIAL, 40, Source.IMPORT),
    (Status.EXCUSED, None, Source.TRAINER),
]


def load(stdout) -> None:
    bootcamp = BootcampPage.objects.filter(slug=SLUG).first()
    if bootcamp is None:
        stdout.write("attendance: no demo bootcamp (slug chat-for-impact): skipped")
        return
    AttendancePolicy.objects.get_or_create(bootcamp=bootcamp)
    trainer = bootcamp.trainers.first() or get_user_model().objects.filter(
        email="trainer@example.org").first()
    sessions = list(LiveSessionPage.objects.descendant_of(bootcamp).order_by("starts_at"))
    roster = list(RosterMember.objects.active().filter(bootcamp=bootcamp)
                  .select_related("user", "enrollment__organisation").order_by("user__email"))
    finished = {m.user_id for m in roster
                if m.enrollment.organisation.registration_number == FINISHED_TEAM}
    now = timezone.now()
    touched = set()
    certified = next((m.user for m in roster if m.user.email == CERTIFIED), None)
    for session in sessions:
        if session.ends_at > now:
            continue  # nobody attends a session that has not happened
        if certified is not None:
            record_attendance(user_id=certified.pk, session=session, bootcamp=bootcamp,
                              status=Status.PRESENT, minutes=None, source=Source.TRAINER,
                              changed_by=trainer)
            touched.add(certified.pk)
        others = [m.user for m in roster
                  if m.user.email not in (CERTIFIED, LEFT_FOR_CHECK_IN)]
        for index, user in enumerate(others):
            status, minutes, source = (PATTERN[0] if user.pk in finished
                                       else PATTERN[index % len(PATTERN)])
            record_attendance(user_id=user.pk, session=session, bootcamp=bootcamp,
                              status=status, minutes=minutes, source=source,
                              changed_by=user if source == Source.CHECK_IN else trainer)
            touched.add(user.pk)
    if touched:
        send_progress_changed(bootcamp_id=bootcamp.pk, user_ids=sorted(touched))
    past = sum(1 for s in sessions if s.ends_at <= now)
    stdout.write(f"attendance: {len(sessions)} sessions ({past} past), "
                 f"{CERTIFIED} present at all held so far")
