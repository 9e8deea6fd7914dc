"""An API client: a partner system, bound to one organisation, with scopes (issue 17).

The OAuth2 side (client id, hashed secret, tokens) is the toolkit's `Application`; this
record says for whom the client speaks. Each client acts through its own account (`user`):
a member of the organisation as betrokken professional, without a password, so the API
calls the same services and the same access policy as the pages (docs/adr/0022-api.md).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from oauth2_provider.models import Application

from spil.accounts.models import Organisation
from spil.core.models import BaseModel
from spil.core.retention import RetentionCategory


class ApiClient(BaseModel):
    retention_category = RetentionCategory.ACCOUNT

    application = models.OneToOneField(
        Application,
        verbose_name=_("OAuth2-applicatie"),
        on_delete=models.PROTECT,
        related_name="api_client",
        help_text=_("Client-id en (gehasht) geheim."),
    )
    name = models.CharField(
        _("naam"), max_length=120, help_text=_("Welk systeem dit is, bijvoorbeeld ParnasSys.")
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="api_clients",
        help_text=_("Namens deze organisatie spreekt de koppeling."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account van de koppeling"),
        on_delete=models.PROTECT,
        related_name="api_client",
        help_text=_("Het account zonder wachtwoord waarmee de koppeling handelt."),
    )
    scopes = models.CharField(
        _("scopes"), max_length=200, help_text=_("Wat de koppeling mag, gescheiden door spaties.")
    )
    revoked_at = models.DateTimeField(
        _("ingetrokken op"),
        null=True,
        blank=True,
        help_text=_("Na intrekken krijgt de koppeling geen tokens meer."),
    )

    class Meta:
        verbose_name = _("API-koppeling")
        verbose_name_plural = _("API-koppelingen")
        ordering = ["organisation__name", "name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def client_id(self) -> str:
        return str(self.application.client_id)

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()
