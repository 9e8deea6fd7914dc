"""Writes of the API: clients (created and revoked by a beheerder on the command line) and
referrals sent by a partner system. Every write is audited with the client and its
organisation; `detail` holds the client id, never personal data."""

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oauth2_provider.models import AccessToken, Application, RefreshToken

from spil.accounts import services as account_services
from spil.accounts.models import Organisation, User
from spil.core import audit
from spil.core.roles import Role
from spil.families.services import InvolvementData, MemberData
from spil.intake import services as intake_services
from spil.intake.models import Referral

from .models import ApiClient
from .scopes import Scope

# The address of a client's own account: never a mailbox (RFC 2606 reserves .invalid).
ACCOUNT_DOMAIN = "api.spil.invalid"


def parse_scopes(scopes: list[str] | str) -> list[str]:
    """Known scopes, each once, in the order of `Scope`; an unknown one is refused."""
    given = scopes.split() if isinstance(scopes, str) else [s for s in scopes if s]
    known = {s.value for s in Scope}
    unknown = sorted(set(given) - known)
    if unknown:
        raise ValidationError(
            _("Onbekende scope: %(scopes)s. Kies uit: %(known)s.")
            % {"scopes": ", ".join(unknown), "known": ", ".join(s.value for s in Scope)}
        )
    if not given:
        raise ValidationError(_("Geef de koppeling minstens één scope."))
    return [s.value for s in Scope if s.value in given]


@transaction.atomic
def api_client_create(
    *,
    actor: Any,
    organisation: Organisation,
    name: str,
    scopes: list[str] | str,
    client_id: str = "",
    client_secret: str = "",
) -> tuple[ApiClient, str]:
    """A new client. Returns it with its secret: the only time the secret is readable,
    it is stored hashed. `client_id`/`client_secret` are for the demo only."""
    scope_list = parse_scopes(scopes)
    if not organisation.is_active:
        raise ValidationError(_("Deze organisatie is niet actief."))
    if not name.strip():
        raise ValidationError(_("Geef de koppeling een naam."))
    secret = client_secret or secrets.token_urlsafe(36)
    application = Application(
        name=name.strip()[:255],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=secret,
        hash_client_secret=True,
    )
    if client_id:
        application.client_id = client_id
    application.full_clean()
    application.save()
    user = User.objects.create_user(
        email=f"api-{application.pk}-{secrets.token_hex(4)}@{ACCOUNT_DOMAIN}",
        password=None,
        full_name=_("API-koppeling %(name)s") % {"name": name.strip()},
        is_api_client=True,
    )
    # The policy of the pages decides what the client may do: a betrokken professional
    # of its organisation (referring; later, consented family parts).
    account_services.membership_add(
        user=user, organisation=organisation, role=Role.PROFESSIONAL, actor=None
    )
    if Scope.MONITORING_READ in scope_list:
        # The monitoring figures: the same rule as the /monitoring/ page, which a
        # beleidsmedewerker reads for the whole region (docs/adr/0022-api.md).
        account_services.membership_add(
            user=user, organisation=organisation, role=Role.POLICY, actor=None
        )
    client = ApiClient.objects.create(
        application=application,
        name=name.strip(),
        organisation=organisation,
        user=user,
        scopes=" ".join(scope_list),
    )
    application.user = user
    application.save(update_fields=["user"])
    audit.record(
        actor=actor,
        action="api.client_created",
        obj=client,
        organisation=organisation,
        detail={"client": client.client_id, "scopes": scope_list},
    )
    return client, secret


@transaction.atomic
def api_client_revoke(*, actor: Any, client: ApiClient) -> ApiClient:
    """No new tokens, and the tokens it has stop working at once."""
    if client.revoked_at is not None:
        return client
    client.revoked_at = timezone.now()
    client.save(update_fields=["revoked_at", "updated_at"])
    RefreshToken.objects.filter(application=client.application).delete()
    AccessToken.objects.filter(application=client.application).delete()
    # A secret nobody knows: the toolkit refuses the old one from now on.
    application = client.application
    application.client_secret = secrets.token_urlsafe(36)
    application.save(update_fields=["client_secret"])
    user = client.user
    user.is_active = False
    user.save(update_fields=["is_active", "updated_at"])
    audit.record(
        actor=actor,
        action="api.client_revoked",
        obj=client,
        organisation=client.organisation,
        detail={"client": client.client_id},
    )
    return client


def referral_send(
    *,
    client: ApiClient,
    meldpunt: Organisation,
    received_on: Any,
    urgency: str,
    concerns: str,
    members: list[MemberData],
    helpers: list[InvolvementData],
    family_name: str = "",
    postcode: str = "",
    house_number: str = "",
    referrer_phone: str = "",
    referrer_email: str = "",
) -> Referral:
    """A partner system's referral: the referral form's own service, as the client's
    account, so the referrer organisation is the client's organisation."""
    with transaction.atomic():
        referral = intake_services.referral_register(
            actor=client.user,
            meldpunt=meldpunt,
            received_on=received_on,
            referrer=intake_services.ReferrerData(phone=referrer_phone, email=referrer_email),
            concerns=concerns,
            members=members,
            helpers=helpers,
            urgency=urgency,
            family_name=family_name,
            postcode=postcode,
            house_number=house_number,
        )
        record_use(client, client.user, "api.referral_created", referral)
    return referral


def record_read(
    client: ApiClient | None,
    actor: Any,
    action: str,
    *,
    family: Any = None,
    obj: Any = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """An API read (of a family's data, or of the figures): the client and its
    organisation, or a staff member's session. `detail` holds codes and uuids only."""
    audit.record(
        actor=actor,
        action=action,
        obj=obj,
        family=family,
        organisation=client.organisation if client else None,
        detail={
            **(detail or {}),
            **({"client": client.client_id} if client else {"session": True}),
        },
    )


def record_use(client: ApiClient | None, actor: Any, action: str, referral: Referral) -> None:
    """An API read or write of a referral: by a client (its id in `detail`), or by a staff
    member's session (the docs page's "try it out")."""
    audit.record(
        actor=actor,
        action=action,
        obj=referral,
        family=referral.family,
        organisation=client.organisation if client else None,
        detail={"client": client.client_id} if client else {"session": True},
    )
