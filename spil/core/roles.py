"""The roles a membership can carry. Kept in core so the access policy can name them
without importing a domain app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COACH = "gezinscoach", _("Gezinscoach")
    COORDINATOR = "meldpunt_coordinator", _("Meldpunt-coördinator")
    TEAM_LEAD = "teamleider", _("Teamleider")
    PROFESSIONAL = "betrokken_professional", _("Betrokken professional")
    POLICY = "beleidsmedewerker", _("Beleidsmedewerker")
    ADMIN = "beheerder", _("Beheerder")
