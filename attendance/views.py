"""Thin views: check who asks, call a service or selector, render."""

from urllib.parse import urlencode

import segno
from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from attendance import selectors, services
from attendance.forms import CheckInForm, GridFilterForm, ReportUploadForm, marks_from_post
from attendance.models import AttendanceImport, Source, Status
from attendance.reports import ReportError
from courses.models import LiveSessionPage
from lms import page_languages
from lms.caching import no_store
from lms.roles import is_trainer


def _session(session_id: int):
    # From the bootcamp's tree cache: the check-in page is the live day's busiest.
    session = LiveSessionPage.load_for_route(session_id)
    # Never a translation's own id: records are the source session's (lms.page_languages).
    if session is None or not session.live or session.locale_id != page_languages.locale_id(
            page_languages.source_language()):
        raise Http404
    bootcamp = services.bootcamp_of(session)
    if bootcamp is None or not bootcamp.live:
        raise Http404
    return session, bootcamp


def _managed_session(request, session_id: int):
    """The session and its bootcamp, for its trainers and organisers only: a trainer of
    another bootcamp gets 404 (like that bootcamp's organisations and dashboards), anyone
    else 403 (not a role that marks attendance)."""
    session, bootcamp = _session(session_id)
    if not services.can_manage(user=request.user, bootcamp=bootcamp, session=session):
        if is_trainer(request.user):
            raise Http404
        raise PermissionDenied
    return session, bootcamp


def _check_in_url(request, session, code: str) -> str:
    return request.build_absolute_uri(
        reverse("attendance:check_in", args=[session.pk]) + f"?code={code}")


# --- Participants --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def check_in(request, session_id: int):
    session, bootcamp = _session(session_id)
    if not bootcamp.is_participant(request.user):
        raise PermissionDenied
    rules = services.session_rules(session=session, bootcamp=bootcamp)
    status = 200
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            try:
                outcome = services.check_in(
                    user=request.user, session=session, code=form.cleaned_data["code"],
                    ip=get_adapter().get_client_ip(request),
                    session_key=request.session.session_key or "")
            except services.Throttled as error:
                form.add_error("code", str(error))
                status = 429
            except services.AttendanceError as error:
                form.add_error("code", str(error))
                status = 400
            else:
                if outcome.changed or outcome.record.is_own_check_in(request.user):
                    messages.success(request, _("You are checked in to “%(title)s”.")
                                     % {"title": session.title})
                else:
                    # A trainer's mark or a call report came first (and takes precedence).
                    messages.info(request, _("Your attendance at this session was already "
                                             "recorded."))
                return redirect("attendance:check_in", session_id=session.pk)
        else:
            status = 400
    else:
        form = CheckInForm(initial={"code": request.GET.get("code", "")[:12]})
    record = session.attendance_records.filter(user=request.user).first()
    now = timezone.now()
    context = {
        "session": session, "bootcamp": bootcamp, "form": form, "rules": rules,
        "record": record, "is_open": rules.check_in_open(now),
        "is_closed": rules.check_in_closed(now),
    }
    return no_store(render(request, "attendance/check_in.html", context, status=status))


@require_http_methods(["GET", "POST"])
def check_in_link(request, session_id: int, token: str):
    """The one-time link from the reminder: no password, no code. GET confirms who and
    what; the POST checks in (so a mail scanner opening the link checks nobody in)."""
    status = 200
    outcome = error = link = None
    try:
        if request.method == "POST":
            outcome = services.check_in_by_link(token=token, session_id=session_id,
                                                user=request.user)
        else:
            link = services.resolve_link(token=token, session_id=session_id, user=request.user)
    except services.LinkRefused as refused:
        error, status = str(refused), 403
    session = outcome.record.session if outcome else link.session if link else None
    context = {"link": link, "outcome": outcome, "error": error, "session": session,
               "record": outcome.record if outcome else None,
               "check_in_url": reverse("attendance:check_in", args=[session_id])}
    return no_store(render(request, "attendance/check_in_link.html", context, status=status))


# --- Trainers and organisers -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def session_attendance(request, session_id: int):
    """The marking grid: one page of the roster (search, filter), saved in one transaction.

    The form posts back to the same URL (query string kept) and holds only the rows shown,
    so only those are saved; the redirect returns to the same page of the same search."""
    session, bootcamp = _managed_session(request, session_id)
    status = 200
    if request.method == "POST":
        try:
            changed = services.mark_attendance(session=session, bootcamp=bootcamp,
                                               marks=marks_from_post(request.POST),
                                               by=request.user)
        except services.AttendanceError as error:
            messages.error(request, str(error))
            status = 400
        else:
            messages.success(request, _("Attendance saved (%(count)d changed).")
                             % {"count": changed})
            return redirect(request.get_full_path())
    filter_form = GridFilterForm(request.GET)
    filters = filter_form.filters()
    grid = selectors.marking_grid_page(session=session, bootcamp=bootcamp,
                                       page=request.GET.get("page", 1), **filters)
    context = {
        "session": session, "bootcamp": bootcamp, "filter_form": filter_form,
        "filters": filters, "grid": grid, "groups": grid.groups,
        "search_query": urlencode({key: value for key, value in filters.items() if value}),
        "statuses": Status.choices, "rules": services.session_rules(session=session,
                                                                     bootcamp=bootcamp),
        "trainer_source": Source.TRAINER,
    }
    return no_store(render(request, "attendance/session_attendance.html", context,
                            status=status))


@require_http_methods(["GET", "POST"])
@login_required
def all_present(request, session_id: int):
    """GET: the confirmation (who would be marked present). POST: mark them.

    Scoped to the grid's search when one is given (`?q=`), so a trainer can mark one
    organisation at a time."""
    session, bootcamp = _managed_session(request, session_id)
    query = GridFilterForm(request.GET).filters()["q"]
    among = (selectors.grid_roster(session=session, bootcamp=bootcamp, q=query)
             .values("user_id") if query else None)
    grid_url = reverse("attendance:session", args=[session.pk])
    if query:
        grid_url += "?" + urlencode({"q": query})
    if request.method == "POST":
        try:
            marked = services.mark_all_present(session=session, bootcamp=bootcamp,
                                               by=request.user, among=among)
        except services.AttendanceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, ngettext("%(count)d participant marked present.",
                                               "%(count)d participants marked present.",
                                               marked) % {"count": marked})
        return redirect(grid_url)
    count = services.all_present_candidates(session=session, bootcamp=bootcamp,
                                            among=among).count()
    context = {"session": session, "bootcamp": bootcamp, "count": count, "query": query,
               "grid_url": grid_url}
    return no_store(render(request, "attendance/all_present_confirm.html", context))


@login_required
def check_in_code(request, session_id: int):
    """The code to show on screen in the call, large, with a QR code of the check-in link.

    GET only reads: before a trainer has made the session's code, the page offers a button
    (a POST to rotate_code) instead of creating one as a side effect of looking."""
    session, bootcamp = _managed_session(request, session_id)
    current = services.current_code(session=session)
    rules = services.session_rules(session=session, bootcamp=bootcamp)
    closed = rules.check_in_closed(timezone.now())
    url = qr_svg = None
    if current is not None and not closed:
        url = _check_in_url(request, session, current.check_in_code)
        # Rendered here as inline SVG: no JavaScript, no external QR service. Safe to mark
        # safe: segno writes the markup from our own URL (the code is from CODE_ALPHABET).
        # No QR once the window has closed: a scan could only lead to a refusal.
        qr_svg = mark_safe(  # noqa: S308
            segno.make(url, error="m").svg_inline(scale=6, omitsize=True, border=2))
    context = {"session": session, "bootcamp": bootcamp, "settings_row": current,
               "check_in_link": url, "qr_svg": qr_svg, "rules": rules, "is_closed": closed}
    return no_store(render(request, "attendance/check_in_code.html", context))


@require_POST
@login_required
def rotate_code(request, session_id: int):
    """Make the session's first check-in code, or replace it."""
    session, _bootcamp = _managed_session(request, session_id)
    first = services.current_code(session=session) is None
    if first:
        services.settings_for(session=session)
        messages.success(request, _("Check-in code ready. Show it in the call."))
    else:
        services.rotate_code(session=session, by=request.user)
        messages.success(request, _("New check-in code. The old one no longer works."))
    return redirect("attendance:code", session_id=session.pk)


@require_http_methods(["GET", "POST"])
@login_required
def import_report(request, session_id: int):
    session, bootcamp = _managed_session(request, session_id)
    status = 200
    if request.method == "POST":
        form = ReportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                report_import = services.start_import(
                    session=session, bootcamp=bootcamp, uploaded=form.cleaned_data["report"],
                    by=request.user)
            except ReportError as error:
                form.add_error("report", str(error))
                status = 400
            else:
                return redirect("attendance:import_preview", import_id=report_import.pk)
        else:
            status = 400
    else:
        form = ReportUploadForm()
    context = {"session": session, "bootcamp": bootcamp, "form": form}
    return no_store(render(request, "attendance/import_upload.html", context, status=status))


def _managed_import(request, import_id: int):
    report_import = get_object_or_404(AttendanceImport.objects.select_related("session"),
                                      pk=import_id)
    session, bootcamp = _managed_session(request, report_import.session_id)
    return report_import, session, bootcamp


@require_http_methods(["GET", "POST"])
@login_required
def import_preview(request, import_id: int):
    """What the report would write; POST confirms and writes it all in one transaction."""
    report_import, session, bootcamp = _managed_import(request, import_id)
    if request.method == "POST":
        try:
            changed = services.confirm_import(report_import=report_import, bootcamp=bootcamp,
                                              by=request.user)
        except services.AttendanceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Report imported: %(count)d records changed.")
                             % {"count": changed})
            return redirect("attendance:session", session_id=session.pk)
        return redirect("attendance:import_preview", import_id=report_import.pk)
    try:
        preview = services.preview_import(report_import=report_import, bootcamp=bootcamp)
    except ReportError as error:
        messages.error(request, str(error))
        return redirect("attendance:import", session_id=session.pk)
    context = {
        "session": session, "bootcamp": bootcamp, "report_import": report_import,
        "preview": preview, "already": services.already_applied(report_import=report_import),
        "roster": [row.user for g in selectors.marking_grid(session=session, bootcamp=bootcamp)
                   for row in g.rows],
    }
    return no_store(render(request, "attendance/import_preview.html", context))


@require_POST
@login_required
def import_alias(request, import_id: int):
    """Match an unmatched identity from the preview to a roster participant (alias table)."""
    report_import, _session_page, bootcamp = _managed_import(request, import_id)
    try:
        user_id = int(request.POST.get("user", ""))
        services.add_alias(bootcamp=bootcamp, identifier=request.POST.get("identifier", ""),
                           user_id=user_id, by=request.user)
    except ValueError:
        messages.error(request, _("Choose a participant."))
    except services.AttendanceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Matched. The preview below uses the new match."))
    return redirect("attendance:import_preview", import_id=report_import.pk)
