"""Meetings and their agendas: the groups' meeting lists, a year's series from the rules, one
meeting's page, its calendar file, and the agenda with its PDF.

Group members read; the group's conveners and the förbund's administrators change
(`meetings.policy.can_manage_meetings`). A user who may not see the group gets 404; a reader who
tries a change gets 403 and nothing is saved. The rules themselves are applied by
`meetings.series` and `meetings.services`.
"""

import datetime
import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from samverkan.core.editing import posted, save_form_or_render
from samverkan.core.pdf import render_pdf
from samverkan.core.sections import page_sections
from samverkan.meetings import ics, policy, progress, services
from samverkan.meetings import series as series_rules
from samverkan.meetings.forms.meetings import (
    AgendaItemForm,
    CancelForm,
    MeetingCreateForm,
    MeetingEditForm,
    SeriesForm,
    errors_onto,
)
from samverkan.meetings.models import ActionItem, AgendaItem, Meeting, Minutes, PreRead
from samverkan.meetings.signals import meeting_page
from samverkan.meetings.views.common import (
    agenda_item_to_change,
    group_for,
    group_to_change,
    meeting_for,
    meeting_to_change,
)
from samverkan.structure.models import Group
from samverkan.structure.views.rule_facts import facts_of_ruleset

# The rules shown beside a group's meetings, in this order.
MEETING_RULES = (
    "meetings_per_year",
    "meeting_minutes",
    "convener",
    "information_items_allowed",
    "pre_reads_required",
)
NO_INFORMATION_ITEMS = gettext_lazy(
    "Mötet har inga informationspunkter; parterna skickar förhandsinformation."
)
CANCELLED_NOT_EDITABLE = gettext_lazy("Mötet är inställt och kan inte längre ändras.")


logger = logging.getLogger(__name__)
UPDATE_NOT_SENT = gettext_lazy(
    "Ändringen är sparad, men kalenderuppdateringen kunde inte skickas. Skicka kallelsen igen."
)


# --- Helpers -----------------------------------------------------------------------------------


def _year_from(request, default):
    """The year asked for in `?year=`, or `default` when missing or not a sensible year."""
    value = request.GET.get("year", "")
    if value.isdigit() and 2000 <= int(value) <= 2100:
        return int(value)
    return default


def _group_meetings_url(group, year=None):
    url = reverse("meetings:group", args=[group.pk])
    return f"{url}?year={year}" if year else url


def _agenda_url(meeting):
    return reverse("meetings:agenda", args=[meeting.pk])


def _warn_overlaps(request, meeting):
    for other in meeting.overlapping():
        messages.warning(
            request,
            _("Mötet krockar med gruppens möte %(other)s.")
            % {"other": timezone.localtime(other.starts_at).strftime("%Y-%m-%d %H:%M")},
        )


def _agenda_refusal(meeting):
    """Why the agenda cannot change now, or None when it can."""
    try:
        services.ensure_agenda_editable(meeting)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def _back_to_agenda_if_locked(request, meeting):
    """A redirect to the agenda with the reason when the agenda cannot change now, else None."""
    refusal = _agenda_refusal(meeting)
    if refusal:
        messages.error(request, refusal)
        return redirect(_agenda_url(meeting))
    return None


def _agenda_context(meeting, user):
    items = list(meeting.agenda_items.select_related("responsible").order_by("order", "pk"))
    total = sum(item.minutes_allotted for item in items)
    carried = ActionItem.objects.carried_to(meeting)
    if not policy.can_manage_meetings(user, meeting.group):
        # Until minutes are published their action items are a draft, read by the conveners.
        carried = carried.decided()
    carried = carried.select_related("owner", "meeting").order_by("due_on", "pk")
    return {
        "meeting": meeting,
        "group": meeting.group,
        "items": items,
        "total_minutes": total,
        "over_minutes": max(total - meeting.duration_minutes, 0),
        "carried": list(carried),
        "rule_note": None if meeting.information_items_allowed else NO_INFORMATION_ITEMS,
    }


# --- Groups and series -------------------------------------------------------------------------


def meeting_list(request):
    """The groups whose meetings the user reads, with their next meeting and this year's count."""
    now = timezone.now()
    year = timezone.localdate().year
    upcoming = (
        Meeting.objects.not_cancelled()
        .filter(group=OuterRef("pk"), starts_at__gte=now)
        .order_by("starts_at", "pk")
    )
    visible = policy.meeting_groups(request.user).values("pk")
    groups = (
        Group.objects.filter(pk__in=visible)
        .select_related("federation", "municipality")
        .annotate(
            next_meeting_pk=Subquery(upcoming.values("pk")[:1]),
            next_meeting_at=Subquery(upcoming.values("starts_at")[:1]),
            year_count=Count(
                "meetings",
                filter=Q(meetings__starts_at__year=year)
                & ~Q(meetings__status=Meeting.Status.CANCELLED),
                distinct=True,
            ),
        )
        .order_by("kind", "name")
    )
    context = {"groups": list(groups), "year": year, "today": timezone.localdate()}
    return render(request, "meetings/meeting_list.html", context)


def group_meetings(request, group_pk):
    group = group_for(request, group_pk)
    today = timezone.localdate()
    year = _year_from(request, today.year)
    meetings = (
        Meeting.objects.filter(group=group, starts_at__year=year)
        .select_related("convener")
        .prefetch_related(
            Prefetch("pre_reads", queryset=PreRead.objects.only("pk", "meeting_id", "party_id")),
            Prefetch("minutes_versions", queryset=Minutes.objects.order_by("number")),
        )
        .order_by("starts_at", "pk")
    )
    years = {
        moment.year for moment in Meeting.objects.filter(group=group).datetimes("starts_at", "year")
    }
    years.update({today.year, today.year + 1, year})
    ruleset = series_rules.rules_for(group, today)
    facts = {fact.name: fact for fact in facts_of_ruleset(ruleset)}
    context = {
        "group": group,
        "year": year,
        "years": sorted(years),
        "rows": progress.meeting_progress(group, meetings),
        "rule_facts": [facts[name] for name in MEETING_RULES],
        "today": today,
        "can_manage": policy.can_manage_meetings(request.user, group),
    }
    return render(request, "meetings/group_meetings.html", context)


@require_http_methods(["GET", "POST"])
def series(request, group_pk):
    group = group_to_change(request, group_pk)
    today = timezone.localdate()
    data = request.POST if request.method == "POST" else None
    if data is None and "year" in request.GET:
        data = request.GET
    initial = {
        "year": today.year + 1 if today.month >= 10 else today.year,
        "weekday": 2,
        "start_time": datetime.time(9, 0),
        "default_minutes": 90,
    }
    form = SeriesForm(data, group=group, initial=initial)
    rows = None
    if form.is_bound and form.is_valid():
        if request.method == "POST" and request.POST.get("action") == "create":
            try:
                created = series_rules.create_series(
                    group,
                    form.planned,
                    location=form.cleaned_data["location"],
                    by=request.user,
                )
            except ValidationError as error:
                errors_onto(form, error, {"starts_at": "year"})
            else:
                return _series_created(request, group, form.cleaned_data["year"], created)
        if form.is_valid():
            rows = series_rules.preview(group, form.planned)
    context = {
        "group": group,
        "form": form,
        "rows": rows,
        "new_count": sum(1 for row in rows or () if row.planned.existing is None),
        "has_overlaps": any(row.overlaps for row in rows or ()),
    }
    return render(request, "meetings/series.html", context)


def _series_created(request, group, year, created):
    if created:
        messages.success(
            request,
            ngettext(
                "%(count)d möte har lagts in för %(year)d.",
                "%(count)d möten har lagts in för %(year)d.",
                len(created),
            )
            % {"count": len(created), "year": year},
        )
    else:
        messages.info(request, _("Alla möten i serien fanns redan, så inga nya möten lades in."))
    for meeting in created:
        _warn_overlaps(request, meeting)
    return redirect(_group_meetings_url(group, year))


@require_http_methods(["GET", "POST"])
def meeting_create(request, group_pk):
    group = group_to_change(request, group_pk)
    form = MeetingCreateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = series_rules.create_meeting(
                group,
                form.starts_at(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                location=form.cleaned_data["location"],
                by=request.user,
            )
        except ValidationError as error:
            errors_onto(form, error, {"starts_at": "day"})
        else:
            messages.success(request, _("Mötet har lagts in."))
            _warn_overlaps(request, meeting)
            return redirect(meeting)
    ruleset = series_rules.rules_for(group, timezone.localdate())
    context = {
        "group": group,
        "form": form,
        "title": _("Nytt möte i %(group)s") % {"group": group.name},
        "rules_minutes": ruleset.meeting_minutes,
        "cancel_url": _group_meetings_url(group),
    }
    return render(request, "meetings/meeting_form.html", context)


# --- One meeting ---------------------------------------------------------------------------------


def meeting(request, pk):
    meeting = meeting_for(request, pk)
    group = meeting.group
    context = _agenda_context(meeting, request.user)
    pre_reads = services.pre_read_status(meeting)
    context.update(
        {
            "decisions": list(meeting.decisions.order_by("-effective_from", "-pk")),
            "overlapping": [] if meeting.is_cancelled else meeting.overlapping(),
            "pre_reads_in": sum(1 for _party, pre_read in pre_reads if pre_read is not None),
            "pre_reads_expected": len(pre_reads),
            "minutes": meeting.current_minutes(),
            "sections": page_sections(
                meeting_page, sender=Meeting, request=request, meeting=meeting
            ),
            "can_manage": policy.can_manage_meetings(request.user, group),
        }
    )
    return render(request, "meetings/meeting_detail.html", context)


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = meeting_to_change(request, pk)
    if meeting.is_cancelled:
        messages.error(request, CANCELLED_NOT_EDITABLE)
        return redirect(meeting)
    if meeting.published_minutes() is not None:
        # Moving a minuted meeting would re-apply rules and rewrite its counted hours.
        messages.error(request, services.MINUTES_PUBLISHED_RECORD_LOCKED)
        return redirect(meeting)
    form = MeetingEditForm(posted(request), instance=meeting)
    outcome = {"updated": False, "unsent": ""}

    def after_save(saved):
        changed = form.time_or_place_changed
        series_rules.after_edit(
            saved, previous_day=form.original_day, time_or_place_changed=changed
        )
        if changed:
            # Calendars are told once the change is saved; a failing mail server must not
            # undo the change.
            transaction.on_commit(lambda: send_update(saved))

    def send_update(saved):
        try:
            outcome["updated"] = bool(services.send_update(saved, request=request))
        except ValidationError as error:
            outcome["unsent"] = " ".join(error.messages)
        except OSError:
            logger.exception("calendar update for meeting %s not sent", saved.pk)
            outcome["unsent"] = str(UPDATE_NOT_SENT)

    response = save_form_or_render(
        request,
        form,
        template="meetings/meeting_form.html",
        success_message=gettext_lazy("Mötet har sparats."),
        context={
            "group": meeting.group,
            "meeting": meeting,
            "title": _("Ändra mötet"),
            "cancel_url": meeting.get_absolute_url(),
        },
        after_save=after_save,
    )
    if response.status_code == 302:
        if outcome["updated"]:
            messages.info(
                request,
                _("Deltagarna har fått den ändrade kallelsen, så deras kalendrar uppdateras."),
            )
        elif outcome["unsent"]:
            messages.warning(request, outcome["unsent"])
        if form.day_changed:
            messages.info(request, _("Mötet följer nu de regler som gäller den nya dagen."))
        _warn_overlaps(request, meeting)
    return response


@require_http_methods(["GET", "POST"])
def meeting_cancel(request, pk):
    meeting = meeting_to_change(request, pk)
    if meeting.is_cancelled:
        messages.info(request, _("Mötet är redan inställt."))
        return redirect(meeting)
    form = CancelForm(posted(request))
    if request.method == "POST" and form.is_valid():
        was_invited = meeting.invited_at is not None
        try:
            services.cancel_meeting(
                meeting, reason=form.cleaned_data["reason"], by=request.user, request=request
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(meeting)
        messages.success(request, _("Mötet har ställts in."))
        if was_invited:
            messages.info(
                request,
                _(
                    "Deltagarna får besked om att mötet är inställt, och det tas bort ur deras "
                    "kalendrar."
                ),
            )
        return redirect(meeting)
    return render(
        request,
        "meetings/meeting_cancel.html",
        {"meeting": meeting, "group": meeting.group, "form": form},
    )


def meeting_ics(request, pk):
    meeting = meeting_for(request, pk)
    content = ics.feed(
        [meeting],
        name=meeting.group.name,
        url_for=lambda m: services.absolute_url(m.get_absolute_url(), request),
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    filename = f"mote-{slugify(meeting.group.name)}-{meeting.day:%Y-%m-%d}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Agenda ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def agenda(request, pk):
    if request.method == "POST":
        meeting = meeting_to_change(request, pk)
    else:
        meeting = meeting_for(request, pk)
    can_manage = policy.can_manage_meetings(request.user, meeting.group)
    refusal = _agenda_refusal(meeting)
    if request.method == "POST" and refusal:
        messages.error(request, refusal)
        return redirect(_agenda_url(meeting))
    context = {
        **_agenda_context(meeting, request.user),
        "can_manage": can_manage,
        "refusal": refusal,
    }
    if not can_manage or refusal:
        return render(request, "meetings/agenda.html", context)
    next_order = max((item.order for item in context["items"]), default=0) + 1
    form = AgendaItemForm(
        posted(request), meeting=meeting, instance=AgendaItem(meeting=meeting, order=next_order)
    )
    return save_form_or_render(
        request,
        form,
        template="meetings/agenda.html",
        success_message=gettext_lazy("Punkten ”%(object)s” har lagts till på dagordningen."),
        success_url=_agenda_url(meeting),
        context=context,
    )


@require_http_methods(["GET", "POST"])
def agenda_item_edit(request, item_pk):
    item = agenda_item_to_change(request, item_pk)
    meeting = item.meeting
    locked = _back_to_agenda_if_locked(request, meeting)
    if locked is not None:
        return locked
    form = AgendaItemForm(posted(request), meeting=meeting, instance=item)
    return save_form_or_render(
        request,
        form,
        template="meetings/agenda_item_form.html",
        success_message=gettext_lazy("Punkten ”%(object)s” har sparats."),
        success_url=_agenda_url(meeting),
        context={"meeting": meeting, "group": meeting.group, "item": item},
    )


@require_http_methods(["GET", "POST"])
def agenda_item_delete(request, item_pk):
    item = agenda_item_to_change(request, item_pk)
    meeting = item.meeting
    locked = _back_to_agenda_if_locked(request, meeting)
    if locked is not None:
        return locked
    if request.method == "POST":
        title = item.title
        item.delete()
        messages.success(
            request, _("Punkten ”%(title)s” har tagits bort från dagordningen.") % {"title": title}
        )
        return redirect(_agenda_url(meeting))
    return render(
        request,
        "meetings/agenda_item_delete.html",
        {"meeting": meeting, "group": meeting.group, "item": item},
    )


@require_POST
def agenda_item_move(request, item_pk):
    item = agenda_item_to_change(request, item_pk)
    meeting = item.meeting
    steps = {"up": -1, "down": 1}
    direction = request.POST.get("direction", "")
    if direction not in steps:
        return HttpResponseBadRequest(_("Ange om punkten ska flyttas upp eller ned."))
    locked = _back_to_agenda_if_locked(request, meeting)
    if locked is not None:
        return locked
    services.move_agenda_item(item, steps[direction])
    message = (
        _("Punkten ”%(title)s” har flyttats upp.")
        if direction == "up"
        else _("Punkten ”%(title)s” har flyttats ned.")
    )
    messages.success(request, message % {"title": item.title})
    return redirect(f"{_agenda_url(meeting)}#punkt-{item.pk}")


def agenda_pdf(request, pk):
    meeting = meeting_for(request, pk)
    context = _agenda_context(meeting, request.user)
    filename = f"dagordning-{slugify(meeting.group.name)}-{meeting.day:%Y-%m-%d}.pdf"
    return render_pdf(request, "meetings/pdf/agenda.html", context, filename)
