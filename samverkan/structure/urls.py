from django.urls import path

from samverkan.structure import views

app_name = "structure"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("municipalities/", views.municipalities, name="municipalities"),
    path("municipalities/new/", views.municipality_create, name="municipality_create"),
    path("municipalities/<str:code>/", views.municipality, name="municipality"),
    path("municipalities/<str:code>/edit/", views.municipality_edit, name="municipality_edit"),
    path("subregions/new/", views.subregion_create, name="subregion_create"),
    path("subregions/<int:pk>/edit/", views.subregion_edit, name="subregion_edit"),
    path("groups/", views.groups, name="groups"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:pk>/", views.group, name="group"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("groups/<int:pk>/memberships/new/", views.membership_create, name="membership_create"),
    path("memberships/<int:pk>/edit/", views.membership_edit, name="membership_edit"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
    path("units/", views.units, name="units"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/", views.unit, name="unit"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("people/", views.people, name="people"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("parties/", views.parties, name="parties"),
    path("parties/new/", views.party_create, name="party_create"),
    path("parties/<int:pk>/", views.party, name="party"),
    path("parties/<int:pk>/edit/", views.party_edit, name="party_edit"),
    path("decisions/", views.decisions, name="decisions"),
    path("decisions/new/", views.decision_create, name="decision_create"),
    path("decisions/<int:pk>/", views.decision, name="decision"),
    path("decisions/<int:pk>/edit/", views.decision_edit, name="decision_edit"),
    path("decisions/<int:pk>/rules/new/", views.rule_create, name="rule_create"),
    path("rules/<int:pk>/edit/", views.rule_edit, name="rule_edit"),
    path("search/", views.search, name="search"),
    path("coverage/", views.coverage, name="coverage"),
]
