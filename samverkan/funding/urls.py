from django.urls import path

from samverkan.funding.views import applications, interventions, reports, spending

app_name = "funding"

urlpatterns = [
    # Overview and interventions
    path("", interventions.overview, name="overview"),
    path("insatser/ny/", interventions.intervention_create, name="intervention_create"),
    path("insatser/<slug:code>/", interventions.intervention, name="intervention"),
    path("insatser/<slug:code>/andra/", interventions.intervention_edit, name="intervention_edit"),
    path("insatser/<slug:code>/mal/ny/", interventions.goal_create, name="goal_create"),
    path("insatser/<slug:code>/mal/<int:pk>/", interventions.goal_edit, name="goal_edit"),
    path("insatser/<slug:code>/deltagare/", interventions.participant_plans, name="plans"),
    path(
        "insatser/<slug:code>/deltagaransvariga/",
        interventions.participant_officers,
        name="participant_officers",
    ),
    path(
        "insatser/<slug:code>/deltagaransvariga/<int:pk>/ta-bort/",
        interventions.participant_officer_remove,
        name="participant_officer_remove",
    ),
    path("insatser/<slug:code>/timmar/", interventions.team_hours, name="team_hours"),
    path("insatser/<slug:code>/timmar.csv", interventions.team_hours_csv, name="team_hours_csv"),
    # Applications and decisions
    path("ansokningar/", applications.application_list, name="applications"),
    path("ansokningar/ny/", applications.application_create, name="application_create"),
    path("ansokningar/<int:pk>/", applications.application, name="application"),
    path("ansokningar/<int:pk>/beslut/", applications.decide, name="decide"),
    # Outcome (utfall), its import, and hourly rates
    path("insatser/<slug:code>/utfall/", spending.spending_entry, name="spending"),
    path("utfall/import/", spending.import_upload, name="import"),
    path("utfall/import/<int:pk>/", spending.import_preview, name="import_preview"),
    path("timpriser/", spending.hourly_rates, name="rates"),
    # The förbund's budget by contributor
    path("finansiering/", reports.contributions, name="contributions"),
    path("finansiering/<int:year>/", reports.contributions_edit, name="contributions_edit"),
    # Reports and exports
    path("rapport/", reports.budget_outcome, name="report"),
    path("rapport.<str:fmt>", reports.budget_outcome_export, name="report_export"),
]
