from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    name = "attendance"
    verbose_name = _("Attendance")

    def ready(self):
        from attendance.progress import attendance_progress
        from courses.progress import register_source

        register_source("attendance", attendance_progress,
                        dashboard_template="attendance/dashboard_progress.html")

        from attendance.selectors import session_page_panel
        from courses.session_panels import register_session_panel

        register_session_panel("attendance", template="attendance/session_page_panel.html",
                               context=session_page_panel)
