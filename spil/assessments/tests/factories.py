"""Test data for assessments: worlds and builders other apps' tests may import too
(never another app's conftest; fixtures stay in conftest.py)."""

import importlib

from django.apps import apps

from spil.assessments import services
from spil.assessments.models import Domain, Instrument, ScaleLabel
from spil.core.access import family_access
from spil.core.testing import days_ago

_builtin = importlib.import_module("spil.assessments.migrations.0002_builtin_instruments")


def ensure_builtin_instruments() -> None:
    """The data migration's own function: a transactional test's flush removes its rows.
    Three counts first: mostly they are all there, and its forty lookups are not needed."""
    specs = _builtin.INSTRUMENTS
    codes = [spec["code"] for spec in specs]
    there = (
        Instrument.objects.filter(code__in=codes).count(),
        ScaleLabel.objects.filter(instrument__code__in=codes).count(),
        Domain.objects.filter(instrument__code__in=codes).count(),
    )
    wanted = (
        len(specs),
        sum(len(spec["labels"]) for spec in specs),
        sum(len(spec["domains"]) for spec in specs),
    )
    if there != wanted:
        _builtin.add_instruments(apps, None)


def measure(world, instrument, *, on, values, moment="anders", member=None, actor=None):
    """A measurement with `values` (domain code → score, or a list in domain order)."""
    domains = list(instrument.domains.all())
    if isinstance(values, list):
        values = dict(zip([d.code for d in domains], values, strict=False))
    by_code = {d.code: d for d in domains}
    return services.measurement_record(
        access=family_access(actor or world.coach, world.family),
        instrument=instrument,
        measured_on=on,
        moment=moment,
        member=member,
        scores=[services.ScoreData(domain=by_code[c], value=v) for c, v in values.items()],
    )


def concern(world, *, noticed=20):
    return services.concern_record(
        access=family_access(world.coach, world.family),
        noticed_on=days_ago(noticed),
        signals="School ziet blauwe plekken.",
    )


def weigh(world, concern, answers, *, on=10):
    suspicion, unsafe, can_help, accepted, in_time = answers
    return services.weighing_record(
        actor=world.coach,
        concern=concern,
        done_on=days_ago(on),
        suspicion=suspicion,
        unsafe=unsafe,
        can_organise_help=can_help,
        help_accepted=accepted,
        safe_in_time=in_time,
    )
