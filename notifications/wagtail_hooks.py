from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from courses.models import CHAT_PREVIEW_HOOK
from lms.admin_menu import OrganiserMenuItem
from notifications import admin_views, chat_preview, sandbox
from notifications.models import LEARNING_BY_WHATSAPP_DAYS, ChatConversation, MessageTemplate

admin_urlpatterns = [
    path("", admin_views.delivery_log, name="log"),
    path("<int:pk>/retry/", admin_views.retry, name="retry"),
    path("announcements/new/", admin_views.compose, name="compose"),
    path("announcements/<int:pk>/", admin_views.preview, name="preview"),
    path("announcements/<int:pk>/send/", admin_views.send, name="send"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("notifications/", include((admin_urlpatterns, "notifications_admin"),
                                       namespace="notifications_admin")),
    ]


@hooks.register("register_admin_menu_item")
def register_delivery_log_menu_item():
    return OrganiserMenuItem(_("Delivery log"), reverse("notifications_admin:log"),
                             icon_name="mail", order=470)


@hooks.register("register_admin_menu_item")
def register_announcement_menu_item():
    return OrganiserMenuItem(_("Announcements"), reverse("notifications_admin:compose"),
                             icon_name="pick", order=471)


hooks.register(CHAT_PREVIEW_HOOK, chat_preview.render_module_chat)


# dashboards.columns.PARTICIPANT_COUNT_HOOK (the apps may not import each other).
@hooks.register("register_dashboard_participant_count")
def register_learning_by_whatsapp_count():
    return {
        "name": "learning_by_whatsapp",
        "label": _("Learning by WhatsApp"),
        "help": _("Participants who wrote in a lesson chat of this bootcamp in the last "
                  "%(days)d days.") % {"days": LEARNING_BY_WHATSAPP_DAYS},
        "users": lambda bootcamp, now: ChatConversation.objects.learning_by_whatsapp(
            bootcamp=bootcamp, now=now),
    }


class SandboxMenuItem(OrganiserMenuItem):
    def is_shown(self, request):
        return sandbox.enabled() and super().is_shown(request)


@hooks.register("register_admin_menu_item")
def register_sandbox_menu_item():
    return SandboxMenuItem(_("WhatsApp sandbox"), reverse("whatsapp_sandbox:phone"),
                           icon_name="mobile-alt", order=473)


class MessageTemplateViewSet(SnippetViewSet):
    """Editable subject/body per bootcamp, kind and language ($placeholders, never template
    code). The English version is what recipients of a language without one get."""

    model = MessageTemplate
    icon = "mail"
    menu_label = _("Message templates")
    menu_order = 472
    add_to_admin_menu = True
    list_display = ["kind", "language", "bootcamp", "subject", "updated_at"]
    list_filter = ["bootcamp", "kind", "language"]


register_snippet(MessageTemplateViewSet)
