from django.urls import path

from quizzes import views

app_name = "quizzes"

urlpatterns = [
    path("modules/<int:module_id>/check/", views.submit_check, name="submit"),
]
