"""Organisers' review and selection pages in the Wagtail admin.

Thin views: an organiser check first, then a selector or a service; services raise
ApplicationError with a message for people, shown on the page.
"""


from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from courses.models import BootcampPage
from courses.services import AlreadyOnAnotherRoster, SeatLimitReached
from lms.exports import csv_response, xlsx_response
from lms.roles import organiser_required
from organisations import services
from organisations.filters import ApplicationFilter
from organisations.forms import CreditsImportForm, NoteForm
from organisations.models import (
    LICENCE_WARNING_DAYS,
    Application,
    SelectionCriterion,
)
from organisations.selectors import application_review, applications_for_review, perks_overview

PER_PAGE = 50
BULK_ACTIONS = {
    "shortlisted": gettext_lazy("Shortlist"),
    "selected": gettext_lazy("Select"),
    "waitlisted": gettext_lazy("Waitlist"),
    "rejected": gettext_lazy("Reject"),
}
DECISION_ORDER = ["selected", "shortlisted", "waitlisted", "rejected"]


def _filtered(request, bootcamp):
    return ApplicationFilter(request.GET or None,
                             queryset=applications_for_review(bootcamp=bootcamp).order_by(
                                 "submitted_at", "pk"))


@organiser_required
def index(request):
    bootcamps = BootcampPage.objects.annotate(
        application_count=Count("applications", filter=~Q(applications__status="draft")),
        selected_count=Count("applications", filter=Q(applications__status="selected")),
    ).order_by("-start_date", "title")
    return render(request, "organisations/admin/index.html", {"bootcamps": bootcamps})


@organiser_required
def bootcamp_applications(request, bootcamp_id):
    bootcamp = get_object_or_404(BootcampPage, pk=bootcamp_id)
    filterset = _filtered(request, bootcamp)
    page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page"))
    counts = dict(Application.objects.filter(bootcamp=bootcamp).values_list("status").annotate(
        n=Count("pk")))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "organisations/admin/applications.html", {
        "bootcamp": bootcamp, "filter": filterset, "page_obj": page,
        "counts": counts, "selected": counts.get("selected", 0),
        "status_counts": [(label, counts[value]) for value, label in Application.Status.choices
                          if value in counts],
        "bulk_actions": BULK_ACTIONS.items(), "query": query.urlencode(),
    })


@organiser_required
@require_POST
def bulk(request, bootcamp_id):
    bootcamp = get_object_or_404(BootcampPage, pk=bootcamp_id)
    action = request.POST.get("action")
    ids = [int(value) for value in request.POST.getlist("application") if value.isdigit()]
    if action not in BULK_ACTIONS or not ids:
        messages.error(request, _("Choose some applications and an action."))
    else:
        done, problems = services.bulk_change_status(
            applications=Application.objects.filter(bootcamp=bootcamp, pk__in=ids),
            to_status=action, actor=request.user)
        messages.success(request, _("%(count)d applications updated.") % {"count": done})
        for problem in problems:
            messages.error(request, problem)
    return redirect("organisations_admin:bootcamp", bootcamp.pk)


@organiser_required
def detail(request, pk):
    application = get_object_or_404(
        Application.objects.select_related("bootcamp", "organisation", "applicant"), pk=pk)
    context = application_review(application=application, reviewer=request.user)
    return render(request, "organisations/admin/detail.html", {
        **context, "application": application, "note_form": NoteForm(),
        # The buttons say what they do ("Shortlist", not the status "Shortlisted"): the step
        # forward first and marked as the main one, rejecting last.
        "next_statuses": [(status, BULK_ACTIONS[status]) for status in DECISION_ORDER
                          if status in services.TRANSITIONS.get(application.status, set())],
    })


@organiser_required
@require_POST
def change_status(request, pk):
    application = get_object_or_404(Application, pk=pk)
    try:
        services.change_status(application=application, to_status=request.POST.get("status", ""),
                               actor=request.user)
    except (services.ApplicationError, ValueError) as error:
        messages.error(request, str(error))
    except (SeatLimitReached, AlreadyOnAnotherRoster) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Status updated."))
    return redirect("organisations_admin:detail", pk)


@organiser_required
@require_POST
def score(request, pk):
    application = get_object_or_404(Application, pk=pk)
    scores = {}
    for criterion in SelectionCriterion.objects.filter(bootcamp_id=application.bootcamp_id):
        raw = request.POST.get(f"criterion_{criterion.pk}", "").strip()
        if raw:
            field = forms.IntegerField(min_value=0, max_value=criterion.max_score)
            try:
                scores[criterion.pk] = field.clean(raw)
            except forms.ValidationError:
                messages.error(request, _("%(criterion)s: enter a whole number from 0 to %(max)d.")
                               % {"criterion": criterion.title, "max": criterion.max_score})
                return redirect("organisations_admin:detail", pk)
    services.score_application(application=application, reviewer=request.user, scores=scores)
    messages.success(request, _("Your scores are saved."))
    return redirect("organisations_admin:detail", pk)


@organiser_required
@require_POST
def add_note(request, pk):
    application = get_object_or_404(Application, pk=pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.add_review_note(application=application, author=request.user,
                                 text=form.cleaned_data["text"])
        messages.success(request, _("Note added."))
    else:
        messages.error(request, _("The note is empty or too long."))
    return redirect("organisations_admin:detail", pk)


EXPORT_HEADER = [
    "id", "organisation", "registration_number", "city", "state", "website", "focus_areas",
    "staff", "volunteers", "whatsapp_or_helplines", "wants_to_build", "team", "applicant",
    "status", "submitted_at", "average_score",
]


def _export_rows(bootcamp, applications):
    yield EXPORT_HEADER
    for application in applications.iterator(chunk_size=500):
        submitted = bootcamp.local(application.submitted_at) if application.submitted_at else None
        yield [
            application.pk, application.organisation_name, application.registration_number,
            application.city, application.state, application.website,
            ", ".join(application.focus_areas), application.staff_count,
            application.volunteer_count, application.current_channels, application.plans,
            "; ".join(f"{p.get('name', '')} <{p.get('email', '')}>" for p in application.team),
            application.applicant.email, application.status,
            submitted.strftime("%Y-%m-%d %H:%M:%S %Z") if submitted else "",
            round(application.average_score, 2) if application.average_score is not None else "",
        ]


@organiser_required
def export_csv(request, bootcamp_id):
    bootcamp = get_object_or_404(BootcampPage, pk=bootcamp_id)
    rows = _export_rows(bootcamp, _filtered(request, bootcamp).qs)
    return csv_response(rows, f"applications-{bootcamp.slug}")


@organiser_required
def export_xlsx(request, bootcamp_id):
    bootcamp = get_object_or_404(BootcampPage, pk=bootcamp_id)
    rows = _export_rows(bootcamp, _filtered(request, bootcamp).qs)
    return xlsx_response(rows, f"applications-{bootcamp.slug}", _("Applications"))


@organiser_required
def perks(request):
    page = Paginator(perks_overview(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "organisations/admin/perks.html",
                  {"page_obj": page, "warning_days": LICENCE_WARNING_DAYS})


@organiser_required
def import_credits(request):
    form = CreditsImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.import_credits_used(bootcamp=form.cleaned_data["bootcamp"],
                                                 rows=form.cleaned_data["file"])
        except services.PerkImportError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, _("Credits used updated for %(count)d organisations.")
                             % {"count": count})
            return redirect("organisations_admin:perks")
    return render(request, "organisations/admin/import_credits.html", {"form": form})
