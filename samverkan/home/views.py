"""Each user's start page, where signing in lands: their next meetings, the pre-reads their party
still owes, their open action items, and the way on to cases and to the groups they convene.

The page reads several capabilities and decides nothing itself: what each part shows comes from
the meetings' and the cases' own modules and policies.
"""

from django.shortcuts import render
from django.utils import timezone

from samverkan.cases import policy as cases_policy
from samverkan.core import policy as core_policy
from samverkan.followup import policy as followup_policy
from samverkan.meetings import personal
from samverkan.meetings import policy as meetings_policy
from samverkan.structure import policy as structure_policy


def start(request):
    user = request.user
    person = core_policy.person_of(user)
    today = timezone.localdate()
    context = {"person": person, "today": today}
    if person is None:
        return render(request, "home/start.html", context)
    seats = personal.seats_of(person)
    context.update(
        {
            "meetings": personal.next_meetings(person, seats, today),
            "owed": personal.owed_pre_reads(seats, timezone.now(), today),
            "action_items": personal.open_action_items(person),
            "convened": list(meetings_policy.convened_groups(user).order_by("name", "pk")),
            "has_cases": bool(cases_policy.team_parties(user)),
            "sees_all_time": meetings_policy.can_view_time_accounts(user, person.federation),
            "leads_process": structure_policy.leads_trisam_process(user),
            "submits_finsam": list(followup_policy.submission_interventions(user)),
            "reads_goals": followup_policy.dashboard_scope(user, person.federation) is not None,
        }
    )
    return render(request, "home/start.html", context)
