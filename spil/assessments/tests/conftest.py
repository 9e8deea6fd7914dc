import pytest

from spil.assessments.models import Instrument
from spil.families.tests.factories import World

from .factories import ensure_builtin_instruments


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def leefgebieden(db):
    ensure_builtin_instruments()
    return Instrument.objects.prefetch_related("domains").get(code="leefgebieden")


@pytest.fixture
def ernsttaxatie(db):
    ensure_builtin_instruments()
    return Instrument.objects.prefetch_related("domains").get(code="ernsttaxatie")
