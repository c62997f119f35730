from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from samverkan.cases.views import steps
from samverkan.home import views as home
from samverkan.meetings.views import calendar

urlpatterns = [
    path("", include("samverkan.structure.urls")),
    # Each user's own start page: next meetings, pre-reads owed, open action items.
    path("start/", home.start, name="start"),
    path("moten/", include("samverkan.meetings.urls")),
    # The personal calendar feed: a secret, revocable address that calendar programs poll.
    path(
        "kalender/<str:token>.ics",
        calendar.calendar_feed,
        name="calendar_feed",
    ),
    path("arenden/", include("samverkan.cases.urls")),
    path("ekonomi/", include("samverkan.funding.urls")),
    # Uppföljning Finsam moved from the money pages to the follow-up; old links still work.
    path(
        "ekonomi/uppfoljning-finsam/",
        RedirectView.as_view(pattern_name="followup:finsam", permanent=True, query_string=True),
        name="finsam_moved",
    ),
    path("uppfoljning/", include("samverkan.followup.urls")),
    path("logg/", include("samverkan.core.urls")),
    # The accessibility statement and the privacy notice: public, as the law requires.
    path("om/", include("samverkan.statements.urls")),
    # The participant survey's one-time link: no account, no personal data on the page.
    path("enkat/<str:token>/", steps.survey_answer, name="survey_answer"),
    path("accounts/", include("django.contrib.auth.urls")),
    # The language menu is on the sign-in page too, so choosing a language needs no sign-in.
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
