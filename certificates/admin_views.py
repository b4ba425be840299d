"""Organisers' certificate pages in the Wagtail admin: eligibility, issue, revoke, reinstate.

Thin views: an organiser check first, then a selector or a service. Services raise
CertificateError with a message for people; it is shown on the page, nothing half-written.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.files.storage import storages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from certificates import selectors, services
from certificates.eligibility import organisation_eligibility, participant_eligibility, rule_for
from certificates.forms import CorrectNameForm, OptionalReasonForm, ReasonForm
from certificates.models import Certificate
from certificates.rendering import ensure_pdf
from certificates.tasks import issue_eligible_in_background
from courses.models import BootcampPage, Enrollment, RosterMember
from courses.translations import translated_titles
from lms.roles import organiser_required
from organisations.models import Organisation

PER_PAGE = 50
# Above this many participants "issue to all eligible" runs as a background task.
SYNCHRONOUS_BULK_LIMIT = 200


@organiser_required
def index(request):
    bootcamps = BootcampPage.objects.annotate(
        valid=Count("certificates", filter=Q(certificates__revoked_at__isnull=True)),
        revoked=Count("certificates", filter=Q(certificates__revoked_at__isnull=False)),
    ).order_by("-start_date", "title")
    return render(request, "certificates/admin/index.html", {"bootcamps": bootcamps})


@organiser_required
def bootcamp(request, bootcamp_id: int):
    """Every participant and organisation of the bootcamp, eligible or what is missing."""
    bootcamp = get_object_or_404(BootcampPage, pk=bootcamp_id)
    rule = rule_for(bootcamp)
    status = request.GET.get("status", "")
    status = status if status in selectors.STATUSES else ""
    query = request.GET.get("q", "")[:100]
    filtered = selectors.certificate_roster(bootcamp=bootcamp, status=status, query=query,
                                            rule=rule)
    page = Paginator(filtered.entries, PER_PAGE).get_page(request.GET.get("page"))
    ids = [entry.user_id for entry in page]
    eligibility = filtered.eligibility or participant_eligibility(
        bootcamp=bootcamp, user_ids=ids, rule=rule)
    certificates = _latest_by(
        Certificate.objects.filter(kind="participant", bootcamp_id=bootcamp.pk, user_id__in=ids),
        "user_id",
    )
    rows = [
        {"entry": entry, "eligibility": eligibility[entry.user_id],
         "certificate": certificates.get(entry.user_id)}
        for entry in page
    ]
    organisation_rows = []
    if rule.organisation_certificates:
        enrollments = list(
            Enrollment.objects.filter(bootcamp_id=bootcamp.pk, status=Enrollment.Status.ACTIVE)
            .select_related("organisation").order_by("organisation__name")
        )
        org_ids = [enrollment.organisation_id for enrollment in enrollments]
        org_eligibility = organisation_eligibility(
            bootcamp=bootcamp, organisation_ids=org_ids, rule=rule
        )
        org_certificates = _latest_by(
            Certificate.objects.filter(kind="organisation", bootcamp_id=bootcamp.pk,
                                       organisation_id__in=org_ids),
            "organisation_id",
        )
        organisation_rows = [
            {"organisation": enrollment.organisation,
             "eligibility": org_eligibility[enrollment.organisation_id],
             "certificate": org_certificates.get(enrollment.organisation_id)}
            for enrollment in enrollments
        ]
    filters = [("", _("All"))] + list(zip(selectors.STATUSES, [
        _("Eligible, not issued"), _("Not yet eligible"), _("Issued"), _("Revoked")],
        strict=True))
    return render(request, "certificates/admin/bootcamp.html", {
        "bootcamp": bootcamp, "rule": rule, "rows": rows, "page_obj": page,
        "organisation_rows": organisation_rows, "status": status, "query": query,
        "filters": filters,
        # Kept on page links and after issuing one, so the organiser stays where they were.
        "filter_query": urlencode({key: value for key, value in (("status", status),
                                                                  ("q", query)) if value}),
    })


def _latest_by(queryset, key: str) -> dict[int, Certificate]:
    """One certificate per recipient: the valid one, else the latest revoked one."""
    chosen: dict[int, Certificate] = {}
    for certificate in queryset.order_by("issued_at"):
        current = chosen.get(getattr(certificate, key))
        if current is None or current.revoked_at is not None:
            chosen[getattr(certificate, key)] = certificate
    return chosen


# The confirmation page names at most this many people; the count covers everyone.
CONFIRM_NAMES_SHOWN = 100


@organiser_required
@require_http_methods(["GET", "POST"])
def issue_all(request, bootcamp_id: int):
    """GET: what a bulk issue would do (who, how many; emails go out). POST with `confirm`:
    do it. Issuing cannot be undone quietly (each holder is emailed), so it is never one tap."""
    bootcamp = get_object_or_404(BootcampPage, pk=bootcamp_id)
    if request.method == "GET" or not request.POST.get("confirm"):
        plan = services.plan_bulk_issue(bootcamp=bootcamp)
        return render(request, "certificates/admin/issue_all_confirm.html", {
            "bootcamp": bootcamp, "plan": plan,
            "people": plan.to_issue[:CONFIRM_NAMES_SHOWN],
            "more": max(0, len(plan.to_issue) - CONFIRM_NAMES_SHOWN),
        })
    size = RosterMember.objects.active().filter(bootcamp_id=bootcamp.pk).count()
    if size > SYNCHRONOUS_BULK_LIMIT:
        issue_eligible_in_background.enqueue(bootcamp.pk, request.user.pk)
        messages.success(request, _("Issuing certificates to every eligible participant in the "
                                    "background. Reload this page in a minute."))
    else:
        result = services.issue_eligible(bootcamp=bootcamp, issued_by=request.user)
        messages.success(request, " ".join([
            ngettext("%(count)s certificate issued.", "%(count)s certificates issued.",
                     len(result.issued)) % {"count": intcomma(len(result.issued))},
            ngettext("%(count)s participant already held one.",
                     "%(count)s participants already held one.",
                     result.already_issued) % {"count": intcomma(result.already_issued)},
            ngettext("%(count)s participant is not eligible yet.",
                     "%(count)s participants are not eligible yet.",
                     result.not_eligible) % {"count": intcomma(result.not_eligible)},
            ngettext("%(count)s revoked certificate left as it is.",
                     "%(count)s revoked certificates left as they are.",
                     result.revoked) % {"count": intcomma(result.revoked)},
        ]))
    return redirect("certificates_admin:bootcamp", bootcamp.pk)


@organiser_required
@require_POST
def issue_one(request, bootcamp_id: int):
    """Issue one participant's (or organisation's) certificate; an override needs a reason."""
    bootcamp = get_object_or_404(BootcampPage, pk=bootcamp_id)
    reason = request.POST.get("reason", "").strip()
    try:
        if request.POST.get("organisation"):
            organisation = get_object_or_404(Organisation, pk=request.POST["organisation"])
            certificate = services.issue_organisation_certificate(
                bootcamp=bootcamp, organisation=organisation, issued_by=request.user,
                override_reason=reason,
            )
        else:
            user = get_object_or_404(get_user_model(), pk=request.POST.get("user") or 0)
            certificate = services.issue_certificate(
                bootcamp=bootcamp, user=user, issued_by=request.user, override_reason=reason
            )
    except services.NotEligible as error:
        messages.error(request, _("%(message)s — give an override reason to issue anyway.")
                       % {"message": error})
    except services.CertificateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Certificate %(code)s issued to %(name)s.")
                         % {"code": certificate.code, "name": certificate.recipient_name})
    page = request.POST.get("page", "1")
    keep = {"page": page if page.isdigit() else "1"}
    if request.POST.get("status") in selectors.STATUSES:
        keep["status"] = request.POST["status"]
    if request.POST.get("q"):
        keep["q"] = request.POST["q"][:100]
    return redirect(reverse("certificates_admin:bootcamp", args=[bootcamp.pk]) + "?"
                    + urlencode(keep))


@organiser_required
def detail(request, pk: int):
    certificate = get_object_or_404(
        Certificate.objects.select_related("bootcamp", "user", "issued_by", "revoked_by"), pk=pk
    )
    return _detail(request, certificate)


def _detail(request, certificate, *, revoke_form=None, reinstate_form=None, name_form=None,
            status=200):
    return render(request, "certificates/admin/detail.html", {
        "certificate": certificate,
        "completed": certificate.completed_sentences(
            translated_titles(bootcamp=certificate.bootcamp)),
        "events": certificate.events.select_related("by"),
        "revoke_form": revoke_form or ReasonForm(),
        "reinstate_form": reinstate_form or OptionalReasonForm(),
        "name_form": name_form or CorrectNameForm(initial={"name": certificate.recipient_name}),
        "bootcamp_tz": certificate.bootcamp.tz,
    }, status=status)


def _act(request, pk: int, form_class, form_key: str, action):
    certificate = get_object_or_404(Certificate.objects.select_related("bootcamp"), pk=pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return _detail(request, certificate, **{form_key: form}, status=400)
    try:
        action(certificate, form.cleaned_data)
    except services.CertificateError as error:
        form.add_error(None, str(error))
        return _detail(request, certificate, **{form_key: form}, status=400)
    return redirect("certificates_admin:detail", certificate.pk)


@organiser_required
@require_POST
def revoke(request, pk: int):
    def action(certificate, data):
        services.revoke(certificate=certificate, by=request.user, reason=data["reason"])
        messages.success(request, _("Certificate revoked."))

    return _act(request, pk, ReasonForm, "revoke_form", action)


@organiser_required
@require_POST
def reinstate(request, pk: int):
    def action(certificate, data):
        services.reinstate(certificate=certificate, by=request.user, reason=data["reason"])
        messages.success(request, _("Certificate reinstated."))

    return _act(request, pk, OptionalReasonForm, "reinstate_form", action)


@organiser_required
@require_POST
def correct_name(request, pk: int):
    def action(certificate, data):
        services.correct_name(certificate=certificate, by=request.user, name=data["name"],
                              reason=data["reason"])
        messages.success(request, _("Name corrected; the certificate keeps its code."))

    return _act(request, pk, CorrectNameForm, "name_form", action)


@organiser_required
def pdf(request, pk: int):
    certificate = get_object_or_404(Certificate.objects.valid(), pk=pk)
    name = ensure_pdf(certificate)
    if not name:
        raise Http404
    return FileResponse(storages["private"].open(name, "rb"), as_attachment=True,
                        filename=f"certificate-{certificate.code}.pdf",
                        content_type="application/pdf")
