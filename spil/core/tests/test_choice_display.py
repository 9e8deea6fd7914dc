"""`get_<field>_display()` on Spil's models (BaseModel keeps one dict of labels per field):
the same answer as Django's own, in the language of the moment, for every choice of every
field with choices — and a value outside the choices shown as it is."""

from django.apps import apps
from django.db import models
from django.utils import translation

from spil.core.models import BaseModel


def _choice_fields():
    for model in apps.get_models():
        if not issubclass(model, BaseModel):
            continue
        for field in model._meta.concrete_fields:
            if field.choices:
                yield model, field


def test_every_label_as_django_gives_it_in_dutch_and_in_english():
    checked = 0
    for language in ("nl", "en"):
        with translation.override(language):
            for model, field in _choice_fields():
                for value, _label in field.flatchoices:
                    instance = model()
                    setattr(instance, field.attname, value)
                    ours = instance._get_FIELD_display(field)
                    djangos = models.Model._get_FIELD_display(instance, field)
                    assert ours == djangos, (model.__name__, field.name, value, language)
                    assert isinstance(ours, str)
                    checked += 1
    assert checked > 200  # the walk really went over the project's choices


def test_a_label_follows_the_language_of_the_moment():
    """The labels are kept lazy: the first page asked in Dutch does not fix them in Dutch."""
    from spil.intake.models import Referral

    field = Referral._meta.get_field("status")
    value, label = next(iter(field.flatchoices))
    referral = Referral(status=value)
    with translation.override("nl"):
        dutch = referral.get_status_display()
        in_dutch = str(label)
    with translation.override("en"):
        english = referral.get_status_display()
        in_english = str(label)
    with translation.override("nl"):
        again = referral.get_status_display()
    assert dutch == again == in_dutch
    assert english == in_english
    assert english != dutch, "the English catalogue translates this label"


def test_a_value_outside_the_choices_is_shown_as_it_is():
    for model, field in _choice_fields():
        if isinstance(field, models.CharField):
            instance = model()
            setattr(instance, field.attname, "iets-anders")
            assert instance._get_FIELD_display(field) == "iets-anders"
            return
    raise AssertionError("no text field with choices found")
