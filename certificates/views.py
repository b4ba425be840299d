"""Public verification, Open Badges documents, and the participant's PDF download."""

import copy

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.files.storage import storages
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from certificates import badges
from certificates.models import Certificate, normalise_code
from certificates.rendering import ensure_pdf
from courses.models import BootcampPage
from courses.translations import translated_titles


def client_ip(request) -> str:
    """The client address, trusting X-Forwarded-For only as far as our own proxies."""
    proxies = settings.ALLAUTH_TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def over_rate_limit(request) -> bool:
    """Count a verification lookup for this IP; True once the per-minute budget is spent.

    Codes have ~78 bits, so guessing is hopeless anyway; the limit keeps scrapers from
    hammering the lookup (and the database) and is shared by web processes via the cache.
    """
    window = int(timezone.now().timestamp() // 60)
    key = f"certificates:verify:{client_ip(request)}:{window}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count > settings.CERTIFICATES_VERIFY_PER_MINUTE


def _unknown(request):
    # The same page for every unknown or malformed code: nothing on it may depend on what
    # was typed, so the language form's "next" points at the lookup form, not at this URL.
    neutral = copy.copy(request)
    neutral.path = neutral.path_info = reverse("certificates:lookup")
    neutral.META = {**request.META, "QUERY_STRING": ""}
    # The lookup form again, with a message that does not repeat the code.
    response = render(neutral, "certificates/lookup.html", {"unknown": True}, status=404)
    # The CSRF middleware reads these from the real request to set the cookie that the
    # page's language form needs.
    for key in ("CSRF_COOKIE", "CSRF_COOKIE_NEEDS_UPDATE"):
        if key in neutral.META:
            request.META[key] = neutral.META[key]
    return response


@require_GET
def lookup(request):
    """The "enter a code" form; a typed code goes to its canonical verification URL."""
    typed = request.GET.get("code", "")
    if typed:
        code = normalise_code(typed) or "unknown"
        return HttpResponseRedirect(reverse("certificates:verify", args=[code]))
    return render(request, "certificates/lookup.html")


@require_GET
def verify(request, code: str):
    """Public verification: valid, or REVOKED with its date (the reason is internal). No
    sign-in, no email."""
    if over_rate_limit(request):
        return render(request, "429.html", status=429)
    canonical = normalise_code(code)
    certificate = (
        Certificate.objects.filter(code=canonical).select_related("bootcamp").first()
        if canonical else None
    )
    if certificate is None:
        return _unknown(request)
    if code != canonical:
        return HttpResponseRedirect(reverse("certificates:verify", args=[canonical]))
    return render(request, "certificates/verify.html", {
        "certificate": certificate,
        # The facts recorded at issue, in the reader's language and page titles.
        "completed": certificate.completed_sentences(
            translated_titles(bootcamp=certificate.bootcamp)),
        "bootcamp_tz": certificate.bootcamp.tz,
        "assertion_url": reverse("certificates:badge_assertion", args=[certificate.code]),
    })


@login_required
@never_cache
@require_GET
def download_pdf(request, pk: int):
    """The signed-in person's own certificate PDF (organisers: any). Others' → 404."""
    certificate = get_object_or_404(Certificate.objects.visible_to(request.user).valid(), pk=pk)
    name = ensure_pdf(certificate)
    if not name:
        raise Http404
    filename = f"certificate-{certificate.code}.pdf"
    return FileResponse(
        storages["private"].open(name, "rb"), as_attachment=True, filename=filename,
        content_type="application/pdf",
    )


def _json_ld(document: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(document, status=status, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/ld+json; charset=utf-8"
    response["Access-Control-Allow-Origin"] = "*"  # backpacks fetch these from their own sites
    return response


@require_GET
def badge_assertion(request, code: str):
    """Open Badges 2.0 hosted Assertion. Revoked: HTTP 410 with revoked and revocationReason."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("bootcamp"), code=normalise_code(code) or "-"
    )
    if not certificate.recipient_email_hash:
        raise Http404
    document = badges.assertion(certificate)
    return _json_ld(document, status=200 if certificate.is_valid else 410)


@require_GET
def badge_class(request, bootcamp_id: int, kind: str):
    bootcamp = get_object_or_404(BootcampPage, pk=bootcamp_id)
    if kind not in Certificate.Kind.values:
        raise Http404
    return _json_ld(badges.badge_class(bootcamp, kind))


@require_GET
def badge_issuer(request, bootcamp_id: int):
    bootcamp = get_object_or_404(BootcampPage, pk=bootcamp_id)
    return _json_ld(badges.issuer(bootcamp))


@require_GET
def badge_image(request, bootcamp_id: int, kind: str):
    bootcamp = get_object_or_404(BootcampPage, pk=bootcamp_id)
    if kind not in Certificate.Kind.values:
        raise Http404
    return render(
        request, "certificates/badge.svg", {"bootcamp": bootcamp, "kind": kind},
        content_type="image/svg+xml",
    )
