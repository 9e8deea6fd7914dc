"""What the family reads in "who looked" for the work budget's audit codes (registered in
`BudgetsConfig.ready()`). Plain words, no personal data."""

from typing import Any

from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Any] = {
    "work_budget.spent": _("boekte een uitgave uit het werkbudget"),
    "work_budget.requested": _("vroeg akkoord voor een uitgave uit het werkbudget"),
    "work_budget.approved": _("keurde een uitgave uit het werkbudget goed"),
    "work_budget.refused": _("wees een uitgave uit het werkbudget af"),
    "work_budget.recovered": _("legde vast dat geld uit een voorziening terugkwam"),
    "work_budget.line_viewed": _("zag een uitgave uit het werkbudget"),
    # Without a family: the budget itself.
    "work_budget.set": _("stelde een werkbudget vast"),
    "work_budget.changed": _("wijzigde een werkbudget"),
}
