"""What "wie keek" reads for the monitoring's audit codes (registered in `apps.py`)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Any] = {
    "monitoring.viewed": _("bekeek de monitoring"),
    "monitoring.exported": _("downloadde de monitoring"),
    "reports.history_imported": _("importeerde trajecten uit het verleden"),
}
