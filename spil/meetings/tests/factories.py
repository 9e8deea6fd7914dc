"""Test data for meetings: worlds and builders other apps' tests may import too
(never another app's conftest; fixtures stay in conftest.py)."""

import datetime as dt

from django.utils import timezone

from spil.core.access import family_access
from spil.meetings import services
from spil.plans.tests.factories import PlanWorld


def hours_ago(n: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(hours=n)


class MeetingWorld(PlanWorld):
    """The plan world (a GGZ worker and a school in the team, an aunt in the network)."""

    def meeting(self, kind="afstemgesprek", when=None, **kwargs):
        data = {
            "access": family_access(self.coach, self.family),
            "kind": kind,
            "starts_at": when or hours_ago(1),
            "chair": self.coach,
            "members": [self.parent],
            "coaches": [self.coach],
            "involvements": [self.ggz_involvement],
        }
        data.update(kwargs)
        return services.meeting_plan(**data)

    def hold(self, meeting, minutes="Besproken hoe het gaat.", **kwargs):
        data = {"actor": self.coach, "meeting": meeting, "minutes": minutes, "family_present": True}
        data.update(kwargs)
        return services.minutes_record(**data)
