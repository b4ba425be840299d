from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "assignments"
    verbose_name = _("Assignments")

    def ready(self):
        from assignments.progress import assignment_progress
        from courses.progress import register_source

        register_source("assignments", assignment_progress,
                        dashboard_template="assignments/dashboard_progress.html")
