"""The sandbox page's URL, included by lms/urls.py before Wagtail's admin: it lives under
/cms/ like the admin's pages but answers 404 unless the sandbox is on, then 403 for anyone
but organisers (Wagtail's own access check would send them to sign in instead)."""

from django.urls import path

from notifications import sandbox_views

app_name = "whatsapp_sandbox"

urlpatterns = [
    path("cms/notifications/sandbox/", sandbox_views.phone, name="phone"),
]
