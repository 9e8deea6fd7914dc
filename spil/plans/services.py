"""Every write of the family plan: keyword-only, in one transaction, audited with the
family's UUID (codes and numbers only, never goal or note text). Refusals are Dutch
ValidationErrors and store nothing.

Hard rules (issue 7): one active plan per family (also a database constraint); a step
has an owner (also a constraint); a scaling answer lies between 0 and 10 (also a
constraint); a plan without goals cannot be agreed.

Versions: content (goals, steps, contributions) is written to the working version only
while it is a draft. When the working version is agreed, a content change first starts a
new draft that copies the agreed content (`_draft_for_change`), so the agreed version
stays as it was agreed. Progress — a step done, a goal's status — is recorded on the
working version without a new draft: it is what happened, not a change of what was
agreed. Objects may be passed from any version of the plan; they are mapped onto the
working version by their `key`.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spil.accounts.models import User
from spil.assessments.models import Domain
from spil.core import audit, events
from spil.core.access import Audience, FamilyAccess, FamilyPart
from spil.core.validators import not_in_future
from spil.core.versioning import STALE_MESSAGE_PLAIN, StaleEdit, save_if_current
from spil.directory.models import Offer
from spil.families.models import Family, Involvement, Member, NetworkContact
from spil.trajectories.models import Trajectory

from . import instruments, selectors
from .models import (
    RESPONSE_REMARK_MAX,
    SCALE_MAX,
    SCALE_MIN,
    Contribution,
    Evaluation,
    Goal,
    GoalEvaluation,
    Plan,
    PlanResponse,
    PlanVersion,
    ScalingAnswer,
    Step,
    StepProposal,
)

Owner = Member | User | Involvement | NetworkContact


def _record(actor: Any, action: str, family: Family, obj: Any, **detail: Any) -> None:
    audit.record(actor=actor, action=action, obj=obj, family=family, detail=detail or None)


def _text(value: str | None) -> str:
    return (value or "").strip()


def _active(plan: Plan) -> None:
    if not plan.is_active:
        raise ValidationError(_("Dit plan is afgesloten. Begin een nieuw plan om verder te gaan."))


def working_version(plan: Plan) -> PlanVersion:
    return PlanVersion.objects.select_for_update().get(plan=plan, is_current=True)


# --- The plan -------------------------------------------------------------------------------

ONE_PLAN = gettext_lazy(
    "Dit gezin heeft al een actief plan. Eén gezin, één plan: werk het bestaande plan bij."
)


@transaction.atomic
def plan_start(*, access: FamilyAccess, started_on: date | None = None) -> Plan:
    """The family's one plan, with a first draft. A second active plan is refused."""
    access.require_edit()
    actor, family = access.user, access.family
    started_on = started_on or timezone.localdate()
    not_in_future(started_on, "started_on")
    if Plan.objects.filter(family=family, status=Plan.Status.ACTIVE).exists():
        raise ValidationError(str(ONE_PLAN))
    plan = Plan(
        family=family,
        trajectory=Trajectory.objects.running().filter(family=family).first(),
        started_on=started_on,
        created_by=actor,
    )
    plan.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as error:  # two requests at once: the constraint decides
        raise ValidationError(str(ONE_PLAN)) from error
    version = PlanVersion(plan=plan, number=1, created_by=actor)
    version.full_clean()
    version.save()
    _record(actor, "plan.started", family, plan)
    return plan


@transaction.atomic
def plan_close(*, actor: Any, plan: Plan, closed_on: date, closing_note: str = "") -> Plan:
    _active(plan)
    not_in_future(closed_on, "closed_on")
    if closed_on < plan.started_on:
        raise ValidationError({"closed_on": _("Deze datum ligt voor het begin van het plan.")})
    plan.status = Plan.Status.CLOSED
    plan.closed_on = closed_on
    plan.closing_note = _text(closing_note)
    plan.full_clean()
    plan.save(update_fields=["status", "closed_on", "closing_note", "updated_at"])
    _record(actor, "plan.closed", plan.family, plan)
    return plan


def _copy_content(source: PlanVersion, target: PlanVersion) -> None:
    """Goals with their members, steps and contributions, keys kept, new uuids."""
    goals = list(source.goals.prefetch_related("members", "steps", "contributions"))
    for goal in goals:
        members = list(goal.members.all())
        steps = list(goal.steps.all())
        contributions = list(goal.contributions.all())
        goal.pk = None
        goal.uuid = uuid.uuid4()
        goal.version = target
        goal._state.adding = True
        goal.save()
        # `add`, not `set`: `set` reads the prefetched members — the source goal's — as the
        # copy's and added none (a young person's own goal then vanished from the portal).
        goal.members.add(*members)
        for step in steps:
            step.pk, step.uuid, step.goal = None, uuid.uuid4(), goal
            step._state.adding = True
        for contribution in contributions:
            contribution.pk, contribution.uuid, contribution.goal = None, uuid.uuid4(), goal
            contribution._state.adding = True
        Step.objects.bulk_create(steps)
        Contribution.objects.bulk_create(contributions)


def _draft_for_change(*, actor: Any, plan: Plan) -> PlanVersion:
    """The draft to write content to: the working version when it is a draft, otherwise
    a new draft copied from the agreed working version (which then stays as agreed)."""
    _active(plan)
    current = working_version(plan)
    if current.is_draft:
        return current
    current.is_current = False
    current.save(update_fields=["is_current", "updated_at"])
    draft = PlanVersion(
        plan=plan, number=current.number + 1, based_on=current, created_by=actor, is_current=True
    )
    draft.full_clean()
    draft.save()
    _copy_content(current, draft)
    _record(
        actor,
        "plan.version_started",
        plan.family,
        draft,
        number=draft.number,
        based_on=current.number,
    )
    return draft


def _goal_in(version: PlanVersion, goal: Goal) -> Goal:
    if goal.version_id == version.id:
        return goal
    found = version.goals.filter(key=goal.key).first()
    if found is None:
        raise ValidationError(_("Dit doel staat niet meer in de nieuwste versie van het plan."))
    return found


def _step_in(version: PlanVersion, step: Step) -> Step:
    if step.goal.version_id == version.id:
        return step
    found = Step.objects.filter(goal__version=version, key=step.key).first()
    if found is None:
        raise ValidationError(_("Deze stap staat niet meer in de nieuwste versie van het plan."))
    return found


def _working_goal(goal: Goal) -> Goal:
    """For progress: the same goal in the working version (no new draft)."""
    plan = goal.version.plan
    _active(plan)
    return _goal_in(working_version(plan), goal)


# --- Goals ----------------------------------------------------------------------------------

GOAL_FIELDS = (
    "title",
    "domain",
    "origin",
    "whole_family",
    "measurable",
    "acceptable",
    "communicated",
    "inspiring",
    "engaging",
    "target_on",
)
MAGIE_FIELDS = ("measurable", "acceptable", "communicated", "inspiring", "engaging")


def _check_goal(
    family: Family,
    *,
    title: str,
    domain: Domain | None,
    origin: str,
    whole_family: bool,
    members: Sequence[Member],
    check_domain: bool,
) -> None:
    if not title:
        raise ValidationError(
            {"title": _("Schrijf het doel op, het liefst in de woorden van het gezin.")}
        )
    if domain is None:
        raise ValidationError({"domain": _("Kies het leefgebied van dit doel.")})
    if check_domain:
        instrument = instruments.family_instrument(family)
        if domain.instrument_id != instrument.id:
            raise ValidationError(
                {
                    "domain": _("Kies een leefgebied van het instrument van het gezin (%(name)s).")
                    % {"name": instrument.name}
                }
            )
    if origin not in Goal.Origin.values:
        raise ValidationError({"origin": _("Kies van wie het doel komt.")})
    if not whole_family and not members:
        raise ValidationError({"members": _("Kies voor wie het doel is, of kies het hele gezin.")})
    for member in members:
        if member.family_id != family.id:
            raise ValidationError({"members": _("Deze persoon hoort niet bij dit gezin.")})


@transaction.atomic
def goal_add(
    *,
    actor: Any,
    plan: Plan,
    title: str,
    domain: Domain | None,
    origin: str = Goal.Origin.FAMILY,
    whole_family: bool = True,
    members: Sequence[Member] = (),
    measurable: str = "",
    acceptable: str = "",
    communicated: str = "",
    inspiring: str = "",
    engaging: str = "",
    target_on: date | None = None,
) -> Goal:
    """A goal in the family's words. Negative wording and more goals than the programme
    allows are warnings (see selectors), never refusals."""
    _active(plan)
    family = plan.family
    title = _text(title)
    members = list(members)
    _check_goal(
        family,
        title=title,
        domain=domain,
        origin=origin,
        whole_family=whole_family,
        members=members,
        check_domain=True,
    )
    assert domain is not None  # checked above
    draft = _draft_for_change(actor=actor, plan=plan)
    last = draft.goals.order_by("-order").values_list("order", flat=True).first()
    goal = Goal(
        version=draft,
        order=(last or 0) + 1,
        title=title,
        domain=domain,
        origin=origin,
        whole_family=whole_family,
        measurable=_text(measurable),
        acceptable=_text(acceptable),
        communicated=_text(communicated),
        inspiring=_text(inspiring),
        engaging=_text(engaging),
        target_on=target_on,
    )
    goal.full_clean()
    goal.save()
    goal.members.set([] if whole_family else members)
    _record(actor, "plan.goal_added", family, goal, version=draft.number, domain=domain.code)
    return goal


@transaction.atomic
def goal_update(
    *,
    actor: Any,
    goal: Goal,
    title: str,
    domain: Domain | None,
    origin: str,
    whole_family: bool,
    members: Sequence[Member] = (),
    measurable: str = "",
    acceptable: str = "",
    communicated: str = "",
    inspiring: str = "",
    engaging: str = "",
    target_on: date | None = None,
    revision: int | None = None,
) -> Goal:
    """Change what the goal says. After agreement this starts a new draft; without a
    change nothing is written. `revision`: the goal's revision the form showed; a stale
    one is refused (StaleEdit)."""
    plan = goal.version.plan
    _active(plan)
    family = plan.family
    members = [] if whole_family else list(members)
    wanted: dict[str, Any] = {
        "title": _text(title),
        "domain": domain,
        "origin": origin,
        "whole_family": whole_family,
        "measurable": _text(measurable),
        "acceptable": _text(acceptable),
        "communicated": _text(communicated),
        "inspiring": _text(inspiring),
        "engaging": _text(engaging),
        "target_on": target_on,
    }
    current = _goal_in(working_version(plan), goal)
    _check_goal(
        family,
        title=wanted["title"],
        domain=domain,
        origin=origin,
        whole_family=whole_family,
        members=members,
        check_domain=domain is not None and domain.id != current.domain_id,
    )
    changed = [name for name in GOAL_FIELDS if getattr(current, name) != wanted[name]]
    members_changed = {m.id for m in current.members.all()} != {m.id for m in members}
    if not changed and not members_changed:
        return current
    draft = _draft_for_change(actor=actor, plan=plan)
    target = _goal_in(draft, current)
    for name in changed:
        setattr(target, name, wanted[name])
    target.full_clean()
    # A new draft's copy keeps the revision of the goal it was copied from.
    save_if_current(target, revision, fields=changed)
    target.members.set(members)
    _record(
        actor,
        "plan.goal_changed",
        family,
        target,
        version=draft.number,
        fields=sorted(changed + (["members"] if members_changed else [])),
    )
    return target


@transaction.atomic
def goal_remove(*, actor: Any, goal: Goal) -> PlanVersion:
    plan = goal.version.plan
    draft = _draft_for_change(actor=actor, plan=plan)
    target = _goal_in(draft, goal)
    if GoalEvaluation.objects.filter(goal=target).exists():
        raise ValidationError(
            _(
                "Dit doel is al geëvalueerd. Zet de status op “gestopt” in plaats van het "
                "weg te halen."
            )
        )
    key = target.key
    target.delete()
    _record(actor, "plan.goal_removed", plan.family, draft, version=draft.number, goal=str(key))
    return draft


@transaction.atomic
def goal_set_status(*, actor: Any, goal: Goal, status: str, on: date | None = None) -> Goal:
    """Progress: the goal's status with the date it holds from (open has no date)."""
    target = _working_goal(goal)
    if status not in Goal.Status.values:
        raise ValidationError({"status": _("Kies een status.")})
    if status == Goal.Status.OPEN:
        on = None
    else:
        if on is None:
            raise ValidationError({"on": _("Vul de datum van deze status in.")})
        not_in_future(on, "on")
    was = target.status
    target.status = status
    target.status_on = on
    target.full_clean()
    target.save(update_fields=["status", "status_on", "updated_at"])
    _record(actor, "plan.goal_status_changed", target.version.plan.family, target, status=status)
    if status == Goal.Status.REACHED and was != Goal.Status.REACHED and on is not None:
        events.emit(
            events.GoalReached(
                family_id=target.version.plan.family_id,
                actor_id=actor.pk,
                goal_id=target.pk,
                on=on,
            )
        )
    return target


# --- Steps ----------------------------------------------------------------------------------

NO_OWNER = gettext_lazy(
    "Kies wie deze stap zet: een gezinslid, de coach, een betrokken hulpverlener of "
    "iemand uit het netwerk. Een stap zonder eigenaar kan niet."
)


def coaches_of(family: Family) -> list[User]:
    """The coach and back-up coach of the family's running trajectory."""
    trajectory = (
        Trajectory.objects.running()
        .filter(family=family)
        .select_related("coach", "backup_coach")
        .first()
    )
    if trajectory is None:
        return []
    return [u for u in (trajectory.coach, trajectory.backup_coach) if u is not None]


def owner_fields(family: Family, owner: Owner | None) -> dict[str, Any]:
    """The owner columns of a step for `owner`; refused without one or from elsewhere."""
    fields: dict[str, Any] = {
        "owner_member": None,
        "owner_user": None,
        "owner_involvement": None,
        "owner_network": None,
    }
    other_family = ValidationError({"owner": _("Deze persoon hoort niet bij dit gezin.")})
    if owner is None:
        raise ValidationError({"owner": str(NO_OWNER)})
    if isinstance(owner, Member):
        if owner.family_id != family.id:
            raise other_family
        return fields | {
            "owner_kind": Step.OwnerKind.MEMBER,
            "owner_member": owner,
            "owner_name": str(owner),
        }
    if isinstance(owner, Involvement):
        if owner.family_id != family.id:
            raise other_family
        if owner.until is not None:
            raise ValidationError({"owner": _("Deze hulpverlener is niet meer betrokken.")})
        return fields | {
            "owner_kind": Step.OwnerKind.WORKER,
            "owner_involvement": owner,
            "owner_name": str(owner),
        }
    if isinstance(owner, NetworkContact):
        if owner.family_id != family.id:
            raise other_family
        return fields | {
            "owner_kind": Step.OwnerKind.NETWORK,
            "owner_network": owner,
            "owner_name": str(owner),
        }
    if isinstance(owner, User):
        if owner.pk not in {u.pk for u in coaches_of(family)}:
            raise ValidationError(
                {"owner": _("Alleen de coach of de back-up coach van het gezin kan dit zijn.")}
            )
        return fields | {
            "owner_kind": Step.OwnerKind.COACH,
            "owner_user": owner,
            "owner_name": owner.full_name,
        }
    raise ValidationError({"owner": str(NO_OWNER)})


@transaction.atomic
def step_add(
    *,
    actor: Any,
    goal: Goal,
    what: str,
    owner: Owner | None,
    due_on: date | None = None,
    offer: Offer | None = None,
) -> Step:
    """A small step with its owner. A step without an owner is refused. A step may point
    to an offer of the sociale kaart ("aanmelden bij …")."""
    plan = goal.version.plan
    _active(plan)
    family = plan.family
    what = _text(what)
    if not what:
        raise ValidationError({"what": _("Schrijf op wat er gaat gebeuren.")})
    owner_data = owner_fields(family, owner)
    draft = _draft_for_change(actor=actor, plan=plan)
    target = _goal_in(draft, goal)
    last = target.steps.order_by("-order").values_list("order", flat=True).first()
    step = Step(
        goal=target,
        order=(last or 0) + 1,
        what=what,
        due_on=due_on,
        offer=_offer(offer),
        **owner_data,
    )
    step.full_clean()
    step.save()
    _record(
        actor,
        "plan.step_added",
        family,
        step,
        version=draft.number,
        owner_kind=owner_data["owner_kind"],
        offer=str(offer.uuid) if offer else "",
    )
    return step


def _offer(offer: Offer | None) -> Offer | None:
    if offer is not None and not offer.is_active:
        raise ValidationError({"offer": _("Dit aanbod is er niet meer; kies een ander.")})
    return offer


@transaction.atomic
def step_update(
    *,
    actor: Any,
    step: Step,
    what: str,
    owner: Owner | None,
    due_on: date | None = None,
    revision: int | None = None,
    offer: Offer | None = None,
) -> Step:
    plan = step.goal.version.plan
    _active(plan)
    family = plan.family
    what = _text(what)
    if not what:
        raise ValidationError({"what": _("Schrijf op wat er gaat gebeuren.")})
    owner_data = owner_fields(family, owner)
    current = _step_in(working_version(plan), step)
    if offer is not None and offer.pk != current.offer_id:
        _offer(offer)
    wanted = {"what": what, "due_on": due_on, "offer": offer, **owner_data}
    changed = [name for name, value in wanted.items() if getattr(current, name) != value]
    if not changed:
        return current
    draft = _draft_for_change(actor=actor, plan=plan)
    target = _step_in(draft, current)
    for name in changed:
        setattr(target, name, wanted[name])
    target.full_clean()
    save_if_current(target, revision, fields=changed)
    _record(actor, "plan.step_changed", family, target, version=draft.number)
    return target


@transaction.atomic
def step_remove(*, actor: Any, step: Step) -> PlanVersion:
    plan = step.goal.version.plan
    draft = _draft_for_change(actor=actor, plan=plan)
    target = _step_in(draft, step)
    key = target.key
    target.delete()
    _record(actor, "plan.step_removed", plan.family, draft, version=draft.number, step=str(key))
    return draft


@transaction.atomic
def step_done(*, actor: Any, step: Step, done_on: date | None, revision: int | None = None) -> Step:
    """Progress: the step is done on `done_on`, or open again with None. With `revision`
    (the API's If-Match) the step in the working version must still be at that revision,
    else `StaleEdit`."""
    plan = step.goal.version.plan
    _active(plan)
    target = _step_in(working_version(plan), step)
    if done_on is not None:
        not_in_future(done_on, "done_on")
    target.done_on = done_on
    target.full_clean()
    if revision is None:
        target.save(update_fields=["done_on", "updated_at"])
    else:
        save_if_current(target, revision, fields=["done_on"])
    action = "plan.step_done" if done_on else "plan.step_reopened"
    _record(actor, action, plan.family, target)
    return target


# --- Professionals write their own part (issue 20, point 5) ---------------------------------

NOT_YOURS = gettext_lazy(
    "U kunt alleen stappen voorstellen en afvinken voor uw eigen organisatie, en alleen als "
    "het gezin toestemming gaf om het plan met uw organisatie te delen."
)


@transaction.atomic
def step_propose(
    *,
    access: FamilyAccess,
    goal: Goal,
    involvement: Involvement | None,
    what: str,
    due_on: date | None = None,
) -> StepProposal:
    """A betrokken professional proposes a step for their own organisation under a goal
    (seed 004: each helper brings their own piece of the plan). It waits for the coach,
    who accepts it into the next plan version or declines it with a reason."""
    plan = goal.version.plan
    if plan.family_id != access.family.pk:
        raise ValidationError(_("Dit doel hoort niet bij dit gezin."))
    _active(plan)
    if not access.writes_for(involvement):
        raise ValidationError({"involvement": str(NOT_YOURS)})
    assert involvement is not None  # writes_for refuses None
    what = _text(what)
    if not what:
        raise ValidationError({"what": _("Schrijf op wat er gaat gebeuren.")})
    if due_on is not None and due_on < timezone.localdate():
        raise ValidationError({"due_on": _("Deze datum ligt in het verleden.")})
    proposal = StepProposal(
        plan=plan,
        goal_key=goal.key,
        goal_title=goal.title,
        involvement=involvement,
        what=what,
        due_on=due_on,
        proposed_by=access.user,
    )
    proposal.full_clean()
    proposal.save()
    _record(
        access.user,
        "plan.step_proposed",
        plan.family,
        proposal,
        goal=str(goal.key),
        involvement=str(involvement.uuid),
    )
    return proposal


@transaction.atomic
def step_proposal_decide(
    *,
    actor: Any,
    proposal: StepProposal,
    accept: bool,
    reason: str = "",
    revision: int | None = None,
) -> StepProposal:
    """The coach takes a professional's proposed step into the plan — into the draft, so
    the next version the family agrees to — owned by the organisation's involvement, or
    declines it with a reason. Decided once; a stale form is refused (StaleEdit)."""
    plan = proposal.plan
    current = StepProposal.objects.select_for_update().get(pk=proposal.pk)
    if current.status != StepProposal.Status.OPEN:
        raise ValidationError(_("Over dit voorstel is al besloten."))
    reason = _text(reason)
    if not accept and not reason:
        raise ValidationError(
            {
                "reason": _(
                    "Schrijf op waarom de stap niet in het plan komt; de professional leest het."
                )
            }
        )
    current.decided_by = actor
    current.decided_on = timezone.localdate()
    if accept:
        _active(plan)
        goal = working_version(plan).goals.filter(key=current.goal_key).first()
        if goal is None:
            raise ValidationError(_("Het doel van dit voorstel staat niet meer in het plan."))
        step = step_add(
            actor=actor,
            goal=goal,
            what=current.what,
            owner=current.involvement,
            due_on=current.due_on,
        )
        current.status = StepProposal.Status.ACCEPTED
        current.step_key = step.key
        current.decline_reason = ""
    else:
        current.status = StepProposal.Status.DECLINED
        current.decline_reason = reason
    current.full_clean()
    save_if_current(
        current,
        revision,
        fields=["status", "decided_by", "decided_on", "decline_reason", "step_key"],
    )
    _record(
        actor,
        "plan.step_proposal_decided",
        plan.family,
        current,
        status=current.status,
    )
    return current


def may_mark_own_step(access: FamilyAccess, step: Step) -> bool:
    """The one rule for "a partner marks its own step" — on the pages (issue 20, point 5)
    and through the API (issue 17): the step's owner is a worker of an organisation whose
    plan part this professional may write."""
    return (
        step.goal.version.plan.family_id == access.family.pk
        and step.owner_kind == Step.OwnerKind.WORKER
        and access.writes_for(step.owner_involvement)
    )


@transaction.atomic
def own_step_done(
    *, access: FamilyAccess, step: Step, done_on: date | None, revision: int | None = None
) -> Step:
    """A betrokken professional marks a step of their own organisation done (or open
    again): progress on the working version, as the coach's `step_done`; nothing else of
    the plan. With `revision` (the API's If-Match) a changed step is refused (StaleEdit)."""
    if not may_mark_own_step(access, step):
        raise ValidationError(str(NOT_YOURS))
    return step_done(actor=access.user, step=step, done_on=done_on, revision=revision)


# --- Contributions --------------------------------------------------------------------------


@transaction.atomic
def contribution_save(
    *, actor: Any, goal: Goal, involvement: Involvement | None, part: str
) -> Contribution:
    """An organisation's part in a goal: added, or changed when it is there already."""
    plan = goal.version.plan
    _active(plan)
    family = plan.family
    part = _text(part)
    if involvement is None or involvement.family_id != family.id:
        raise ValidationError(
            {"involvement": _("Kies een hulpverlener uit het team rond het gezin.")}
        )
    if involvement.until is not None:
        raise ValidationError({"involvement": _("Deze hulpverlener is niet meer betrokken.")})
    if not part:
        raise ValidationError({"part": _("Schrijf op wat deze organisatie doet voor dit doel.")})
    current_goal = _goal_in(working_version(plan), goal)
    existing = current_goal.contributions.filter(involvement=involvement).first()
    if existing is not None and existing.part == part:
        return existing
    if existing is not None:
        # Adding never overwrites what someone else wrote: a change goes through the
        # contribution's own form, which carries its revision (issue 22).
        raise ValidationError(
            {
                "involvement": _(
                    "Deze hulpverlener heeft al een bijdrage bij dit doel. Wijzig die bij de "
                    "bijdrage zelf."
                )
            }
        )
    draft = _draft_for_change(actor=actor, plan=plan)
    target_goal = _goal_in(draft, current_goal)
    contribution = Contribution(goal=target_goal, involvement=involvement, part=part)
    contribution.full_clean()
    contribution.save()
    _record(actor, "plan.contribution_saved", family, contribution, version=draft.number)
    return contribution


@transaction.atomic
def contribution_update(
    *, actor: Any, contribution: Contribution, part: str, revision: int | None = None
) -> Contribution:
    """Change an organisation's part in a goal. `revision`: the contribution's revision the
    form showed; a stale one is refused (StaleEdit), never silently overwritten."""
    plan = contribution.goal.version.plan
    _active(plan)
    part = _text(part)
    if not part:
        raise ValidationError({"part": _("Schrijf op wat deze organisatie doet voor dit doel.")})
    current_goal = _goal_in(working_version(plan), contribution.goal)
    current = current_goal.contributions.filter(involvement=contribution.involvement_id).first()
    if current is None:
        raise StaleEdit(_(STALE_MESSAGE_PLAIN), current_revision=0)
    if current.part == part:
        return current
    draft = _draft_for_change(actor=actor, plan=plan)
    target = _goal_in(draft, current_goal).contributions.get(
        involvement=contribution.involvement_id
    )
    target.part = part
    target.full_clean()
    save_if_current(target, revision, fields=["part"])
    _record(actor, "plan.contribution_saved", plan.family, target, version=draft.number)
    return target


@transaction.atomic
def contribution_remove(*, actor: Any, contribution: Contribution) -> PlanVersion:
    plan = contribution.goal.version.plan
    draft = _draft_for_change(actor=actor, plan=plan)
    goal = _goal_in(draft, contribution.goal)
    removed = goal.contributions.filter(involvement=contribution.involvement_id).delete()[0]
    if removed:
        _record(actor, "plan.contribution_removed", plan.family, draft, version=draft.number)
    return draft


# --- Evaluations ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerData:
    """A scaling answer 0–10 from a family member or from a worker."""

    value: int
    member: Member | None = None
    involvement: Involvement | None = None

    @property
    def who(self) -> str:
        return str(self.member) if self.member is not None else str(self.involvement)


@dataclass(frozen=True)
class GoalProgressData:
    goal: Goal
    progress: str = ""
    answers: Sequence[AnswerData] = ()


def _check_answer(family: Family, goal: Goal, answer: AnswerData) -> None:
    if (answer.member is None) == (answer.involvement is None):
        raise ValidationError(
            _("Een antwoord op de schaalvraag is van één gezinslid of één hulpverlener.")
        )
    if answer.member is not None and answer.member.family_id != family.id:
        raise ValidationError(_("Deze persoon hoort niet bij dit gezin."))
    if answer.involvement is not None and answer.involvement.family_id != family.id:
        raise ValidationError(_("Deze hulpverlener hoort niet bij dit gezin."))
    if not SCALE_MIN <= answer.value <= SCALE_MAX:
        raise ValidationError(
            _(
                "Een schaalvraag gaat van 0 tot 10; %(value)d kan niet "
                "(%(who)s bij het doel “%(goal)s”)."
            )
            % {"value": answer.value, "who": answer.who, "goal": goal.title}
        )


@transaction.atomic
def evaluation_record(
    *,
    actor: Any,
    plan: Plan,
    held_on: date,
    moment: str,
    goals: Sequence[GoalProgressData],
    overall_note: str = "",
    next_on: date | None = None,
) -> Evaluation:
    """An evaluation of the working version: per goal the progress and the scaling answers
    of family members and workers (kept apart), and an overall note."""
    _active(plan)
    family = plan.family
    not_in_future(held_on, "held_on")
    if moment not in Evaluation.Moment.values:
        raise ValidationError({"moment": _("Kies het moment: halverwege, einde of tussentijds.")})
    if next_on is not None and next_on <= held_on:
        raise ValidationError({"next_on": _("De volgende evaluatie ligt na deze evaluatie.")})
    version = working_version(plan)
    checked: list[tuple[Goal, str, list[AnswerData]]] = []
    seen_goals: set[uuid.UUID] = set()
    for data in goals:
        goal = _goal_in(version, data.goal)
        if goal.key in seen_goals:
            raise ValidationError(_("Een doel staat twee keer in de evaluatie."))
        seen_goals.add(goal.key)
        seen: set[tuple[str, int]] = set()
        for answer in data.answers:
            _check_answer(family, goal, answer)
            person = answer.member or answer.involvement
            who = ("m" if answer.member else "w", person.pk if person else 0)
            if who in seen:
                raise ValidationError(
                    _("%(who)s heeft bij “%(goal)s” twee cijfers gegeven; kies er één.")
                    % {"who": answer.who, "goal": goal.title}
                )
            seen.add(who)
        progress = _text(data.progress)
        if progress or data.answers:
            checked.append((goal, progress, list(data.answers)))
    overall_note = _text(overall_note)
    if not checked and not overall_note:
        raise ValidationError(
            _("Vul iets in: de voortgang of een cijfer bij een doel, of een algemene notitie.")
        )
    evaluation = Evaluation(
        plan=plan,
        version=version,
        held_on=held_on,
        moment=moment,
        overall_note=overall_note,
        next_on=next_on,
        recorded_by=actor,
    )
    evaluation.full_clean()
    evaluation.save()
    answers: list[ScalingAnswer] = []
    for goal, progress, goal_answers in checked:
        goal_evaluation = GoalEvaluation(
            evaluation=evaluation, goal=goal, goal_key=goal.key, progress=progress
        )
        goal_evaluation.full_clean()
        goal_evaluation.save()
        for answer in goal_answers:
            scaling = ScalingAnswer(
                goal_evaluation=goal_evaluation,
                member=answer.member,
                involvement=answer.involvement,
                value=answer.value,
            )
            scaling.full_clean()
            answers.append(scaling)
    ScalingAnswer.objects.bulk_create(answers)
    _record(
        actor,
        "plan.evaluated",
        family,
        evaluation,
        moment=moment,
        goals=len(checked),
        answers_family=sum(1 for a in answers if a.member_id),
        answers_workers=sum(1 for a in answers if a.involvement_id),
    )
    return evaluation


# --- The family's agreement -----------------------------------------------------------------


@transaction.atomic
def plan_agree(
    *,
    actor: Any,
    plan: Plan,
    agreed_on: date,
    agreed_how: str,
    agreed_by: Sequence[Member],
    agreement_note: str = "",
) -> PlanVersion:
    """The family agrees with the working draft: who, when and how. From now on its
    content is frozen. A plan without goals cannot be agreed."""
    _active(plan)
    family = plan.family
    version = working_version(plan)
    if version.is_agreed:
        raise ValidationError(
            _(
                "Versie %(number)d is al afgesproken op %(date)s. Verander eerst iets in het "
                "plan; dan ontstaat een nieuw concept om af te spreken."
            )
            % {
                "number": version.number,
                "date": date_format(version.agreed_on or "", "DATE_FORMAT"),
            }
        )
    if not version.goals.exists():
        raise ValidationError(
            _(
                "Een plan zonder doelen kan het gezin niet afspreken. Schrijf eerst samen met "
                "het gezin minstens één doel op."
            )
        )
    if agreed_how not in PlanVersion.Method.values:
        raise ValidationError(
            {
                "agreed_how": _(
                    "Kies hoe het gezin instemde: op papier, in een gesprek of in het portaal."
                )
            }
        )
    not_in_future(agreed_on, "agreed_on")
    if agreed_on < plan.started_on:
        raise ValidationError({"agreed_on": _("Deze datum ligt voor het begin van het plan.")})
    agreed_by = list(agreed_by)
    if not agreed_by:
        raise ValidationError({"agreed_by": _("Kies wie van het gezin met het plan instemt.")})
    if any(member.family_id != family.id for member in agreed_by):
        raise ValidationError({"agreed_by": _("Deze persoon hoort niet bij dit gezin.")})
    version.status = PlanVersion.Status.AGREED
    version.agreed_on = agreed_on
    version.agreed_how = agreed_how
    version.agreement_note = _text(agreement_note)
    version.agreement_recorded_by = actor
    version.full_clean()
    version.save()
    version.agreed_by.set(agreed_by)
    _record(
        actor,
        "plan.agreed",
        family,
        version,
        number=version.number,
        how=agreed_how,
        goals=version.goals.count(),
        people=len(agreed_by),
    )
    return version


# --- The family's voice in the portal (issue 14) ---------------------------------------------
# A family member acts on their own behalf: `access` is their portal access
# (`core.access.member_access`). A coach's preview ("bekijk als gezin") may not act. The
# messages speak to the member: "je" to a young person, "u" to an adult (ADR 0012).


def _you(access: FamilyAccess, young: str, adult: str) -> str:
    return young if access.audience == Audience.YOUNG else adult


def _member_may_act(access: FamilyAccess) -> None:
    if not access.may_act():
        raise ValidationError(_("Hier kunt u alleen kijken. Alleen het gezin zelf kan antwoorden."))
    if not access.sees(FamilyPart.PLAN):
        raise ValidationError(_("Het plan is hier niet te zien."))


@transaction.atomic
def family_respond_to_plan(
    *,
    access: FamilyAccess,
    agrees: bool,
    remark: str = "",
    revision: int | None = None,
    version_uuid: uuid.UUID | None = None,
) -> PlanResponse:
    """A family member agrees to the working version of the family's plan, or says what
    they do not agree with (then `remark` is required). One answer per member per version;
    while the version is a draft the member may change it. `revision`: the revision of
    the answer the form showed (0: the form showed no answer yet; None: do not check) —
    an answer changed since, e.g. in a second browser tab, is refused (StaleEdit).
    `version_uuid`: the version the member read; when the working version is another one
    by now, the answer is refused (they would agree to a plan they did not read)."""
    _member_may_act(access)
    member, family = access.member, access.family
    plan = Plan.objects.filter(family=family, status=Plan.Status.ACTIVE).first()
    if plan is None:
        raise ValidationError(_("Er is nog geen plan om op te antwoorden."))
    version = working_version(plan)
    if version_uuid is not None and version.uuid != version_uuid:
        raise ValidationError(
            _("Het plan is intussen veranderd. Lees het opnieuw en antwoord dan.")
        )
    if not version.is_draft:
        raise ValidationError(
            _you(
                access,
                _("Dit plan is al afgesproken. Wil je iets veranderen? Vertel het de coach."),
                _("Dit plan is al afgesproken. Wilt u iets veranderen? Vertel het de coach."),
            )
        )
    if not version.goals.exists():
        raise ValidationError(_("Het plan heeft nog geen doelen. Antwoorden kan nog niet."))
    remark = _text(remark)
    if not agrees and not remark:
        raise ValidationError(
            {
                "remark": _you(
                    access,
                    _("Schrijf op waar je het niet mee eens bent."),
                    _("Schrijf op waar u het niet mee eens bent."),
                )
            }
        )
    if len(remark) > RESPONSE_REMARK_MAX:
        raise ValidationError(
            {
                "remark": _("Dit is te lang: hoogstens %(limit)d tekens.")
                % {"limit": RESPONSE_REMARK_MAX}
            }
        )
    response = PlanResponse.objects.filter(version=version, member=member).first()
    if response is None:
        if revision:  # the form showed an answer that is no longer there
            raise StaleEdit(_(STALE_MESSAGE_PLAIN), current_revision=0)
        response = PlanResponse(version=version, member=member, agrees=agrees, remark=remark)
        response.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                response.save()
        except IntegrityError as error:  # a second tab answered at the same moment
            raise StaleEdit(_(STALE_MESSAGE_PLAIN), current_revision=0) from error
    else:
        response.agrees, response.remark = agrees, remark
        response.full_clean(validate_constraints=False)
        save_if_current(response, revision, fields=["agrees", "remark"])
    _record(
        access.user,
        "plan.family_responded",
        family,
        member,
        version=str(version.uuid),
        member=str(member.uuid),
        agrees=agrees,
    )
    events.emit(
        events.FamilyRespondedToPlan(
            family_id=family.pk,
            actor_id=access.user.pk,
            member_id=member.pk,
            version_id=version.pk,
            agrees=agrees,
        )
    )
    return response


@transaction.atomic
def family_score_goals(
    *, access: FamilyAccess, evaluation: Evaluation, scores: dict[uuid.UUID, int]
) -> list[ScalingAnswer]:
    """A family member's own answers to the scaling question ("how is it going, 0–10?")
    for the goals of an evaluation, keyed by goal evaluation uuid. Each answer is the
    member's own (created, or changed when given before), never another member's, and
    only for a goal the member sees (`access.sees_goal`). Only for the evaluation that is
    open for the family: see `selectors.scorable_evaluation` (the plan's latest evaluation,
    held at most 30 days ago). The answers join the evaluation's scaling series."""
    _member_may_act(access)
    member, family = access.member, access.family
    plan = evaluation.plan
    if plan.family_id != family.pk:
        raise ValidationError(_("Deze evaluatie hoort niet bij dit gezin."))
    open_now = selectors.scorable_evaluation(plan=plan, today=timezone.localdate())
    if open_now is None or open_now.pk != evaluation.pk:
        raise ValidationError(
            _you(
                access,
                _("Bij deze evaluatie kun je nu geen cijfers meer geven."),
                _("Bij deze evaluatie kunt u nu geen cijfers meer geven."),
            )
        )
    if not scores:
        raise ValidationError(_("Geef bij minstens één doel een cijfer."))
    goal_evaluations = {
        ge.uuid: ge
        for ge in evaluation.goal_evaluations.select_related("goal").prefetch_related(
            "goal__members"
        )
    }
    for key, value in scores.items():
        goal_evaluation = goal_evaluations.get(key)
        if goal_evaluation is None or not access.sees_goal(goal_evaluation.goal):
            raise ValidationError(_("Dit doel hoort niet bij deze evaluatie."))
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(_("Een cijfer is een heel getal van 0 tot 10."))
        if not SCALE_MIN <= value <= SCALE_MAX:
            raise ValidationError(
                _("Een cijfer gaat van 0 tot 10; %(value)d kan niet.") % {"value": value}
            )
    existing = {
        a.goal_evaluation_id: a
        for a in ScalingAnswer.objects.select_for_update().filter(
            goal_evaluation__evaluation=evaluation, member=member
        )
    }
    saved: list[ScalingAnswer] = []
    for key, value in scores.items():
        goal_evaluation = goal_evaluations[key]
        answer = existing.get(goal_evaluation.pk)
        if answer is None:
            answer = ScalingAnswer(goal_evaluation=goal_evaluation, member=member, value=value)
            answer.full_clean(validate_constraints=False)
            try:
                with transaction.atomic():
                    answer.save()
            except IntegrityError as error:  # a second tab answered at the same moment
                raise StaleEdit(_(STALE_MESSAGE_PLAIN), current_revision=0) from error
        elif answer.value != value:
            answer.value = value
            answer.full_clean(validate_constraints=False)
            answer.save(update_fields=["value", "updated_at"])
        saved.append(answer)
    _record(
        access.user,
        "plan.family_scored",
        family,
        member,
        evaluation=str(evaluation.uuid),
        member=str(member.uuid),
        goals=len(saved),
    )
    return saved


# --- The family's own plan (issue 20 point 6) -------------------------------------------------


@transaction.atomic
def version_mark_family_authored(*, actor: Any, version: PlanVersion) -> PlanVersion:
    """Mark a draft as the family's own plan: what the family and its network decided in
    an Eigen Kracht-conferentie (meetings records the decisions as its steps). An agreed
    version stays as it was agreed."""
    if not version.is_draft:
        raise ValidationError(_("Deze versie ligt vast; alleen een concept kan dat nog worden."))
    if not version.authored_by_family:
        version.authored_by_family = True
        version.save(update_fields=["authored_by_family", "updated_at"])
        _record(actor, "plan.family_authored", version.plan.family, version, number=version.number)
    return version
