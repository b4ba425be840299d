from django.urls import path

from organisations import views

app_name = "organisations"

urlpatterns = [
    path("bootcamps/<slug:slug>/apply/", views.apply, name="apply"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw,
         name="application_withdraw"),
    path("organisations/", views.organisation_list, name="list"),
    path("organisations/<int:pk>/", views.organisation_detail, name="detail"),
    path("organisations/<int:pk>/invite/", views.invite, name="invite"),
    path("organisations/<int:pk>/members/<int:membership_id>/remove/", views.remove_member,
         name="remove_member"),
    path("organisations/<int:pk>/members/<int:membership_id>/make-lead/", views.make_lead,
         name="make_lead"),
    path("organisations/<int:pk>/invitations/<int:invitation_id>/resend/",
         views.resend_invitation, name="resend_invitation"),
    path("organisations/<int:pk>/invitations/<int:invitation_id>/cancel/",
         views.cancel_invitation, name="cancel_invitation"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
