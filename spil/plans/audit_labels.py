"""Plain words for the plan's audit codes of the family's own actions in the portal
(registered in this app's `AppConfig.ready()` with `spil.core.audit_labels`; the staff's
plan codes are still in `spil.families.audit_labels`). No personal data."""

from typing import Any

from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Any] = {
    # Only ever from an Eigen Kracht-conferentie's decision (issue 20, point 6).
    "plan.family_authored": _("legde vast dat het gezinsplan het eigen plan van de familie is"),
    "plan.family_responded": _("gaf in het portaal antwoord op het plan"),
    "plan.family_scored": _("gaf in het portaal cijfers bij de evaluatie van het plan"),
    # Issue 20: a professional's own part of the plan, and the coach's decision on it.
    "plan.step_proposed": _("stelde een stap voor zijn of haar organisatie voor"),
    "plan.step_proposal_decided": _("besloot over een voorgestelde stap"),
}
