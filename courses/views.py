"""Thin views: check who asks, call a service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.documents.views.serve import serve as wagtail_serve_document
from wagtail.models import Page
from wagtail_localize.models import TranslationSource
from wagtail_localize.views.submit_translations import SubmitPageTranslationView
from wagtail_localize.views.update_translations import UpdateTranslationsView

from courses import calendar, progress, services, translations
from courses.admin_scope import is_within_reach, may_edit_bootcamp
from courses.models import DASHBOARD_CONTEXT_HOOK, BootcampPage, LiveSessionPage, ModulePage
from lms.caching import no_store, private_page
from lms.page_languages import in_source_language, page_in_language
from lms.roles import is_organiser


@login_required
@private_page
def dashboard(request):
    context = {"dashboards": progress.participant_dashboard(user=request.user)}
    for hook in hooks.get_hooks(DASHBOARD_CONTEXT_HOOK):
        context.update(hook(request=request) or {})
    return render(request, "courses/dashboard.html", context)


def _module_for(request, module_id: int) -> ModulePage:
    module = get_object_or_404(in_source_language(ModulePage.objects.live()), pk=module_id)
    bootcamp = module.get_bootcamp()
    if bootcamp is None or not bootcamp.can_view_content(request.user):
        raise Http404
    return module


@require_POST
@login_required
def complete_module(request, module_id: int):
    module = _module_for(request, module_id)
    try:
        services.complete_module(user=request.user, module=module)
    except (services.NotAParticipant, services.CompletionRefused) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Marked “%(title)s” as complete.") % {"title": module.title})
    return redirect(module.url)


@require_POST
@login_required
def undo_completion(request, module_id: int):
    module = _module_for(request, module_id)
    if services.undo_module_completion(user=request.user, module=module):
        messages.info(request, _("“%(title)s” is no longer marked complete.") % {
            "title": module.title})
    return redirect(module.url)


def _calendar_response(request, content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return no_store(response)


def session_ics(request, session_id: int):
    session = get_object_or_404(in_source_language(LiveSessionPage.objects.live()), pk=session_id)
    bootcamp = session.get_bootcamp()
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if bootcamp is None or not bootcamp.can_view_content(request.user):
        raise Http404
    # In the reader's language, like the session's page (same URL for every language).
    return _calendar_response(
        request, calendar.session_calendar(page_in_language(session), page_in_language(bootcamp)),
        f"{session.slug}.ics")


def bootcamp_ics(request, bootcamp_id: int):
    bootcamp = get_object_or_404(BootcampPage.objects.live().originals(), pk=bootcamp_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not bootcamp.can_view_content(request.user):
        raise Http404
    # Titles in the reader's language, like the outline (one map per tree version).
    titles = translations.translated_titles(bootcamp=bootcamp)
    sessions = [translations.titled(session, titles) for session in
                progress.course_outline(bootcamp=bootcamp).sessions]
    return _calendar_response(request, calendar.bootcamp_calendar(page_in_language(bootcamp),
                                                                  sessions),
                              f"{bootcamp.slug}.ics")


def serve_document(request, document_id, document_filename):
    """Wagtail's document download, whose access check is the `before_serve_document` hook
    (courses.wagtail_hooks); restricted files must not be kept by shared caches."""
    response = wagtail_serve_document(request, document_id, document_filename)
    if getattr(request, "serves_restricted_document", False):
        no_store(response)
    return response


@require_admin_access
def translations_report(request, bootcamp_id: int | None = None):
    """Admin report: each page of a bootcamp and its translations' state (not translated,
    draft, out of date, up to date), with links to translate, edit or sync. Trainers see
    their own bootcamps only (another bootcamp's: 404, as in the explorer)."""
    bootcamps = [bootcamp for bootcamp in BootcampPage.objects.originals().order_by("-pk")
                 if may_edit_bootcamp(request.user, bootcamp)]
    if bootcamp_id is None:
        return render(request, "courses/admin/translations_index.html",
                      {"bootcamps": bootcamps})
    bootcamp = next((b for b in bootcamps if b.pk == bootcamp_id), None)
    if bootcamp is None:
        raise Http404
    rows = translations.translation_states(bootcamp=bootcamp)
    return render(request, "courses/admin/translations.html", {
        "bootcamp": bootcamp, "rows": rows, "labels": translations.STATUS_LABELS,
        "languages": [state.language for state in rows[0][1]] if rows else [],
        "sources": dict(TranslationSource.objects.filter(
            object_id__in=[page.translation_key for page, _states in rows],
            locale__language_code=bootcamp.locale.language_code,
        ).values_list("object_id", "pk")),
    })


_SUBMIT_TRANSLATION = SubmitPageTranslationView.as_view()
_UPDATE_TRANSLATIONS = UpdateTranslationsView.as_view()


def _may_translate(user, page: Page) -> bool:
    """Translating a page (or syncing its translations) is editing it: trainers do it in
    their own bootcamps only (courses.admin_scope), as for any other change."""
    return is_within_reach(user, page) and page.permissions_for_user(user).can_edit()


@require_admin_access
def submit_page_translation(request, page_id: int):
    """wagtail-localize's "Translate this page", whose own check is only "may translate
    something". Same URL as its own (lms/urls.py lists it first)."""
    page = get_object_or_404(Page, pk=page_id)
    if not _may_translate(request.user, page):
        raise PermissionDenied
    return _SUBMIT_TRANSLATION(request, page_id=page_id)


@require_admin_access
def update_translations(request, translation_source_id: int):
    """wagtail-localize's "Sync translated pages", for those who may edit the source page."""
    source = get_object_or_404(TranslationSource, pk=translation_source_id)
    instance = source.get_source_instance()
    if isinstance(instance, Page) and not _may_translate(request.user, instance):
        raise PermissionDenied
    return _UPDATE_TRANSLATIONS(request, translation_source_id=translation_source_id)


_PAGE_TYPES_USAGE = {
    False: PageTypesUsageReportView.as_view(),
    True: PageTypesUsageReportView.as_view(results_only=True),
}


@require_admin_access
def page_types_usage(request, results_only: bool = False):
    """Wagtail's "Page types usage" report, for organisers only: it names the last edited
    page of each type across every bootcamp, and trainers see no bootcamp but their own.
    Same URLs as Wagtail's (lms/urls.py lists these first)."""
    if not is_organiser(request.user):
        raise PermissionDenied
    return _PAGE_TYPES_USAGE[results_only](request)
