"""What goes in and out of the API. The referral POST has the referral form's fields and
validators (`spil.intake.forms.ReferralForm`, BSN with python-stdnum); the service checks
the rest exactly as for the form. Every field carries a description for the schema."""

import uuid
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from spil.accounts.models import Organisation
from spil.core.validators import normalise_postcode, validate_bsn
from spil.families.models import FamilyRole, InvolvementRole
from spil.intake.models import Outcome, Referral, Weighing


class ProblemFieldSerializer(serializers.Serializer[Any]):
    field = serializers.CharField(help_text=_("Het veld, met punten genest: members.0.bsn."))
    code = serializers.CharField(help_text=_("Code van de fout, bijvoorbeeld invalid_bsn."))
    detail = serializers.CharField(help_text=_("De fout in het Nederlands."))


class ProblemSerializer(serializers.Serializer[Any]):
    """Problem details (RFC 9457), served as application/problem+json."""

    type = serializers.CharField(help_text=_("Soort fout, als URN."))
    title = serializers.CharField(help_text=_("Korte titel van de fout, in het Nederlands."))
    status = serializers.IntegerField(help_text=_("De HTTP-statuscode."))
    detail = serializers.CharField(help_text=_("Uitleg, in het Nederlands."))
    code = serializers.CharField(help_text=_("Code van de fout."))
    errors = ProblemFieldSerializer(
        many=True, required=False, help_text=_("Bij ongeldige invoer: de fouten per veld.")
    )


class ReferralMemberSerializer(serializers.Serializer[Any]):
    role = serializers.ChoiceField(choices=FamilyRole.choices, help_text=_("Rol in het gezin."))
    first_name = serializers.CharField(max_length=80, help_text=_("Voornaam (roepnaam)."))
    surname = serializers.CharField(max_length=120, help_text=_("Achternaam."))
    birth_date = serializers.DateField(
        required=False, allow_null=True, help_text=_("Geboortedatum (JJJJ-MM-DD), als bekend.")
    )
    bsn = serializers.CharField(
        max_length=9,
        required=False,
        allow_blank=True,
        default="",
        validators=[validate_bsn],
        help_text=_("Burgerservicenummer, als bekend; moet de elfproef halen."),
    )
    lives_in_household = serializers.BooleanField(
        required=False, default=True, help_text=_("Woont dit gezinslid thuis?")
    )


class ReferralHelperSerializer(serializers.Serializer[Any]):
    role = serializers.ChoiceField(
        choices=InvolvementRole.choices, help_text=_("Rol van de hulpverlener bij het gezin.")
    )
    organisation_name = serializers.CharField(
        max_length=200, help_text=_("Organisatie van de hulpverlener.")
    )
    worker_name = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default="", help_text=_("Naam.")
    )
    contact = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Telefoon of e-mail van de hulpverlener."),
    )


class ByUuidField(serializers.SlugRelatedField[Any]):
    """An object named by its uuid; an error never repeats what was sent."""

    default_error_messages = {
        "does_not_exist": _("Er is geen meldpunt met deze uuid."),
        "invalid": _("Geef de uuid van een meldpunt."),
    }

    def to_internal_value(self, data: Any) -> Any:
        try:
            uuid.UUID(str(data))
        except ValueError:
            self.fail("invalid")
        return super().to_internal_value(str(data))


class ReferralCreateSerializer(serializers.Serializer[Any]):
    meldpunt = ByUuidField(
        slug_field="uuid",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.MELDPUNT, is_active=True),
        help_text=_("UUID van het meldpunt dat de melding behandelt."),
    )
    received_on = serializers.DateField(
        help_text=_("Datum van de melding (JJJJ-MM-DD); niet in de toekomst.")
    )
    urgency = serializers.ChoiceField(
        choices=Referral.Urgency.choices,
        default=Referral.Urgency.NORMAL,
        help_text=_("Hoe snel moet het meldpunt iets doen?"),
    )
    family_name = serializers.CharField(
        max_length=120,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Gezinsnaam; leeg: de achternaam van het eerste gezinslid."),
    )
    postcode = serializers.CharField(
        max_length=7, required=False, allow_blank=True, default="", help_text=_("1234AB.")
    )
    house_number = serializers.CharField(
        max_length=12,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Huisnummer met toevoeging."),
    )
    concerns = serializers.CharField(
        max_length=10_000,
        help_text=_("Zorgen, in de woorden van de melder: de kijk van de melder, geen feiten."),
    )
    referrer_phone = serializers.CharField(
        max_length=30,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Telefoonnummer waarop het meldpunt de melder terugbelt."),
    )
    referrer_email = serializers.EmailField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("E-mailadres voor de terugkoppeling aan de melder."),
    )
    members = ReferralMemberSerializer(
        many=True,
        min_length=1,
        max_length=20,
        help_text=_("De gezinsleden (1 tot 20); minstens één."),
    )
    helpers = ReferralHelperSerializer(
        many=True,
        required=False,
        default=list,
        max_length=20,
        help_text=_("Hulpverleners die al bij het gezin betrokken zijn (hoogstens 20)."),
    )

    def validate_postcode(self, value: str) -> str:
        # The service normalises it too; checked here so the error names the field.
        return normalise_postcode(value)


class ReferralStatusSerializer(serializers.Serializer[Any]):
    """What the referrer may see of its referral: never the family file."""

    uuid = serializers.UUIDField(help_text=_("Kenmerk van de melding."))
    meldpunt = serializers.UUIDField(source="meldpunt.uuid", help_text=_("UUID van het meldpunt."))
    received_on = serializers.DateField(help_text=_("Datum van de melding."))
    urgency = serializers.ChoiceField(
        choices=Referral.Urgency.choices, help_text=_("Urgentie van de melding.")
    )
    status = serializers.ChoiceField(
        choices=Referral.Status.choices,
        help_text=_("Waar de melding nu is: ontvangen, in beoordeling, teruggelegd, besloten."),
    )
    status_label = serializers.CharField(
        source="get_status_display", help_text=_("De status in woorden.")
    )
    weighed_on = serializers.DateField(
        allow_null=True, help_text=_("Datum van de weging; leeg zolang niet gewogen.")
    )
    weighing_decision = serializers.ChoiceField(
        choices=Weighing.Decision.choices,
        allow_null=True,
        help_text=_("Uitkomst van de weging; leeg zolang niet gewogen."),
    )
    outcome = serializers.ChoiceField(
        choices=Outcome.choices,
        allow_blank=True,
        help_text=_("Code van de uitkomst (weging of besluit); leeg zolang er geen is."),
    )
    outcome_label = serializers.CharField(
        source="get_outcome_display", help_text=_("De uitkomst in woorden.")
    )
    decided_on = serializers.DateField(
        allow_null=True, help_text=_("Datum van de uitkomst; leeg zolang er geen is.")
    )
    advice = serializers.CharField(
        help_text=_("Advies van het meldpunt aan de melder bij terugleggen; anders leeg.")
    )

    def to_representation(self, instance: Referral) -> dict[str, Any]:
        weighing = getattr(instance, "weighing", None) if instance.pk else None
        data = super().to_representation(_StatusView(instance, weighing))
        return data


class _StatusView:
    """The referral with its weighing's few public facts as plain attributes."""

    def __init__(self, referral: Referral, weighing: Weighing | None) -> None:
        self._referral = referral
        self.weighed_on = weighing.weighed_on if weighing else None
        self.weighing_decision = weighing.decision if weighing else None
        self.advice = weighing.advice if weighing else ""

    def __getattr__(self, name: str) -> Any:
        return getattr(self._referral, name)
