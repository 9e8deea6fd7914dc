"""Retention: how long each kind of personal data is kept (AVG art. 5(1)(e), Jeugdwet 7.3.8).

Every model that holds personal data names its category in a class attribute:

    class Member(BaseModel):
        retention_category = RetentionCategory.DOSSIER

The processing register (docs/privacy/) lists the same categories, and a test walks every
model so the register cannot fall behind the code. The periods themselves are settings
(`SPIL_RETENTION`), applied by `manage.py apply_retention`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RetentionCategory(models.TextChoices):
    # The family's file: kept 20 years after the trajectory closed (Jeugdwet art. 7.3.8).
    DOSSIER = "dossier", _("Gezinsdossier")
    # A referral that did not become a trajectory (declined, withdrawn, returned).
    MELDING = "melding", _("Melding zonder traject")
    # Staff accounts and their memberships: while employed, then a short period.
    ACCOUNT = "account", _("Account van een medewerker")
    # The audit trail: ids and action codes only, kept by its own rule.
    AUDIT = "audit", _("Audit-trail")
    # Aggregated or anonymous data (figures, survey answers): no personal data.
    ANONIEM = "anoniem", _("Anoniem of geaggregeerd")
