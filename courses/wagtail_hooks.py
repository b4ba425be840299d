"""Admin and serving hooks of the course tree.

- The course pages' outline and ticks come from the progress read-model (`courses.progress`)
  through the "courses_page_context" hook, so the page models never import it.
- Documents used in a bootcamp's restricted content are served only to those who may see it.
- Trainers build inside their own bootcamps only, and see no other bootcamp in the admin.
  The Trainers group keeps "add page" at the root so that a trainer can draft a new
  bootcamp, and Wagtail's permissions are inherited down the tree, so that right alone
  would also let a trainer browse, choose, add, move or copy pages inside somebody else's
  bootcamp: these hooks refuse that (the rule lives in courses.admin_scope).
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.navigation import get_site_for_user
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.models import Page

from content.models import HOME_CONTEXT_HOOK
from courses import progress, views
from courses.admin_scope import (
    bootcamps_out_of_reach,
    is_within_reach,
    may_place_copy_under,
    within_reach,
)
from courses.documents import document_access, may_download
from courses.listing import bootcamp_listing
from courses.models import PAGE_CONTEXT_HOOK, BootcampIndexPage, BootcampPage, StagePage
from courses.translations import translated_titles
from lms.roles import is_organiser, is_trainer


@hooks.register("before_serve_document")
def restrict_course_documents(document, request):
    access = document_access(document)
    if access.public:
        return None
    if not may_download(user=request.user, document=document, access=access):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        # Like other organisations' records: not found, rather than "exists but not yours".
        raise Http404
    # Read by courses.views.serve_document to keep the file out of shared caches.
    request.serves_restricted_document = True
    return None


@hooks.register("before_create_page")
def keep_trainers_in_their_bootcamp(request, parent_page, page_class):
    if not is_within_reach(request.user, parent_page):
        raise PermissionDenied


@hooks.register("before_move_page")
def keep_moves_in_their_bootcamp(request, page, destination):
    if not is_within_reach(request.user, destination):
        raise PermissionDenied


@hooks.register("before_copy_page")
def keep_copies_in_their_bootcamp(request, page):
    # Wagtail's hook sees only the page being copied; the destination comes with the POST of
    # the copy form (all its options — subpages, publishing, alias — go through this view).
    if not is_within_reach(request.user, page):
        raise PermissionDenied
    if request.method == "POST":
        destination = _posted_page(request.POST.get("new_parent_page"))
        if destination is not None and not may_place_copy_under(request.user, destination):
            raise PermissionDenied


def _posted_page(page_id: str | None) -> Page | None:
    # Anything that is not a page id is left to Wagtail's form (which rejects it).
    if not page_id or not page_id.isdigit():
        return None
    return Page.objects.filter(pk=int(page_id)).first()


@hooks.register("construct_explorer_page_queryset")
def hide_other_bootcamps_in_explorer(parent_page, pages, request):
    # Exploring a bootcamp out of reach would still show its title and status: refuse it.
    if not is_within_reach(request.user, parent_page):
        raise PermissionDenied
    return within_reach(pages, request.user)


@hooks.register("construct_page_chooser_queryset")
def hide_other_bootcamps_in_chooser(pages, request):
    # The hook does not receive the page being browsed; the chooser's URL names it.
    parent_page_id = request.resolver_match.kwargs.get("parent_page_id")
    if parent_page_id is not None:
        parent_page = Page.objects.filter(pk=parent_page_id).first()
        if parent_page is not None and not is_within_reach(request.user, parent_page):
            raise PermissionDenied
    return within_reach(pages, request.user)


@hooks.register("register_admin_urls")
def translations_report_urls():
    return [
        path("translations/", views.translations_report, name="courses_translations"),
        path("translations/<int:bootcamp_id>/", views.translations_report,
             name="courses_translations_bootcamp"),
    ]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return is_organiser(request.user) or is_trainer(request.user)


@hooks.register("register_reports_menu_item")
def translations_report_menu_item():
    return StaffMenuItem(_("Translations"), reverse("courses_translations"),
                         icon_name="doc-full", order=150)


@hooks.register("construct_reports_menu")
def page_types_report_for_organisers(request, menu_items):
    # The report names pages of every bootcamp (courses.views.page_types_usage).
    if not is_organiser(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]


@hooks.register(PAGE_CONTEXT_HOOK)
def course_outline_context(*, page, request, context) -> dict | None:
    """The bootcamp's outline (with the participant's progress), or a stage's modules."""
    if isinstance(page, BootcampIndexPage):
        return {"listing": bootcamp_listing()}
    if isinstance(page, BootcampPage):
        if not context.get("can_view_content"):
            return None
        outline = progress.course_outline(bootcamp=page)
        participant = page.is_participant(request.user)
        extra = {"outline": outline, "stage_work": progress.stage_work(
            bootcamp=page, user=request.user if participant else None)}
        if participant:
            extra["my_progress"] = progress.participant_progress(
                bootcamp=page, user_ids=[request.user.pk], outline=outline
            )[request.user.pk]
        return extra
    if isinstance(page, StagePage):
        bootcamp = context["bootcamp"]
        outline = progress.course_outline(bootcamp=bootcamp)
        participant = bootcamp.is_participant(request.user)
        return {
            "stage_work": progress.stage_work(
                bootcamp=bootcamp, user=request.user if participant else None).get(page.pk, []),
            "stage": next((s for s in outline.stages if s.page.pk == page.pk), None),
            "completed_ids": progress.completed_module_ids(
                user=request.user, module_ids=[m.pk for m in outline.modules]),
        }
    return None


@hooks.register(PAGE_CONTEXT_HOOK)
def translated_titles_context(*, page, request, context) -> dict | None:
    """The reader's-language titles of the bootcamp's pages, for the breadcrumbs
    (`{{ page|title_in:titles }}`): the pages themselves are the source's."""
    bootcamp = context.get("bootcamp") or (page if isinstance(page, BootcampPage) else None)
    if bootcamp is None:
        return None
    return {"titles": translated_titles(bootcamp=bootcamp)}


@hooks.register(HOME_CONTEXT_HOOK)
def home_bootcamps_context(*, request) -> dict:
    """The home page lists the bootcamps and a signed-in user's next modules."""
    context = {"listing": bootcamp_listing()}
    if request.user.is_authenticated:
        context["next_modules"] = progress.next_modules(user=request.user)
    return context


class PagesWithinReachSummaryItem(PagesSummaryItem):
    """Wagtail's "N Pages" on the admin home, counting only pages the user may reach: a
    trainer's count leaves out the bootcamps they do not train."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        site_root = get_site_for_user(self.request.user)["root_page"]
        if site_root is not None and bootcamps_out_of_reach(self.request.user):
            pages = within_reach(Page.objects.descendant_of(site_root, inclusive=True),
                                 self.request.user)
            context["total_pages"] = pages.count() - (1 if site_root.is_root() else 0)
        return context


@hooks.register("construct_homepage_summary_items", order=1)
def count_pages_within_reach(request, items):
    items[:] = [PagesWithinReachSummaryItem(request) if type(item) is PagesSummaryItem
                else item for item in items]
