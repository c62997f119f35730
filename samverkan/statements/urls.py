from django.urls import path

from samverkan.statements import views

app_name = "statements"

# Mounted at /om/. The public pages (the statement, the report form and its thank-you page, the
# privacy notice) are in `core.public`; editing and the reports need sign-in.
urlpatterns = [
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("tillganglighet/<slug:federation>/", views.accessibility_for, name="accessibility_for"),
    path("tillganglighet/<slug:federation>/tack/", views.report_sent, name="report_sent"),
    path(
        "tillganglighet/<slug:federation>/andra/",
        views.accessibility_edit,
        name="accessibility_edit",
    ),
    path("tillganglighet/<slug:federation>/rapporter/", views.reports, name="reports"),
    path(
        "tillganglighet/<slug:federation>/rapporter/<int:pk>/hanterad/",
        views.report_handled,
        name="report_handled",
    ),
    path("personuppgifter/", views.privacy, name="privacy"),
    path("personuppgifter/<slug:federation>/", views.privacy_for, name="privacy_for"),
    path("personuppgifter/<slug:federation>/andra/", views.privacy_edit, name="privacy_edit"),
]
