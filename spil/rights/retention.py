"""Retention and destruction (Jeugdwet art. 7.3.8, AVG art. 5(1)(e)); see docs/adr/0027.

The periods are settings (`SPIL_RETENTION`), one per category of `core.retention`:

- `dossier`: a family whose trajectories are all closed, the last one longer ago than
  `years` (20): the whole file goes (the family with everything that cascades from it);
- `melding`: a referral that did not become a trajectory (declined, withdrawn, returned),
  decided longer ago than `years` (2): its personal details go, and the family made for
  it when no trajectory ever followed;
- `audit`: kept, by its own rule (`years: None`): the trail holds ids and codes only, so
  nothing personal stays behind in it (ADR 0027);
- `account` and `anoniem` are not destroyed here (accounts are ended by the admin; the
  anonymous figures stay).

What stays after a file goes: the monitoring's anonymous facts (`TrajectoryRecord`, cut
loose from the trajectory), the referral row with its dates and codes only, a work budget
line without its family, and the audit trail. `plan()` says what would go; `apply()` does
it and writes one `DestructionLog` line per category.
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Model, ProtectedError, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from spil.budgets.models import Spending
from spil.core import audit
from spil.core.retention import RetentionCategory
from spil.families.models import Family
from spil.intake.models import Assessment, Referral, ReferralHelper, ReferralMember, Weighing
from spil.intake.models import Decision as IntakeDecision
from spil.reports import facts
from spil.reports.models import TrajectoryRecord
from spil.trajectories.models import Trajectory

from .models import DestructionLog

DEFAULTS: dict[str, dict[str, int | None]] = {
    RetentionCategory.DOSSIER: {"years": 20},
    RetentionCategory.MELDING: {"years": 2},
    RetentionCategory.AUDIT: {"years": None},
}
# What may be destroyed when it stands in the way of a family's deletion (a PROTECT).
DESTROYABLE = {RetentionCategory.DOSSIER, RetentionCategory.MELDING}


class RetentionRefused(Exception):
    """A record of another category stands in the way: nothing is destroyed."""


def period_years(category: str) -> int | None:
    configured = getattr(settings, "SPIL_RETENTION", {}) or {}
    rule = {**DEFAULTS.get(category, {}), **configured.get(category, {})}
    years = rule.get("years")
    return int(years) if years is not None else None


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def rule_text(category: str) -> str:
    years = period_years(category)
    if category == RetentionCategory.DOSSIER:
        return _("%(years)s jaar na het sluiten van het laatste traject") % {"years": years}
    if category == RetentionCategory.MELDING:
        return _("%(years)s jaar na het besluit over een melding zonder traject") % {"years": years}
    return _("bewaard; niet vernietigd")


@dataclass
class Expired:
    category: str
    rule: str
    families: list[int] = field(default_factory=list)  # family ids
    referrals: list[int] = field(default_factory=list)  # referrals without a family

    @property
    def count(self) -> int:
        return len(self.families) + len(self.referrals)


_PERSONAL_REFERRAL_FIELDS = (
    "referrer_name",
    "referrer_phone",
    "referrer_email",
    "family_name",
    "postcode",
    "house_number",
    "concerns",
)


def _not_yet_anonymous() -> Q:
    q = Q(pk__in=[])
    for name in _PERSONAL_REFERRAL_FIELDS:
        q |= ~Q(**{name: ""})
    return q


def expired_dossiers(today: date) -> list[int]:
    years = period_years(RetentionCategory.DOSSIER)
    if years is None:
        return []
    cutoff = years_before(today, years)
    running = Trajectory.objects.filter(closed_on__isnull=True).values("family_id")
    recent_referrals = Referral.objects.filter(
        Q(received_on__gte=cutoff) | Q(decided_on__isnull=True), family__isnull=False
    ).values("family_id")
    return list(
        Family.objects.filter(trajectories__isnull=False)
        .exclude(pk__in=running)
        .exclude(pk__in=recent_referrals)
        .annotate(last_closed=Max("trajectories__closed_on"))
        .filter(last_closed__lt=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def expired_referrals(today: date) -> tuple[list[int], list[int]]:
    """(families made for referrals only, referrals without a family) whose time is up."""
    years = period_years(RetentionCategory.MELDING)
    if years is None:
        return [], []
    cutoff = years_before(today, years)
    open_or_recent = Referral.objects.filter(
        Q(decided_on__isnull=True) | Q(decided_on__gte=cutoff) | Q(trajectory__isnull=False),
        family__isnull=False,
    ).values("family_id")
    families = list(
        Family.objects.filter(trajectories__isnull=True, referrals__isnull=False)
        .exclude(pk__in=open_or_recent)
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    lone = list(
        Referral.objects.filter(family__isnull=True, trajectory__isnull=True, decided_on__lt=cutoff)
        .filter(_not_yet_anonymous())
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return families, lone


def plan(today: date | None = None) -> list[Expired]:
    """What would go today, by category (counts and ids; the caller shows only counts)."""
    today = today or timezone.localdate()
    families, lone = expired_referrals(today)
    return [
        Expired(
            RetentionCategory.DOSSIER,
            rule_text(RetentionCategory.DOSSIER),
            families=expired_dossiers(today),
        ),
        Expired(
            RetentionCategory.MELDING,
            rule_text(RetentionCategory.MELDING),
            families=families,
            referrals=lone,
        ),
        Expired(RetentionCategory.AUDIT, rule_text(RetentionCategory.AUDIT)),
    ]


# --- Destruction -------------------------------------------------------------------------------


def anonymise_referrals(referrals: QuerySet[Referral]) -> int:
    """Keep the referral's dates and codes (the monitoring counts them); its people, its
    words and its links to the family go."""
    ids = list(referrals.values_list("pk", flat=True))
    if not ids:
        return 0
    ReferralMember.objects.filter(referral_id__in=ids).delete()
    ReferralHelper.objects.filter(referral_id__in=ids).delete()
    Weighing.objects.filter(referral_id__in=ids).update(
        help_not_effective_note="", broader_problems_note="", no_own_regie_note="", advice=""
    )
    for assessment in Assessment.objects.filter(referral_id__in=ids):
        assessment.family_participants.clear()
    Assessment.objects.filter(referral_id__in=ids).update(other_participants="", findings="")
    IntakeDecision.objects.filter(referral_id__in=ids).update(reason="")
    Referral.objects.filter(pk__in=ids).update(
        family=None, trajectory=None, **dict.fromkeys(_PERSONAL_REFERRAL_FIELDS, "")
    )
    return len(ids)


def _anonymise_portal_users(family: Family) -> None:
    """A family member's portal login is an account: it cannot be deleted (the audit trail
    names it as actor), so it is emptied and closed."""
    user_model = get_user_model()
    for user in user_model.objects.filter(family_account__member__family=family):
        user.email = f"vernietigd-{user.uuid}@vernietigd.invalid"
        user.full_name = ""
        user.phone = ""
        user.is_active = False
        user.set_unusable_password()
        user.save(update_fields=["email", "full_name", "phone", "is_active", "password"])


def _delete(target: Model | QuerySet[Any], depth: int = 0) -> None:
    """Delete `target`; whatever of this file protects it (a consent given by a member, a
    step owned by one) goes first — but only records of the file itself."""
    if depth > 25:
        raise RetentionRefused("too deep")
    for _attempt in range(100):
        try:
            with transaction.atomic():
                target.delete()
            return
        except ProtectedError as error:
            by_model: dict[type[Model], list[Any]] = {}
            for obj in error.protected_objects:
                by_model.setdefault(type(obj), []).append(obj.pk)
            for model, pks in by_model.items():
                category = getattr(model, "retention_category", None)
                if category not in DESTROYABLE:
                    raise RetentionRefused(model._meta.label) from error
                _delete(model._default_manager.filter(pk__in=pks), depth + 1)
    raise RetentionRefused("no progress")


@contextmanager
def _kept_figures(trajectory_ids: list[int]) -> Iterator[None]:
    with facts.kept_as_they_are(trajectory_ids):
        # The anonymous facts stay, no longer pointing at the trajectory that goes: they
        # become history, like the facts imported from an older system (ADR 0027).
        for record in TrajectoryRecord.objects.filter(trajectory_id__in=trajectory_ids):
            TrajectoryRecord.objects.filter(pk=record.pk).update(
                trajectory=None,
                source=TrajectoryRecord.Source.IMPORT,
                external_id=f"vernietigd-{record.uuid}",
            )
        yield


@transaction.atomic
def destroy_family(family: Family, *, actor: Any, category: str) -> None:
    trajectory_ids = list(Trajectory.objects.filter(family=family).values_list("pk", flat=True))
    family_uuid = family.uuid
    with _kept_figures(trajectory_ids):
        anonymise_referrals(
            Referral.objects.filter(Q(family=family) | Q(trajectory_id__in=trajectory_ids))
        )
        Spending.objects.filter(family=family).update(family=None)
        _anonymise_portal_users(family)
        _delete(family)
    # The family's own trail ends with its destruction: uuid and category, nothing more.
    audit.record(
        actor=actor,
        action="rights.file_destroyed",
        family=family_uuid,
        detail={"categorie": category},
    )


def apply(
    *, actor: Any = None, run_as: str = "commando", today: date | None = None
) -> list[DestructionLog]:
    """Destroy what `plan()` finds; one log line per category that had something."""
    logs = []
    now = timezone.now()
    counts: Counter[str] = Counter()
    for expired in plan(today):
        for family in Family.objects.filter(pk__in=expired.families).order_by("pk"):
            destroy_family(family, actor=actor, category=expired.category)
        if expired.referrals:
            with transaction.atomic():
                anonymise_referrals(Referral.objects.filter(pk__in=expired.referrals))
        if expired.count:
            counts[expired.category] = expired.count
            logs.append(
                DestructionLog.objects.create(
                    category=expired.category,
                    count=expired.count,
                    rule=expired.rule,
                    run_at=now,
                    run_by=actor if actor is not None and actor.is_authenticated else None,
                    run_as=run_as,
                )
            )
    audit.record(
        actor=actor,
        action="rights.retention_applied",
        detail={"aantallen": dict(counts), "gestart_als": run_as},
    )
    return logs


def summary(expired: Iterable[Expired]) -> list[tuple[str, str, int]]:
    """(category label, rule, count): what a dry run shows — never a name or an id."""
    labels = dict(RetentionCategory.choices)
    return [(str(labels[e.category]), e.rule, e.count) for e in expired]
