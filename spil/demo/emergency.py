"""Break-the-glass in the demo (issue 18): which family `teamlead1` may try noodtoegang on.

`teamlead1` leads both coach teams, so every family in coaching is already theirs; a family
that is not of their teams is one still at the meldpunt (in intake) or one whose trajectory
closed. The seed names one: opening it shows the offer instead of a 404, asks a reason, and
then the family's "wie keek" marks the visit as noodtoegang and the coach is told. Nothing
is written here: the demo leaves breaking the glass to whoever tries it."""

from django.conf import settings
from django.urls import reverse

from spil.accounts.models import User
from spil.core import access
from spil.families.models import Family


def family_to_try(users: dict[str, User]) -> Family | None:
    """A family `teamlead1` cannot open today: preferably one with a trajectory (another
    coach's file), else one at the meldpunt."""
    lead = users["teamlead1"]
    closed_to_lead = Family.objects.exclude(pk__in=access.visible_families(lead).values("pk"))
    with_trajectory = closed_to_lead.filter(trajectories__isnull=False).order_by("name").first()
    return with_trajectory or closed_to_lead.order_by("name").first()


def summary(users: dict[str, User]) -> str:
    family = family_to_try(users)
    if family is None:
        return "Noodtoegang: teamlead1 kan al elk gezin openen."
    url = settings.SPIL_BASE_URL.rstrip("/") + reverse(
        "families:overview", kwargs={"uuid": family.uuid}
    )
    hours = access.emergency_hours()
    return (
        f"Noodtoegang: teamlead1 heeft geen toegang tot {family} (niet van zijn teams). Open "
        f"{url} als teamlead1, vraag noodtoegang met een reden ({hours} uur open) en zie het "
        "daarna bij 'Wie keek'. De beheerder (admin1) ziet de lijst onder /gezinnen/noodtoegang/."
    )
