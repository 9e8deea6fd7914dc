"""The main menu, built from what the access policy grants (never from roles directly)."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import access
from .access import Capability

# (url name, label, any of these capabilities)
MENU: list[tuple[str, Any, set[Capability]]] = [
    ("accounts:start", _("Start"), set()),
    # The coordinator holds the files of coaches without an account (issue 20).
    (
        "trajectories:caseload",
        _("Mijn caseload"),
        {Capability.COACH_FAMILIES, Capability.RUN_MELDPUNT},
    ),
    ("contacts:agenda", _("Mijn afspraken"), {Capability.COACH_FAMILIES}),
    ("trajectories:team", _("Team"), {Capability.LEAD_TEAM}),
    ("budgets:home", _("Werkbudget"), {Capability.COACH_FAMILIES, Capability.LEAD_TEAM}),
    ("families:list", _("Gezinnen"), set(access.FAMILY_CONTENT)),
    ("intake:worklist", _("Meldpunt"), {Capability.RUN_MELDPUNT}),
    ("intake:worklist", _("Mijn meldingen"), {Capability.REFER_FAMILY}),
    ("intake:report", _("Cijfers meldpunt"), {Capability.VIEW_AGGREGATES}),
    ("plans:goal_report", _("Doelen bereikt"), {Capability.VIEW_AGGREGATES}),
    ("contacts:promise_report", _("Toezeggingen nagekomen"), {Capability.VIEW_AGGREGATES}),
    ("surveys:list", _("Samenwerkingsmonitor"), {Capability.VIEW_AGGREGATES}),
    (
        "signals:list",
        _("Signalen"),
        {Capability.COACH_FAMILIES, Capability.LEAD_TEAM, Capability.VIEW_AGGREGATES},
    ),
    ("reports:dashboard", _("Monitoring"), {Capability.VIEW_AGGREGATES}),
    ("directory:search", _("Sociale kaart"), set(Capability)),
    ("notifications:inbox", _("Berichten"), set()),
    ("glossary:list", _("Begrippen"), set(Capability)),
    ("admin:index", _("Beheer"), {Capability.MANAGE_DIRECTORY}),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    granted = access.capabilities(user)
    items, seen = [], set()
    for url_name, label, needs in MENU:
        if needs and not needs & granted:
            continue
        if url_name in seen:  # "Meldpunt" wins over "Mijn meldingen" for a coordinator
            continue
        seen.add(url_name)
        items.append({"url_name": url_name, "label": label})
    return {"menu": items}
