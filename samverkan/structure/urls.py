from django.urls import path

from samverkan.structure import views

app_name = "structure"

urlpatterns = [
    path("", views.overview, name="overview"),
]
