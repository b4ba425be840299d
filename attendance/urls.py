from django.urls import path

from attendance import views

app_name = "attendance"

urlpatterns = [
    path("sessions/<int:session_id>/check-in", views.check_in, name="check_in"),
    path("sessions/<int:session_id>/check-in/link/<str:token>/", views.check_in_link,
         name="check_in_link"),
    path("sessions/<int:session_id>/attendance/", views.session_attendance, name="session"),
    path("sessions/<int:session_id>/attendance/all-present/", views.all_present,
         name="all_present"),
    path("sessions/<int:session_id>/attendance/code/", views.check_in_code, name="code"),
    path("sessions/<int:session_id>/attendance/code/rotate/", views.rotate_code,
         name="rotate_code"),
    path("sessions/<int:session_id>/attendance/import/", views.import_report, name="import"),
    path("attendance/imports/<int:import_id>/", views.import_preview, name="import_preview"),
    path("attendance/imports/<int:import_id>/match/", views.import_alias, name="import_alias"),
]
