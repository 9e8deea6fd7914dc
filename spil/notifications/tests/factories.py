"""Test data for notifications: worlds and builders other apps' tests may import too
(never another app's conftest; fixtures stay in conftest.py)."""

import datetime as dt

from django.utils import timezone

from spil.contacts.models import Appointment, Promise
from spil.notifications.models import Notification
from spil.plans.tests.factories import PlanWorld

# Every name of the test family: none may ever appear in an e-mail.
FAMILY_NAMES = ["Vos", "Karin", "Daan", "Noor"]


class NotifyWorld(PlanWorld):
    """The plan world (coach + back-up in team A with its teamleider, a GGZ worker and a
    teacher in the team around the family) where the GGZ shares the family's file and the
    school does not."""

    def __init__(self):
        super().__init__()
        self.ggz_consent = self.share_with(self.ggz, ["plan", "contacten"])

    def for_user(self, user, event=None):
        notices = Notification.objects.filter(recipient=user)
        if event is not None:
            notices = notices.filter(event=event)
        return notices

    def told(self, event):
        return set(
            Notification.objects.filter(event=event).values_list("recipient__email", flat=True)
        )

    def appointment(self, *, worker=None, day=1, hour=10, status=Appointment.Status.PLANNED):
        on = timezone.localdate() + dt.timedelta(days=day)
        starts = timezone.make_aware(dt.datetime.combine(on, dt.time(hour, 0)))
        return Appointment.objects.create(
            family=self.family,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=1),
            worker=worker or self.coach,
            purpose="Gesprek met Karin over Daan",
            place="thuis",
            status=status,
            created_by=self.coach,
        )

    def promise(self, *, by_user=None, by_involvement=None, due_days_ago=1, **extra):
        return Promise.objects.create(
            family=self.family,
            direction="hulpverlener_gezin" if by_involvement else "coach_gezin",
            by_user=by_user,
            by_involvement=by_involvement,
            organisation=self.ggz if by_involvement else self.coaching,
            what="Karin bellen over de schuldhulp",
            due_on=timezone.localdate() - dt.timedelta(days=due_days_ago),
            created_by=self.coach,
            **extra,
        )


def emails_to(mailoutbox, user):
    return [m for m in mailoutbox if user.email in m.to]


def assert_no_personal_data(message):
    text = f"{message.subject}\n{message.body}"
    for name in FAMILY_NAMES:
        assert name not in text, name
