"""The period interventions and applications share: its years, the months it runs in, its
errors, and the database constraint that keeps its name on each table."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from samverkan.funding.models import Application, Intervention, Orientation, calendar_years

D = datetime.date


def test_each_model_keeps_its_own_period_constraint_name():
    names = {
        model: [constraint.name for constraint in model._meta.constraints]
        for model in (Intervention, Application)
    }
    assert names == {
        Intervention: ["intervention_unique_code", "intervention_period"],
        Application: ["application_has_applicant", "application_period"],
    }


def test_the_years_run_from_the_start_year_to_the_end_year():
    assert calendar_years(D(2022, 7, 1), D(2024, 1, 31)) == [2022, 2023, 2024]
    assert Intervention(starts_on=D(2023, 5, 1), ends_on=D(2023, 6, 1)).years == [2023]
    assert Application(starts_on=D(2022, 1, 1), ends_on=D(2023, 12, 31)).years == [2022, 2023]


def test_an_intervention_runs_in_every_month_it_touches():
    intervention = Intervention(starts_on=D(2023, 3, 15), ends_on=D(2023, 10, 1))
    assert intervention.runs_in_month(2023, 3)
    assert intervention.runs_in_month(2023, 10)
    assert not intervention.runs_in_month(2023, 2)
    assert not intervention.runs_in_month(2023, 11)


def test_an_end_before_the_start_and_a_year_out_of_range_are_errors():
    errors = Application(starts_on=D(1999, 5, 1), ends_on=D(1999, 4, 1)).period_errors()
    assert errors == {
        "starts_on": "Ange ett datum mellan år 2000 och 2100.",
        "ends_on": "Ange ett datum mellan år 2000 och 2100.",
    }
    assert Intervention(starts_on=D(2023, 5, 1), ends_on=D(2023, 4, 1)).period_errors() == {
        "ends_on": "Slutdatumet kan inte ligga före startdatumet."
    }


@pytest.mark.django_db
def test_the_database_refuses_an_end_before_the_start(money_world):
    w = money_world
    with pytest.raises(IntegrityError), transaction.atomic():
        Intervention.objects.create(
            federation=w.federation,
            code="baklanges",
            name="Baklänges",
            orientation=Orientation.INDIVIDUAL,
            starts_on=D(2023, 5, 1),
            ends_on=D(2023, 4, 1),
        )
