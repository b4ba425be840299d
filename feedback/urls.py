from django.urls import path

from feedback import views

app_name = "feedback"

urlpatterns = [
    path("feedback/bootcamps/<int:bootcamp_id>/", views.bootcamp_results, name="bootcamp"),
    path("sessions/<int:session_id>/feedback/", views.give_feedback, name="give"),
    path("sessions/<int:session_id>/feedback/results/", views.results, name="results"),
    path("sessions/<int:session_id>/feedback/results.<str:file_format>", views.export,
         name="export"),
]
