"""Shared kernel: the base model every domain model inherits, and the audit trail."""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

from .retention import RetentionCategory


class BaseModel(models.Model):
    """Every Spil record has a public UUID; the integer id never leaves the database."""

    uuid = models.UUIDField(
        _("publieke sleutel"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("De sleutel die in adressen en de API wordt gebruikt."),
    )
    created_at = models.DateTimeField(
        _("aangemaakt op"), auto_now_add=True, help_text=_("Wanneer dit is vastgelegd.")
    )
    updated_at = models.DateTimeField(
        _("gewijzigd op"), auto_now=True, help_text=_("Wanneer dit het laatst is gewijzigd.")
    )
    # Named `revision`, not `version`: a plan's goals already have a `version` (the plan
    # version they belong to). See spil/core/versioning.py.
    revision = models.PositiveIntegerField(
        _("revisie"),
        default=1,
        editable=False,
        help_text=_(
            "Telt op bij elke wijziging; gaat mee in het bewerkformulier (en de ETag van de "
            "API) zodat een wijziging op een verouderde versie wordt geweigerd."
        ),
    )

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Every change of a stored record raises its revision."""
        if not self._state.adding and self.pk is not None:
            self.revision += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "revision"}
        super().save(*args, **kwargs)

    def _get_FIELD_display(self, field: models.Field) -> Any:
        """`get_<field>_display()` as Django's, without translating every label of the field
        on every call: Django builds a dict of the choices each time and hashes each lazy
        label, which translates it — thousands of lookups on a list of fifty rows (a tenth
        of the meldpunt's worklist). The labels stay lazy here and are translated when shown,
        in the language of the request."""
        labels = _choice_labels(field)
        if labels is None:
            return super()._get_FIELD_display(field)  # type: ignore[misc]
        value = getattr(self, field.attname)
        try:
            label = labels.get(value, value)
        except TypeError:  # an unhashable value: Django's own way
            return super()._get_FIELD_display(field)  # type: ignore[misc]
        return force_str(label, strings_only=True)


_CHOICE_LABELS: dict[models.Field, dict[Any, Any]] = {}


def _choice_labels(field: models.Field) -> dict[Any, Any] | None:
    """Value → (lazy) label of a field's choices, made once per field; None for choices
    computed by a callable, which may change."""
    if isinstance(field.choices, CallableChoiceIterator):
        return None
    labels = _CHOICE_LABELS.get(field)
    if labels is None:
        labels = _CHOICE_LABELS[field] = dict(field.flatchoices)
    return labels


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """The trail is append-only: bulk changes through the ORM are refused."""

    def update(self, **kwargs: object) -> int:
        raise AuditTrailIsAppendOnly(_("Audit-gebeurtenissen kunnen niet worden gewijzigd."))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditTrailIsAppendOnly(_("Audit-gebeurtenissen kunnen niet worden verwijderd."))


class AuditTrailIsAppendOnly(Exception):
    """Raised on any attempt to change or remove a recorded audit event."""


class AuditEvent(models.Model):
    """One entry in the hash-chained, append-only audit trail.

    `hash` covers this event's fields plus `previous_hash`, so changing or removing an
    event breaks the chain at the next one; `audit_verify` walks the chain.
    """

    retention_category = RetentionCategory.AUDIT

    uuid = models.UUIDField(
        _("publieke sleutel"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("De sleutel van deze gebeurtenis."),
    )
    # Which chain the event is linked into (docs/adr/0030): the family's uuid as text, or
    # "global" (no family, and every event from before the chains were split). No foreign
    # key: a family removed under the retention rules leaves its chain verifiable.
    chain = models.CharField(
        _("keten"),
        max_length=36,
        default="global",
        editable=False,
        help_text=_("De keten waarin de gebeurtenis is verzegeld: een gezin, of global."),
    )
    occurred_at = models.DateTimeField(
        _("tijdstip"), help_text=_("Wanneer het gebeurde."), db_index=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Wie het deed; leeg bij een onbekende gebruiker."),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Namens welke organisatie."),
    )
    action = models.CharField(
        _("handeling"), max_length=80, help_text=_("Code van de handeling, bijv. auth.login.")
    )
    object_type = models.CharField(
        _("soort gegeven"), max_length=80, blank=True, help_text=_("Bijv. accounts.user.")
    )
    object_uuid = models.UUIDField(
        _("gegeven"), null=True, blank=True, help_text=_("De publieke sleutel van het gegeven.")
    )
    family_uuid = models.UUIDField(
        _("gezin"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Het gezin waar het over gaat, als het over een gezin gaat."),
    )
    request_id = models.CharField(
        _("verzoek"), max_length=64, blank=True, help_text=_("Kenmerk van het webverzoek.")
    )
    ip_address = models.CharField(
        _("IP-adres"), max_length=45, blank=True, help_text=_("Vanaf welk adres.")
    )
    detail = models.JSONField(
        _("details"),
        default=dict,
        blank=True,
        help_text=_("Codes en sleutels ter toelichting; nooit namen of notitietekst."),
    )
    previous_hash = models.CharField(
        _("vorige hash"), max_length=64, help_text=_("De hash van de gebeurtenis ervoor.")
    )
    hash = models.CharField(
        _("hash"), max_length=64, unique=True, help_text=_("De hash van deze gebeurtenis.")
    )

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit-gebeurtenis")
        verbose_name_plural = _("audit-gebeurtenissen")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["actor", "occurred_at"]),
            models.Index(fields=["chain", "id"], name="core_audit_chain_id"),
            # "Wie keek" reads one page of a family's events on (occurred_at, id).
            models.Index(fields=["family_uuid", "occurred_at", "id"], name="audit_family_moment"),
        ]

    def __str__(self) -> str:
        return f"{self.action} @ {self.occurred_at:%Y-%m-%d %H:%M:%S}"

    def save(self, *args: object, **kwargs: object) -> None:
        # Integrity guard, not a business rule: an existing event is never rewritten.
        if not self._state.adding:
            raise AuditTrailIsAppendOnly(_("Audit-gebeurtenissen kunnen niet worden gewijzigd."))
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AuditTrailIsAppendOnly(_("Audit-gebeurtenissen kunnen niet worden verwijderd."))


class ScheduledRun(models.Model):
    """That a daily job was put in the task queue on a day (the scheduler, ADR 0031)."""

    # A job name and a day: no personal data.
    retention_category = RetentionCategory.ANONIEM

    job = models.CharField(_("taak"), max_length=80, help_text=_("Naam van de dagelijkse taak."))
    day = models.DateField(_("dag"), help_text=_("De dag (Nederlandse tijd) van deze keer."))
    enqueued_at = models.DateTimeField(
        _("in de wachtrij gezet"), auto_now_add=True, help_text=_("Wanneer.")
    )
    task_id = models.CharField(
        _("taak-id"), max_length=64, blank=True, help_text=_("Het kenmerk in de wachtrij.")
    )

    class Meta:
        verbose_name = _("geplande run")
        verbose_name_plural = _("geplande runs")
        constraints = [
            models.UniqueConstraint(fields=["job", "day"], name="core_scheduledrun_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.day}"
