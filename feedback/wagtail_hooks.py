"""The feedback app in the admin and on the course pages.

Organisers' "Feedback settings" (per bootcamp: anonymous to trainers, how long feedback
stays open; per session: an anonymity override) are Wagtail snippets; access comes from the
model permissions the Organisers group gets in feedback/migrations/0002_organiser_permissions.py.
The participant dashboard ("Tell us how Day 1 went") and the live session page get their
feedback parts through courses' hooks."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from courses.progress import DASHBOARD_PROGRESS_HOOK, ProgressSource
from courses.session_panels import SESSION_PANEL_HOOK, SessionPanel
from feedback.models import FeedbackPolicy, SessionFeedbackSettings
from feedback.selectors import participant_feedback, session_page_panel


class FeedbackPolicyViewSet(SnippetViewSet):
    model = FeedbackPolicy
    icon = "comment"
    menu_label = _("Per bootcamp")
    menu_name = "feedback-policies"
    url_prefix = "feedback-settings"
    list_display = ["bootcamp", "anonymous", "open_days"]
    ordering = ["bootcamp__title"]


class SessionFeedbackSettingsViewSet(SnippetViewSet):
    model = SessionFeedbackSettings
    icon = "comment"
    menu_label = _("Per session")
    menu_name = "session-feedback-settings"
    url_prefix = "session-feedback-settings"
    list_display = ["session", "anonymous"]
    ordering = ["session__title"]


class FeedbackSettingsGroup(SnippetViewSetGroup):
    items = (FeedbackPolicyViewSet, SessionFeedbackSettingsViewSet)
    menu_icon = "comment"
    menu_label = _("Feedback settings")
    menu_name = "feedback-settings"
    menu_order = 466


register_snippet(FeedbackSettingsGroup)


# Before attendance's "Live sessions" card (hooks run in `order`): what to do next first.
@hooks.register(DASHBOARD_PROGRESS_HOOK, order=-1)
def feedback_dashboard_progress() -> ProgressSource:
    return ProgressSource("feedback", participant_feedback,
                          dashboard_template="feedback/dashboard_feedback.html",
                          uses_other_sources=True)


@hooks.register(SESSION_PANEL_HOOK)
def feedback_session_panel() -> SessionPanel:
    return SessionPanel(template="feedback/session_page_panel.html", context=session_page_panel)
