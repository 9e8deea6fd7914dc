"""Plain words for the audit codes of sharing measurements with the family (registered in
this app's `AppConfig.ready()` with `spil.core.audit_labels`; the other measurement codes
are still in `spil.families.audit_labels`). No personal data."""

from typing import Any

from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Any] = {
    "assessment.shared_with_family": _("deelde de cijfers van een meting met het gezin"),
    "assessment.unshared_with_family": _(
        "deelde de cijfers van een meting niet meer met het gezin"
    ),
}
