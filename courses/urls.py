from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("modules/<int:module_id>/complete/", views.complete_module, name="complete_module"),
    path("modules/<int:module_id>/undo/", views.undo_completion, name="undo_completion"),
    path("sessions/<int:session_id>/calendar.ics", views.session_ics, name="session_ics"),
    path("bootcamps/<int:bootcamp_id>/calendar.ics", views.bootcamp_ics, name="bootcamp_ics"),
]
