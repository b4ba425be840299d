"""Background work for assignments: "download all" archives."""

import io
import logging
import zipfile

from django.core.files.base import ContentFile
from django.utils import timezone
from django_tasks import task

from assignments.models import Submission, ZipExport
from assignments.selectors import with_history

logger = logging.getLogger(__name__)


def _safe(text: str, *, keep: str, limit: int) -> str:
    # Archive member names come from user input: no separators, no "..", bounded length.
    cleaned = "".join(ch if ch.isalnum() or ch in keep else "_" for ch in text)
    return cleaned.strip(".")[-limit:] or "file"


def _owner_folder(submission: Submission) -> str:
    owner = submission.organisation.name if submission.organisation_id else (
        submission.user.email)
    return f"{submission.pk}-{_safe(owner, keep='-_.@', limit=80)}"


@task()
def build_zip_export(*, export_id: int) -> None:
    """Put the latest version of every submission the requester may review into one ZIP."""

    export = ZipExport.objects.select_related("requested_by").get(pk=export_id)
    submissions = with_history(
        Submission.objects.reviewable_by(export.requested_by)
        .filter(assignment_id=export.assignment_id)
        .exclude(status=Submission.Status.DRAFT)
    )
    try:
        content, count = _build_archive(submissions)
    except OSError:
        # A file missing from storage: say so instead of leaving the export "being prepared".
        logger.exception("Could not build export %s", export.pk)
        export.status = ZipExport.Status.FAILED
        export.finished_at = timezone.now()
        export.save(update_fields=["status", "finished_at"])
        return
    export.file.save(f"export-{export.pk}.zip", ContentFile(content), save=False)
    export.file_count = count
    export.status = ZipExport.Status.READY
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "file_count", "status", "finished_at"])


def _build_archive(submissions) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    count = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for submission in submissions:
            versions = list(submission.versions.all())
            if not versions:
                continue
            latest = versions[0]
            folder = f"{_owner_folder(submission)}/v{latest.number}"
            archive.writestr(f"{folder}/answer.html", latest.text or "")
            for stored in latest.files.all():
                name = _safe(stored.original_name, keep="-_. ", limit=120)
                with stored.file.open("rb") as handle:
                    archive.writestr(f"{folder}/{stored.pk}-{name}", handle.read())
                count += 1
    return buffer.getvalue(), count
