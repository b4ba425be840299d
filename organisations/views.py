"""Public pages of the organisations app: apply, receipts, organisation pages, invitations.

Thin views: permission checks at the top, then a selector or a service.
"""

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import BootcampPage
from courses.registration import describe_time_left, registration_window
from lms.roles import is_organiser
from organisations import services
from organisations.forms import ApplicationForm, InvitationForm
from organisations.models import Application, Invitation, Membership, Organisation
from organisations.selectors import member_bootcamps, organisation_page


def _has_verified_email(user) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def _initial_for_new(user) -> dict:
    """Prefill a first application from the organisation the user already leads."""
    membership = Membership.objects.leads().filter(
        user=user).select_related("organisation").first()
    if membership is None:
        return {}
    organisation = membership.organisation
    return {"organisation_name": organisation.name,
            "registration_number": organisation.registration_number,
            "city": organisation.city, "state": organisation.state,
            "website": organisation.website, "focus_areas": organisation.focus_areas}


@login_required
def apply(request, slug):
    bootcamp = get_object_or_404(BootcampPage.objects.live().originals().specific(), slug=slug)
    if not _has_verified_email(request.user):
        messages.error(request, _("Please verify your email address before applying."))
        return redirect("account_email")
    application = services.existing_application(bootcamp=bootcamp, user=request.user)
    if application is not None and not application.is_editable:
        return redirect("organisations:application", application.pk)
    window = registration_window(bootcamp)
    colleagues = max(bootcamp.seats_per_organisation - 1, 0)
    form_kwargs = {"colleagues": colleagues, "applicant_email": request.user.email}
    status = 200
    if request.method == "POST" and window.is_open:
        submit = request.POST.get("action") == "submit"
        form = ApplicationForm(request.POST, final=submit, **form_kwargs)
        if form.is_valid():
            answers = form.answers()
            if application is None:
                theirs = services.existing_application(
                    bootcamp=bootcamp, user=request.user,
                    registration_number=answers["registration_number"])
                if theirs is not None:
                    messages.info(request, _("Your organisation has already applied; here it is."))
                    return redirect("organisations:application", theirs.pk)
            try:
                application = services.save_application(
                    bootcamp=bootcamp, applicant=request.user, answers=answers,
                    application=application, submit=submit)
            except services.RegistrationClosed as error:
                window = registration_window(bootcamp)
                form.add_error(None, str(error))
                status = 403
            except services.ApplicationError as error:
                form.add_error(None, str(error))
                status = 400
            else:
                if submit:
                    messages.success(request, _("Your application has been submitted."))
                    return redirect("organisations:application", application.pk)
                messages.success(request, _("Your draft has been saved."))
                return redirect("organisations:apply", slug=bootcamp.slug)
        else:
            status = 400
    elif request.method == "POST":
        # The form is shut: whatever arrives after the deadline is refused and not stored.
        form = ApplicationForm(request.POST, **form_kwargs)
        status = 403
    else:
        initial = (ApplicationForm.initial_from(application) if application
                   else _initial_for_new(request.user))
        form = ApplicationForm(initial=initial, **form_kwargs)
    return render(request, "organisations/apply.html", {
        "bootcamp": bootcamp, "form": form, "application": application, "window": window,
        "time_left": describe_time_left(window.time_left), "colleagues": colleagues,
    }, status=status)


@login_required
def application_detail(request, pk):
    application = get_object_or_404(
        Application.objects.visible_to(request.user).select_related("bootcamp", "organisation"),
        pk=pk)
    bootcamp = application.bootcamp.specific
    return render(request, "organisations/application_detail.html", {
        "application": application, "bootcamp": bootcamp,
        "submitted_at": bootcamp.local(application.submitted_at) if application.submitted_at
        else None,
        "can_withdraw": application.can_be_withdrawn_by(request.user),
        "is_member": _membership(request.user, application.organisation) is not None
        if application.organisation_id else application.applicant_id == request.user.pk,
    })


@login_required
def application_withdraw(request, pk):
    """GET: the confirmation page saying what withdrawing does. POST: withdraw.

    The rule (who, and until when) is `Application.withdrawal_refusal`; refused → 403.
    """
    application = get_object_or_404(
        Application.objects.visible_to(request.user).select_related("bootcamp", "organisation"),
        pk=pk)
    refusal = application.withdrawal_refusal(request.user)
    if refusal is not None:
        if request.method == "POST":
            messages.error(request, refusal)
            return redirect("organisations:application", application.pk)
        raise PermissionDenied(refusal)
    if request.method == "POST":
        try:
            services.withdraw_application(application=application, actor=request.user)
        except services.ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your application has been withdrawn."))
        return redirect("organisations:application", application.pk)
    team_size = Membership.objects.active().filter(
        organisation_id=application.organisation_id).count() if application.organisation_id else 0
    return render(request, "organisations/application_withdraw.html", {
        "application": application, "bootcamp": application.bootcamp.specific,
        "is_selected": application.status == Application.Status.SELECTED,
        "team_size": team_size,
    })


@login_required
def organisation_list(request):
    memberships = Membership.objects.active().filter(user=request.user).select_related(
        "organisation")
    applications = Application.objects.filter(applicant=request.user).select_related("bootcamp")
    return render(request, "organisations/organisation_list.html", {
        "memberships": memberships, "applications": applications})


def _membership(user, organisation) -> Membership | None:
    return Membership.objects.active().filter(user=user, organisation=organisation).first()


@login_required
def organisation_detail(request, pk):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)
    membership = _membership(request.user, organisation)
    is_lead = membership is not None and membership.is_lead
    context = organisation_page(
        organisation=organisation, viewer=request.user,
        trainer_only=membership is None and not _is_organiser(request.user))
    return render(request, "organisations/organisation_detail.html", {
        **context, "organisation": organisation, "membership": membership, "is_lead": is_lead,
        "show_perks": is_lead or _is_organiser(request.user),
        "invitation_form": InvitationForm() if is_lead else None,
    })


def _is_organiser(user) -> bool:
    return is_organiser(user)


def _lead_organisation(request, pk) -> Organisation:
    """The organisation if the user leads it: 404 for outsiders, 403 for plain members."""
    organisation = get_object_or_404(
        Organisation.objects.filter(memberships__user=request.user,
                                    memberships__removed_at=None).distinct(), pk=pk)
    membership = _membership(request.user, organisation)
    if membership is None or not membership.is_lead:
        raise PermissionDenied
    return organisation


@login_required
@require_POST
def invite(request, pk):
    organisation = _lead_organisation(request, pk)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.invite_member(organisation=organisation, email=form.cleaned_data["email"],
                                   name=form.cleaned_data["name"], invited_by=request.user)
        except services.AlreadyInvited as error:
            messages.warning(request, str(error))
        except services.InvitationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Invitation sent to %(email)s.")
                             % {"email": form.cleaned_data["email"]})
    else:
        messages.error(request, _("Enter a valid email address to invite someone."))
    return redirect("organisations:detail", organisation.pk)


def _pending_invitation(organisation, invitation_id):
    return get_object_or_404(Invitation.objects.pending(), pk=invitation_id,
                             organisation=organisation)


@login_required
@require_POST
def resend_invitation(request, pk, invitation_id):
    organisation = _lead_organisation(request, pk)
    invitation = _pending_invitation(organisation, invitation_id)
    services.resend_invitation(invitation=invitation, invited_by=request.user)
    messages.success(request, _("A new invitation link was sent to %(email)s; the earlier "
                                "link no longer works.") % {"email": invitation.email})
    return redirect("organisations:detail", organisation.pk)


@login_required
@require_POST
def cancel_invitation(request, pk, invitation_id):
    # No confirmation step: cancelling is undone by inviting again.
    organisation = _lead_organisation(request, pk)
    invitation = _pending_invitation(organisation, invitation_id)
    services.cancel_invitation(invitation=invitation)
    messages.success(request, _("The invitation to %(email)s was cancelled: its link no "
                                "longer works.") % {"email": invitation.email})
    return redirect("organisations:detail", organisation.pk)


@login_required
def remove_member(request, pk, membership_id):
    """GET: the confirmation page (what removing does). POST: remove. Leads only."""
    organisation = _lead_organisation(request, pk)
    membership = get_object_or_404(Membership.objects.active().select_related("user"),
                                   pk=membership_id, organisation=organisation)
    if request.method != "POST":
        return render(request, "organisations/remove_member.html", {
            "organisation": organisation, "member": membership,
            "bootcamps": member_bootcamps(membership=membership),
        })
    try:
        services.remove_member(membership=membership)
    except services.InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(person)s has been removed from the team.")
                         % {"person": membership.user.display_name})
    return redirect("organisations:detail", organisation.pk)


@login_required
def make_lead(request, pk, membership_id):
    """GET: the confirmation page (the current lead gives up managing the team, which cannot
    be taken back without the new lead). POST: transfer the lead. Leads only."""
    organisation = _lead_organisation(request, pk)
    membership = get_object_or_404(Membership.objects.active().select_related("user"),
                                   pk=membership_id, organisation=organisation)
    if request.method != "POST":
        return render(request, "organisations/make_lead.html", {
            "organisation": organisation, "member": membership})
    services.transfer_lead(organisation=organisation, to_membership=membership)
    messages.success(request, _("%(person)s now leads the team.")
                     % {"person": membership.user.display_name})
    return redirect("organisations:detail", organisation.pk)


def invitation(request, token):
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "organisations/invitation.html",
                      {"problem": _("This invitation link is not valid.")}, status=404)
    user = request.user if request.user.is_authenticated else None
    try:
        services.check_invitation(invitation, user)
    except services.InvitationError as error:
        return render(request, "organisations/invitation.html",
                      {"invitation": invitation, "problem": str(error)}, status=403)
    if user is None:
        return render(request, "organisations/invitation.html", {
            "invitation": invitation, "next": request.path,
            "login_url": f"{reverse('account_login')}?next={request.path}",
            "signup_url": f"{reverse('account_signup')}?next={request.path}",
        })
    if request.method == "POST":
        try:
            services.accept_invitation(invitation=invitation, user=user)
        except services.InvitationError as error:
            return render(request, "organisations/invitation.html",
                          {"invitation": invitation, "problem": str(error)}, status=409)
        messages.success(request, _("Welcome to %(organisation)s.")
                         % {"organisation": invitation.organisation.name})
        return redirect("organisations:detail", invitation.organisation_id)
    return render(request, "organisations/invitation.html", {"invitation": invitation})
