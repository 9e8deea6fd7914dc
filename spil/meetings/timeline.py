"""The meetings' share of the family's timeline ("overleg"): one page of meetings read in
the database, only for those who see the part "plan" (meetings are part of the plan).
Registered in `MeetingsConfig.ready()`."""

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from spil.core.access import FamilyAccess
from spil.core.timeline import TimelineItem

from .selectors import meetings_before


def meetings_source(
    access: FamilyAccess, before: datetime | None, limit: int
) -> list[TimelineItem]:
    """At most `limit` meetings starting before `before`, newest first; none without the
    part "plan"."""
    family = access.family
    return [
        TimelineItem(
            at=meeting.starts_at,
            kind="overleg",
            label=_("Overleg"),
            title=meeting.one_line,
            url=reverse(
                "meetings:meeting", kwargs={"uuid": family.uuid, "meeting_uuid": meeting.uuid}
            ),
        )
        for meeting in meetings_before(access=access, before=before, limit=limit)
    ]
