"""Plain words for the audit trail's action codes, as the family reads them in "wie keek".

Each app that records actions registers its own words in its `AppConfig.ready()`; the page
that shows the trail asks here and imports no app. An unknown code shows as itself.
"""

from collections.abc import Mapping
from typing import Any

_labels: dict[str, Any] = {}


def register(labels: Mapping[str, Any]) -> None:
    _labels.update(labels)


def label(action: str) -> str:
    return str(_labels.get(action, action))


def known() -> frozenset[str]:
    return frozenset(_labels)
