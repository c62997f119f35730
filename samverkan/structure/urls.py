from django.urls import path, re_path

from samverkan.structure import views
from samverkan.structure.views.old_addresses import OLD_PREFIXES, old_address

app_name = "structure"

# Addresses are Swedish, like the words users read in the menu; the English ones of the first
# releases redirect to them (see `views.old_addresses`).
urlpatterns = [
    path("", views.overview, name="overview"),
    path("kommuner/", views.municipalities, name="municipalities"),
    path("kommuner/ny/", views.municipality_create, name="municipality_create"),
    path("kommuner/<str:code>/", views.municipality, name="municipality"),
    path("kommuner/<str:code>/andra/", views.municipality_edit, name="municipality_edit"),
    path("delregioner/ny/", views.subregion_create, name="subregion_create"),
    path("delregioner/<int:pk>/andra/", views.subregion_edit, name="subregion_edit"),
    path("grupper/", views.groups, name="groups"),
    path("grupper/ny/", views.group_create, name="group_create"),
    path("grupper/<int:pk>/", views.group, name="group"),
    path("grupper/<int:pk>/andra/", views.group_edit, name="group_edit"),
    path("grupper/<int:pk>/medlemskap/ny/", views.membership_create, name="membership_create"),
    path("medlemskap/<int:pk>/andra/", views.membership_edit, name="membership_edit"),
    path("medlemskap/<int:pk>/avsluta/", views.membership_end, name="membership_end"),
    path("enheter/", views.units, name="units"),
    path("enheter/ny/", views.unit_create, name="unit_create"),
    path("enheter/<int:pk>/", views.unit, name="unit"),
    path("enheter/<int:pk>/andra/", views.unit_edit, name="unit_edit"),
    path("personer/", views.people, name="people"),
    path("personer/ny/", views.person_create, name="person_create"),
    path("personer/<int:pk>/", views.person, name="person"),
    path("personer/<int:pk>/andra/", views.person_edit, name="person_edit"),
    path("parter/", views.parties, name="parties"),
    path("parter/ny/", views.party_create, name="party_create"),
    path("parter/<int:pk>/", views.party, name="party"),
    path("parter/<int:pk>/andra/", views.party_edit, name="party_edit"),
    path("beslut/", views.decisions, name="decisions"),
    path("beslut/ny/", views.decision_create, name="decision_create"),
    path("beslut/<int:pk>/", views.decision, name="decision"),
    path("beslut/<int:pk>/andra/", views.decision_edit, name="decision_edit"),
    path("beslut/<int:pk>/regler/ny/", views.rule_create, name="rule_create"),
    path("regler/<int:pk>/andra/", views.rule_edit, name="rule_edit"),
    path("sok/", views.search, name="search"),
    path("tackning/", views.coverage, name="coverage"),
    re_path(
        r"^(?P<old>{})/(?P<rest>.*)$".format("|".join(OLD_PREFIXES)),
        old_address,
        name="old_address",
    ),
]
