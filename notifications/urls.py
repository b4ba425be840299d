from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("account/notifications/", views.preferences, name="preferences"),
    path("notifications/whatsapp/webhook/", views.whatsapp_webhook, name="whatsapp_webhook"),
    path("notifications/whatsapp/documents/<str:token>/<str:filename>",
         views.chat_document, name="chat_document"),
]
