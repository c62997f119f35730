"""The Trisam cases on a team meeting, as the meeting page lists them.

A case is listed only to users who may know it exists (`cases.policy.can_see_case`: a case seat
in the team today), and only by what tells nobody who the individual is: the case code, its
status and the raising party. The rows carry nothing else, so a template cannot show more.

The meetings app does not know of cases: the list reaches the meeting page through its
`meeting_page` signal (`cases.receivers`).
"""

import dataclasses

from django.urls import reverse
from django.utils import timezone

from samverkan.cases import policy
from samverkan.cases.models import Case
from samverkan.structure.models import GroupKind


@dataclasses.dataclass(frozen=True)
class MeetingCase:
    code: str
    url: str
    status: str
    raising_party: str


def cases_for_meeting(user, meeting):
    """[MeetingCase] for the cases on `meeting` that `user` may know exist, by code."""
    if meeting.group.kind != GroupKind.TRISAM:
        return []
    today = timezone.localdate()
    cases = (
        meeting.cases.select_related("raising_party", "follow_up")
        .prefetch_related("consents", "plan_steps")
        .order_by("code")
    )
    return [
        MeetingCase(
            code=case.code,
            url=reverse("cases:case", args=[case.code]),
            status=str(Case.Status(case.status(today)).label),
            raising_party=case.raising_party.label,
        )
        for case in cases
        if policy.can_see_case(user, case)
    ]
