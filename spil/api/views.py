"""API v1 (issue 17, docs/adr/0022-api.md): the pages' selectors, services and access
policy behind OAuth2 client credentials. Every view is reached without a login page: DRF
authenticates (401 with `WWW-Authenticate: Bearer` without a token)."""

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_not_required
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from spil.families.services import InvolvementData, MemberData
from spil.intake import selectors as intake_selectors

from . import serializers, services
from .base import ApiView, client_of, problems
from .scopes import Scope

_problems = problems


REFERRAL_EXAMPLE = {
    "meldpunt": "6f1c2b7e-3d4a-4e5f-8a9b-0c1d2e3f4a5b",
    "received_on": "2026-03-02",
    "urgency": "normaal",
    "family_name": "De Vries",
    "postcode": "1234AB",
    "house_number": "12a",
    "concerns": "Joris verzuimt vaak; moeder vertelt over geldzorgen en een zieke oma.",
    "referrer_phone": "020-1234567",
    "referrer_email": "zorgcoordinator@school.example",
    "members": [
        {
            "role": "ouder",
            "first_name": "Sanne",
            "surname": "de Vries",
            "birth_date": "1988-05-14",
            "bsn": "",
            "lives_in_household": True,
        },
        {
            "role": "kind",
            "first_name": "Joris",
            "surname": "de Vries",
            "birth_date": "2015-09-01",
            "bsn": "111222333",
            "lives_in_household": True,
        },
    ],
    "helpers": [
        {
            "role": "school",
            "organisation_name": "Basisschool De Regenboog",
            "worker_name": "Mevr. Jansen",
            "contact": "020-1234567",
        }
    ],
}


_client = client_of


class ReferralCreateView(ApiView):
    required_scope = Scope.REFERRALS_WRITE

    @extend_schema(
        operation_id="referral_create",
        summary=_("Een melding doen"),
        description=_(
            "Meldt een gezin bij het meldpunt, met dezelfde velden en controles als het "
            "meldformulier. De melder is de organisatie van de koppeling. Scope: referrals:write."
        ),
        request=serializers.ReferralCreateSerializer,
        responses={
            201: OpenApiResponse(
                serializers.ReferralStatusSerializer, description=_("De melding is ontvangen.")
            ),
            **_problems(400, 401, 403, 413, 429),
        },
        examples=[
            OpenApiExample(
                "Melding van een school",
                value=REFERRAL_EXAMPLE,
                request_only=True,
                description=_("Twee gezinsleden en de school als betrokken hulpverlener."),
            )
        ],
        tags=["meldingen"],
    )
    def post(self, request: Request) -> Response:
        client = _client(request)
        if client is None:  # HasScope already refuses a session's write
            raise exceptions.PermissionDenied
        serializer = serializers.ReferralCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        referral = services.referral_send(
            client=client,
            members=[MemberData(**row) for row in data.pop("members")],
            helpers=[InvolvementData(**row) for row in data.pop("helpers")],
            **data,
        )
        location = reverse("api:referral_detail", kwargs={"uuid": referral.uuid})
        return Response(
            serializers.ReferralStatusSerializer(referral).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": location},
        )


class ReferralDetailView(ApiView):
    required_scope = Scope.REFERRALS_WRITE

    @extend_schema(
        operation_id="referral_status",
        summary=_("De status van een melding"),
        description=_(
            "De status zoals de melder die mag zien: ontvangen, gewogen, besloten met de code "
            "van de uitkomst — nooit het gezinsdossier. Alleen meldingen van deze koppeling; "
            "een andere melding is 404. Scope: referrals:write."
        ),
        responses={200: serializers.ReferralStatusSerializer, **_problems(401, 403, 404, 429)},
        tags=["meldingen"],
    )
    def get(self, request: Request, uuid: UUID) -> Response:
        referral = intake_selectors.referral_detail(user=request.user, uuid=uuid)
        services.record_use(_client(request), request.user, "api.referral_viewed", referral)
        return Response(serializers.ReferralStatusSerializer(referral).data)


class NotFoundView(ApiView):
    """Any other path under /api/v1/: 401 without a token, else a problem 404."""

    @extend_schema(exclude=True)
    def get(self, request: Request, rest: str = "") -> Response:
        raise exceptions.NotFound

    post = put = patch = delete = get

    def get_permissions(self) -> list[Any]:
        from rest_framework.permissions import IsAuthenticated

        return [IsAuthenticated()]


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema: public, like the docs (it holds no data)."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes: list[Any] = []

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Any:
        return login_not_required(super().as_view(**initkwargs))


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from the sidecar's vendored files; its start script is a separate file,
    so the page keeps the Content-Security-Policy without inline script."""

    template_name = "api/swagger_ui.html"
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes: list[Any] = []

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Any:
        return login_not_required(super().as_view(**initkwargs))
