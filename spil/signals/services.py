"""Every write of signals, bundles, answers and breakthroughs: keyword-only, atomic, audited
(the audit detail holds codes only, never the texts). Who may do what is decided by the
views through `selectors`; what a service refuses (a passed bundle, a missing reason, a
name in the text) it refuses with a Dutch ValidationError, nothing written."""

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spil.core import access, audit
from spil.core.versioning import save_if_current
from spil.families.models import Member

from .models import REASON_REQUIRED, Answer, Breakthrough, Bundle, Signal, Status

SIGNAL_FIELDS = ("problem", "regulation", "category", "families_affected", "example")
SIGNAL_TEXTS = ("problem", "regulation", "example")
BREAKTHROUGH_FIELDS = ("title", "for_whom", "occurred_on", "description")
BREAKTHROUGH_TEXTS = ("title", "description")
BUNDLE_FIELDS = ("title", "summary")

# Parts of a Dutch surname that are no name of their own ("van", "de", "ter" …).
_PARTICLES = frozenset(
    [
        "van",
        "de",
        "der",
        "den",
        "het",
        "ter",
        "ten",
        "te",
        "t",
        "in",
        "op",
        "aan",
        "bij",
        "la",
        "le",
        "el",
        "al",
        "von",
        "zu",
        "da",
        "di",
        "du",
    ]
)
_MIN_NAME = 3  # shorter parts ("Bo", "Ed") match too many ordinary words
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def names_known_to(actor: Any) -> set[str]:
    """The first names and surnames (without particles) of the members of every family the
    actor may open: a coach's caseload, a team lead's team. What they write for the
    municipality must not name anyone of them."""
    families = access.visible_families(actor)
    names: set[str] = set()
    for first, surname in Member.objects.filter(family__in=families).values_list(
        "first_name", "surname"
    ):
        for part in _words(f"{first} {surname}"):
            if len(part) >= _MIN_NAME and part not in _PARTICLES:
                names.add(part)
    return names


def refuse_names(actor: Any, texts: dict[str, str]) -> None:
    """Refuse texts that contain the name of a member of a family the actor works with
    (whole words, any case). The message names the word so the coach can rewrite it."""
    known = names_known_to(actor)
    if not known:
        return
    errors: dict[str, list[str]] = {}
    for field, text in texts.items():
        found = sorted(_words(text or "") & known)
        if found:
            errors[field] = [
                _(
                    "Hier staat een naam uit een gezin dat u begeleidt (‘%(word)s’). Signalen "
                    "en doorbraken gaan naar de gemeente: schrijf het zonder namen."
                )
                % {"word": found[0]}
            ]
    if errors:
        raise ValidationError(errors)


def _require_open(signal: Signal) -> None:
    # Asked of the database: the signal may have been passed on since it was loaded.
    if Signal.objects.filter(pk=signal.pk, bundle__passed_at__isnull=False).exists():
        raise ValidationError(
            _("Dit signaal is al aan de gemeente doorgegeven en kan niet meer worden gewijzigd.")
        )


# --- Signals ---------------------------------------------------------------------------------


@transaction.atomic
def signal_create(
    *,
    actor: Any,
    problem: str,
    regulation: str,
    category: str,
    families_affected: int,
    example: str,
) -> Signal:
    refuse_names(actor, {"problem": problem, "regulation": regulation, "example": example})
    signal = Signal(
        author=actor,
        problem=problem,
        regulation=regulation,
        category=category,
        families_affected=families_affected,
        example=example,
    )
    signal.full_clean()
    signal.save()
    audit.record(
        actor=actor, action="signals.signal_created", obj=signal, detail={"category": category}
    )
    return signal


@transaction.atomic
def signal_update(
    *, actor: Any, signal: Signal, revision: int | None = None, **data: Any
) -> Signal:
    _require_open(signal)
    refuse_names(actor, {name: data[name] for name in SIGNAL_TEXTS if name in data})
    for name in SIGNAL_FIELDS:
        if name in data:
            setattr(signal, name, data[name])
    signal.full_clean(exclude=["author", "bundle"])
    save_if_current(signal, revision, SIGNAL_FIELDS)
    audit.record(
        actor=actor,
        action="signals.signal_changed",
        obj=signal,
        detail={"category": signal.category},
    )
    return signal


# --- Bundles ---------------------------------------------------------------------------------


def _check_signals(bundle: Bundle | None, signals: list[Signal]) -> None:
    if not signals:
        raise ValidationError({"signals": [_("Kies ten minste één signaal voor de bundel.")]})
    for signal in signals:
        if signal.bundle_id is not None and (bundle is None or signal.bundle_id != bundle.pk):
            raise ValidationError(
                {"signals": [_("Een van de signalen zit intussen al in een andere bundel.")]}
            )


@transaction.atomic
def bundle_create(*, actor: Any, title: str, summary: str, signals: list[Signal]) -> Bundle:
    # Lock the chosen signals: two team leads bundling the same signal, one wins.
    chosen = list(Signal.objects.select_for_update().filter(pk__in=[s.pk for s in signals]))
    _check_signals(None, chosen)
    refuse_names(actor, {"title": title, "summary": summary})
    bundle = Bundle(title=title, summary=summary, created_by=actor)
    bundle.full_clean()
    bundle.save()
    Signal.objects.filter(pk__in=[s.pk for s in chosen]).update(bundle=bundle)
    audit.record(
        actor=actor,
        action="signals.bundle_created",
        obj=bundle,
        detail={"signals": [str(s.uuid) for s in chosen]},
    )
    return bundle


@transaction.atomic
def bundle_update(
    *,
    actor: Any,
    bundle: Bundle,
    title: str,
    summary: str,
    signals: list[Signal],
    revision: int | None,
) -> Bundle:
    if bundle.is_passed:
        raise ValidationError(_("Deze bundel is al doorgegeven en kan niet meer worden gewijzigd."))
    chosen = list(Signal.objects.select_for_update().filter(pk__in=[s.pk for s in signals]))
    _check_signals(bundle, chosen)
    refuse_names(actor, {"title": title, "summary": summary})
    bundle.title, bundle.summary = title, summary
    bundle.full_clean(exclude=["created_by", "passed_by"])
    save_if_current(bundle, revision, BUNDLE_FIELDS)
    keep = [s.pk for s in chosen]
    Signal.objects.filter(bundle=bundle).exclude(pk__in=keep).update(bundle=None)
    Signal.objects.filter(pk__in=keep).update(bundle=bundle)
    audit.record(
        actor=actor,
        action="signals.bundle_changed",
        obj=bundle,
        detail={"signals": [str(s.uuid) for s in chosen]},
    )
    return bundle


@transaction.atomic
def bundle_pass(*, actor: Any, bundle: Bundle, revision: int | None) -> Bundle:
    """Pass the bundle on to the municipality; from then on it and its signals are fixed."""
    if bundle.is_passed:
        raise ValidationError(_("Deze bundel is al doorgegeven."))
    if not bundle.signals.exists():
        raise ValidationError(_("Een lege bundel kan niet worden doorgegeven."))
    bundle.passed_at = timezone.now()
    bundle.passed_by = actor
    save_if_current(bundle, revision, ("passed_at", "passed_by"))
    audit.record(actor=actor, action="signals.bundle_passed", obj=bundle)
    return bundle


# --- Answers ---------------------------------------------------------------------------------


def _check_answer(status: str, reason: str) -> None:
    if status in REASON_REQUIRED and not reason.strip():
        raise ValidationError(
            {
                "reason": [
                    _("Schrijf erbij waarom: dat is verplicht bij ‘%(status)s’.")
                    % {"status": Status(status).label}
                ]
            }
        )


@transaction.atomic
def answer_bundle(
    *, actor: Any, bundle: Bundle, status: str, reason: str, revision: int | None
) -> Answer:
    """The answer counts for every signal in the bundle (the coach reads it on theirs)."""
    if not bundle.is_passed:
        raise ValidationError(_("Deze bundel is nog niet aan de gemeente doorgegeven."))
    _check_answer(status, reason)
    bundle.status = status
    save_if_current(bundle, revision, ("status",))
    answer = Answer(bundle=bundle, status=status, reason=reason.strip(), answered_by=actor)
    answer.full_clean()
    answer.save()
    now = answer.created_at
    bundle.signals.update(status=status)
    bundle.signals.filter(first_answered_at__isnull=True).update(first_answered_at=now)
    audit.record(
        actor=actor, action="signals.bundle_answered", obj=bundle, detail={"status": status}
    )
    return answer


@transaction.atomic
def answer_signal(
    *, actor: Any, signal: Signal, status: str, reason: str, revision: int | None
) -> Answer:
    if not signal.is_passed:
        raise ValidationError(_("Dit signaal is nog niet aan de gemeente doorgegeven."))
    _check_answer(status, reason)
    answer = Answer(signal=signal, status=status, reason=reason.strip(), answered_by=actor)
    answer.full_clean()
    signal.status = status
    fields: tuple[str, ...] = ("status",)
    if signal.first_answered_at is None:
        signal.first_answered_at = timezone.now()
        fields = ("status", "first_answered_at")
    save_if_current(signal, revision, fields)
    answer.save()
    audit.record(
        actor=actor, action="signals.signal_answered", obj=signal, detail={"status": status}
    )
    return answer


# --- Breakthroughs ---------------------------------------------------------------------------


@transaction.atomic
def breakthrough_create(
    *, actor: Any, title: str, for_whom: str, occurred_on: date, description: str
) -> Breakthrough:
    refuse_names(actor, {"title": title, "description": description})
    found = Breakthrough(
        author=actor,
        title=title,
        for_whom=for_whom,
        occurred_on=occurred_on,
        description=description,
    )
    found.full_clean()
    found.save()
    audit.record(
        actor=actor,
        action="signals.breakthrough_created",
        obj=found,
        detail={"for_whom": for_whom},
    )
    return found


@transaction.atomic
def breakthrough_update(
    *, actor: Any, breakthrough: Breakthrough, revision: int | None = None, **data: Any
) -> Breakthrough:
    refuse_names(actor, {name: data[name] for name in BREAKTHROUGH_TEXTS if name in data})
    for name in BREAKTHROUGH_FIELDS:
        if name in data:
            setattr(breakthrough, name, data[name])
    breakthrough.full_clean(exclude=["author"])
    save_if_current(breakthrough, revision, BREAKTHROUGH_FIELDS)
    audit.record(
        actor=actor,
        action="signals.breakthrough_changed",
        obj=breakthrough,
        detail={"for_whom": breakthrough.for_whom},
    )
    return breakthrough
