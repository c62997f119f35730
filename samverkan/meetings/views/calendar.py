"""The personal calendar feed: a secret, revocable address a calendar program subscribes to.

The feed lists the meetings of the groups where the user has a seat, as the group's name, time,
place and a link; never anything about an individual. Only a hash of the secret is stored, so
the full address is shown once, when it is made.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samverkan.meetings import ics, services
from samverkan.meetings.models import CalendarFeed


def _active_feed(user):
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


@require_http_methods(["GET", "POST"])
def calendar_settings(request):
    """Explain the feed; make a new address (shown once) or turn the feed off."""
    feed_url = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            token = services.create_calendar_feed(request.user)
            feed_url = services.absolute_url(reverse("calendar_feed", args=[token]), request)
        elif action == "revoke":
            if services.revoke_calendar_feed(request.user):
                messages.success(
                    request,
                    _("Kalenderflödet är avstängt. Den gamla adressen fungerar inte längre."),
                )
            else:
                messages.info(request, _("Du hade inget kalenderflöde att stänga av."))
            return redirect("meetings:calendar_settings")
        else:
            return redirect("meetings:calendar_settings")
    context = {
        "feed": _active_feed(request.user),
        "feed_url": feed_url,
        "has_person": getattr(request.user, "person", None) is not None,
    }
    response = render(request, "meetings/calendar_settings.html", context)
    if feed_url:
        # The secret address is in this page's body only, never in its URL: never cached. The
        # referrer stays same-origin: with no-referrer Chromium posts `Origin: null` from this
        # page and the CSRF check refuses its forms.
        response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def calendar_feed(request, token):
    """The feed itself, read by calendar programs without signing in."""
    feed = services.calendar_feed_for(token)
    if feed is None:
        raise Http404
    content = ics.feed(
        services.feed_meetings(feed.user),
        name=_("Möten i Samverkan"),
        url_for=lambda meeting: services.absolute_url(meeting.get_absolute_url(), request),
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Content-Type-Options"] = "nosniff"
    return response
