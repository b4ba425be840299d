from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from certificates import admin_views
from certificates.models import Certificate, CertificateRule
from certificates.progress import certificate_progress
from courses.progress import DASHBOARD_PROGRESS_HOOK, ProgressSource
from lms.admin_menu import OrganiserMenuItem
from lms.views import PROFILE_CONTEXT_HOOK

admin_urlpatterns = [
    path("", admin_views.index, name="index"),
    path("bootcamp/<int:bootcamp_id>/", admin_views.bootcamp, name="bootcamp"),
    path("bootcamp/<int:bootcamp_id>/issue-all/", admin_views.issue_all, name="issue_all"),
    path("bootcamp/<int:bootcamp_id>/issue/", admin_views.issue_one, name="issue_one"),
    path("<int:pk>/", admin_views.detail, name="detail"),
    path("<int:pk>/revoke/", admin_views.revoke, name="revoke"),
    path("<int:pk>/reinstate/", admin_views.reinstate, name="reinstate"),
    path("<int:pk>/correct-name/", admin_views.correct_name, name="correct_name"),
    path("<int:pk>/certificate.pdf", admin_views.pdf, name="pdf"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("certificates/", include((admin_urlpatterns, "certificates_admin"),
                                      namespace="certificates_admin")),
    ]


@hooks.register("register_admin_menu_item")
def register_certificates_menu_item():
    return OrganiserMenuItem(
        _("Certificates"), reverse("certificates_admin:index"), icon_name="success", order=450
    )


@hooks.register(DASHBOARD_PROGRESS_HOOK)
def certificates_dashboard_progress() -> ProgressSource:
    return ProgressSource("certificates", certificate_progress,
                          dashboard_template="certificates/dashboard_certificate.html",
                          uses_other_sources=True)


class CertificateRuleViewSet(SnippetViewSet):
    model = CertificateRule
    icon = "clipboard-list"
    menu_label = _("Certificate rules")
    menu_order = 460
    add_to_admin_menu = True
    list_display = ["bootcamp", "sessions", "require_modules", "require_assignments",
                    "require_knowledge_checks",
                    "organisation_certificates"]


register_snippet(CertificateRuleViewSet)


@hooks.register(PROFILE_CONTEXT_HOOK)
def certificate_name_note(*, request) -> dict:
    """The profile page warns that an issued certificate keeps the name it was issued with."""
    return {"has_certificate": Certificate.objects.valid().filter(user=request.user).exists()}
