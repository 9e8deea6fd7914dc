"""Every read of signals, bundles and breakthroughs starts from what the user may see.

- a coach (COACH_FAMILIES) sees their own signals and breakthroughs;
- a team lead (LEAD_TEAM) also those of the coaches in their team(s), and the bundles they
  made or that hold signals of their team;
- whoever sees the municipality's figures (VIEW_AGGREGATES: beleidsmedewerker, and the
  teamleider and meldpunt-coördinator who share that capability) sees the bundles that were
  passed on, the signals in them, and every breakthrough. None of it names a family.
- only a beleidsmedewerker (the role, not the capability) answers. See ADR 0016.
"""

from typing import Any
from uuid import UUID

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from spil.core import access
from spil.core.access import Capability
from spil.core.roles import Role

from .models import Answer, Breakthrough, Bundle, Signal


def _team_ids(user: Any) -> list[int]:
    if not access.can(user, Capability.LEAD_TEAM):
        return []
    return access.team_coach_ids(user)


def may_record(user: Any) -> bool:
    """Record a signal or a breakthrough: a coach (a team lead coaches too)."""
    return access.can(user, Capability.COACH_FAMILIES)


def may_bundle(user: Any) -> bool:
    return access.can(user, Capability.LEAD_TEAM)


def may_answer(user: Any) -> bool:
    """The municipality answers: the beleidsmedewerker. A teamleider or coordinator also
    sees the aggregates, but does not answer for the municipality."""
    return access.can(user, Capability.VIEW_AGGREGATES) and Role.POLICY in access.roles(user)


def sees_passed(user: Any) -> bool:
    return access.can(user, Capability.VIEW_AGGREGATES)


def visible_signals(user: Any, *, team_ids: list[int] | None = None) -> QuerySet[Signal]:
    q = Q(pk__in=[])
    if access.can(user, Capability.COACH_FAMILIES):
        q |= Q(author=user)
    ids = _team_ids(user) if team_ids is None else team_ids
    if ids:
        q |= Q(author_id__in=ids)
    if sees_passed(user):
        q |= Q(bundle__passed_at__isnull=False)
    return Signal.objects.filter(q)


def visible_bundles(user: Any, *, team_ids: list[int] | None = None) -> QuerySet[Bundle]:
    q = Q(pk__in=[])
    if may_bundle(user):
        ids = _team_ids(user) if team_ids is None else team_ids
        q |= Q(created_by=user) | Q(
            pk__in=Signal.objects.filter(author_id__in=ids).values("bundle")
        )
    if sees_passed(user):
        q |= Q(passed_at__isnull=False)
    return Bundle.objects.filter(q)


def visible_breakthroughs(
    user: Any, *, team_ids: list[int] | None = None
) -> QuerySet[Breakthrough]:
    if sees_passed(user):
        return Breakthrough.objects.all()
    q = Q(pk__in=[])
    if may_record(user):
        q |= Q(author=user)
    ids = _team_ids(user) if team_ids is None else team_ids
    if ids:
        q |= Q(author_id__in=ids)
    return Breakthrough.objects.filter(q)


# --- One object, or 404 ---------------------------------------------------------------------


def _answers() -> Prefetch:
    return Prefetch("answers", queryset=Answer.objects.select_related("answered_by"))


def signal_for(user: Any, uuid: UUID) -> Signal:
    signal = (
        visible_signals(user)
        .select_related("author", "bundle")
        .prefetch_related(_answers())
        .filter(uuid=uuid)
        .first()
    )
    if signal is None:
        raise Http404
    return signal


def bundle_for(user: Any, uuid: UUID) -> Bundle:
    bundle = (
        visible_bundles(user)
        .select_related("created_by", "passed_by")
        .prefetch_related(_answers())
        .filter(uuid=uuid)
        .first()
    )
    if bundle is None:
        raise Http404
    return bundle


def breakthrough_for(user: Any, uuid: UUID) -> Breakthrough:
    found = visible_breakthroughs(user).filter(uuid=uuid).first()
    if found is None:
        raise Http404
    return found


def bundle_signals(bundle: Bundle) -> QuerySet[Signal]:
    return bundle.signals.select_related("author").order_by("created_at", "id")


def bundle_answers(signal: Signal) -> list[Answer]:
    """The answers to the signal's bundle (the coach reads them on their signal)."""
    if signal.bundle_id is None:
        return []
    return list(
        Answer.objects.filter(bundle_id=signal.bundle_id)
        .select_related("answered_by")
        .order_by("created_at", "id")
    )


def bundle_candidates(user: Any, *, bundle: Bundle | None = None) -> QuerySet[Signal]:
    """Signals a team lead may put in a bundle: their team's (and their own) that are in no
    bundle yet, plus those already in this bundle when it is being changed."""
    ids = [*_team_ids(user), user.pk]
    free = Q(author_id__in=ids, bundle__isnull=True)
    if bundle is not None:
        free |= Q(bundle=bundle)
    return Signal.objects.filter(free).select_related("author").order_by("-created_at", "-id")


# --- The list page ------------------------------------------------------------------------


def signal_lists(user: Any) -> dict[str, Any]:
    """What /signalen/ shows this user, in a fixed number of queries whatever the data."""
    team_ids = _team_ids(user)
    found: dict[str, Any] = {"mine": None, "team": None, "bundles": None, "passed": None}
    listed = Signal.objects.select_related("author", "bundle").order_by("-created_at", "-id")
    if may_record(user):
        found["mine"] = list(listed.filter(author=user))
    if may_bundle(user):
        found["team"] = list(listed.filter(author_id__in=team_ids).exclude(author=user))
        found["bundles"] = list(
            Bundle.objects.filter(
                Q(created_by=user)
                | Q(pk__in=Signal.objects.filter(author_id__in=team_ids).values("bundle"))
            )
            .annotate(signal_count=Count("signals"))
            .order_by("-created_at", "-id")
        )
    if sees_passed(user):
        found["passed"] = list(
            Bundle.objects.filter(passed_at__isnull=False)
            .annotate(signal_count=Count("signals"))
            .order_by("-passed_at", "-id")
        )
    return found
