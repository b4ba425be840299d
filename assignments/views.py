"""Thin views: permission check first, then a selector or service, then render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from assignments import selectors, services
from assignments.forms import ExtensionForm, QueueFilterForm, ReviewForm
from assignments.models import AssignmentPage, Submission, SubmissionFile, ZipExport
from assignments.tasks import build_zip_export
from courses.models import BootcampPage, Enrollment, RosterMember
from lms.caching import no_store
from lms.page_languages import in_source_language
from lms.roles import is_organiser


def _protected_file_response(fieldfile, *, filename: str) -> FileResponse:
    response = FileResponse(fieldfile.open("rb"), as_attachment=True, filename=filename,
                            content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return no_store(response)


@login_required
@require_GET
def download_file(request, file_id: int):
    """A submitted file, only for those who may see its submission (others: 404)."""
    stored = get_object_or_404(
        SubmissionFile.objects.filter(
            submission__in=Submission.objects.visible_to(request.user)), pk=file_id)
    return _protected_file_response(stored.file, filename=stored.original_name)


def _require_reviewer(user):
    if not (is_organiser(user) or BootcampPage.objects.trained_by(user).exists()):
        raise PermissionDenied


@login_required
@require_GET
def review_queue(request):
    """Handed-in work the reviewer may review, oldest first, with counts per status."""

    _require_reviewer(request.user)
    bootcamps = (BootcampPage.objects.all() if is_organiser(request.user)
                 else BootcampPage.objects.trained_by(request.user))
    bootcamp_choices = list(bootcamps.values_list("pk", "title"))
    bootcamp_ids = [pk for pk, _title in bootcamp_choices]
    assignment_choices = list(AssignmentPage.objects.filter(
        submissions__bootcamp_id__in=bootcamp_ids).distinct().values_list("pk", "title"))
    organisation_choices = list(Enrollment.objects.filter(bootcamp_id__in=bootcamp_ids)
                                .values_list("organisation_id", "organisation__name")
                                .distinct().order_by("organisation__name"))
    data = request.GET.copy()
    # Opened without a status choice, the queue shows work to do; "Any" shows everything.
    data.setdefault("status", selectors.TO_REVIEW)
    filters = QueueFilterForm(data, bootcamps=bootcamp_choices,
                              assignments=assignment_choices,
                              organisations=organisation_choices)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    rows, counts = selectors.review_queue(
        user=request.user, bootcamp_id=chosen.get("bootcamp"),
        assignment_id=chosen.get("assignment"), status=chosen.get("status") or None,
        organisation_id=chosen.get("organisation"),
    )
    page_obj = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = data.copy()
    query.pop("page", None)
    status_counts = [(value, label, counts.get(value, 0))
                     for value, label in Submission.Status.choices if value != "draft"]
    return render(request, "assignments/review_queue.html", {
        "filters": filters, "page_obj": page_obj, "status_counts": status_counts,
        "query": query.urlencode(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def review_detail(request, submission_id: int):
    """The latest version with its history; POST records the decision."""
    submission = get_object_or_404(
        selectors.with_history(Submission.objects.filter(pk=submission_id)))
    if not selectors.can_review(user=request.user, bootcamp=submission.bootcamp):
        raise Http404
    assignment = submission.assignment
    form = ReviewForm(request.POST or None, assignment=assignment)
    if request.method == "POST" and form.is_valid():
        try:
            services.review(
                submission_id=submission.pk, reviewer=request.user,
                decision=form.cleaned_data["decision"],
                feedback=form.cleaned_data["feedback"], points=form.points,
            )
        except services.SubmissionRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Review recorded; the participant is notified."))
            return redirect("assignments:review_queue")
    versions = list(submission.versions.all())
    bootcamp = submission.bootcamp
    return render(request, "assignments/review_detail.html", {
        "submission": submission, "assignment": assignment, "bootcamp": bootcamp,
        "latest": versions[0] if versions else None, "earlier": versions[1:],
        "reviews": list(submission.reviews.all()), "form": form,
        "exports": ZipExport.objects.filter(assignment=assignment,
                                            requested_by=request.user)[:3],
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def download_all(request, assignment_id: int):
    """GET: the reviewer's archives for this assignment; POST: build a new one."""
    assignment = get_object_or_404(
        in_source_language(AssignmentPage.objects.all()), pk=assignment_id)
    bootcamp = assignment.get_bootcamp()
    if not selectors.can_review(user=request.user, bootcamp=bootcamp):
        raise Http404
    if request.method == "POST":

        export = ZipExport.objects.create(assignment=assignment, requested_by=request.user)
        transaction.on_commit(lambda: build_zip_export.enqueue(export_id=export.pk))
        messages.success(request, _("The archive is being prepared."))
        return redirect("assignments:download_all", assignment_id=assignment.pk)
    exports = ZipExport.objects.filter(assignment=assignment, requested_by=request.user)[:10]
    return render(request, "assignments/download_all.html",
                  {"assignment": assignment, "bootcamp": bootcamp, "exports": exports})


@login_required
@require_GET
def download_export(request, export_id: int):
    export = get_object_or_404(ZipExport, pk=export_id, requested_by=request.user,
                               status=ZipExport.Status.READY)
    if not selectors.can_review(user=request.user, bootcamp=export.assignment.get_bootcamp()):
        raise Http404
    return _protected_file_response(export.file,
                                    filename=f"{export.assignment.slug}-{export.pk}.zip")


@login_required
@require_http_methods(["GET", "POST"])
def extensions(request, assignment_id: int):
    """Organisers grant a participant or an organisation a later cut-off."""

    if not is_organiser(request.user):
        raise PermissionDenied
    assignment = get_object_or_404(
        in_source_language(AssignmentPage.objects.all()), pk=assignment_id)
    bootcamp = assignment.get_bootcamp()
    roster = list(RosterMember.objects.active().filter(bootcamp=bootcamp)
                  .select_related("user", "enrollment__organisation")
                  .order_by("enrollment__organisation__name", "user__email"))
    if assignment.is_organisation:
        seen = {}
        for entry in roster:
            seen[entry.enrollment.organisation_id] = entry.enrollment.organisation
        targets = [(f"org-{pk}", org.name) for pk, org in seen.items()]
    else:
        targets = [(f"user-{entry.user_id}",
                    f"{entry.user.display_name} <{entry.user.email}> · "
                    f"{entry.enrollment.organisation.name}") for entry in roster]
    form = ExtensionForm(request.POST or None, tz=bootcamp.tz, targets=targets)
    if request.method == "POST" and form.is_valid():
        kind, _sep, pk = form.cleaned_data["target"].partition("-")
        target = {"organisation": seen[int(pk)]} if kind == "org" else {
            "user": next(e.user for e in roster if e.user_id == int(pk))}
        try:
            services.grant_extension(assignment=assignment, granted_by=request.user,
                                     cutoff_at=form.cleaned_data["cutoff_at"],
                                     reason=form.cleaned_data["reason"], **target)
        except services.SubmissionRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Extension granted."))
            return redirect(reverse("assignments:extensions", args=[assignment.pk]))
    granted = assignment.extensions.select_related("user", "organisation", "granted_by")
    return render(request, "assignments/extensions.html", {
        "assignment": assignment, "bootcamp": bootcamp, "form": form, "granted": granted,
    }, status=400 if request.method == "POST" else 200)

