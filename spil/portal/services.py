"""Every write of the portal: keyword-only, atomic, audited with the member as subject,
then an event so the coach hears of it (notifications subscribes)."""

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from spil.core import audit, events
from spil.core.access import Audience, FamilyAccess, FamilyPart, portal_audience
from spil.core.versioning import save_if_current, stale_edit
from spil.families.models import Member
from spil.trajectories.models import Trajectory

from .models import CORRECTION_DAYS, CorrectionRequest, FamilyAccount, Message
from .selectors import thread_member


@transaction.atomic
def account_create(*, member: Any, email: str, password: str, actor: Any = None) -> FamilyAccount:
    """A family account for `member`: never staff, never with memberships. Refused for a
    member who may not have one (under 12), who has one, or an address in use."""
    if portal_audience(member) is None:
        raise ValidationError(_("Dit gezinslid kan (nog) geen eigen account krijgen."))
    if FamilyAccount.objects.filter(member=member).exists():
        raise ValidationError(_("Dit gezinslid heeft al een account."))
    user_model = get_user_model()
    if user_model.objects.filter(email__iexact=email.strip()).exists():
        raise ValidationError(_("Dit e-mailadres is al in gebruik. Kies een ander adres."))
    user = user_model.objects.create_user(
        email=email, password=password, full_name=str(member), is_family_account=True
    )
    account = FamilyAccount.objects.create(user=user, member=member)
    audit.record(
        actor=actor or user,
        action="portal.account_created",
        obj=account,
        family=member.family,
        detail={"lid": str(member.uuid)},
    )
    return account


# === Messages and corrections (AVG art. 16) ================================================
# (issue 14: "the family's voice"; kept together at the end of the file)

MESSAGE_MAX_LENGTH = 2000
ABOUT_MAX_LENGTH = 200
CORRECTION_MAX_LENGTH = 2000


def _require_acting_member(access: FamilyAccess) -> None:
    """Only a family member in their own portal acts here; a coach's preview does not."""
    access.require(FamilyPart.BASICS)
    if not access.may_act():
        raise Http404


def _text(value: str, *, field: str, limit: int, empty: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: empty})
    if len(text) > limit:
        raise ValidationError(
            {field: _("Dit is te lang: hoogstens %(limit)s tekens.") % {"limit": limit}}
        )
    return text


def _message_text(body: str) -> str:
    return _text(
        body,
        field="body",
        limit=MESSAGE_MAX_LENGTH,
        empty=_("Het bericht is leeg. Schrijf eerst iets."),
    )


@transaction.atomic
def message_send_by_family(*, access: FamilyAccess, body: str) -> Message:
    """A member writes to the coach: a parent in the family's thread, a young person in
    their own (`selectors.thread_member`). The coach hears of it (FamilyMessageSent)."""
    _require_acting_member(access)
    young_person = thread_member(access)
    message = Message.objects.create(
        family=access.family,
        author=access.user,
        member=access.member,
        young_person=young_person,
        body=_message_text(body),
    )
    audit.record(
        actor=access.user,
        action="portal.message_sent",
        obj=message,
        family=access.family,
        detail={
            "van": "gezin",
            "lid": str(access.member.uuid),
            "gesprek": "jongere" if young_person else "gezin",
        },
    )
    events.emit(
        events.FamilyMessageSent(
            family_id=access.family.pk,
            actor_id=access.user.pk,
            member_id=access.member.pk,
            message_id=message.pk,
        )
    )
    return message


@transaction.atomic
def message_send_by_coach(
    *, access: FamilyAccess, body: str, young_person: Member | None = None
) -> Message:
    """The coach (back-up, teamleider: whoever keeps the whole file) writes to the family:
    to the parents' thread, or to one young person's."""
    access.require_edit()
    if young_person is not None and (
        young_person.family_id != access.family.pk
        or portal_audience(young_person) != Audience.YOUNG
    ):
        raise ValidationError(_("Met dit gezinslid is geen eigen gesprek mogelijk."))
    message = Message.objects.create(
        family=access.family,
        author=access.user,
        member=None,
        young_person=young_person,
        body=_message_text(body),
    )
    detail = {"van": "coach", "gesprek": "jongere" if young_person else "gezin"}
    if young_person is not None:
        detail["lid"] = str(young_person.uuid)
    audit.record(
        actor=access.user,
        action="portal.message_sent",
        obj=message,
        family=access.family,
        detail=detail,
    )
    return message


def _is_the_coach(access: FamilyAccess) -> bool:
    return (
        Trajectory.objects.running()
        .filter(family=access.family)
        .filter(Q(coach=access.user) | Q(backup_coach=access.user))
        .exists()
    )


@transaction.atomic
def messages_mark_read(*, access: FamilyAccess, young_person: Member | None = None) -> int:
    """Reading a thread marks the other side's messages read: a member reads the coach's
    in their thread; the coach or back-up reads the family's in the thread shown
    (`young_person`; a teamleider looking on leaves them unread for the coach). A preview
    marks nothing. The read itself is audited by the page; this records only when."""
    now = timezone.now()
    if access.subject.is_family_member:
        if not access.may_act():
            return 0
        found = Message.objects.filter(
            family=access.family, young_person=thread_member(access), member__isnull=True
        )
    else:
        access.require_edit()
        if not _is_the_coach(access):
            return 0
        found = Message.objects.filter(
            family=access.family, young_person=young_person, member__isnull=False
        )
    return found.filter(read_at__isnull=True).update(read_at=now, updated_at=now)


@transaction.atomic
def correction_request(*, access: FamilyAccess, about: str, request: str) -> CorrectionRequest:
    """A member asks to correct a fact in the file (AVG art. 16): recorded with its
    deadline, a month on (`CORRECTION_DAYS`), and put on the coach's worklist."""
    _require_acting_member(access)
    errors = {}
    cleaned = {}
    for field, value, limit, empty in (
        ("about", about, ABOUT_MAX_LENGTH, _("Schrijf waarover het gaat.")),
        ("request", request, CORRECTION_MAX_LENGTH, _("Schrijf wat er niet klopt.")),
    ):
        try:
            cleaned[field] = _text(value, field=field, limit=limit, empty=empty)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    correction = CorrectionRequest.objects.create(
        family=access.family,
        member=access.member,
        about=cleaned["about"],
        request=cleaned["request"],
        requested_on=today,
        due_on=today + timedelta(days=CORRECTION_DAYS),
    )
    audit.record(
        actor=access.user,
        action="portal.correction_requested",
        obj=correction,
        family=access.family,
        detail={"lid": str(access.member.uuid), "uiterlijk": correction.due_on.isoformat()},
    )
    events.emit(
        events.CorrectionRequested(
            family_id=access.family.pk,
            actor_id=access.user.pk,
            member_id=access.member.pk,
            request_id=correction.pk,
        )
    )
    return correction


ANSWERS = (CorrectionRequest.Status.CORRECTED, CorrectionRequest.Status.DECLINED)


@transaction.atomic
def correction_answer(
    *,
    access: FamilyAccess,
    correction: CorrectionRequest,
    status: str,
    answer: str,
    revision: int | None = None,
) -> CorrectionRequest:
    """The coach answers a request: corrected, or not corrected with the reason. Once
    answered it stays answered; an answer from a form opened before someone else answered
    is refused (`revision`, spil.core.versioning) and says what stands now."""
    access.require_edit()
    if correction.family_id != access.family.pk:
        raise ValidationError(_("Dit verzoek hoort niet bij dit gezin."))
    if status not in ANSWERS:
        raise ValidationError({"status": _("Kies: aangepast of niet aangepast.")})
    text = _text(
        answer,
        field="answer",
        limit=CORRECTION_MAX_LENGTH,
        empty=_("Schrijf wat u aanpaste, of waarom u niets aanpaste."),
    )
    stored_status = correction.status
    correction.status, correction.answer = status, text
    if stored_status != CorrectionRequest.Status.OPEN:
        if revision is not None and revision != correction.revision:
            raise stale_edit(correction, ["status", "answer"])
        raise ValidationError(_("Dit verzoek is al beantwoord."))
    correction.handled_by = access.user
    correction.handled_on = timezone.localdate()
    save_if_current(correction, revision, ["status", "answer", "handled_by", "handled_on"])
    audit.record(
        actor=access.user,
        action="portal.correction_answered",
        obj=correction,
        family=access.family,
        detail={"status": status},
    )
    return correction


# --- The member's own settings (issue 14, reminders) ----------------------------------------


@transaction.atomic
def reminders_set(*, access: Any, by_email: bool) -> FamilyAccount:
    """The member turns the e-mail reminder (a day before an appointment) on or off.
    Only the member themselves: never a coach's preview."""
    if not access.may_act():
        raise ValidationError(_("U bekijkt het portaal als gezin. U kunt hier niets wijzigen."))
    account = FamilyAccount.objects.select_for_update().get(member=access.member, user=access.user)
    if account.reminders_by_email != by_email:
        account.reminders_by_email = by_email
        account.save(update_fields=["reminders_by_email", "updated_at"])
        audit.record(
            actor=access.user,
            action="portal.settings_changed",
            obj=account,
            family=access.family,
            detail={"lid": str(access.member.uuid), "herinnering_email": by_email},
        )
    return account


# --- End of the member's own settings ---------------------------------------------------------
