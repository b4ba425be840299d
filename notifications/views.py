import json
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from courses.views import serve_document
from notifications import activity, chat, inbound, services, whatsapp
from notifications.forms import PreferenceForm

logger = logging.getLogger(__name__)


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """The signed-in user's channels, WhatsApp number and consent, and quiet hours."""
    preference = services.preference_for(request.user)
    form = PreferenceForm(request.POST or None, preference=preference)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_preferences(
                user=request.user, whatsapp_number=data["whatsapp_number"],
                whatsapp_opt_in=data["whatsapp_opt_in"], channels=form.channels(),
                time_zone=data["time_zone"], quiet_hours_start=data["quiet_hours_start"],
                quiet_hours_end=data["quiet_hours_end"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html",
                  {"form": form, "preference": preference})


@csrf_exempt  # called by the provider; authenticated by the HMAC signature instead
@require_http_methods(["GET", "POST"])
def whatsapp_webhook(request):
    if request.method == "GET":
        expected = settings.WHATSAPP_VERIFY_TOKEN
        if (request.GET.get("hub.mode") == "subscribe" and expected
                and constant_time_compare(request.GET.get("hub.verify_token", ""), expected)):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return HttpResponseForbidden("verification failed")
    raw_body = request.body  # the exact bytes signed by the provider, before any parsing
    if not whatsapp.valid_signature(raw_body=raw_body,
                                    header=request.headers.get("X-Hub-Signature-256")):
        return HttpResponseForbidden("bad signature")
    try:
        payload = json.loads(raw_body)
        entries = payload.get("entry", [])
    except (ValueError, AttributeError):
        return HttpResponseBadRequest("not JSON")
    for entry in entries:
        for change in entry.get("changes", []):
            value = change.get("value", {})
            for event in value.get("statuses", []):
                errors = event.get("errors") or [{}]
                inbound.apply_status(
                    message_id=str(event.get("id", "")), status=str(event.get("status", "")),
                    timestamp=str(event.get("timestamp", "")),
                    reference=str(event.get("biz_opaque_callback_data", "")),
                    error=str(errors[0].get("title", "")))
            for message in value.get("messages", []):
                activity.record_inbound(message)  # the delivery log's chat activity
                inbound.handle_inbound(
                    from_number=str(message.get("from", "")),
                    text=inbound.message_text(message),
                    message_id=str(message.get("id", "")),
                    timestamp=str(message.get("timestamp", "")))
    return HttpResponse("ok", content_type="text/plain")


@require_http_methods(["GET", "HEAD"])
def chat_document(request, token: str, filename: str):
    """A private lesson document sent by WhatsApp (notifications.chat._document_link).

    WhatsApp's servers fetch it without a session, so the signed link stands for the
    participant it was made for, for this one document: served by the site's document view
    with its access check run for them. Altered or expired: 403; a participant who may not
    (or no longer) see the document, or someone else signed in: 404, as that view does."""
    bound = chat.document_from_link(token)
    if bound is None:
        return HttpResponseForbidden("link not valid")
    user_id, document_id = bound
    if request.user.is_authenticated and request.user.pk != user_id:
        raise Http404
    participant = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if participant is None:
        raise Http404
    request.user = participant
    return serve_document(request, document_id, filename)
