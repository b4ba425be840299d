"""Writes for assignments: drafts, submits, reviews, extensions.

Every write that depends on the submission's current state locks its row
(`select_for_update`) inside a transaction, so a double click or two team members pressing
"Submit" together produce exactly one new version per content change.
"""

import hashlib
import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from assignments.selectors import roster_entry, submission_rights
from assignments.signals import review_recorded, submission_submitted
from assignments.submissions import (
    Extension,
    Review,
    Submission,
    SubmissionFile,
    SubmissionVersion,
)
from assignments.uploads import CheckedUpload, UploadRejected, check_upload
from content.sanitize import HtmlTooComplex, check_html_limits, sanitize_html
from courses.models import RosterMember
from courses.signals import send_progress_changed
from lms.roles import is_organiser

logger = logging.getLogger(__name__)


class SubmissionRefused(Exception):
    """A submit, save or review that the rules don't allow; the message is for the user."""


@dataclass(frozen=True)
class SubmitResult:
    version: SubmissionVersion | None
    created: bool


def clean_answer(text: str) -> str:
    """A typed answer as stored: plain text keeps its paragraphs; HTML is sanitised."""
    text = (text or "").strip()
    if "<" not in text:
        return linebreaks(escape(text)) if text else ""
    return sanitize_html(text)


def _check_limits(text: str) -> None:
    """Refuse text sanitize_html would refuse, before anything is stored."""
    try:
        check_html_limits(text)
    except HtmlTooComplex as error:
        raise SubmissionRefused(str(error)) from None


def owner_of(*, assignment, user):
    """(user, organisation) that owns this participant's submission, or raise if the user
    is not on the bootcamp's roster."""
    entry = roster_entry(user=user, bootcamp=assignment.get_bootcamp())
    if entry is None:
        raise SubmissionRefused(_("Only participants of this bootcamp can submit."))
    if assignment.is_organisation:
        return None, entry.enrollment.organisation
    return user, None


def _get_or_create_submission(*, assignment, user, organisation) -> Submission:
    lookup = {"organisation": organisation} if organisation else {"user": user}
    try:
        with transaction.atomic():
            submission, _created = Submission.objects.get_or_create(
                assignment=assignment, **lookup,
                defaults={"bootcamp": assignment.get_bootcamp()},
            )
    except IntegrityError:
        # Two first saves at once: the other one created it.
        submission = Submission.objects.get(assignment=assignment, **lookup)
    return submission


def content_hash(*, text: str, file_hashes) -> str:
    digest = hashlib.sha256(text.encode())
    for file_hash in sorted(file_hashes):
        digest.update(b"\0" + file_hash.encode())
    return digest.hexdigest()


def validate_uploads(*, assignment, uploads, kept_count: int
                     ) -> list[CheckedUpload]:
    """Check count and size before reading anything, then each file's content."""
    uploads = list(uploads)
    if uploads and not assignment.accepts_files:
        raise UploadRejected(_("This assignment does not take files."))
    if kept_count + len(uploads) > assignment.max_files:
        raise UploadRejected(
            _("At most %(n)s files can be attached.") % {"n": assignment.max_files}
        )
    checked = []
    for upload in uploads:
        if upload.size > assignment.max_file_bytes:
            raise UploadRejected(
                _("A file is too large (largest allowed: %(mb)s MB).")
                % {"mb": assignment.max_file_size_mb}
            )
        checked.append(check_upload(
            name=upload.name, content=upload.read(), allowed=assignment.file_types,
            max_bytes=assignment.max_file_bytes,
        ))
    return checked


def save_draft(*, assignment, user, text: str, uploads=(),
               remove_file_ids=()) -> Submission:
    """Store the work in progress (text and attached files). Never touches versions.

    Raises UploadRejected (nothing stored) or SubmissionRefused.
    """
    member, organisation = owner_of(assignment=assignment, user=user)
    text = (text or "").strip() if assignment.accepts_text else ""
    _check_limits(text)
    uploads = list(uploads)
    remove = set(remove_file_ids)
    # Everything is checked before the first write: a refused file must not leave behind a
    # submission row (the dashboard would say "Draft" with nothing saved).
    lookup = {"organisation": organisation} if organisation else {"user": member}
    existing = Submission.objects.filter(assignment=assignment, **lookup).first()
    if existing is not None and existing.is_final:
        raise SubmissionRefused(_("This assignment has been accepted; it is closed."))
    kept_before = ([f for f in existing.draft_files.all() if f.pk not in remove]
                   if existing else [])
    checked = validate_uploads(assignment=assignment, uploads=uploads,
                               kept_count=len(kept_before))
    submission = existing or _get_or_create_submission(
        assignment=assignment, user=member, organisation=organisation)
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.is_final:
            raise SubmissionRefused(_("This assignment has been accepted; it is closed."))
        kept = [f for f in submission.draft_files.all() if f.pk not in remove]
        # A teammate may have attached files since the check above: count again, locked.
        if len(kept) + len(checked) > assignment.max_files:
            raise UploadRejected(
                _("At most %(n)s files can be attached.") % {"n": assignment.max_files}
            )
        known = {f.sha256 for f in kept}
        for item in checked:
            if item.sha256 in known:
                continue  # the same file sent twice (double click): attach it once
            known.add(item.sha256)
            stored = SubmissionFile(
                submission=submission, original_name=item.name, extension=item.extension,
                size=item.size, sha256=item.sha256, uploaded_by=user,
            )
            stored.file.save(item.name, ContentFile(item.content), save=False)
            stored.save()
            kept.append(stored)
        # The draft keeps what was typed (it is only ever shown escaped, in the form);
        # the sanitised form is what a version stores.
        submission.draft_text = text
        submission.draft_files.set(kept)
        submission.draft_updated_at = timezone.now()
        submission.draft_updated_by = user
        submission.save(update_fields=["draft_text", "draft_updated_at", "draft_updated_by"])
    return submission


def submit(*, assignment, user, text: str, uploads=(), remove_file_ids=(),
           now=None) -> SubmitResult:
    """Save the draft, then hand it in as a new immutable version.

    Refused after the cut-off (the draft is kept), for a team member who is not the lead,
    and for an empty answer. When nothing changed since the latest version no new version
    is made (the second click of a double click).
    """

    rights = submission_rights(assignment=assignment, user=user, now=now)
    if rights.entry is None:
        raise SubmissionRefused(_("Only participants of this bootcamp can submit."))
    deadline = rights.deadline
    submission = save_draft(assignment=assignment, user=user, text=text, uploads=uploads,
                            remove_file_ids=remove_file_ids)
    bootcamp = assignment.get_bootcamp()
    if not deadline.is_open:
        raise SubmissionRefused(
            _("The cut-off was %(when)s; your draft is saved but can no longer be submitted.")
            % {"when": bootcamp.local(deadline.cutoff_at).strftime("%d %b %Y, %H:%M %Z")}
        )
    if not rights.may_hand_in:
        raise SubmissionRefused(
            _("Your draft is saved. Your organisation's lead submits team assignments.")
        )
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.is_final:
            raise SubmissionRefused(_("This assignment has been accepted; it is closed."))
        files = list(submission.draft_files.all())
        answer = clean_answer(submission.draft_text)
        if not answer and not files:
            raise SubmissionRefused(_("Write an answer or attach a file before submitting."))
        if assignment.answer_kind == assignment.AnswerKind.TEXT and not answer:
            raise SubmissionRefused(_("Write an answer before submitting."))
        if assignment.answer_kind == assignment.AnswerKind.FILES and not files:
            raise SubmissionRefused(_("Attach at least one file before submitting."))
        digest = content_hash(text=answer, file_hashes=[f.sha256 for f in files])
        latest = submission.versions.order_by("-number").first()
        if latest is not None and latest.content_hash == digest and submission.status in (
                Submission.Status.SUBMITTED, Submission.Status.LATE,
                Submission.Status.NEEDS_REVISION):
            return SubmitResult(version=latest, created=False)
        moment = now or timezone.now()
        version = SubmissionVersion.objects.create(
            submission=submission, number=(latest.number + 1) if latest else 1,
            text=answer, content_hash=digest, submitted_by=user,
            submitted_at=moment, is_late=deadline.is_late,
        )
        version.files.set(files)
        submission.status = (Submission.Status.LATE if deadline.is_late
                             else Submission.Status.SUBMITTED)
        submission.submitted_at = moment
        submission.save(update_fields=["status", "submitted_at"])
        # Only a new version is news: the second click of a double click returned above.
        submission_submitted.send(sender=SubmissionVersion, version=version,
                                  user_ids=affected_user_ids(submission))
    return SubmitResult(version=version, created=True)


def affected_user_ids(submission: Submission) -> list[int]:
    """The people a submission's outcome is about: the participant, or the team's roster."""

    if submission.user_id:
        return [submission.user_id]
    return list(RosterMember.objects.active().filter(
        enrollment__organisation_id=submission.organisation_id,
        bootcamp_id=submission.bootcamp_id,
    ).values_list("user_id", flat=True))


def review(*, submission_id: int, reviewer, decision: str, feedback: str = "",
           points: dict[int, int] | None = None) -> Review:
    """Record a reviewer's decision on the latest version; tell the participant or team
    (through the `review_recorded` signal).

    Only handed-in work awaiting review can be decided (so two reviewers racing record one
    decision). Rubric points must be within each criterion's maximum.
    """

    if decision not in Review.Decision.values:
        raise SubmissionRefused(_("Choose a decision."))
    # The reviewer's right is checked here, not only by the view.
    if not Submission.objects.reviewable_by(reviewer).filter(pk=submission_id).exists():
        raise SubmissionRefused(_("Only the trainers of this bootcamp and organisers review "
                                  "its submissions."))
    _check_limits(feedback)
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission_id)
        if not submission.is_reviewable:
            raise SubmissionRefused(_not_reviewable_reason(submission))
        assignment = submission.assignment
        scores, total = [], None
        if assignment.review_mode == assignment.ReviewMode.RUBRIC:
            total = 0
            for criterion in assignment.criteria.all():
                given = (points or {}).get(criterion.pk)
                if given is None or not 0 <= given <= criterion.max_points:
                    raise SubmissionRefused(
                        _("Give “%(c)s” between 0 and %(m)s points.")
                        % {"c": criterion.title, "m": criterion.max_points}
                    )
                scores.append({"criterion": criterion.title, "points": given,
                               "max": criterion.max_points})
                total += given
        latest = submission.versions.order_by("-number").first()
        decided = Review.objects.create(
            submission=submission, version=latest, reviewer=reviewer, decision=decision,
            feedback=sanitize_html(feedback), scores=scores, total_points=total,
        )
        submission.status = decision
        submission.save(update_fields=["status"])
        user_ids = affected_user_ids(submission)
        send_progress_changed(bootcamp_id=submission.bootcamp_id, user_ids=user_ids)
        review_recorded.send(sender=Review, review=decided, user_ids=user_ids)
    return decided


def _not_reviewable_reason(submission: Submission) -> str:
    """Why a review is refused, and where the decision already taken can be read."""
    decided = submission.reviews.select_related("reviewer").order_by("-created_at").first()
    if decided is not None and submission.status in Review.Decision.values:
        when = submission.bootcamp.specific.local(decided.created_at)
        return _("This submission is not waiting for a review: it was already decided "
                 "(%(decision)s, by %(reviewer)s on %(when)s). The decision is shown under "
                 "“Reviews” on this page; a new review is possible once a new version is "
                 "handed in.") % {
            "decision": decided.get_decision_display(),
            "reviewer": decided.reviewer.display_name if decided.reviewer else _("a reviewer"),
            "when": when.strftime("%d %b %Y, %H:%M %Z"),
        }
    return _("This submission is not waiting for a review (its status is “%(status)s”).") % {
        "status": submission.get_status_display()}


def grant_extension(*, assignment, granted_by, cutoff_at, user=None,
                    organisation=None, reason: str = "") -> Extension:
    """An organiser gives one participant or organisation a later cut-off."""

    if not is_organiser(granted_by):
        raise SubmissionRefused(_("Only organisers grant extensions."))
    if (user is None) == (organisation is None):
        raise SubmissionRefused(_("Choose a participant or an organisation."))
    if cutoff_at <= assignment.due_at:
        raise SubmissionRefused(_("The new cut-off must be after the due date."))
    return Extension.objects.create(assignment=assignment, user=user,
                                    organisation=organisation, cutoff_at=cutoff_at,
                                    reason=reason, granted_by=granted_by)
