"""The attendance app in the admin and on the course pages.

Organisers' "Attendance rules": each bootcamp's attendance policy (present from, late
after, check-in window). Access comes from the model permissions the Organisers group gets
in attendance/migrations/0002_organiser_permissions.py, so the menu item and the pages are
for organisers (and superusers) only. The course pages get the attendance progress and the
session panel through Wagtail hooks."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from attendance.models import AttendancePolicy
from attendance.progress import attendance_progress
from attendance.selectors import session_page_panel
from courses.progress import DASHBOARD_PROGRESS_HOOK, ProgressSource
from courses.session_panels import SESSION_PANEL_HOOK, SessionPanel


class AttendancePolicyViewSet(SnippetViewSet):
    model = AttendancePolicy
    icon = "time"
    menu_label = _("Attendance rules")
    menu_name = "attendance-rules"
    menu_order = 465
    add_to_admin_menu = True
    url_prefix = "attendance-rules"
    list_display = ["bootcamp", "present_percent", "late_after_minutes", "opens_minutes_before",
                    "closes_minutes_after"]
    ordering = ["bootcamp__title"]


register_snippet(AttendancePolicyViewSet)




@hooks.register(DASHBOARD_PROGRESS_HOOK)
def attendance_dashboard_progress() -> ProgressSource:
    return ProgressSource("attendance", attendance_progress,
                          dashboard_template="attendance/dashboard_progress.html")


@hooks.register(SESSION_PANEL_HOOK)
def attendance_session_panel() -> SessionPanel:
    return SessionPanel(template="attendance/session_page_panel.html",
                        context=session_page_panel)
