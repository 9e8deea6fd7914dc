"""The base form of every Spil form bounds its fields: bad input is refused in Dutch,
never a 500 (issue 22, point 9)."""

import importlib
import inspect
import pkgutil
import re
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

import spil
from spil.accounts.forms import UserChangeAdminForm
from spil.accounts.models import Organisation, Team, User
from spil.accounts.tests.factories import OrganisationFactory, TeamFactory, UserFactory
from spil.assessments.models import Instrument, Measurement
from spil.assessments.tests.factories import concern, measure
from spil.budgets.models import Budget, Spending
from spil.budgets.models import Category as BudgetCategory
from spil.contacts.services import crisis_record
from spil.core.access import family_access
from spil.core.forms import (
    RECORD_KEY,
    BoundedFieldsMixin,
    BoundedFormMetaclass,
    DateInput,
    SpilForm,
    SpilModelForm,
)
from spil.core.testing import days_ago
from spil.directory.models import Programme
from spil.directory.tests.factories import make_offer
from spil.families.models import Family
from spil.plans.tests.factories import PlanWorld
from spil.signals.models import Category as SignalCategory
from spil.signals.models import Signal
from spil.surveys.models import Statement, Survey

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
    # A field that names its records by id on purpose: the id's range is still checked.
    by_id = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), to_field_name="pk", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Added after the base's __init__: bounded all the same.
        self.fields["users"] = forms.ModelMultipleChoiceField(
            queryset=User.objects.all(), required=False
        )
        self.fields["later"] = forms.CharField(required=False, widget=forms.Textarea)


def errors(**data: Any) -> dict[str, list[str]]:
    form = Example({"on": "2026-01-05", **data})
    form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


def test_a_sensible_form_passes():
    organisation = OrganisationFactory()
    assert errors(at="2026-01-05 10:00", count="-3", organisation=str(organisation.uuid)) == {}


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
    assert errors(by_id=value) == {"by_id": ["Kies een geldige optie."]}
    assert errors(organisation=value) == {"organisation": ["Kies een geldige optie."]}


@pytest.mark.parametrize("value", ["9" * 20, "abc", "0" * 33])
def test_a_uuid_choice_that_is_no_uuid_is_refused_in_dutch(value):
    assert errors(users=[value]) == {"users": ["Kies een geldige optie."]}


def test_a_record_choice_keeps_its_own_class_and_still_finds_the_record():
    organisation = OrganisationFactory()
    form = Example({"on": "2026-01-05", "organisation": str(organisation.uuid)})
    assert form.is_valid() and form.cleaned_data["organisation"] == organisation
    assert isinstance(form.fields["organisation"], forms.ModelChoiceField)
    assert errors(organisation=str(uuid.uuid4())) == {
        "organisation": ["Kies een geldige optie."]  # a uuid that is not there
    }
    assert errors(by_id=str(2**63 - 1)) == {
        "by_id": ["Kies een geldige optie."]  # a valid id that is not there
    }
    assert errors(by_id=str(organisation.pk)) == {}


# --- No form names a record by its database id (issue 22) ----------------------------------


def test_a_record_choice_offers_and_takes_back_the_uuid_never_the_id():
    organisation, user = OrganisationFactory(), UserFactory()
    html = str(Example()["organisation"]) + str(Example()["users"])
    assert f'value="{organisation.uuid}"' in html and f'value="{user.uuid}"' in html
    assert f'value="{organisation.pk}"' not in html and f'value="{user.pk}"' not in html
    # The database id is refused, in Dutch, for a declared field and one added later.
    assert errors(organisation=str(organisation.pk)) == {
        "organisation": ["Kies een geldige optie."]
    }
    assert errors(users=[str(user.pk)]) == {"users": ["Kies een geldige optie."]}
    form = Example({"on": "2026-01-05", "users": [str(user.uuid)]})
    assert form.is_valid() and list(form.cleaned_data["users"]) == [user]


def test_a_field_that_names_its_own_key_keeps_it():
    form = Example()
    assert form.fields["by_id"].to_field_name == "pk"
    organisation = OrganisationFactory()
    assert f'value="{organisation.pk}"' in str(form["by_id"])


class TeamForm(SpilModelForm):
    class Meta:
        model = Team
        fields = ["name", "organisation"]


def test_a_model_forms_foreign_key_shows_the_chosen_record_by_its_uuid():
    team = TeamFactory()
    other = OrganisationFactory()
    form = TeamForm(instance=team)  # Django starts the choice with the id
    html = str(form["organisation"])
    assert f'value="{team.organisation.uuid}" selected' in html
    assert f'value="{team.organisation.pk}"' not in html
    assert not TeamForm({"name": "Nieuw", "organisation": str(other.pk)}, instance=team).is_valid()
    form = TeamForm({"name": "Nieuw", "organisation": str(other.uuid)}, instance=team)
    assert form.is_valid() and "organisation" in form.changed_data
    assert form.save().organisation == other


def test_an_initial_id_is_shown_by_its_uuid_or_not_at_all():
    user, organisation = UserFactory(), OrganisationFactory()
    form = Example(initial={"organisation": organisation.pk, "users": [user.pk, 2**62]})
    assert f'value="{organisation.uuid}" selected' in str(form["organisation"])
    users = str(form["users"])
    assert f'value="{user.uuid}" selected' in users and str(2**62) not in users
    unchanged = {"on": "2026-01-05", "organisation": str(organisation.uuid)}
    changed = Example(unchanged, initial={"organisation": organisation.pk}).changed_data
    assert "organisation" not in changed


def test_only_the_admins_forms_name_records_by_id():
    """Django's admin (/beheer/) works with ids in its widgets; it keeps them."""
    keyed_by_id = sorted(
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in _form_classes()
        if issubclass(cls, BoundedFieldsMixin) and cls.record_key != RECORD_KEY
    )
    assert keyed_by_id == [
        "spil.accounts.forms.UserChangeAdminForm",
        "spil.accounts.forms.UserCreationAdminForm",
    ]
    assert not UserChangeAdminForm.base_fields["groups"].to_field_name


def _form_classes() -> list[type[forms.BaseForm]]:
    """Every form class of Spil's running code (its tests' own forms left out)."""
    for info in pkgutil.walk_packages(spil.__path__, "spil."):
        if not re.search(r"\.(tests|browser_tests|migrations)(\.|$)", info.name):
            importlib.import_module(info.name)
    found: set[type[forms.BaseForm]] = set()
    stack: list[type] = [forms.BaseForm]
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            module = sub.__module__
            # A form class the admin builds inside a method for one request (an inline's
            # formset form) exists only once some test opened that admin page: it is the
            # admin's, as the admin's own forms are (they name records by id, in beheer),
            # and it would make this walk depend on the order the tests ran in.
            built_by_the_admin = module.endswith(".admin") and "<locals>" in sub.__qualname__
            if (
                module.startswith("spil.")
                and not re.search(r"\.(tests|browser_tests)\.", module)
                and not built_by_the_admin
            ):
                found.add(sub)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


@pytest.fixture
def arguments() -> dict[str, Any]:
    """What the forms are built with, by the name of their argument: one family in a
    trajectory with a plan and a goal, a measurement, a crisis, the team around it."""
    world = PlanWorld()
    access = family_access(world.coach, world.family)
    goal = world.goal(world.start_plan())
    instrument = Instrument.objects.get(code="leefgebieden")
    measure(world, instrument, on=days_ago(5), values=[3] * 9)
    concern(world)
    crisis = crisis_record(access=access, occurred_at=timezone.now(), what_happened="Ruzie")
    members = list(world.family.members.all())
    OrganisationFactory(kind=Organisation.Kind.MELDPUNT)  # besides the world's own
    Programme.objects.update(is_active=True)
    # Issue 15: a budget line to recover against, a signal to bundle, a survey's statement.
    budget = Budget.objects.create(
        coach=world.coach, year=2026, amount=Decimal(5000), set_by=world.coach
    )
    Spending.objects.create(
        budget=budget,
        spent_on=days_ago(3),
        amount=Decimal(40),
        category=BudgetCategory.choices[0][0],
        purpose="Reiskosten",
        recorded_by=world.coach,
    )
    Signal.objects.create(
        author=world.coach,
        problem="Wachtlijst",
        regulation="Jeugdwet",
        category=SignalCategory.choices[0][0],
        families_affected=2,
        example="Drie maanden wachten.",
    )
    make_offer("Schuldhulpverlening", kind="schuldhulp")  # a step may point to an offer
    survey = Survey.objects.create(title="Samenwerking", created_by=world.coach)
    Statement.objects.create(survey=survey, position=1, text="Wij werken goed samen.")
    return {
        "family": world.family,
        "trajectory": world.trajectory,
        "instrument": instrument,
        "measurements": Measurement.objects.filter(family=world.family),
        "coaches": [world.coach, world.backup],
        "workers": [world.coach, world.ggz_worker],
        "crises": [crisis],
        "goals": [goal],
        "members": members,
        "organisations": list(Organisation.objects.all()),
        "subjects": [None, *members],
        "me": world.parent,
        "invitation": None,  # read only when a password is checked
        "for_coordinator": True,
        "today": timezone.localdate(),
        "default_days": 30,
        ("GoalScoresForm", "goals"): [],  # goal evaluations: no record choice
        "teams": list(Team.objects.all()),
        "families": Family.objects.filter(pk=world.family.pk),
        "spendings": Spending.objects.all(),
        "candidates": Signal.objects.all(),
        "queryset": User.objects.filter(pk=world.ggz_worker.pk),
        "statements": list(survey.statements.all()),
    }


UUID_VALUE = re.compile(r'value="([^"]*)"')


def test_no_form_of_spil_offers_or_takes_a_database_id(arguments):
    """Every form class of Spil is built (with records to choose from) and every record
    choice on it must name its records by uuid: each option it renders is a uuid."""
    unbuilt, by_id, rendered = [], [], []
    choices = 0
    for cls in _form_classes():
        name = f"{cls.__module__}.{cls.__qualname__}"
        if getattr(getattr(cls, "_meta", None), "model", True) is None:
            continue  # SpilModelForm itself: no model yet
        if issubclass(cls, BoundedFieldsMixin) and cls.record_key is None:
            continue  # the admin's, above
        kwargs, missing = {}, []
        for parameter in list(inspect.signature(cls.__init__).parameters.values())[1:]:
            if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                continue
            if parameter.default is not parameter.empty:
                continue
            key = (cls.__name__, parameter.name)
            value = arguments.get(key, arguments.get(parameter.name, missing))
            if value is missing:
                missing.append(parameter.name)
            kwargs[parameter.name] = value
        if missing:
            unbuilt.append(f"{name}: {', '.join(map(str, missing))}")
            continue
        form = cls(**kwargs)
        for field_name, field in form.fields.items():
            if not isinstance(field, forms.ModelChoiceField):
                continue
            choices += 1
            if field.to_field_name in (None, "", "id", "pk"):
                by_id.append(f"{name}.{field_name}")
            values = [v for v in UUID_VALUE.findall(str(form[field_name])) if v]
            if not values:
                rendered.append(f"{name}.{field_name}: no option to choose")
            if field.to_field_name != "uuid":
                continue  # a readable key of its own (a category's code in a search URL)
            for value in values:
                try:
                    uuid.UUID(value)
                except ValueError:
                    rendered.append(f"{name}.{field_name}: {value}")
    assert unbuilt == []  # give the test the argument the new form needs
    assert by_id == []
    assert rendered == []
    assert choices >= 30  # the walk reached the record choices of the project


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
    "documents",
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
