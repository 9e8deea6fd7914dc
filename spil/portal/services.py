"""Every write of the portal: keyword-only, atomic, audited with the member as subject,
then an event so the coach hears of it (notifications subscribes)."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from spil.core import audit
from spil.core.access import portal_audience

from .models import FamilyAccount


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
