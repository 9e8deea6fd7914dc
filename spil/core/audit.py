"""The audit trail: one call records who did what to which record of which family.

    audit.record(actor=user, action="goal.reached", obj=goal, family=goal.plan.family)

Events are chained and sealed: each stores an HMAC-SHA256 (key: settings.SPIL_AUDIT_KEY,
never in the database) over its fields and the seal of the one before it in *its* chain.
There is one chain per family (`chain` = the family's uuid) and one global chain for
everything else (logins, refusals, the seals). A writer locks only the head of its own
chain (a PostgreSQL advisory lock keyed on the chain), so writes for different families
never queue behind each other. `seal()` (daily, `audit_anchor`) writes the head of every
changed family chain into the global chain, and the global head is anchored outside the
database (`audit_anchor`, `audit_verify`): removing the newest events of any chain is
noticed. Events from before the split stay the start of the global chain, unchanged.
See docs/adr/0008 and docs/adr/0030.
"""

import hashlib
import hmac
import itertools
import json
import logging
import os
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Count, Max, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from . import context
from .models import AuditEvent

GENESIS_HASH = "0" * 64
# The shortest key accepted; production settings refuse shorter ones too.
MIN_KEY_LENGTH = 32
# A refused family lookup (404): a security event, not a look at the family's file. The
# family is named in `detail` only, so it does not show in that family's "wie keek".
FAMILY_REFUSED = "security.family_refused"

logger = logging.getLogger(__name__)
# The chain of events that concern no family (and of every event from before the split).
GLOBAL_CHAIN = "global"
# The entry in the global chain that seals the heads of the family chains.
CHAINS_SEALED = "audit.chains_sealed"
# At most this many chain heads in one seal entry (a daily seal of a big region is split).
SEAL_BATCH = 500
# A seal looks back this far before the previous seal for changed chains: a transaction
# that took its event's id before the previous seal but committed after it is sealed now.
SEAL_LOOKBACK = timedelta(hours=1)
# The one advisory lock of the design before ADR 0030 (kept for `bench_audit` only).
_SINGLE_CHAIN_LOCK_KEY = 7_412_093


def _uuid_or_none(value: Any) -> uuid.UUID | None:
    if value is None:
        return None
    if isinstance(value, uuid.UUID):
        return value
    if hasattr(value, "uuid"):
        return value.uuid
    return uuid.UUID(str(value))


def canonical(event: AuditEvent) -> str:
    """The exact text that is hashed; any change to a stored field changes it."""
    payload = {
        "uuid": str(event.uuid),
        "occurred_at": event.occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "actor": event.actor_id,
        "organisation": event.organisation_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_uuid": str(event.object_uuid) if event.object_uuid else "",
        "family_uuid": str(event.family_uuid) if event.family_uuid else "",
        "request_id": event.request_id,
        "ip_address": event.ip_address,
        "detail": event.detail,
        "previous_hash": event.previous_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def audit_key() -> bytes:
    key = getattr(settings, "SPIL_AUDIT_KEY", "") or ""
    if len(key) < MIN_KEY_LENGTH:
        raise ImproperlyConfigured(
            f"SPIL_AUDIT_KEY must be set to at least {MIN_KEY_LENGTH} characters."
        )
    return key.encode()


def compute_hash(event: AuditEvent, *, key: bytes | None = None) -> str:
    """The seal of `event`: HMAC-SHA256 of its canonical text with the audit key."""
    return hmac.new(key or audit_key(), canonical(event).encode(), hashlib.sha256).hexdigest()


def chain_of(family_uuid: uuid.UUID | None) -> str:
    """The chain an event about `family_uuid` belongs to (no family: the global chain)."""
    return str(family_uuid) if family_uuid else GLOBAL_CHAIN


def chain_lock_key(chain: str) -> int:
    """The advisory-lock key of one chain: 64 bits of a hash of its name."""
    digest = hashlib.sha256(b"spil.audit.chain:" + chain.encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _lock_chains(chains: list[str]) -> None:
    """Lock the heads of these chains until the transaction ends, always in the same
    (sorted) order, in one statement. SQLite needs no lock: its writers take turns."""
    if connection.vendor != "postgresql" or not chains:
        return
    keys = sorted({chain_lock_key(chain) for chain in chains})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(k) FROM unnest(%s::bigint[]) WITH ORDINALITY AS t(k, n) "
            "ORDER BY n",
            [keys],
        )


@transaction.atomic
def record(
    *,
    actor: Any,
    action: str,
    obj: Model | None = None,
    family: Any = None,
    organisation: Any = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. `actor` may be None (e.g. a failed login for an unknown e-mail).

    `detail` holds codes and keys only — never names, BSNs or free text.
    """
    from . import access  # access reads memberships; imported late to keep startup light

    if organisation is None and actor is not None and actor.is_authenticated:
        organisation = access.acting_organisation(actor)
    chain = chain_of(_uuid_or_none(family))
    _lock_chains([chain])
    event = _chained(actor, organisation, action, obj, family, detail, _last_hash(chain))
    event.save(force_insert=True)
    return event


@transaction.atomic
def record_single_lock(
    *, actor: Any, action: str, family: Any = None, detail: dict[str, Any] | None = None
) -> AuditEvent:
    """The design before ADR 0030, for `bench_audit` only: one lock for every writer and
    one chain for every event (it appends to the global chain, so the trail stays valid)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SINGLE_CHAIN_LOCK_KEY])
    event = _chained(actor, None, action, None, family, detail, _last_hash(GLOBAL_CHAIN))
    event.chain = GLOBAL_CHAIN
    event.save(force_insert=True)
    return event


def _last_hash(chain: str) -> str:
    return AuditEvent.objects.filter(chain=chain).order_by("-id").values_list(
        "hash", flat=True
    ).first() or (GENESIS_HASH)


def _last_hashes(chains: list[str]) -> dict[str, str]:
    """The head seal of each of these chains, in one query. On PostgreSQL one backward
    step on the (chain, id) index per chain: a GROUP BY over the chains would read every
    event of them (37 ms for six families at 100× the demo's history, `make bench`)."""
    if connection.vendor == "postgresql":
        table = AuditEvent._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.chain, e.hash FROM unnest(%s::varchar[]) AS c(chain) "  # noqa: S608
                f"CROSS JOIN LATERAL (SELECT hash FROM {table} WHERE chain = c.chain "
                "ORDER BY id DESC LIMIT 1) AS e",
                [list(chains)],
            )
            return dict(cursor.fetchall())
    newest = (
        AuditEvent.objects.filter(chain__in=chains)
        .values("chain")
        .annotate(last=Max("id"))
        .values("last")
    )
    return dict(AuditEvent.objects.filter(id__in=newest).values_list("chain", "hash"))


def _chained(
    actor: Any,
    organisation: Any,
    action: str,
    obj: Model | None,
    family: Any,
    detail: dict[str, Any] | None,
    previous_hash: str,
) -> AuditEvent:
    """A new, unsaved event chained onto `previous_hash`."""
    ctx = context.current()
    family_uuid = _uuid_or_none(family)
    event = AuditEvent(
        chain=chain_of(family_uuid),
        occurred_at=timezone.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        organisation=organisation,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_uuid=_uuid_or_none(obj) if obj is not None else None,
        family_uuid=family_uuid,
        request_id=ctx.request_id,
        ip_address=ctx.ip_address,
        detail=detail or {},
        previous_hash=previous_hash,
    )
    event.hash = compute_hash(event)
    return event


@transaction.atomic
def record_many(
    *, actor: Any, action: str, families: list[Any], organisation: Any = None
) -> list[AuditEvent]:
    """One event per family (each family sees who looked), each in its family's chain,
    stored at once: a page listing many families costs three queries, not three per
    family (one lock statement for all the chains, one for their heads, one insert)."""
    if not families:
        return []
    from . import access

    if organisation is None and actor is not None and actor.is_authenticated:
        organisation = access.acting_organisation(actor)
    chains = [chain_of(_uuid_or_none(family)) for family in families]
    _lock_chains(chains)
    heads = _last_hashes(sorted(set(chains)))
    events = []
    for family in families:
        event = _chained(
            actor,
            organisation,
            action,
            family,
            family,
            None,
            heads.get(chain_of(_uuid_or_none(family)), GENESIS_HASH),
        )
        heads[event.chain] = event.hash
        events.append(event)
    return AuditEvent.objects.bulk_create(events)


def record_refusal(*, actor: Any, family_uuid: Any, reason: str) -> None:
    """Record that `actor` was refused a family (NEN 7513 logs attempts too).

    `reason` is a code: "no_access" (the family exists, the user may see none of it) or
    "unknown" (no family has this uuid). The family is named in `detail` only, never in
    `family_uuid`: the attempt is a security event for the organisation, not a look at
    the family's file. Never raises: the refusal answers 404 whether or not this is stored.
    """
    try:
        with transaction.atomic():
            record(
                actor=actor,
                action=FAMILY_REFUSED,
                detail={"family": str(family_uuid), "reason": reason},
            )
    except Exception:
        logger.exception(
            "audit: refused family lookup not recorded (user id %s, family %s, reason %s)",
            getattr(actor, "pk", None),
            family_uuid,
            reason,
        )


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    event_uuid: str
    reason: str


@dataclass(frozen=True)
class ChainHead:
    """The newest event of a verified chain; `count` events lead up to it."""

    last_id: int
    last_uuid: str
    hash: str
    count: int


@dataclass(frozen=True)
class Anchor:
    """A head of the global chain written outside the database at `anchored_at` (ISO
    8601, UTC). Through the seals in the global chain it covers every family chain."""

    last_id: int
    last_uuid: str
    hash: str
    count: int
    anchored_at: str


@dataclass(frozen=True)
class Verdict:
    head: ChainHead  # of the global chain: what is anchored
    breaks: list[ChainBreak]  # the first break of each broken chain
    problems: list[str]  # what differs from the anchors and the seals, in Dutch
    events: int = 0
    chains: int = 0

    @property
    def intact(self) -> bool:
        return not self.breaks and not self.problems


@transaction.atomic
def seal(*, full: bool = False) -> list[AuditEvent]:
    """Write the head (number of events and newest seal) of every family chain that
    changed since the previous seal into the global chain, as `audit.chains_sealed`
    entries of at most SEAL_BATCH heads each. `full` seals every chain. Returns the
    entries written (none when no family chain changed)."""
    _lock_chains([GLOBAL_CHAIN])
    family_events = AuditEvent.objects.exclude(chain=GLOBAL_CHAIN)
    previous_seal = (
        AuditEvent.objects.filter(chain=GLOBAL_CHAIN, action=CHAINS_SEALED)
        .order_by("-id")
        .values_list("occurred_at", flat=True)
        .first()
    )
    if previous_seal is not None and not full:
        family_events = family_events.filter(occurred_at__gte=previous_seal - SEAL_LOOKBACK)
    changed = sorted(set(family_events.order_by().values_list("chain", flat=True).distinct()))
    last_sealed = {chain: seals[-1][0] for chain, seals in _seals().items()}
    previous = _last_hash(GLOBAL_CHAIN)
    written = []
    for start in range(0, len(changed), SEAL_BATCH):
        rows = list(
            AuditEvent.objects.filter(chain__in=changed[start : start + SEAL_BATCH])
            .order_by()
            .values("chain")
            .annotate(n=Count("id"), last=Max("id"))
        )
        hashes = dict(
            AuditEvent.objects.filter(id__in=[r["last"] for r in rows]).values_list("id", "hash")
        )
        heads = {
            str(r["chain"]): [r["n"], hashes[r["last"]]]
            for r in sorted(rows, key=lambda row: str(row["chain"]))
            # A chain shorter than it was sealed lost events: sealing it again would
            # paper over that; `verify` reports it against the earlier seal instead.
            if r["n"] >= last_sealed.get(str(r["chain"]), 0)
        }
        if not heads:
            continue
        entry = _chained(None, None, CHAINS_SEALED, None, None, {"heads": heads}, previous)
        entry.save(force_insert=True)
        previous = entry.hash
        written.append(entry)
    return written


def _seals() -> dict[str, list[tuple[int, str, str]]]:
    """chain → every seal that names it, oldest first: (count, head hash, when sealed)."""
    sealed: dict[str, list[tuple[int, str, str]]] = {}
    entries = (
        AuditEvent.objects.filter(chain=GLOBAL_CHAIN, action=CHAINS_SEALED)
        .order_by("id")
        .values_list("detail", "occurred_at")
    )
    for detail, at in entries:
        heads = detail.get("heads") if isinstance(detail, dict) else None
        if not isinstance(heads, dict):
            continue  # a damaged entry fails its own seal; the walk reports that
        for chain, head in heads.items():
            try:
                count, head_hash = int(head[0]), str(head[1])
            except (TypeError, ValueError, IndexError, KeyError):
                continue
            sealed.setdefault(chain, []).append((count, head_hash, at.astimezone(UTC).isoformat()))
    return sealed


class _Walk:
    """One pass over every chain (ordered by chain, then id): the first break of each
    chain, the global head, the anchored global events, and each family chain checked
    against every seal that named it (a chain only grows: each seal's event must still be
    there, at its place)."""

    def __init__(
        self, key: bytes, watch: frozenset[int], sealed: dict[str, list[tuple[int, str, str]]]
    ) -> None:
        self.key, self.watch, self.sealed = key, watch, sealed
        self.breaks: list[ChainBreak] = []
        self.problems: list[str] = []
        self.seen: dict[int, tuple[str, int]] = {}
        self.global_head = ChainHead(0, "", GENESIS_HASH, 0)
        self.global_break: ChainBreak | None = None
        self.events = 0
        self.chains: set[str] = set()

    def run(self) -> "_Walk":
        chain: str | None = None
        state = _ChainState()
        for event in AuditEvent.objects.order_by("chain", "id").iterator(chunk_size=2000):
            if event.chain != chain:
                if chain is not None:
                    self._close(chain, state)
                chain, state = event.chain, self._state(event.chain)
                self.chains.add(chain)
            self.events += 1
            if state.broken is None:
                self._step(event, state)
        if chain is not None:
            self._close(chain, state)
        for missing in sorted(set(self.sealed) - self.chains):
            count, _head, at = max(self.sealed[missing])
            self.problems.append(
                _(
                    "De keten %(chain)s ontbreekt helemaal; de verzegeling van %(at)s telde "
                    "er %(count)s gebeurtenissen."
                )
                % {"chain": missing, "at": at, "count": count}
            )
        return self

    def _state(self, chain: str) -> "_ChainState":
        expected: dict[int, list[tuple[str, str]]] = {}
        for count, head, at in self.sealed.get(chain, ()):
            expected.setdefault(count, []).append((head, at))
        return _ChainState(expected=expected)

    def _step(self, event: AuditEvent, state: "_ChainState") -> None:
        reason = ""
        if event.chain not in (GLOBAL_CHAIN, chain_of(event.family_uuid)):
            reason = "chain"
        elif event.previous_hash != state.previous:
            reason = "previous_hash"
        elif not hmac.compare_digest(compute_hash(event, key=self.key), event.hash):
            reason = "hash"
        if reason:
            state.broken = _break(event, reason)
            self.breaks.append(state.broken)
            return
        state.count += 1
        state.previous, state.last_id, state.last_uuid = event.hash, event.id, str(event.uuid)
        if event.chain == GLOBAL_CHAIN and event.id in self.watch:
            self.seen[event.id] = (event.hash, state.count)
        for head, at in state.expected.get(state.count, ()):
            if head != event.hash and state.differs is None:
                state.differs = (state.count, at)

    def _close(self, chain: str, state: "_ChainState") -> None:
        if chain == GLOBAL_CHAIN:
            self.global_head = ChainHead(
                state.last_id, state.last_uuid, state.previous, state.count
            )
            self.global_break = state.broken
            return
        seals = self.sealed.get(chain)
        if not seals:
            return
        for (earlier, _h, earlier_at), (later, _h2, later_at) in itertools.pairwise(seals):
            if later < earlier:  # written by a seal that did not yet refuse this
                self.problems.append(
                    _(
                        "De verzegeling van %(later_at)s telt %(later)s gebeurtenissen in de "
                        "keten %(chain)s, die van %(earlier_at)s nog %(earlier)s: er zijn "
                        "gebeurtenissen verdwenen."
                    )
                    % {
                        "chain": chain,
                        "later_at": later_at,
                        "later": later,
                        "earlier_at": earlier_at,
                        "earlier": earlier,
                    }
                )
                break
        count, _head, at = max(seals)
        if state.count < count:
            if state.broken is None:
                self.problems.append(
                    _(
                        "De keten %(chain)s is korter dan de verzegeling van %(at)s: "
                        "%(missing)s gebeurtenis(sen) ontbreken na id %(id)s."
                    )
                    % {
                        "chain": chain,
                        "at": at,
                        "missing": count - state.count,
                        "id": state.last_id,
                    }
                )
        elif state.differs is not None:
            position, at = state.differs
            self.problems.append(
                _(
                    "De keten %(chain)s verschilt van de verzegeling van %(at)s: "
                    "gebeurtenis %(count)s is niet meer dezelfde."
                )
                % {"chain": chain, "at": at, "count": position}
            )


@dataclass
class _ChainState:
    previous: str = GENESIS_HASH
    count: int = 0
    last_id: int = 0
    last_uuid: str = ""
    broken: ChainBreak | None = None
    # Sealed counts → (head hash, when sealed); the first seal the chain no longer matches.
    expected: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    differs: tuple[int, str] | None = None


def _break(event: AuditEvent, reason: str) -> ChainBreak:
    return ChainBreak(event.id, str(event.uuid), reason)


def verify_chain() -> Iterator[ChainBreak]:
    """Yield the first break of every broken chain (later ones follow from it)."""
    yield from _Walk(audit_key(), frozenset(), {}).run().breaks


def verify(*, anchors: list[Anchor] | None = None) -> Verdict:
    """Check every seal and link of every chain, each family chain against its newest
    seal in the global chain, and the global chain against the anchors written outside
    the database: an anchored event must still be there, with the same seal and the same
    number of events before it."""
    if anchors is None:
        anchors, problems = read_anchors()
    else:
        problems = []
    # The seals are read before the walk: everything they name was committed before.
    sealed = _seals()
    walk = _Walk(audit_key(), frozenset(a.last_id for a in anchors), sealed).run()
    problems += walk.problems
    for anchor in anchors:
        problem = _compare(anchor, walk.global_head, walk.seen, walk.global_break)
        if problem:
            problems.append(problem)
    return Verdict(walk.global_head, walk.breaks, problems, walk.events, len(walk.chains))


def _compare(
    anchor: Anchor, head: ChainHead, seen: dict[int, tuple[str, int]], first_break: Any
) -> str:
    if anchor.count == 0:
        return ""
    if anchor.last_id in seen:
        sealed, position = seen[anchor.last_id]
        if sealed != anchor.hash:
            return _(
                "Gebeurtenis %(uuid)s (id %(id)s) verschilt van het anker van %(at)s: "
                "de keten is herschreven."
            ) % {"uuid": anchor.last_uuid, "id": anchor.last_id, "at": anchor.anchored_at}
        if position != anchor.count:
            return _(
                "Het anker van %(at)s telde %(anchored)s gebeurtenissen tot en met id "
                "%(id)s; nu zijn het er %(now)s."
            ) % {
                "at": anchor.anchored_at,
                "anchored": anchor.count,
                "id": anchor.last_id,
                "now": position,
            }
        return ""
    if first_break is not None and first_break.event_id <= anchor.last_id:
        return ""  # the break itself is reported; what follows it cannot be compared
    if head.last_id < anchor.last_id:
        return _(
            "De keten is korter dan het anker van %(at)s: %(missing)s gebeurtenis(sen) "
            "ontbreken, na id %(head)s tot en met gebeurtenis %(uuid)s (id %(id)s)."
        ) % {
            "at": anchor.anchored_at,
            "missing": anchor.count - head.count,
            "head": head.last_id,
            "uuid": anchor.last_uuid,
            "id": anchor.last_id,
        }
    return _("Gebeurtenis %(uuid)s (id %(id)s) uit het anker van %(at)s ontbreekt.") % {
        "uuid": anchor.last_uuid,
        "id": anchor.last_id,
        "at": anchor.anchored_at,
    }


def anchor_path() -> Path | None:
    """Where anchors are appended; None only where a test settings file says so."""
    path = getattr(settings, "SPIL_AUDIT_ANCHOR_PATH", None)
    return Path(path) if path else None


def read_anchors() -> tuple[list[Anchor], list[str]]:
    """Every anchor in the store, and a problem for each line that cannot be read."""
    path = anchor_path()
    if path is None or not path.exists():
        return [], []
    anchors, problems = [], []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                anchors.append(Anchor(**json.loads(line)))
            except (ValueError, TypeError):
                problems.append(
                    _("Regel %(number)s van het ankerbestand %(path)s is onleesbaar.")
                    % {"number": number, "path": path}
                )
    return anchors, problems


def append_anchor(head: ChainHead) -> Anchor | None:
    """Append `head` to the anchor store (one JSON line, append-only, flushed to disk)."""
    anchor = Anchor(**asdict(head), anchored_at=timezone.now().astimezone(UTC).isoformat())
    path = anchor_path()
    if path is None:
        return anchor
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(asdict(anchor), sort_keys=True, separators=(",", ":")) + "\n"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    return anchor
