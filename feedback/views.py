"""Thin views: check who asks, call a service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from attendance import services as attendance_services
from courses.models import BootcampPage, LiveSessionPage
from feedback import selectors, services
from feedback.forms import FeedbackForm
from feedback.models import SessionFeedback
from lms.caching import no_store
from lms.exports import csv_response, xlsx_response
from lms.roles import is_organiser, is_trainer

EXPORT_FORMATS = ("csv", "xlsx")


def _session(session_id: int):
    session = get_object_or_404(LiveSessionPage.objects.live(), pk=session_id)
    bootcamp = attendance_services.bootcamp_of(session)
    if bootcamp is None or not bootcamp.live:
        raise Http404
    return session, bootcamp


def _results_session(request, session_id: int):
    """The session for those who see its results (attendance's "manages" rule: its
    trainers, the bootcamp's, organisers). A trainer of another bootcamp gets 404 (not
    theirs to know about), anyone else 403."""
    session, bootcamp = _session(session_id)
    if not attendance_services.can_manage(user=request.user, bootcamp=bootcamp,
                                          session=session):
        if is_trainer(request.user):
            raise Http404
        raise PermissionDenied
    return session, bootcamp


@require_http_methods(["GET", "POST"])
@login_required
def give_feedback(request, session_id: int):
    """The attendee's form (no JavaScript needed); a refusal is said on the page."""
    session, bootcamp = _session(session_id)
    if not bootcamp.is_participant(request.user):
        if attendance_services.can_manage(user=request.user, bootcamp=bootcamp,
                                          session=session):
            return redirect("feedback:results", session_id=session.pk)
        raise PermissionDenied
    rules = services.rules_for_session(session=session, bootcamp=bootcamp)
    mine = SessionFeedback.objects.filter(user=request.user, session=session).first()
    reason = services.refusal(user=request.user, session=session, bootcamp=bootcamp,
                              rules=rules)
    status = 200
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if reason:
            status = 403
        elif form.is_valid():
            answers = services.Answers(form.cleaned_data["rating"],
                                       form.cleaned_data["most_useful"],
                                       form.cleaned_data["what_to_change"])
            try:
                services.submit_feedback(user=request.user, session=session,
                                         bootcamp=bootcamp, answers=answers)
            except services.FeedbackRefused as error:
                form.add_error(None, str(error))
                status = 400
            else:
                messages.success(request, _("Thank you: your feedback on “%(title)s” is "
                                            "saved.") % {"title": session.title})
                return redirect("feedback:give", session_id=session.pk)
        else:
            status = 400
    else:
        form = FeedbackForm(initial={
            "rating": mine.rating, "most_useful": mine.most_useful,
            "what_to_change": mine.what_to_change} if mine else None)
        if reason and not mine:
            status = 403
    context = {"session": session, "bootcamp": bootcamp, "form": form, "rules": rules,
               "mine": mine, "reason": reason,
               "anonymous": (mine.anonymous if mine else False) or rules.anonymous,
               "now": timezone.now()}
    return no_store(render(request, "feedback/give_feedback.html", context, status=status))


@login_required
def results(request, session_id: int):
    session, bootcamp = _results_session(request, session_id)
    context = {"session": session, "bootcamp": bootcamp,
               "results": selectors.session_results(session=session, bootcamp=bootcamp,
                                                    viewer=request.user),
               "sees_names": selectors.sees_names(request.user),
               "formats": EXPORT_FORMATS}
    return no_store(render(request, "feedback/results.html", context))


@login_required
def bootcamp_results(request, bootcamp_id: int):
    """Every session of a bootcamp with its responses and average: organisers, and the
    bootcamp's trainers (another bootcamp's trainer: 404; anyone else: 403)."""
    if not (is_organiser(request.user) or is_trainer(request.user)):
        raise PermissionDenied
    # Source-language bootcamps only: a translation owns no sessions' feedback.
    live = BootcampPage.objects.originals().live()
    visible = live if is_organiser(request.user) else live.trained_by(request.user)
    bootcamp = get_object_or_404(visible, pk=bootcamp_id)
    context = {"bootcamp": bootcamp,
               "sessions": selectors.bootcamp_summary(bootcamp=bootcamp)}
    return no_store(render(request, "feedback/bootcamp_results.html", context))


@login_required
def export(request, session_id: int, file_format: str):
    session, bootcamp = _results_session(request, session_id)
    if file_format not in EXPORT_FORMATS:
        raise Http404
    rows = selectors.export_rows(session=session, bootcamp=bootcamp, viewer=request.user)
    filename = f"{bootcamp.slug}-{session.slug}-feedback"
    if file_format == "csv":
        return no_store(csv_response(rows, filename))
    return no_store(xlsx_response(rows, filename, _("Feedback")))
