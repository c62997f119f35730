from django.urls import path

from samverkan.cases.views import cases, extract, steps

app_name = "cases"

# Case codes (T2026-00042) name cases in addresses; identity numbers never do.
urlpatterns = [
    path("", cases.start, name="start"),
    path("sok/", cases.search, name="search"),
    path("team/<int:team_pk>/", cases.team_cases, name="team"),
    path("team/<int:team_pk>/nytt/", cases.raise_case, name="raise"),
    path("<str:code>/", cases.case_detail, name="case"),
    path("<str:code>/aktualisering/", cases.edit_raising, name="edit_raising"),
    path("<str:code>/samtycke/nytt/", cases.consent_add, name="consent_add"),
    path("<str:code>/samtycke/nekat/", cases.consent_declined, name="consent_declined"),
    path(
        "<str:code>/samtycke/<int:consent_pk>/aterkalla/",
        cases.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<str:code>/avslut/", cases.close, name="close"),
    path("<str:code>/mote/", steps.meeting, name="meeting"),
    path("<str:code>/forberedelse/", steps.preparation, name="preparation"),
    path("<str:code>/kartlaggning/", steps.mapping, name="mapping"),
    path("<str:code>/planering/", steps.plan, name="plan"),
    path("<str:code>/enkat/", steps.survey, name="survey"),
    path("<str:code>/enkat/lank/", steps.survey_link, name="survey_link"),
    path("<str:code>/uppfoljning/", steps.follow_up, name="follow_up"),
    path("<str:code>/utdrag.pdf", extract.extract_pdf, name="extract_pdf"),
    path("<str:code>/utdrag.json", extract.extract_json, name="extract_json"),
]
