"""Organisers' pages in the Wagtail admin: the delivery log (with retry) and announcements
(compose → preview for one recipient → send)."""


from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from courses.models import DEFAULT_TIME_ZONE
from lms.roles import organiser_required
from notifications import activity, delivery, services, whatsapp
from notifications.forms import AnnouncementForm, BootcampStepForm
from notifications.models import Announcement, Channel, Kind, Notification
from notifications.rendering import render as render_message

PER_PAGE = 50
CHAT = "chat"  # the log's kind filter for chat activity, in and out


@organiser_required
def delivery_log(request):
    """Every message with its status; failures first when filtered by status."""
    notifications = (Notification.objects.visible_to(request.user)
                     .select_related("recipient", "bootcamp"))
    status = request.GET.get("status", "")
    if status in Notification.Status.values:
        notifications = notifications.filter(status=status)
    channel = request.GET.get("channel", "")
    if channel in Channel.values:
        notifications = notifications.filter(channel=channel)
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        notifications = notifications.filter(kind=kind)
    chat = kind == CHAT
    if chat:
        # Chat activity: what participants sent by WhatsApp beside our answers.
        listed = activity.chat_activity(
            outbound_status=status if status in Notification.Status.values else "")
    else:
        listed = notifications
    page = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/admin/delivery_log.html", {
        "page_obj": page, "statuses": Notification.Status.choices, "channels": Channel.choices,
        "kinds": [(CHAT, _("Chat: messages received and answers")), *Kind.choices],
        "chat": chat, "chosen": {"status": status, "channel": channel, "kind": kind},
        "failed_count": Notification.objects.filter(
            status=Notification.Status.FAILED).count(),
        # One zone for the whole log (it spans bootcamps): the bootcamps' default, named.
        "time_zone": DEFAULT_TIME_ZONE,
        "whatsapp_off": not whatsapp.is_configured(),
    })


@organiser_required
@require_POST
def retry(request, pk: int):
    notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
    if delivery.retry(notification=notification):
        messages.success(request, _("The message is queued again."))
    else:
        messages.error(request, _("Only failed messages can be retried."))
    return redirect("notifications_admin:log")


@organiser_required
@require_http_methods(["GET", "POST"])
def compose(request):
    """Two steps without JavaScript: GET picks the bootcamp (?bootcamp=), then the message
    form lists only that bootcamp's organisations; POST saves and goes to the preview."""
    if request.method == "POST":
        form = AnnouncementForm(request.POST)
        if form.is_valid():
            announcement = form.save(commit=False)
            announcement.created_by = request.user
            announcement.save()
            form.save_m2m()
            return redirect("notifications_admin:preview", pk=announcement.pk)
        bootcamp = form.cleaned_data.get("bootcamp") if hasattr(form, "cleaned_data") else None
    else:
        step = BootcampStepForm(request.GET if "bootcamp" in request.GET else None)
        if not step.is_valid():
            return render(request, "notifications/admin/compose.html", {"step": step})
        bootcamp = step.cleaned_data["bootcamp"]
        form = AnnouncementForm(bootcamp=bootcamp)
    return render(request, "notifications/admin/compose.html", {"form": form,
                                                                "bootcamp": bootcamp})


@organiser_required
def preview(request, pk: int):
    """The announcement as its first recipient will read it, before anything is sent."""
    announcement = get_object_or_404(Announcement, pk=pk)
    recipients = services.announcement_recipients(announcement=announcement)
    first = recipients.first()
    message = None
    if first is not None:
        message = render_message(
            kind=Kind.ANNOUNCEMENT, bootcamp_id=announcement.bootcamp_id,
            context=services.announcement_context(announcement=announcement, user=first))
    return render(request, "notifications/admin/preview.html", {
        "announcement": announcement, "recipient": first, "message": message,
        "recipient_count": recipients.count(),
    })


@organiser_required
@require_POST
def send(request, pk: int):
    announcement = get_object_or_404(Announcement, pk=pk)
    count = services.send_announcement(announcement=announcement)
    messages.success(request, _("%(count)s messages queued.") % {"count": count})
    return redirect("notifications_admin:log")
