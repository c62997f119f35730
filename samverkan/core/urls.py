from django.urls import path

from samverkan.core import views

app_name = "core"

urlpatterns = [
    path("", views.access_log, name="access_log"),
    path("export.csv", views.access_log_export, name="access_log_export"),
]
