"""Action items as the minutes list them: the items a meeting decided, the earlier ones carried
to it, and the copy kept with each published version of the minutes.

A published version never changes, so it keeps its items as they were (`snapshot`); a draft
shows the live items, with links to change them for those who may.
"""

import dataclasses
import datetime

from django.urls import reverse
from django.utils.dateparse import parse_date

from samverkan.meetings import policy
from samverkan.meetings.models import ActionItem, Meeting


def decided_at(meeting):
    """The action items `meeting` decided, in the order they were written."""
    return meeting.action_items.select_related("owner", "agenda_item", "meeting__group").order_by(
        "pk"
    )


def carried_to(meeting):
    """Earlier meetings' action items still open on `meeting`'s day, the oldest meeting's first."""
    return (
        ActionItem.objects.carried_to(meeting)
        .select_related("owner", "agenda_item", "meeting__group")
        .order_by("meeting__starts_at", "due_on", "pk")
    )


def snapshot(meeting):
    """The meeting's action items as plain data, kept with the minutes when they are published."""
    return [
        {
            "title": item.title,
            "owner": item.owner.full_name,
            "party": item.owner.employer_label,
            "due_on": item.due_on.isoformat() if item.due_on else "",
            "agenda_item": item.agenda_item.title if item.agenda_item else "",
        }
        for item in meeting.action_items.select_related(
            "owner__party", "owner__federation", "agenda_item"
        ).order_by("pk")
    ]


@dataclasses.dataclass
class ActionItemRow:
    """An action item as shown in a list: a live row or one kept in a published version."""

    title: str
    agenda_item: str = ""
    owner: str = ""
    due_on: datetime.date | None = None
    status_label: str = ""
    closed_on: datetime.date | None = None
    origin: Meeting | None = None
    is_overdue: bool = False
    edit_url: str = ""
    status_url: str = ""


def action_item_rows(items, user, *, manages, editable=False, at_meeting=None):
    """Rows for `meetings/_action_items.html` from ActionItem objects.

    `editable`: link to the edit form (while the minutes are a draft); `at_meeting`: the later
    meeting at which the items may be closed, passed on to the status form.
    """
    rows = []
    for item in items:
        status_url = ""
        if manages or policy.can_update_action_item(user, item):
            status_url = reverse("meetings:action_item_status", args=[item.pk])
            if at_meeting is not None:
                status_url += f"?meeting={at_meeting.pk}"
        rows.append(
            ActionItemRow(
                title=item.title,
                agenda_item=item.agenda_item.title if item.agenda_item else "",
                owner=item.owner.full_name,
                due_on=item.due_on,
                status_label=item.get_status_display(),
                closed_on=item.closed_on,
                origin=item.meeting if at_meeting is not None else None,
                is_overdue=item.is_overdue,
                edit_url=reverse("meetings:action_item_edit", args=[item.pk]) if editable else "",
                status_url=status_url,
            )
        )
    return rows


def snapshot_rows(minutes):
    """The action items as they were when `minutes` was published."""
    return [
        ActionItemRow(
            title=kept.get("title", ""),
            agenda_item=kept.get("agenda_item", ""),
            owner=kept.get("owner", ""),
            due_on=parse_date(kept["due_on"]) if kept.get("due_on") else None,
        )
        for kept in minutes.action_items_snapshot
    ]
