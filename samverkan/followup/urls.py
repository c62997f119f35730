from django.urls import path

from samverkan.followup import views

app_name = "followup"

# Mounted at /uppfoljning/.
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("finsam/", views.finsam_follow_up, name="finsam"),
    path("finsam.<str:fmt>", views.finsam_follow_up_export, name="finsam_export"),
    path("finsam/inlamning/", views.submission, name="submission"),
    path(
        "finsam/inlamning/<slug:code>.<str:fmt>",
        views.submission_export,
        name="submission_export",
    ),
]
