"""The follow-up's test data: a hand-built set of cases whose indicator values are known.

Every test gets the fixture `goal_cases` without importing it (the root conftest lists this
module).
"""

import datetime

import pytest

from samverkan.cases.models import (
    Case,
    FollowUp,
    Gender,
    IncomeSupportSource,
    Mapping,
    PlanStep,
    SurveyResponse,
)
from samverkan.cases.services import erase_case
from samverkan.followup.indicators import Selection
from tests.factories import make_case, make_unit

D = datetime.date


def sources(*codes):
    return IncomeSupportSource.objects.filter(code__in=codes)


@pytest.fixture
def goal_cases(team_world):
    """A small hand-built set of cases for the indicators, with known right values.

    The set, all in the Alby team, raised by the Region's rehab coordinator:

      A  woman  raised 2025-02-01, meeting 02-20 took part, two care units, SIP and GK
                answered, a plan, survey 03-01 (involved 4, fits 2), follow-up 08-20 on
                time: plan started; sickness benefit at raising, wages at follow-up
      B  man    raised 2025-03-01, meeting 03-15 did not take part, one care unit, only SIP
                answered, no plan, no survey, follow-up 10-01 (due 09-15, late): not started;
                social assistance at raising and at follow-up
      C  other  raised 2025-04-01, meeting 04-10 took part, no care unit recorded, survey 04-20
                (involved 3, fits 3), no follow-up (due 10-10)
      D  woman  raised 2025-05-01, closed as registered in error: never counts
      E  woman  raised 2024-12-31, meeting 2025-01-10 declined, closed 2025-03-01 and erased
      F  man    raised 2025-06-01, no meeting, closed 2025-07-01 (consent withdrawn)
    """
    w = team_world
    psychiatry = make_unit(w.region, w.alby, name="Alby psykiatri", kind="adult_psychiatry")

    def case(raised_on, gender, income, **meeting):
        made = make_case(
            w.trisam, w.rehab, user=w.rehab_user, raised_on=raised_on, gender=gender, income=income
        )
        for field, value in meeting.items():
            setattr(made, field, value)
        made.save()
        return made

    a = case(
        D(2025, 2, 1),
        Gender.WOMAN,
        ("sjukpenning",),
        meeting_on=D(2025, 2, 20),
        participation="took_part",
    )
    a.care_units_at_meeting.set([w.alby_hc, psychiatry])
    Mapping.objects.create(case=a, sip_needed=False, joint_mapping_needed=True, recorded_by=w.rehab)
    PlanStep.objects.create(
        case=a, responsible_party=w.region, action="Arbetsträning", planned_start=D(2025, 3, 1)
    )
    SurveyResponse.objects.create(
        case=a,
        took_part_in_planning=4,
        felt_involved=4,
        plan_fits=2,
        answered_on=D(2025, 3, 1),
        source="paper",
    )
    follow = FollowUp.objects.create(
        case=a, followed_up_on=D(2025, 8, 20), plan_started="yes", recorded_by=w.rehab
    )
    follow.income_support.set(sources("lon"))

    b = case(
        D(2025, 3, 1),
        Gender.MAN,
        ("forsorjningsstod",),
        meeting_on=D(2025, 3, 15),
        participation="did_not_take_part",
    )
    b.care_units_at_meeting.set([w.alby_hc])
    Mapping.objects.create(case=b, sip_needed=True, recorded_by=w.rehab)
    follow = FollowUp.objects.create(
        case=b, followed_up_on=D(2025, 10, 1), plan_started="no", recorded_by=w.rehab
    )
    follow.income_support.set(sources("forsorjningsstod"))

    c = case(
        D(2025, 4, 1),
        Gender.OTHER,
        ("a-kassa",),
        meeting_on=D(2025, 4, 10),
        participation="took_part",
    )
    SurveyResponse.objects.create(
        case=c,
        took_part_in_planning=3,
        felt_involved=3,
        plan_fits=3,
        answered_on=D(2025, 4, 20),
        source="paper",
    )

    case(
        D(2025, 5, 1),
        Gender.WOMAN,
        ("sjukpenning",),
        closed_on=D(2025, 5, 2),
        closure_reason=Case.ClosureReason.REGISTERED_IN_ERROR,
        meeting_on=D(2025, 5, 2),
        participation="took_part",
    )

    e = case(
        D(2024, 12, 31),
        Gender.WOMAN,
        ("sjukpenning",),
        meeting_on=D(2025, 1, 10),
        participation="declined",
        closed_on=D(2025, 3, 1),
        closure_reason=Case.ClosureReason.ENDED_AS_PLANNED,
    )
    erase_case(e)

    case(
        D(2025, 6, 1),
        Gender.MAN,
        ("sjukpenning",),
        closed_on=D(2025, 7, 1),
        closure_reason=Case.ClosureReason.CONSENT_WITHDRAWN,
    )
    w.selection = Selection(federation=w.federation)
    return w
