from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from courses.views import (
    page_types_usage,
    serve_document,
    submit_page_translation,
    update_translations,
)
from lms import routing, views

# Both admin sites send people to allauth's login page, so every login shares its rate limits.
admin.site.login = secure_admin_login(admin.site.login)
admin.autodiscover()

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/", include("allauth.urls")),
    path("cms/login/", views.admin_login, name="wagtailadmin_login"),
    path(
        "cms/logout/",
        RedirectView.as_view(pattern_name="account_logout", query_string=True),
        name="wagtailadmin_logout",
    ),
    # Before Wagtail's own: this report lists every bootcamp's pages (organisers only).
    path("cms/reports/page-types-usage/", page_types_usage),
    path("cms/reports/page-types-usage/results/", page_types_usage, {"results_only": True}),
    # Before wagtail-localize's own (same URLs): translating is editing, in one's own bootcamps.
    path("cms/localize/submit/page/<int:page_id>/", submit_page_translation),
    path("cms/localize/update/<int:translation_source_id>/", update_translations),
    # Before Wagtail's own: 404 unless the WhatsApp sandbox is on (notifications.sandbox_urls).
    path("", include("notifications.sandbox_urls")),
    path("cms/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    # Same URL and name as Wagtail's own, so document.url points here (see serve_document).
    re_path(r"^documents/(\d+)/(.*)$", serve_document, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("organisations.urls")),
    path("", include("courses.urls")),
    path("", include("assignments.urls")),
    path("", include("attendance.urls")),
    path("", include("quizzes.urls")),
    path("", include("feedback.urls")),
    path("", include("certificates.urls")),
    path("", include("notifications.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail's page serving, routed from memory (lms.routing); same URL and name.
    re_path(r"^((?:[\w\-]+/)*)$", routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]

handler400 = "lms.views.bad_request"
handler403 = "lms.views.permission_denied"
handler404 = "lms.views.page_not_found"
handler500 = "lms.views.server_error"
