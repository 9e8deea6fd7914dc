"""What the API shows of a family: within the parts the policy opens, and of each part only
the shared record — never a BSN, never a working note, never the family story. Every
field carries a description for the schema. Codes are plain strings (their meaning is in
the description); a `*_label` gives the words."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


def _uuid(help_text: Any, **kwargs: Any) -> serializers.UUIDField:
    return serializers.UUIDField(help_text=help_text, **kwargs)


class FamilySerializer(serializers.Serializer[Any]):
    uuid = _uuid(_("Kenmerk van het gezin."))
    name = serializers.CharField(help_text=_("Naam van het gezin."))
    updated_at = serializers.DateTimeField(help_text=_("Wanneer het gezin het laatst wijzigde."))


class FamilyDetailSerializer(FamilySerializer):
    parts = serializers.ListField(
        child=serializers.CharField(help_text=_("Een deel van het dossier.")),
        help_text=_(
            "De delen van het dossier die deze koppeling mag lezen: basis (wie is wie), plan, "
            "contacten, metingen, veiligheid, familieverhaal."
        ),
    )
    revision = serializers.IntegerField(
        help_text=_("Revisie van het gezin; telt op bij elke wijziging (ook in de ETag).")
    )


class MemberSerializer(serializers.Serializer[Any]):
    uuid = _uuid(_("Kenmerk van het gezinslid."))
    role = serializers.CharField(help_text=_("Rol in het gezin (code), bijvoorbeeld ouder, kind."))
    role_label = serializers.CharField(source="get_role_display", help_text=_("De rol in woorden."))
    first_name = serializers.CharField(help_text=_("Voornaam (roepnaam)."))
    surname = serializers.CharField(help_text=_("Achternaam."))
    birth_date = serializers.DateField(allow_null=True, help_text=_("Geboortedatum, als bekend."))
    lives_in_household = serializers.BooleanField(help_text=_("Woont dit gezinslid thuis?"))
    is_deceased = serializers.BooleanField(help_text=_("Is dit gezinslid overleden?"))


class OrganisationRefSerializer(serializers.Serializer[Any]):
    uuid = _uuid(_("Kenmerk van de organisatie."))
    name = serializers.CharField(help_text=_("Naam van de organisatie."))


class InvolvementSerializer(serializers.Serializer[Any]):
    uuid = _uuid(_("Kenmerk van de betrokkenheid."))
    role = serializers.CharField(help_text=_("Rol bij het gezin (code), bijvoorbeeld school."))
    role_label = serializers.CharField(source="get_role_display", help_text=_("De rol in woorden."))
    organisation = OrganisationRefSerializer(
        allow_null=True, help_text=_("De organisatie in Spil; leeg als die niet in Spil staat.")
    )
    organisation_name = serializers.SerializerMethodField(
        help_text=_("Naam van de organisatie (ook als die niet in Spil staat).")
    )
    worker_name = serializers.SerializerMethodField(help_text=_("Naam van de hulpverlener."))
    is_coordinator = serializers.BooleanField(help_text=_("Is deze hulpverlener de regiehouder?"))
    since = serializers.DateField(allow_null=True, help_text=_("Betrokken sinds."))

    def get_organisation_name(self, obj: Any) -> str:
        return obj.organisation.name if obj.organisation_id else obj.organisation_name

    def get_worker_name(self, obj: Any) -> str:
        return obj.worker.full_name if obj.worker_id else obj.worker_name


class ConsentSerializer(serializers.Serializer[Any]):
    uuid = _uuid(_("Kenmerk van de toestemming."))
    kind = serializers.CharField(help_text=_("Soort (code): hulp, informatie_opvragen of delen."))
    kind_label = serializers.CharField(
        source="get_kind_display", help_text=_("De soort in woorden.")
    )
    organisation = OrganisationRefSerializer(
        allow_null=True, help_text=_("Met welke organisatie gedeeld mag worden (bij delen).")
    )
    parts = serializers.ListField(
        child=serializers.CharField(help_text=_("Een deel van het dossier.")),
        help_text=_("De delen die gedeeld mogen worden (bij delen)."),
    )
    concerns_member = serializers.UUIDField(
        source="concerns_member.uuid",
        allow_null=True,
        default=None,
        help_text=_("Het gezinslid over wiens eigen gegevens het gaat; leeg: het hele gezin."),
    )
    given_on = serializers.DateField(help_text=_("Gegeven op."))
    valid_until = serializers.DateField(
        allow_null=True, help_text=_("Geldig tot; leeg: zonder einde.")
    )
    withdrawn_on = serializers.DateField(
        allow_null=True, help_text=_("Ingetrokken op; leeg zolang niet ingetrokken.")
    )


class StepSerializer(serializers.Serializer[Any]):
    uuid = _uuid(_("Kenmerk van de stap (in deze versie van het plan)."))
    key = _uuid(_("Dezelfde stap houdt in elke versie van het plan dezelfde sleutel."))
    what = serializers.CharField(help_text=_("Wat er gaat gebeuren."))
    owner_kind = serializers.CharField(
        help_text=_("Wie de stap zet (code): gezinslid, coach, betrokkene of netwerk.")
    )
    owner = serializers.CharField(source="owner_label", help_text=_("Wie de stap zet, in woorden."))
    organisation = serializers.SerializerMethodField(
        help_text=_(
            "UUID van de organisatie die verantwoordelijk is voor de stap (als een betrokken "
            "hulpverlener hem zet); die organisatie mag hem afvinken."
        )
    )
    due_on = serializers.DateField(allow_null=True, help_text=_("Wanneer de stap gezet moet zijn."))
    done_on = serializers.DateField(allow_null=True, help_text=_("Gedaan op; leeg zolang open."))
    status = serializers.SerializerMethodField(help_text=_("open of gedaan."))

    def get_organisation(self, obj: Any) -> str | None:
        involvement = obj.owner_involvement
        if involvement is None or not involvement.organisation_id:
            return None
        return str(involvement.organisation.uuid)

    def get_status(self, obj: Any) -> str:
        return STEP_DONE if obj.done_on else STEP_OPEN


STEP_OPEN, STEP_DONE = "open", "gedaan"


class StepDetailSerializer(StepSerializer):
    revision = serializers.IntegerField(help_text=_("Revisie van de stap (ook in de ETag)."))
    version = serializers.IntegerField(
        source="goal.version.number", help_text=_("Nummer van de versie van het plan.")
    )


class StepPatchSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(
        choices=[(STEP_DONE, _("gedaan")), (STEP_OPEN, _("open"))],
        help_text=_("gedaan: de stap is gezet; open: nog niet (weer open)."),
    )
    done_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("Bij gedaan: op welke datum (niet in de toekomst); leeg: vandaag."),
    )


class GoalSerializer(serializers.Serializer[Any]):
    uuid = _uuid(_("Kenmerk van het doel (in deze versie van het plan)."), source="goal.uuid")
    key = _uuid(_("Hetzelfde doel houdt in elke versie dezelfde sleutel."), source="goal.key")
    title = serializers.CharField(
        source="goal.title", help_text=_("Het doel, in de woorden van het gezin.")
    )
    domain = serializers.CharField(source="goal.domain.label", help_text=_("Het leefgebied."))
    whole_family = serializers.BooleanField(
        source="goal.whole_family", help_text=_("Geldt het doel voor het hele gezin?")
    )
    status = serializers.CharField(source="goal.status", help_text=_("Stand van het doel (code)."))
    status_label = serializers.CharField(
        source="goal.get_status_display", help_text=_("De stand in woorden.")
    )
    target_on = serializers.DateField(
        source="goal.target_on", allow_null=True, help_text=_("Wanneer het doel bereikt moet zijn.")
    )
    steps = StepSerializer(many=True, help_text=_("De stappen onder dit doel."))


class PlanSerializer(serializers.Serializer[Any]):
    uuid = _uuid(_("Kenmerk van het plan."), source="plan.uuid")
    version = serializers.IntegerField(
        source="version.number", help_text=_("Nummer van de versie.")
    )
    version_uuid = _uuid(_("Kenmerk van de versie."), source="version.uuid")
    agreed_on = serializers.DateField(
        source="version.agreed_on", help_text=_("Wanneer het gezin met deze versie instemde.")
    )
    is_working_version = serializers.BooleanField(
        source="version.is_current",
        help_text=_(
            "Is dit ook de werkversie? Zo niet, dan maakt de coach een nieuwe versie; de "
            "voortgang van een stap wordt in de werkversie bijgehouden."
        ),
    )
    goals = GoalSerializer(many=True, help_text=_("De doelen met hun stappen."))


class AppointmentSerializer(serializers.Serializer[Any]):
    uuid = _uuid(_("Kenmerk van de afspraak."))
    starts_at = serializers.DateTimeField(help_text=_("Begin (Europe/Amsterdam)."))
    ends_at = serializers.DateTimeField(allow_null=True, help_text=_("Einde, als bekend."))
    place = serializers.CharField(help_text=_("Waar."))
    purpose = serializers.CharField(help_text=_("Waarvoor."))
    status = serializers.CharField(help_text=_("Stand (code): gepland, nagekomen, afgezegd_…"))
    status_label = serializers.CharField(
        source="get_status_display", help_text=_("De stand in woorden.")
    )
    organisation = OrganisationRefSerializer(
        source="worker_organisation",
        allow_null=True,
        help_text=_("Organisatie van de hulpverlener."),
    )


class ContactSerializer(serializers.Serializer[Any]):
    """The shared record of a contact: never the working note."""

    uuid = _uuid(_("Kenmerk van het contact."))
    occurred_at = serializers.DateTimeField(help_text=_("Wanneer (Europe/Amsterdam)."))
    kind = serializers.CharField(help_text=_("Soort contact (code), bijvoorbeeld huisbezoek."))
    kind_label = serializers.CharField(
        source="get_kind_display", help_text=_("De soort in woorden.")
    )
    duration_minutes = serializers.IntegerField(allow_null=True, help_text=_("Duur in minuten."))
    summary = serializers.CharField(help_text=_("Het gedeelde verslag (nooit de werkaantekening)."))
    organisation = OrganisationRefSerializer(
        source="author_organisation", allow_null=True, help_text=_("Organisatie van de schrijver.")
    )
