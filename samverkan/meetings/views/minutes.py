"""Attendance, minutes (with their versions) and action items of one meeting.

Everyone who reads the group's meetings sees the attendance and the published minutes; the
group's conveners and the förbund's administrators record attendance, write, approve and
publish minutes and decide action items (`meetings.policy`). A user who may not read the group gets
404, a reader who may not change gets 403.

Minutes go draft → approved → published; a published version never changes again: a change is
a new version, and the earlier one stays readable. A POST that would edit an approved or
published version in place is refused with status 409 and changes nothing; so is a stale edit.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from samverkan.core.editing import posted, save_form_or_render
from samverkan.core.forms import STALE_EDIT_MESSAGE, StaleEditError
from samverkan.core.pdf import render_pdf
from samverkan.meetings import policy, services
from samverkan.meetings.action_items import (
    action_item_rows,
    carried_to,
    decided_at,
    snapshot_rows,
)
from samverkan.meetings.attendance import (
    attendance_by_party,
    attendance_rows,
    attendance_summary,
)
from samverkan.meetings.forms.minutes import (
    ActionItemForm,
    ActionItemStatusForm,
    AttendanceRowForm,
    ExtraAttendeeForm,
    MinutesForm,
    NewVersionForm,
)
from samverkan.meetings.models import ActionItem, Minutes
from samverkan.meetings.views.common import (
    action_item_for_status,
    action_item_to_change,
    closing_meeting_for,
    meeting_for,
    meeting_to_change,
    minutes_version_for,
)

ACTION_ITEMS_LOCKED = _(
    "Åtgärder beslutas i minnesanteckningarna och kan bara läggas till eller ändras medan "
    "minnesanteckningarna är ett utkast. Återöppna dem som utkast, eller skapa en ny version "
    "om de är publicerade."
)
MINUTES_ACTIONS = ("start", "approve", "reopen", "publish", "new_version")


def _manages(request, meeting):
    return policy.can_manage_meetings(request.user, meeting.group)


def _minutes_url(meeting):
    return reverse("meetings:minutes", args=[meeting.pk])


# --- Attendance --------------------------------------------------------------------------------


def _attendance_closed(meeting):
    """Why attendance cannot be recorded yet (or at all), or None when it can."""
    try:
        services.ensure_attendance_open(meeting)
    except ValidationError as error:
        return error.messages[0]
    return None


@require_http_methods(["GET", "POST"])
def attendance(request, pk):
    meeting = meeting_for(request, pk)
    manages = _manages(request, meeting)
    if request.method == "POST" and not manages:
        raise PermissionDenied(
            _("Bara gruppens sammankallande och förbundets kansli registrerar närvaro.")
        )
    recorded = {
        a.person_id: a for a in meeting.attendances.select_related("person", "party", "substitute")
    }
    rows = attendance_rows(meeting, recorded)
    closed = _attendance_closed(meeting)
    editable = manages and closed is None
    refusal, status = None, 200
    extra = None
    if editable or request.method == "POST":
        data = posted(request)
        people = services.people_for_choices(meeting)
        for row in rows:
            row.form = AttendanceRowForm(
                data,
                prefix=f"p{row.person.pk}",
                person=row.person,
                people=people,
                attendance=row.attendance,
            )
        extra = ExtraAttendeeForm(
            data,
            prefix="new",
            meeting=meeting,
            people=people.exclude(pk__in=[row.person.pk for row in rows]),
        )
    if request.method == "POST":
        if closed is not None:
            refusal, status = [closed], 409
        elif all([row.form.is_valid() for row in rows] + [extra.is_valid()]):
            entries = [
                (
                    row.person,
                    row.form.cleaned_data["status"],
                    row.form.cleaned_data["substitute"],
                    row.capacity,
                )
                for row in rows
            ]
            if extra.row() is not None:
                entries.append(extra.row())
            try:
                services.record_attendance(meeting, entries, by=request.user)
            except ValidationError as error:
                refusal, status = error.messages, 409
            else:
                messages.success(request, _("Närvaron har sparats."))
                return redirect("meetings:attendance", meeting.pk)
    forms_with_errors = [row.form for row in rows if row.form is not None and row.form.errors]
    if extra is not None and extra.errors:
        forms_with_errors.append(extra)
    context = {
        "meeting": meeting,
        "manages": manages,
        "editable": editable,
        "closed": closed,
        "refusal": refusal,
        "rows": rows,
        "extra": extra,
        "forms_with_errors": forms_with_errors,
        "summary": attendance_summary(meeting, list(recorded.values())),
    }
    return render(request, "meetings/attendance.html", context, status=status)


# --- Minutes -----------------------------------------------------------------------------------


def _versions(meeting, manages):
    versions = meeting.minutes_versions.order_by("number")
    if not manages:
        versions = versions.filter(status=Minutes.Status.PUBLISHED)
    return list(versions)


def _minutes_context(request, meeting, shown, *, manages, form=None):
    """What the minutes page and the page of one version show about `shown` (may be None)."""
    editing = form is not None
    if shown is None:
        decided = []
    elif shown.is_published:
        decided = snapshot_rows(shown)
    else:
        decided = action_item_rows(
            decided_at(meeting), request.user, manages=manages, editable=editing
        )
    carried = []
    if manages:
        carried = action_item_rows(
            carried_to(meeting), request.user, manages=manages, at_meeting=meeting
        )
    return {
        "meeting": meeting,
        "manages": manages,
        "shown": shown,
        "form": form,
        "entries": list(shown.entries.all()) if shown is not None and not editing else [],
        "decided": decided,
        "carried": carried,
        "superseded_by": shown.superseded_by() if shown is not None else None,
        "versions": _versions(meeting, manages),
        "current": meeting.current_minutes() if manages else None,
    }


def _minutes_page(request, meeting, *, manages, form=None, refusal=None, status=200):
    current = meeting.current_minutes()
    shown = current if manages else meeting.published_minutes()
    if form is None and manages and shown is not None and shown.is_draft:
        # Items put on the agenda after writing began get their place in the draft.
        services.add_missing_entries(shown)
        form = MinutesForm(minutes=shown)
    context = _minutes_context(request, meeting, shown, manages=manages, form=form)
    context["refusal"] = refusal
    return render(request, "meetings/minutes.html", context, status=status)


@require_http_methods(["GET", "POST"])
def minutes(request, pk):
    meeting = meeting_for(request, pk)
    manages = _manages(request, meeting)
    if request.method == "GET":
        return _minutes_page(request, meeting, manages=manages)
    if not manages:
        raise PermissionDenied(
            _("Bara gruppens sammankallande och förbundets kansli skriver minnesanteckningarna.")
        )
    number = request.POST.get("number", "")
    target = meeting.minutes_versions.filter(number=number).first() if number.isdigit() else None
    if target is None:
        raise Http404
    try:
        services.ensure_editable(target)
    except ValidationError as error:
        return _minutes_page(request, meeting, manages=True, refusal=error.messages, status=409)
    form = MinutesForm(request.POST, minutes=target)
    if not form.is_valid():
        return _minutes_page(request, meeting, manages=True, form=form)
    try:
        saved = form.save()
    except StaleEditError:
        form.add_error(None, ValidationError(STALE_EDIT_MESSAGE, code="stale"))
        return _minutes_page(request, meeting, manages=True, form=form, status=409)
    except ValidationError as error:
        return _minutes_page(request, meeting, manages=True, refusal=error.messages, status=409)
    if "approve" in request.POST:
        try:
            services.approve_minutes(saved, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Minnesanteckningarna är sparade och godkända."))
            return redirect(_minutes_url(meeting))
    messages.success(request, _("Minnesanteckningarna har sparats."))
    return redirect(_minutes_url(meeting))


@require_http_methods(["GET"])
def minutes_version(request, pk, number):
    version = minutes_version_for(request, pk, number)
    meeting = version.meeting
    context = _minutes_context(request, meeting, version, manages=_manages(request, meeting))
    context["carried"] = []
    return render(request, "meetings/minutes_version.html", context)


@require_http_methods(["GET"])
def minutes_pdf(request, pk, number):
    version = minutes_version_for(request, pk, number)
    meeting = version.meeting
    context = _minutes_context(request, meeting, version, manages=False)
    context["attendance"] = attendance_by_party(meeting)
    filename = "minnesanteckningar-{group}-{day}-v{number}.pdf".format(
        group=slugify(meeting.group.name) or "grupp",
        day=meeting.day.isoformat(),
        number=version.number,
    )
    return render_pdf(request, "meetings/pdf/minutes.html", context, filename)


def _check_version(request, minutes):
    posted_version = request.POST.get("version", "")
    if posted_version and posted_version != str(minutes.version):
        raise ValidationError(STALE_EDIT_MESSAGE, code="stale")


@require_http_methods(["GET", "POST"])
def minutes_action(request, pk, action):
    """start, approve, reopen, publish (POST), and new_version (its form on GET)."""
    if action not in MINUTES_ACTIONS:
        raise Http404
    meeting = meeting_to_change(request, pk)
    if action == "new_version":
        return _new_version(request, meeting)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    current = meeting.current_minutes()
    try:
        if action == "start":
            services.start_minutes(meeting, by=request.user)
            done = _("Minnesanteckningarna är påbörjade.")
        elif current is None:
            raise ValidationError(_("Minnesanteckningarna är inte påbörjade än."))
        else:
            _check_version(request, current)
            if action == "approve":
                services.approve_minutes(current, by=request.user)
                done = _("Minnesanteckningarna är godkända.")
            elif action == "reopen":
                services.reopen_minutes(current)
                done = _("Minnesanteckningarna är återöppnade som utkast.")
            else:
                services.publish_minutes(current, by=request.user)
                done = _("Minnesanteckningarna är publicerade och kan läsas av gruppen.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(_minutes_url(meeting))


def _new_version(request, meeting):
    current = meeting.current_minutes()
    if current is None or not current.is_published:
        messages.error(request, _("Det finns ingen publicerad version att ändra."))
        return redirect(_minutes_url(meeting))
    form = NewVersionForm(posted(request), initial={"version": current.version})
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.new_minutes_version(
                current, by=request.user, change_note=form.cleaned_data["change_note"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Version %(number)d är skapad som utkast. Version %(published)d finns kvar "
                    "att läsa tills den nya versionen publiceras."
                )
                % {"number": draft.number, "published": current.number},
            )
            return redirect(_minutes_url(meeting))
    context = {"meeting": meeting, "current": current, "form": form}
    return render(request, "meetings/minutes_new_version.html", context)


# --- Action items ------------------------------------------------------------------------------


def _action_item_page(request, meeting, item, *, title):
    context = {
        "meeting": meeting,
        "item": item,
        "title": title,
        "cancel_url": _minutes_url(meeting) + "#atgarder",
    }
    if not services.minutes_editable_for_action_items(meeting):
        context["refusal"] = ACTION_ITEMS_LOCKED
        return render(request, "meetings/action_item_form.html", context, status=409)
    form = ActionItemForm(posted(request), instance=item, meeting=meeting)
    return save_form_or_render(
        request,
        form,
        template="meetings/action_item_form.html",
        success_message=_("Åtgärden ”%(object)s” har sparats."),
        success_url=_minutes_url(meeting) + "#atgarder",
        context=context,
    )


@require_http_methods(["GET", "POST"])
def action_item_create(request, pk):
    meeting = meeting_to_change(request, pk)
    return _action_item_page(request, meeting, ActionItem(meeting=meeting), title=_("Ny åtgärd"))


@require_http_methods(["GET", "POST"])
def action_item_edit(request, item_pk):
    item = action_item_to_change(request, item_pk)
    return _action_item_page(request, item.meeting, item, title=_("Ändra åtgärd"))


@require_http_methods(["GET", "POST"])
def action_item_status(request, item_pk):
    item = action_item_for_status(request, item_pk)
    group = item.meeting.group
    at_meeting = closing_meeting_for(request, item)
    form = ActionItemStatusForm(posted(request), item=item, at_meeting=at_meeting)
    status = 200
    if request.method == "POST" and form.is_valid():
        at_meeting = form.cleaned_data.get("meeting")
        try:
            form.save()
        except StaleEditError:
            form.add_error(None, ValidationError(STALE_EDIT_MESSAGE, code="stale"))
            status = 409
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Status för åtgärden ”%(title)s” har sparats.") % {"title": item.title}
            )
            if not policy.can_view_meetings(request.user, group):
                return redirect("start")
            return redirect(_minutes_url(at_meeting or item.meeting) + "#atgarder")
    context = {
        "item": item,
        "meeting": item.meeting,
        "at_meeting": at_meeting,
        "form": form,
        "back_url": _minutes_url(at_meeting or item.meeting)
        if policy.can_view_meetings(request.user, group)
        else reverse("start"),
    }
    return render(request, "meetings/action_item_status.html", context, status=status)
