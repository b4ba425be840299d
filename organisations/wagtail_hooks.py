from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from content.models import HOME_CONTEXT_HOOK
from courses.models import DASHBOARD_CONTEXT_HOOK, PAGE_CONTEXT_HOOK, BootcampPage
from lms.admin_menu import OrganiserMenuItem
from organisations import admin_views
from organisations.models import BootcampSelectionSettings, Perk, SelectionCriterion
from organisations.selectors import applications_in_progress

admin_urlpatterns = [
    path("", admin_views.index, name="index"),
    path("bootcamp/<int:bootcamp_id>/", admin_views.bootcamp_applications, name="bootcamp"),
    path("bootcamp/<int:bootcamp_id>/bulk/", admin_views.bulk, name="bulk"),
    path("bootcamp/<int:bootcamp_id>/applications.csv", admin_views.export_csv, name="export_csv"),
    path("bootcamp/<int:bootcamp_id>/applications.xlsx", admin_views.export_xlsx,
         name="export_xlsx"),
    path("<int:pk>/", admin_views.detail, name="detail"),
    path("<int:pk>/status/", admin_views.change_status, name="status"),
    path("<int:pk>/score/", admin_views.score, name="score"),
    path("<int:pk>/note/", admin_views.add_note, name="note"),
    path("perks/", admin_views.perks, name="perks"),
    path("perks/import-credits/", admin_views.import_credits, name="import_credits"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("applications/", include((admin_urlpatterns, "organisations_admin"),
                                      namespace="organisations_admin")),
    ]


@hooks.register("register_admin_menu_item")
def register_applications_menu_item():
    return OrganiserMenuItem(_("Applications"), reverse("organisations_admin:index"),
                             icon_name="form", order=410)


@hooks.register("register_admin_menu_item")
def register_perks_menu_item():
    return OrganiserMenuItem(_("Perks"), reverse("organisations_admin:perks"),
                             icon_name="pick", order=420)


class SelectionCriterionViewSet(SnippetViewSet):
    model = SelectionCriterion
    icon = "list-ol"
    menu_label = _("Selection criteria")
    menu_order = 430
    add_to_admin_menu = True
    list_display = ["title", "bootcamp", "max_score", "sort_order"]
    list_filter = ["bootcamp"]


class BootcampSelectionSettingsViewSet(SnippetViewSet):
    model = BootcampSelectionSettings
    icon = "cog"
    menu_label = _("Perk settings")
    menu_order = 440
    add_to_admin_menu = False
    list_display = ["bootcamp", "licence_months", "messaging_credits"]


class PerkViewSet(SnippetViewSet):
    """Editing perks; the organisers' overview with flags is organisations_admin:perks."""

    model = Perk
    icon = "pick"
    add_to_admin_menu = False
    list_display = ["organisation", "bootcamp", "helpline_number", "licence_ends_on",
                    "credits_used"]
    exclude_form_fields = ["licence_ends_on"]


register_snippet(SelectionCriterionViewSet)
register_snippet(BootcampSelectionSettingsViewSet)
register_snippet(PerkViewSet)


@hooks.register(PAGE_CONTEXT_HOOK)
def bootcamp_applications_context(*, page, request, context) -> dict | None:
    """A bootcamp page shows the visitor's applications to it that are still in progress."""
    if isinstance(page, BootcampPage):
        return {"my_applications": applications_in_progress(user=request.user, bootcamp=page)}
    return None


@hooks.register(HOME_CONTEXT_HOOK)
@hooks.register(DASHBOARD_CONTEXT_HOOK)
def my_applications_context(*, request) -> dict:
    """The home page and the dashboard show the user's applications still in progress."""
    return {"applications": applications_in_progress(user=request.user)}
