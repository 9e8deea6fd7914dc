"""The sociale kaart (scope `offers:read`) and the monitoring's figures (scope
`monitoring:read`), read-only. Offers and interventions are no family data: the
directory's own selectors. The figures are the /monitoring/ page's own (`spil.reports`),
for whom the page's rule lets see them (`Capability.VIEW_AGGREGATES`), small cells hidden
as on the page."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from spil.core import access
from spil.core.access import Capability
from spil.core.figures import Cell, Section, Table
from spil.directory import selectors as directory_selectors
from spil.directory.models import Intervention, Offer
from spil.reports.forms import MonitoringForm
from spil.reports.monitoring import monitoring

from .base import ApiListView, ApiView, problems, record_read
from .filters import EARLIEST, LATEST, OfferFilter
from .pagination import ordered
from .scopes import Scope


class OfferSerializer(serializers.Serializer[Any]):
    uuid = serializers.UUIDField(help_text=_("Kenmerk van het aanbod."))
    name = serializers.CharField(help_text=_("Naam van het aanbod."))
    description = serializers.CharField(help_text=_("Wat het aanbod is."))
    organisation = serializers.SerializerMethodField(help_text=_("Naam van de aanbieder."))
    organisation_uuid = serializers.UUIDField(
        source="organisation.uuid", help_text=_("Kenmerk van de aanbieder.")
    )
    category = serializers.CharField(
        source="category.code", allow_null=True, default=None, help_text=_("Code van de categorie.")
    )
    age_from = serializers.IntegerField(
        allow_null=True, help_text=_("Vanaf leeftijd; leeg: geen grens.")
    )
    age_to = serializers.IntegerField(
        allow_null=True, help_text=_("Tot en met leeftijd; leeg: geen grens.")
    )
    voluntary = serializers.BooleanField(help_text=_("Vrijwillig (niet in gedwongen kader)?"))
    waiting_weeks = serializers.IntegerField(allow_null=True, help_text=_("Wachttijd in weken."))
    duration_weeks = serializers.IntegerField(allow_null=True, help_text=_("Duur in weken."))
    municipalities = serializers.CharField(
        help_text=_("Voor welke gemeenten, met komma's; leeg: de hele regio.")
    )
    intervention = serializers.UUIDField(
        source="intervention.uuid",
        allow_null=True,
        default=None,
        help_text=_("Kenmerk van de interventie waarop het aanbod rust, als die er is."),
    )
    phone = serializers.CharField(help_text=_("Telefoon van de aanbieder."))
    email = serializers.CharField(help_text=_("E-mail van de aanbieder."))
    website = serializers.CharField(help_text=_("Website."))

    def get_organisation(self, obj: Any) -> str:
        return str(obj.organisation.name)


class InterventionSerializer(serializers.Serializer[Any]):
    uuid = serializers.UUIDField(help_text=_("Kenmerk van de interventie."))
    name = serializers.CharField(help_text=_("Naam van de interventie."))
    description = serializers.CharField(help_text=_("Wat de interventie is."))
    target_group = serializers.CharField(help_text=_("Voor wie."))
    recognition = serializers.CharField(
        help_text=_("Erkenning (code) in de databank effectieve interventies.")
    )
    recognition_label = serializers.CharField(
        source="get_recognition_display", help_text=_("De erkenning in woorden.")
    )
    offer_count = serializers.IntegerField(help_text=_("Aantal actieve aanbiedingen hiervan."))


class OfferListView(ApiListView):
    required_scope = Scope.OFFERS_READ
    serializer_class = OfferSerializer
    pagination_class = ordered("created_at", "uuid")
    filter_backends = [DjangoFilterBackend]
    filterset_class = OfferFilter

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # the schema: the model only
            return Offer.objects.none()
        # The filter set validates and documents; the directory's selector filters.
        found = OfferFilter(self.request.query_params, queryset=Offer.objects.none())
        if not found.is_valid():
            raise exceptions.ValidationError(found.errors)
        data = found.form.cleaned_data
        age, weeks = data.get("age"), data.get("max_waiting_weeks")
        return directory_selectors.offers(
            directory_selectors.Filters(
                q=data.get("q") or "",
                category=data.get("category"),
                ages=(int(age),) if age is not None else (),
                voluntary=data.get("voluntary"),
                max_waiting_weeks=int(weeks) if weeks is not None else None,
                municipality=data.get("municipality") or "",
            )
        )

    @extend_schema(
        operation_id="offer_list",
        summary=_("Aanbod op de sociale kaart"),
        description=_("Actief aanbod, te filteren. Scope: offers:read."),
        responses={200: OfferSerializer(many=True), **problems(400, 401, 403, 404, 429)},
        tags=["sociale kaart"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class InterventionListView(ApiListView):
    required_scope = Scope.OFFERS_READ
    serializer_class = InterventionSerializer
    pagination_class = ordered("created_at", "uuid")

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return Intervention.objects.none()
        return directory_selectors.interventions()

    @extend_schema(
        operation_id="intervention_list",
        summary=_("Interventies"),
        description=_("De interventies van de sociale kaart. Scope: offers:read."),
        responses={200: InterventionSerializer(many=True), **problems(401, 403, 404, 429)},
        tags=["sociale kaart"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


# --- Monitoring ------------------------------------------------------------------------


class CellSerializer(serializers.Serializer[Any]):
    value = serializers.FloatField(
        allow_null=True,
        help_text=_("Het getal; leeg als het verborgen is (kleine aantallen) of een woord is."),
    )
    text = serializers.CharField(
        help_text=_("Zoals de pagina het toont: <5 voor een klein aantal, × voor verborgen.")
    )
    hidden = serializers.CharField(
        help_text=_(
            "Leeg; small: minder dan 5; secondary: verborgen zodat <5 niet terug te rekenen is."
        )
    )
    kind = serializers.CharField(
        help_text=_("Soort getal: count, percent, days, mean, euro, text.")
    )


def _cell(cell: Cell) -> dict[str, Any]:
    value = cell.json_value
    number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
    return {"value": number, "text": cell.text, "hidden": cell.hidden, "kind": cell.kind}


class FigureSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text=_("Sleutel van het cijfer."))
    label = serializers.CharField(help_text=_("Naam van het cijfer."))
    definition = serializers.CharField(help_text=_("De definitie (de ? op de pagina)."))
    cell = CellSerializer(help_text=_("De waarde."))


class RowSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text=_("Sleutel van de rij."))
    label = serializers.CharField(help_text=_("Naam van de rij."))
    cells = CellSerializer(many=True, help_text=_("Een cel per kolom (column_keys)."))


class TableSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text=_("Sleutel van de tabel."))
    label = serializers.CharField(help_text=_("Naam van de tabel."))
    definition = serializers.CharField(help_text=_("De definitie."))
    columns = serializers.ListField(
        child=serializers.CharField(help_text=_("Kop.")), help_text=_("De koppen van de kolommen.")
    )
    column_keys = serializers.ListField(
        child=serializers.CharField(help_text=_("Sleutel.")),
        help_text=_("De sleutels van de kolommen met getallen."),
    )
    rows = RowSerializer(many=True, help_text=_("De rijen."))
    total = RowSerializer(allow_null=True, help_text=_("Het totaal; leeg als er geen is."))


class SectionSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text=_("Sleutel van het onderdeel, bijvoorbeeld referrals."))
    title = serializers.CharField(help_text=_("Titel van het onderdeel."))
    figures = FigureSerializer(many=True, help_text=_("Losse cijfers."))
    tables = TableSerializer(many=True, help_text=_("Tabellen."))
    notes = serializers.ListField(
        child=serializers.CharField(help_text=_("Een opmerking.")),
        help_text=_("Opmerkingen (zonder namen)."),
    )


class MonitoringSerializer(serializers.Serializer[Any]):
    date_from = serializers.DateField(help_text=_("Begin van de periode."))
    date_to = serializers.DateField(help_text=_("Einde van de periode (tot en met)."))
    programme = serializers.UUIDField(allow_null=True, help_text=_("Het gekozen programma."))
    team = serializers.UUIDField(allow_null=True, help_text=_("Het gekozen team."))
    sections = SectionSerializer(many=True, help_text=_("De onderdelen met hun cijfers."))


def _row(row: Any) -> dict[str, Any]:
    return {"code": row.code, "label": str(row.label), "cells": [_cell(c) for c in row.cells]}


def _table(table: Table) -> dict[str, Any]:
    return {
        "key": table.key,
        "label": str(table.label),
        "definition": str(table.definition),
        "columns": [str(c) for c in table.columns],
        "column_keys": list(table.column_keys),
        "rows": [_row(r) for r in table.rows],
        "total": _row(table.total) if table.total is not None else None,
    }


def _section(section: Section) -> dict[str, Any]:
    return {
        "key": section.key,
        "title": str(section.title),
        "figures": [
            {
                "key": f.key,
                "label": str(f.label),
                "definition": str(f.definition),
                "cell": _cell(f.cell),
            }
            for f in section.figures
        ],
        "tables": [_table(t) for t in section.tables],
        "notes": [str(n) for n in section.notes],
    }


class MonitoringView(ApiView):
    required_scope = Scope.MONITORING_READ

    @extend_schema(
        operation_id="monitoring",
        summary=_("De monitoringcijfers over een periode"),
        description=_(
            "Dezelfde cijfers als de pagina /monitoring/, met kleine aantallen verborgen (<5). "
            "Voor wie die pagina mag zien: een koppeling met monitoring:read leest ze als "
            "beleidsmedewerker, voor de hele regio. Zonder periode: dit kalenderjaar."
        ),
        parameters=[
            OpenApiParameter("date_from", OpenApiTypes.DATE, description=_("Begin (JJJJ-MM-DD).")),
            OpenApiParameter(
                "date_to", OpenApiTypes.DATE, description=_("Einde, tot en met (JJJJ-MM-DD).")
            ),
            OpenApiParameter(
                "programme", OpenApiTypes.UUID, description=_("Alleen trajecten van dit programma.")
            ),
            OpenApiParameter(
                "team",
                OpenApiTypes.UUID,
                description=_("Alleen trajecten van coaches van dit team."),
            ),
        ],
        responses={200: MonitoringSerializer, **problems(400, 401, 403, 404, 429)},
        tags=["monitoring"],
    )
    def get(self, request: Request) -> Response:
        access.require(request.user, Capability.VIEW_AGGREGATES)
        form = MonitoringForm.from_query(request.query_params, today=timezone.localdate())
        if not form.is_valid():
            raise exceptions.ValidationError(form.errors)
        data = form.cleaned_data
        for key in ("date_from", "date_to"):
            if not EARLIEST <= data[key] <= LATEST:
                raise exceptions.ValidationError({key: [_("Kies een datum tussen 1900 en 2999.")]})
        programme, team = data.get("programme"), data.get("team")
        sections = monitoring(
            date_from=data["date_from"], date_to=data["date_to"], programme=programme, team=team
        )
        detail = {
            "date_from": data["date_from"].isoformat(),
            "date_to": data["date_to"].isoformat(),
        }
        record_read(request, "api.monitoring_viewed", detail=detail)
        body = {
            "date_from": data["date_from"],
            "date_to": data["date_to"],
            "programme": programme.uuid if programme else None,
            "team": team.uuid if team else None,
            "sections": [_section(s) for s in sections],
        }
        return Response(MonitoringSerializer(body).data)
