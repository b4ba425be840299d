from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from dashboards import views
from dashboards.access import may_use_dashboards
from dashboards.home import add_staff_shortcuts

admin_urlpatterns = [
    path("", views.index, name="index"),
    path("bootcamp/<int:bootcamp_id>/", views.BootcampDashboardView.as_view(),
         name="bootcamp"),
    path("bootcamp/<int:bootcamp_id>/results/", views.BootcampDashboardResultsView.as_view(),
         name="bootcamp_results"),
    path("bootcamp/<int:bootcamp_id>/organisation/<int:organisation_id>/", views.organisation,
         name="organisation"),
    path("bootcamp/<int:bootcamp_id>/participant/<int:user_id>/", views.participant,
         name="participant"),
    path("bootcamp/<int:bootcamp_id>/export/<str:kind>.<str:file_format>", views.export,
         name="export"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("dashboards/", include((admin_urlpatterns, "dashboards"),
                                        namespace="dashboards"))]


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return may_use_dashboards(request.user)


@hooks.register("register_admin_menu_item")
def register_dashboards_menu_item():
    return DashboardMenuItem(_("Dashboards"), reverse("dashboards:index"), icon_name="table",
                             order=400)


hooks.register("construct_homepage_panels", add_staff_shortcuts)
