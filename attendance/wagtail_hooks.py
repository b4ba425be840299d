"""The attendance app's contributions to the course pages (through Wagtail hooks)."""

from wagtail import hooks

from attendance.progress import attendance_progress
from attendance.selectors import session_page_panel
from courses.progress import DASHBOARD_PROGRESS_HOOK, ProgressSource
from courses.session_panels import SESSION_PANEL_HOOK, SessionPanel


@hooks.register(DASHBOARD_PROGRESS_HOOK)
def attendance_dashboard_progress() -> ProgressSource:
    return ProgressSource("attendance", attendance_progress,
                          dashboard_template="attendance/dashboard_progress.html")


@hooks.register(SESSION_PANEL_HOOK)
def attendance_session_panel() -> SessionPanel:
    return SessionPanel(template="attendance/session_page_panel.html",
                        context=session_page_panel)
