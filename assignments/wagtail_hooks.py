from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from assignments.progress import assignment_progress
from courses.models import BootcampPage
from courses.progress import DASHBOARD_PROGRESS_HOOK, ProgressSource
from lms.roles import is_organiser


class ReviewerMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return is_organiser(user) or BootcampPage.objects.trained_by(user).exists()


@hooks.register("register_admin_menu_item")
def register_review_queue_menu_item():
    # The queue is a site view (phone-friendly, shared with trainers outside the admin).
    return ReviewerMenuItem(_("Review submissions"), reverse("assignments:review_queue"),
                            icon_name="tasks", order=250)


@hooks.register(DASHBOARD_PROGRESS_HOOK)
def assignments_dashboard_progress() -> ProgressSource:
    return ProgressSource("assignments", assignment_progress,
                          dashboard_template="assignments/dashboard_progress.html")
