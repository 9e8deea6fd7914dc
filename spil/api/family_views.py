"""The family's shared file for partner systems (issue 17, scope `families:read`): the
family's own selectors, with the access object the pages' policy builds for the client's
account (`base.family_access`). A family the client may not see, and a part its
organisation's consent does not name, is a 404 — as on the pages. Every read is in the
audit trail with the client and its organisation, so the family sees it in "wie keek".

A partner marks its own step done (scope `plans:write`) through the plans service, with
If-Match (docs/adr/0022-api.md)."""

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from spil.contacts import selectors as contact_selectors
from spil.contacts.models import Appointment, Contact
from spil.core.access import FamilyPart
from spil.families import selectors as family_selectors
from spil.families.models import Family
from spil.plans import selectors as plan_selectors
from spil.plans import services as plan_services

from . import family_serializers as fs
from .base import (
    ApiListView,
    ApiView,
    etag_of,
    family_access,
    problems,
    record_read,
    require_if_match,
)
from .filters import AppointmentFilter, FamilyFilter
from .pagination import ordered
from .scopes import Scope

TAGS = ["gezinnen"]
FAMILY_READ = _(
    " Alleen waar de toestemming van het gezin dit deel met uw organisatie deelt. "
    "Scope: families:read."
)


def _read(text: Any) -> Any:
    return format_lazy("{}{}", text, FAMILY_READ)


def _results(name: str, serializer: Any) -> Any:
    return inline_serializer(
        name=name,
        fields={"results": serializer(many=True, help_text=_("De rijen."))},
    )


class FamilyListView(ApiListView):
    required_scope = Scope.FAMILIES_READ
    serializer_class = fs.FamilySerializer
    pagination_class = ordered("created_at", "uuid")
    filter_backends = [DjangoFilterBackend]
    filterset_class = FamilyFilter

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # the schema: the model only
            return Family.objects.none()
        return family_selectors.families_for_user(user=self.request.user)

    @extend_schema(
        operation_id="family_list",
        summary=_("De gezinnen die deze koppeling mag zien"),
        description=_(
            "Gezinnen die toestemming gaven om met uw organisatie te delen (geldig vandaag)."
            " Scope: families:read."
        ),
        responses={200: fs.FamilySerializer(many=True), **problems(400, 401, 403, 404, 429)},
        tags=TAGS,
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)
        for row in response.data["results"]:
            record_read(request, "api.family_list_viewed", family=row["uuid"])
        return response


class FamilyDetailView(ApiView):
    required_scope = Scope.FAMILIES_READ

    @extend_schema(
        operation_id="family_detail",
        summary=_("Een gezin"),
        description=_read(_("Het gezin en de delen van het dossier die u mag lezen.")),
        responses={200: fs.FamilyDetailSerializer, **problems(401, 403, 404, 429)},
        tags=TAGS,
    )
    def get(self, request: Request, uuid: UUID) -> Response:
        access = family_access(request, uuid)
        family = access.family
        record_read(request, "api.family_viewed", family=family, obj=family)
        data = fs.FamilyDetailSerializer(
            {
                "uuid": family.uuid,
                "name": family.name,
                "updated_at": family.updated_at,
                "revision": family.revision,
                "parts": sorted(str(p) for p in access.parts),
            }
        ).data
        return Response(data, headers={"ETag": etag_of(family)})


def _file_part(request: Request, uuid: UUID, part: FamilyPart) -> Any:
    access = family_access(request, uuid)
    access.require(part)
    return access, family_selectors.family_file(access=access)


class MemberListView(ApiView):
    required_scope = Scope.FAMILIES_READ

    @extend_schema(
        operation_id="family_members",
        summary=_("De gezinsleden"),
        description=_read(_("Wie is wie in het gezin (nooit het BSN).")),
        responses={
            200: _results("MemberList", fs.MemberSerializer),
            **problems(401, 403, 404, 429),
        },
        tags=TAGS,
    )
    def get(self, request: Request, uuid: UUID) -> Response:
        access, file = _file_part(request, uuid, FamilyPart.BASICS)
        record_read(request, "api.members_viewed", family=access.family)
        return Response({"results": fs.MemberSerializer(file.members, many=True).data})


class TeamView(ApiView):
    required_scope = Scope.FAMILIES_READ

    @extend_schema(
        operation_id="family_team",
        summary=_("Het team rond het gezin"),
        description=_read(_("De hulpverleners die nu betrokken zijn.")),
        responses={
            200: _results("TeamList", fs.InvolvementSerializer),
            **problems(401, 403, 404, 429),
        },
        tags=TAGS,
    )
    def get(self, request: Request, uuid: UUID) -> Response:
        access, file = _file_part(request, uuid, FamilyPart.BASICS)
        record_read(request, "api.team_viewed", family=access.family)
        return Response({"results": fs.InvolvementSerializer(file.team, many=True).data})


class ConsentListView(ApiView):
    required_scope = Scope.FAMILIES_READ

    @extend_schema(
        operation_id="family_consents",
        summary=_("De toestemmingen van het gezin"),
        description=_(
            "Zoals op het dossier: alleen voor wie het hele dossier mag zien (de coach, het "
            "meldpunt tijdens de intake); een partner met toestemming krijgt 404. "
            "Scope: families:read."
        ),
        responses={
            200: _results("ConsentList", fs.ConsentSerializer),
            **problems(401, 403, 404, 429),
        },
        tags=TAGS,
    )
    def get(self, request: Request, uuid: UUID) -> Response:
        access, file = _file_part(request, uuid, FamilyPart.FAMILY_STORY)
        record_read(request, "api.consents_viewed", family=access.family)
        return Response({"results": fs.ConsentSerializer(file.consents, many=True).data})


class PlanView(ApiView):
    required_scope = Scope.FAMILIES_READ

    @extend_schema(
        operation_id="family_plan",
        summary=_("Het afgesproken plan"),
        description=_read(
            _(
                "De nieuwste versie van het plan waarmee het gezin instemde, met doelen en "
                "stappen. 404 als er (nog) geen afgesproken versie is."
            )
        ),
        responses={200: fs.PlanSerializer, **problems(401, 403, 404, 429)},
        tags=TAGS,
    )
    def get(self, request: Request, uuid: UUID) -> Response:
        access = family_access(request, uuid)
        today = timezone.localdate()
        file = plan_selectors.plan_file(access=access, today=today)
        agreed = file.latest_agreed
        if agreed is None:
            raise exceptions.NotFound
        if file.version is None or agreed.pk != file.version.pk:
            file = plan_selectors.plan_file(access=access, today=today, number=agreed.number)
        record_read(request, "api.plan_viewed", family=access.family, obj=file.version)
        data = fs.PlanSerializer(file).data
        return Response(data, headers={"ETag": etag_of(file.version)})


class StepView(ApiView):
    """One step as it stands now (in the working version of the plan)."""

    def get_required_scope(self) -> Scope:
        return Scope.FAMILIES_READ if self.request.method == "GET" else Scope.PLANS_WRITE

    @property
    def required_scope(self) -> Scope:  # type: ignore[override]
        return self.get_required_scope()

    @extend_schema(
        operation_id="family_plan_step",
        summary=_("Een stap van het plan"),
        description=_read(
            _(
                "De stap zoals hij nu staat, met zijn ETag voor een PATCH. Een uuid van een stap "
                "uit een eerdere versie geeft dezelfde stap in de werkversie."
            )
        ),
        responses={200: fs.StepDetailSerializer, **problems(401, 403, 404, 429)},
        tags=TAGS,
    )
    def get(self, request: Request, uuid: UUID, step_uuid: UUID) -> Response:
        access = family_access(request, uuid)
        step = plan_selectors.step_now(access=access, uuid=step_uuid)
        record_read(request, "api.step_viewed", family=access.family, obj=step)
        return Response(fs.StepDetailSerializer(step).data, headers={"ETag": etag_of(step)})

    @extend_schema(
        operation_id="family_plan_step_update",
        summary=_("Een eigen stap afvinken of weer openzetten"),
        description=_(
            "Alleen de organisatie die verantwoordelijk is voor de stap (de stap is van een "
            "hulpverlener van uw organisatie) mag hem afvinken; een andere stap is 403. Stuur "
            "de ETag van de laatste GET mee in If-Match: zonder is 428, is de stap intussen "
            "gewijzigd dan 412. Scope: plans:write."
        ),
        request=fs.StepPatchSerializer,
        parameters=[
            OpenApiParameter(
                "If-Match",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description=_("De ETag van de laatste GET van deze stap."),
            )
        ],
        responses={
            200: OpenApiResponse(fs.StepDetailSerializer, description=_("De stap, bijgewerkt.")),
            **problems(400, 401, 403, 404, 412, 413, 428, 429),
        },
        tags=TAGS,
    )
    def patch(self, request: Request, uuid: UUID, step_uuid: UUID) -> Response:
        access = family_access(request, uuid)
        step = plan_selectors.step_now(access=access, uuid=step_uuid)
        if not plan_services.may_mark_own_step(access, step):
            raise exceptions.PermissionDenied(
                _("Alleen de organisatie die verantwoordelijk is voor deze stap mag hem afvinken.")
            )
        revision = require_if_match(request, step)
        serializer = fs.StepPatchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        done_on = None
        if data["status"] == fs.STEP_DONE:
            done_on = data.get("done_on") or timezone.localdate()
        step = plan_services.own_step_done(
            access=access, step=step, done_on=done_on, revision=revision
        )
        record_read(
            request,
            "api.step_updated",
            family=access.family,
            obj=step,
            detail={"status": data["status"]},
        )
        step = plan_selectors.step_now(access=access, uuid=step.uuid)
        return Response(fs.StepDetailSerializer(step).data, headers={"ETag": etag_of(step)})


class AppointmentListView(ApiListView):
    required_scope = Scope.FAMILIES_READ
    serializer_class = fs.AppointmentSerializer
    pagination_class = ordered("starts_at", "uuid")
    filter_backends = [DjangoFilterBackend]
    filterset_class = AppointmentFilter

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return Appointment.objects.none()
        access = family_access(self.request, self.kwargs["uuid"])
        access.require(FamilyPart.CONTACTS)
        return contact_selectors.visible_appointments(access).select_related("worker_organisation")

    @extend_schema(
        operation_id="family_appointments",
        summary=_("De afspraken met het gezin"),
        description=_read(_("Oudste eerst; te filteren op een periode.")),
        responses={200: fs.AppointmentSerializer(many=True), **problems(400, 401, 403, 404, 429)},
        tags=TAGS,
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)
        record_read(request, "api.appointments_viewed", family=request.family_access.family)
        return response


class ContactListView(ApiListView):
    required_scope = Scope.FAMILIES_READ
    serializer_class = fs.ContactSerializer
    pagination_class = ordered("-occurred_at", "-uuid")

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return Contact.objects.none()
        access = family_access(self.request, self.kwargs["uuid"])
        access.require(FamilyPart.CONTACTS)
        return contact_selectors.visible_contacts(access).select_related("author_organisation")

    @extend_schema(
        operation_id="family_contacts",
        summary=_("De contacten met het gezin"),
        description=_read(
            _(
                "Het gedeelde verslag van elk contact, nieuwste eerst — nooit de werkaantekening. "
                "Contacten in een crisis alleen met het deel veiligheid."
            )
        ),
        responses={200: fs.ContactSerializer(many=True), **problems(401, 403, 404, 429)},
        tags=TAGS,
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)
        record_read(request, "api.contacts_viewed", family=request.family_access.family)
        return response
