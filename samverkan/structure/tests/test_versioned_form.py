"""VersionedModelForm: a stale form is refused, never applied; a fresh one bumps the version."""

import datetime

import pytest
from django import forms

from samverkan.core.editing import ModelErrorsOnFormMixin
from samverkan.core.forms import STALE_EDIT_MESSAGE, StaleEditError, VersionedModelForm
from samverkan.structure.models import Membership, SubRegion
from tests.factories import (
    make_federation,
    make_group,
    make_membership,
    make_person,
    make_sub_region,
)


class SubRegionForm(VersionedModelForm):
    class Meta:
        model = SubRegion
        fields = ["name", "order"]


@pytest.fixture
def sub_region(db):
    return make_sub_region(make_federation(), name="Västra")


def test_a_new_record_starts_at_version_one(db):
    federation = make_federation()
    form = SubRegionForm({"name": "Östra", "order": 1}, instance=SubRegion(federation=federation))
    assert form.is_valid(), form.errors
    assert form.save().version == 1


def test_the_form_carries_the_version_it_started_from(sub_region):
    form = SubRegionForm(instance=sub_region)
    assert 'name="version" value="1"' in str(form["version"])


def test_a_fresh_edit_saves_and_bumps_the_version(sub_region):
    form = SubRegionForm({"name": "Norra", "order": 2, "version": 1}, instance=sub_region)
    assert form.is_valid(), form.errors
    form.save()
    sub_region.refresh_from_db()
    assert (sub_region.name, sub_region.version) == ("Norra", 2)


def test_a_stale_edit_is_invalid_with_the_swedish_message(sub_region):
    SubRegion.objects.filter(pk=sub_region.pk).update(version=2, name="Ändrad av någon annan")
    form = SubRegionForm({"name": "Mitt namn", "order": 1, "version": 1}, instance=sub_region)
    assert not form.is_valid()
    assert form.has_error(forms.forms.NON_FIELD_ERRORS, code="stale")
    assert str(STALE_EDIT_MESSAGE) in form.non_field_errors()
    assert "Någon annan har ändrat uppgifterna" in str(STALE_EDIT_MESSAGE)
    assert SubRegion.objects.get(pk=sub_region.pk).name == "Ändrad av någon annan"


def test_a_save_that_loses_the_race_raises_and_changes_nothing(sub_region):
    form = SubRegionForm({"name": "Mitt namn", "order": 1, "version": 1}, instance=sub_region)
    assert form.is_valid()
    SubRegion.objects.filter(pk=sub_region.pk).update(version=2, name="Först")
    with pytest.raises(StaleEditError):
        form.save()
    stored = SubRegion.objects.get(pk=sub_region.pk)
    assert (stored.name, stored.version) == ("Först", 2)


def test_commit_false_is_refused(sub_region):
    form = SubRegionForm({"name": "Norra", "order": 2, "version": 1}, instance=sub_region)
    assert form.is_valid()
    with pytest.raises(ValueError):
        form.save(commit=False)


class MembershipEndOnlyForm(ModelErrorsOnFormMixin, VersionedModelForm):
    class Meta:
        model = Membership
        fields = ["valid_to"]


def test_model_errors_on_fields_the_form_lacks_become_form_errors(db):
    federation = make_federation()
    person = make_person(federation)
    group = make_group(federation)
    seat = make_membership(person, group, valid_from=datetime.date(2020, 1, 1))
    make_membership(
        person, group, valid_from=datetime.date(2020, 3, 1), valid_to=datetime.date(2020, 4, 1)
    )
    form = MembershipEndOnlyForm({"valid_to": "2021-01-01", "version": 1}, instance=seat)
    assert not form.is_valid()
    assert "Personen har redan samma roll" in " ".join(form.non_field_errors())
