"""Organisers' "Attendance rules" in the Wagtail admin: each bootcamp's attendance policy
(present from, late after, check-in window). Access comes from the model permissions the
Organisers group gets in attendance/migrations/0002_organiser_permissions.py, so the menu
item and the pages are for organisers (and superusers) only."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from attendance.models import AttendancePolicy


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
