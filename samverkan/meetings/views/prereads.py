"""Pre-reads, reminders and invitations of one meeting.

Everyone who reads the group's meetings reads the parties' pre-reads; each party's own
representatives write them; the conveners remind missing parties and send the invitation with
the compiled pack. Attachments are only ever served through `attachment`, which checks access.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samverkan.core.editing import posted
from samverkan.core.forms import STALE_EDIT_MESSAGE, StaleEditError
from samverkan.core.pdf import pdf_response
from samverkan.meetings import pack as packs
from samverkan.meetings import policy, progress, services
from samverkan.meetings.forms.prereads import PreReadForm
from samverkan.meetings.models import PreRead, PreReadAttachment
from samverkan.meetings.views.common import (
    attachment_for,
    document_for,
    meeting_for,
    meeting_to_change,
    pre_read_party_for,
)
from samverkan.structure.models import Party


def _with_pre_reads(meeting):
    """Load the meeting's pre-reads with their attachments once, for `pre_read_status`."""
    prefetch_related_objects(
        [meeting],
        Prefetch(
            "pre_reads",
            queryset=PreRead.objects.select_related(
                "party", "submitted_by__person"
            ).prefetch_related("attachments"),
        ),
    )
    return meeting


@require_GET
def pre_reads(request, pk):
    """Which parties have sent their pre-read, on time or late, and what they wrote."""
    meeting = _with_pre_reads(meeting_for(request, pk))
    may_manage = policy.can_manage_meetings(request.user, meeting.group)
    own = set(policy.pre_read_parties(request.user, meeting).values_list("pk", flat=True))
    rows = progress.pre_read_rows(meeting, own)
    # Parties the user sits for but that are not expected (e.g. a seat ended) can still write.
    listed = {row["party"].pk for row in rows}
    extra = Party.objects.filter(pk__in=own - listed).order_by("order", "name")
    reminders = meeting.reminders.select_related("party", "sent_by__person").order_by(
        "-sent_at", "-pk"
    )
    context = {
        "meeting": meeting,
        "rows": rows,
        "extra_parties": extra,
        "missing_count": sum(1 for row in rows if row["state"] == progress.MISSING),
        "submitted_count": sum(1 for row in rows if row["state"] != progress.MISSING),
        "reminders": reminders,
        "may_manage": may_manage,
        "may_remind": may_manage and not meeting.is_cancelled and not meeting.is_past,
        "deadline_passed": meeting.pre_read_deadline_passed,
        "documents": list(meeting.documents.select_related("added_by__person")),
    }
    return render(request, "meetings/pre_reads.html", context)


def _delete_files(names, storage):
    def delete():
        for name in names:
            storage.delete(name)

    return delete


@require_http_methods(["GET", "POST"])
def pre_read_submit(request, pk, party_pk):
    """Write or add to one party's pre-read; after the deadline it is accepted as late."""
    meeting = meeting_for(request, pk)
    party = pre_read_party_for(request, meeting, party_pk)
    if meeting.is_cancelled:
        messages.error(request, services.CANCELLED_MEETING)
        return redirect("meetings:pre_reads", meeting.pk)
    pre_read = (
        PreRead.objects.filter(meeting=meeting, party=party).prefetch_related("attachments").first()
    )
    may_remove = not meeting.is_past
    form = PreReadForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        pre_read=pre_read,
        may_remove=may_remove,
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                current = (
                    PreRead.objects.select_for_update().filter(meeting=meeting, party=party).first()
                )
                if data["version"] != (current.version if current else None):
                    raise StaleEditError
                saved = services.submit_pre_read(
                    meeting, party, text=data["text"], files=data["files"], by=request.user
                )
                removed = PreReadAttachment.objects.filter(
                    pre_read=saved, pk__in=[item.pk for item in data.get("remove") or []]
                )
                names = [item.file.name for item in removed]
                if names:
                    storage = PreReadAttachment._meta.get_field("file").storage
                    removed.delete()
                    transaction.on_commit(_delete_files(names, storage))
        except StaleEditError:
            form.add_error(None, forms.ValidationError(STALE_EDIT_MESSAGE, code="stale"))
            status = 409
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if saved.is_on_time:
                message = _("Förhandsinformationen från %(party)s har sparats.")
            else:
                message = _(
                    "Förhandsinformationen från %(party)s har sparats. Den är markerad som sen "
                    "eftersom sista dagen har passerat."
                )
            messages.success(request, message % {"party": party.label})
            return redirect("meetings:pre_reads", meeting.pk)
    context = {
        "meeting": meeting,
        "party": party,
        "pre_read": pre_read,
        "form": form,
        "deadline_passed": meeting.pre_read_deadline_passed,
        "may_remove": may_remove,
    }
    return render(request, "meetings/pre_read_form.html", context, status=status)


@require_GET
def attachment(request, attachment_pk):
    """One attachment as a download, for those who read the group's meetings."""
    item = attachment_for(request, attachment_pk)
    return _download(item.file, item.name, item.content_type or "application/octet-stream")


@require_GET
def document(request, document_pk):
    """A document for the whole meeting, as a download, for those who read its meetings."""
    item = document_for(request, document_pk)
    return _download(item.file, item.filename, "application/pdf")


def _download(file, filename, content_type):
    """A stored file as a private download, never sniffed or cached; 404 if it is gone."""
    try:
        handle = file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def document_delete(request, document_pk):
    """Remove a document from the meeting and its pack: for those who run the meeting."""
    item = document_for(request, document_pk)
    meeting = meeting_to_change(request, item.meeting.pk)
    services.delete_document(item)
    messages.success(request, _("Dokumentet %(title)s är borttaget.") % {"title": item.title})
    return redirect("meetings:pre_reads", meeting.pk)


def pack_filename(meeting):
    return f"forhandsinformation-{slugify(meeting.group.name)}-{meeting.day:%Y-%m-%d}.pdf"


@require_GET
def pack_pdf(request, pk):
    """Every party's pre-read as one PDF, attached PDF files merged at the end."""
    meeting = meeting_for(request, pk)
    content = packs.pre_read_pack(meeting, request=request)
    if content is None:
        messages.info(request, _("Ingen part har lämnat förhandsinformation ännu."))
        return redirect("meetings:pre_reads", meeting.pk)
    return pdf_response(content, pack_filename(meeting))


@require_POST
def send_reminders(request, pk):
    """Remind the members of every party that has not sent its pre-read."""
    meeting = meeting_to_change(request, pk)
    if not meeting.is_cancelled and meeting.is_past:
        messages.error(request, _("Mötet har redan börjat. Påminnelser skickas bara före mötet."))
        return redirect("meetings:pre_reads", meeting.pk)
    try:
        sent = services.send_pre_read_reminders(meeting, by=request.user, request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("meetings:pre_reads", meeting.pk)
    if not sent:
        messages.info(
            request,
            _("Alla parter har lämnat förhandsinformation. Ingen påminnelse skickades."),
        )
        return redirect("meetings:pre_reads", meeting.pk)
    people = sum(reminder.recipients for reminder in sent)
    parties = ngettext("%(count)d part", "%(count)d parter", len(sent)) % {"count": len(sent)}
    persons = ngettext("%(count)d person", "%(count)d personer", people) % {"count": people}
    messages.success(
        request,
        _("En påminnelse skickades till %(parties)s (%(people)s).")
        % {"parties": parties, "people": persons},
    )
    unreachable = [reminder.party.label for reminder in sent if not reminder.recipients]
    if unreachable:
        messages.warning(
            request,
            _("Ingen hos %(parties)s har en e-postadress; kontakta dem på annat sätt.")
            % {"parties": ", ".join(unreachable)},
        )
    return redirect("meetings:pre_reads", meeting.pk)


@require_http_methods(["GET", "POST"])
def invitation(request, pk):
    """Preview of the invitation e-mail, and sending it with its calendar entry and pack."""
    meeting = meeting_to_change(request, pk)
    if request.method == "POST":
        try:
            people = services.send_invitation(
                meeting,
                by=request.user,
                pack=packs.pre_read_pack(meeting, request=request),
                request=request,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("meetings:invitation", meeting.pk)
        messages.success(
            request,
            ngettext(
                "Kallelsen skickades till %(count)d person.",
                "Kallelsen skickades till %(count)d personer.",
                len(people),
            )
            % {"count": len(people)},
        )
        return redirect(meeting)
    invitees = services.invitees(meeting)
    context = {
        "meeting": meeting,
        "reachable": [person for person in invitees if person.email],
        "unreachable": [person for person in invitees if not person.email],
        "subject": services.invitation_subject(meeting),
        "is_update": meeting.invited_at is not None,
        "has_pack": meeting.pre_reads.exists() or meeting.documents.exists(),
        "missing": services.missing_parties(meeting),
        "meeting_url": services.absolute_url(
            reverse("meetings:meeting", args=[meeting.pk]), request
        ),
    }
    return render(request, "meetings/invitation.html", context)
