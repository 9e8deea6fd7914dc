"""The base form of every Spil form bounds its fields: bad input is refused in Dutch,
never a 500 (issue 22, point 9)."""

import importlib
import inspect
from typing import Any

import pytest
from django import forms
from django.contrib.auth.forms import AuthenticationForm

from spil.accounts.models import Organisation, User
from spil.accounts.tests.factories import OrganisationFactory
from spil.core.forms import (
    BoundedFieldsMixin,
    BoundedFormMetaclass,
    DateInput,
    SpilForm,
    SpilModelForm,
)

pytestmark = pytest.mark.django_db


class Example(SpilForm):
    on = forms.DateField(widget=DateInput())
    at = forms.DateTimeField(
        required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    count = forms.IntegerField(required=False)
    small = forms.IntegerField(required=False, min_value=0, max_value=10)
    note = forms.CharField(required=False, widget=forms.Textarea, help_text="Kort.")
    line = forms.CharField(required=False)
    short = forms.CharField(required=False, max_length=20)
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.all(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Added after the base's __init__: bounded all the same.
        self.fields["users"] = forms.ModelMultipleChoiceField(
            queryset=User.objects.all(), to_field_name="uuid", required=False
        )
        self.fields["later"] = forms.CharField(required=False, widget=forms.Textarea)


def errors(**data: Any) -> dict[str, list[str]]:
    form = Example({"on": "2026-01-05", **data})
    form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


def test_a_sensible_form_passes():
    organisation = OrganisationFactory()
    assert errors(at="2026-01-05 10:00", count="-3", organisation=str(organisation.pk)) == {}


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"])
def test_dates_outside_1900_to_2100_are_refused_in_dutch(value):
    assert errors(on=value) == {"on": ["Vul een datum in tussen 1900 en 2100."]}
    assert errors(at=f"{value} 00:00") == {"at": ["Vul een datum in tussen 1900 en 2100."]}


def test_the_date_pickers_say_the_range():
    html = str(Example()["on"]) + str(Example()["at"])
    assert 'min="1900-01-01"' in html and 'max="2100-12-31"' in html
    assert 'min="1900-01-01T00:00"' in html and 'max="2100-12-31T23:59"' in html


@pytest.mark.parametrize("value", ["9" * 20, str(2**63), "-" + "9" * 20, "abc", "1.5", "١٢"])
def test_an_id_that_cannot_be_one_is_refused_in_dutch(value):
    assert errors(organisation=value) == {"organisation": ["Kies een geldige optie."]}


@pytest.mark.parametrize("value", ["9" * 20, "abc", "0" * 33])
def test_a_uuid_choice_that_is_no_uuid_is_refused_in_dutch(value):
    assert errors(users=[value]) == {"users": ["Kies een geldige optie."]}


def test_a_record_choice_keeps_its_own_class_and_still_finds_the_record():
    organisation = OrganisationFactory()
    form = Example({"on": "2026-01-05", "organisation": str(organisation.pk)})
    assert form.is_valid() and form.cleaned_data["organisation"] == organisation
    assert isinstance(form.fields["organisation"], forms.ModelChoiceField)
    assert errors(organisation=str(2**63 - 1)) == {
        "organisation": ["Kies een geldige optie."]  # a valid id that is not there
    }


def test_whole_numbers_stay_within_32_bits_unless_the_field_says_otherwise():
    assert "count" in errors(count=str(2**31))
    assert "count" in errors(count="9" * 30)
    assert errors(count=str(2**31 - 1)) == {}
    assert "small" in errors(small="11")


def test_texts_get_a_limit_that_the_form_says():
    form = Example()
    assert form.fields["note"].max_length == 5000
    assert form.fields["later"].max_length == 5000
    assert form.fields["line"].max_length == 200
    assert form.fields["short"].max_length == 20
    assert str(form.fields["note"].help_text) == "Kort. Hoogstens 5000 tekens."
    assert str(form.fields["later"].help_text) == "Hoogstens 5000 tekens."
    assert 'maxlength="5000"' in str(form["note"])
    assert 'maxlength="200"' in str(form["line"])
    assert errors(note="x" * 10_000) == {
        "note": ["Dit is te lang: hoogstens 5000 tekens (nu 10000)."]
    }
    assert errors(later="x" * 5000, line="x" * 200) == {}


def test_a_model_form_is_bounded_too():
    class OrganisationForm(SpilModelForm):
        class Meta:
            model = Organisation
            fields = ["name"]

    form = OrganisationForm({"name": "x" * 5000})
    assert not form.is_valid() and "te lang" in form.errors["name"][0]


def test_a_form_on_another_base_is_bounded_with_the_mixin():
    class Login(BoundedFieldsMixin, AuthenticationForm, metaclass=BoundedFormMetaclass):
        pass

    form = Login(data={"username": "a@example.org", "password": "x" * 201})
    assert form.fields["password"].max_length == 200
    assert not form.is_valid() and "te lang" in form.errors["password"][0]


# Every form of these apps inherits the base form. Still to switch, and then to add here:
# families, trajectories, accounts.
SWITCHED_APPS = [
    "contacts",
    "meetings",
    "plans",
    "assessments",
    "intake",
    "notifications",
    "families",
    "trajectories",
    "accounts",
]


@pytest.mark.parametrize("app", ["core", *SWITCHED_APPS])
def test_every_form_inherits_the_bounded_base(app):
    module = importlib.import_module(f"spil.{app}.forms")
    plain = [
        f"{cls.__module__}.{cls.__qualname__}"
        for _name, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, forms.BaseForm)
        and cls.__module__ == module.__name__
        and not issubclass(cls, BoundedFieldsMixin)
    ]
    assert plain == []
