from django.urls import path

from samverkan.followup import views

app_name = "followup"

# Mounted at /uppfoljning/.
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("trisam.<str:fmt>", views.dashboard_export, name="dashboard_export"),
    path("trisam/bifoga/", views.dashboard_attach, name="dashboard_attach"),
    path("utveckling/", views.trends_page, name="trends"),
    path("utveckling.<str:fmt>", views.trends_export, name="trends_export"),
    path("teamen/", views.teams_compared, name="teams_compared"),
    path("teamen.<str:fmt>", views.teams_compared_export, name="teams_compared_export"),
    path("team/<int:team_pk>/", views.team_dashboard, name="team"),
    path("team/<int:team_pk>/rapport.pdf", views.team_report, name="team_report"),
    path("team/<int:team_pk>/<slug:key>/", views.team_cases_behind, name="team_cases"),
    path("finsam/", views.finsam_follow_up, name="finsam"),
    path("finsam.<str:fmt>", views.finsam_follow_up_export, name="finsam_export"),
    path("finsam/inlamning/", views.submission, name="submission"),
    path(
        "finsam/inlamning/<slug:code>.<str:fmt>",
        views.submission_export,
        name="submission_export",
    ),
]
