from django.urls import path

from certificates import views

app_name = "certificates"

urlpatterns = [
    path("certificates/verify/", views.lookup, name="lookup"),
    path("certificates/verify/<str:code>/", views.verify, name="verify"),
    path("certificates/<int:pk>/certificate.pdf", views.download_pdf, name="pdf"),
    path("certificates/badges/assertions/<str:code>.json", views.badge_assertion,
         name="badge_assertion"),
    path("certificates/badges/<int:bootcamp_id>/<str:kind>/badge.json", views.badge_class,
         name="badge_class"),
    path("certificates/badges/<int:bootcamp_id>/<str:kind>/image.svg", views.badge_image,
         name="badge_image"),
    path("certificates/badges/<int:bootcamp_id>/issuer.json", views.badge_issuer,
         name="badge_issuer"),
]
