"""The WhatsApp sandbox page in the Wagtail admin (/cms/notifications/sandbox/): an
organiser plays a participant's phone. Only with DEBUG or WHATSAPP_SANDBOX=True (404
otherwise); forms and redirects, no JavaScript."""

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from lms.roles import organiser_required
from notifications import sandbox
from notifications.demo import PARTICIPANT_WHATSAPP_NUMBER
from notifications.models import NotificationPreference

SESSION_KEY = "whatsapp_sandbox"
KEPT = 40  # bubbles kept per phone in the session (the session is stored per request)
FAILURES = [("", gettext_lazy("answer normally")),
            ("429", gettext_lazy("429 rate limit")),
            ("500", gettext_lazy("500 server error"))]


def sandbox_enabled(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not sandbox.enabled():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


class PhoneForm(forms.Form):
    number = forms.CharField(max_length=16)
    text = forms.CharField(max_length=4096, required=False, strip=True)
    reply_kind = forms.ChoiceField(choices=[("", ""), ("button", ""), ("list", "")],
                                   required=False)
    reply_id = forms.CharField(max_length=256, required=False)
    reply_title = forms.CharField(max_length=100, required=False)
    reply_description = forms.CharField(max_length=100, required=False)
    fail_next = forms.ChoiceField(choices=FAILURES, required=False)

    def message(self) -> dict | None:
        data = self.cleaned_data
        if data["reply_kind"] == "button" and data["reply_id"]:
            return sandbox.button_reply(data["reply_id"], data["reply_title"])
        if data["reply_kind"] == "list" and data["reply_id"]:
            return sandbox.list_reply(data["reply_id"], data["reply_title"],
                                      data["reply_description"])
        return sandbox.text_message(data["text"]) if data["text"] else None


def _phones():
    return (NotificationPreference.objects.exclude(whatsapp_number="")
            .select_related("user").order_by("whatsapp_number"))


@sandbox_enabled
@login_required
@organiser_required
@require_http_methods(["GET", "POST"])
def phone(request):
    transcripts: dict = request.session.get(SESSION_KEY, {})
    if request.method == "POST":
        form = PhoneForm(request.POST)
        if not form.is_valid() or not _phones().filter(
                whatsapp_number=form.cleaned_data["number"]).exists():
            messages.error(request, _("Choose a participant's number and type a message."))
            return redirect("whatsapp_sandbox:phone")
        number = form.cleaned_data["number"]
        url = reverse("whatsapp_sandbox:phone") + f"?number={number}#latest"
        if "clear" in request.POST:
            transcripts.pop(number, None)
            request.session[SESSION_KEY] = transcripts
            return redirect(url)
        message = form.message()
        if message is None:
            messages.error(request, _("Type a message first."))
            return redirect(url)
        loopback = sandbox.shared_loopback()
        if form.cleaned_data["fail_next"]:
            loopback.api.fail_next(int(form.cleaned_data["fail_next"]))
        try:
            payloads = sandbox.exchange(number=number, message=message, loopback=loopback)
        except sandbox.SandboxError as exc:
            messages.error(request, _("The webhook refused the message: %(error)s")
                           % {"error": exc})
            return redirect(url)
        sent = form.cleaned_data["reply_title"] or form.cleaned_data["text"]
        bubbles = [{"direction": "in", "kind": "text", "text": sent}]
        bubbles += [{"direction": "out", **sandbox.bubble(payload)} for payload in payloads]
        if not payloads:
            messages.warning(request, _("No reply was sent (see the delivery log)."))
        transcripts[number] = (transcripts.get(number, []) + bubbles)[-KEPT:]
        request.session[SESSION_KEY] = transcripts
        return redirect(url)
    phones = list(_phones()[:500])
    numbers = [preference.whatsapp_number for preference in phones]
    number = request.GET.get("number", "")
    if number not in numbers:
        number = (PARTICIPANT_WHATSAPP_NUMBER if PARTICIPANT_WHATSAPP_NUMBER in numbers
                  else (numbers[0] if numbers else ""))
    chosen = next((p for p in phones if p.whatsapp_number == number), None)
    return render(request, "notifications/admin/sandbox.html", {
        "phones": phones, "number": number, "chosen": chosen,
        "bubbles": transcripts.get(number, []), "failures": FAILURES,
    })
