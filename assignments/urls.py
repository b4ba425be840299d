from django.urls import path

from assignments import views

app_name = "assignments"
urlpatterns = [
    path("assignments/files/<int:file_id>/", views.download_file, name="download_file"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/<int:submission_id>/", views.review_detail, name="review_detail"),
    path("review/assignments/<int:assignment_id>/download-all/", views.download_all,
         name="download_all"),
    path("review/exports/<int:export_id>/", views.download_export, name="download_export"),
    path("review/assignments/<int:assignment_id>/extensions/", views.extensions,
         name="extensions"),
]
