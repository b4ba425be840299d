"""When participants last did something in a bootcamp (for "last activity" and the
inactivity flag): a module completed, a version handed in, a draft saved, a session
attended (its start, once started)."""

from datetime import datetime

from django.db.models import Max

from assignments.models import Submission, SubmissionVersion
from attendance.models import ATTENDED, AttendanceRecord
from courses.models import ModuleCompletion
from dashboards.facts import BootcampFacts


def last_activity(*, facts: BootcampFacts, user_ids: list[int]) -> dict[int, datetime]:
    """Each user's latest learning action in the bootcamp (four grouped queries)."""
    latest: dict[int, datetime] = {}

    def keep(rows):
        for user_id, moment in rows:
            if user_id is not None and moment is not None and (
                    user_id not in latest or moment > latest[user_id]):
                latest[user_id] = moment

    if not user_ids:
        return latest
    if facts.module_ids:
        keep(ModuleCompletion.objects.filter(user_id__in_ids=user_ids,
                                             module_id__in=facts.module_ids)
             .values("user_id").annotate(m=Max("completed_at")).values_list("user_id", "m"))
    keep(SubmissionVersion.objects.filter(submitted_by_id__in_ids=user_ids,
                                          submission__bootcamp_id=facts.bootcamp.pk)
         .values("submitted_by_id").annotate(m=Max("submitted_at"))
         .values_list("submitted_by_id", "m"))
    keep(Submission.objects.filter(draft_updated_by_id__in_ids=user_ids,
                                   bootcamp_id=facts.bootcamp.pk)
         .values("draft_updated_by_id").annotate(m=Max("draft_updated_at"))
         .values_list("draft_updated_by_id", "m"))
    keep(AttendanceRecord.objects.filter(user_id__in_ids=user_ids, bootcamp_id=facts.bootcamp.pk,
                                         status__in=ATTENDED, session__starts_at__lte=facts.now)
         .values("user_id").annotate(m=Max("session__starts_at")).values_list("user_id", "m"))
    return latest
