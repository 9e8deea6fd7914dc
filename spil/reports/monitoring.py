"""The municipality's figures over a period (issue 15), as `spil.core.figures.Section`s.

    sections = monitoring(date_from=date(2026, 1, 1), date_to=date(2026, 12, 31),
                          programme=None, team=None)

The one source of the monitoring page, its exports and `report_monitoring`. Being built on
branch i15-rep (this docstring is the contract the dashboard is built against).
"""

from datetime import date
from typing import Any

from spil.core.figures import Section


def monitoring(
    *, date_from: date, date_to: date, programme: Any = None, team: Any = None
) -> list[Section]:
    raise NotImplementedError("built on branch i15-rep")
