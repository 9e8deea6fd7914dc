"""The documents on the family's timeline: only those of the parts the reader sees."""

import pytest

from spil.core import timeline
from spil.core.access import family_access
from spil.documents.timeline import documents_source

pytestmark = pytest.mark.django_db


def test_the_source_is_registered_and_keeps_to_the_parts(world):
    assert timeline.sources()["documents"] is documents_source
    plan_doc = world.upload(title="Ondertekend plan", kind="ondertekend_plan", part="plan")
    world.upload(title="Beschikking", kind="beschikking", part="veiligheid")
    coach_items = documents_source(family_access(world.coach, world.family), None, 10)
    assert [i.title for i in coach_items] == [
        "Beschikking (rechter): Beschikking",
        "Ondertekend plan: Ondertekend plan",
    ]
    ggz_items = documents_source(family_access(world.ggz_worker, world.family), None, 10)
    assert [i.title for i in ggz_items] == ["Ondertekend plan: Ondertekend plan"]
    assert str(plan_doc.uuid) in ggz_items[0].url
    older = documents_source(family_access(world.coach, world.family), coach_items[0].at, 10)
    assert len(older) == 1 and older[0].title.startswith("Ondertekend plan")
