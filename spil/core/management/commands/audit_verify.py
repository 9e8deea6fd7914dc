from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from spil.core import audit


def _reason(code: str) -> str:
    """What a break's check code means, for the beheerder who reads it."""
    reasons = {
        "chain": _("de gebeurtenis staat in de keten van een ander gezin"),
        "previous_hash": _(
            "de verwijzing naar de vorige gebeurtenis klopt niet (een gebeurtenis ervoor "
            "ontbreekt of is vervangen)"
        ),
        "hash": _("de inhoud is veranderd: het zegel klopt niet meer"),
    }
    return reasons.get(code, code)


def verify_and_anchor(command: BaseCommand, *, anchor: bool) -> audit.Anchor | None:
    """Verify every seal and link of every chain, the family chains against their seals
    and the global chain against the anchors outside the database; on success append the
    global head as a new anchor. Raises CommandError (exit 1) on any
    difference, naming it."""
    verdict = audit.verify()
    messages = [
        _("Audit-keten gebroken bij gebeurtenis %(uuid)s (id %(id)s): %(reason)s.")
        % {"uuid": b.event_uuid, "id": b.event_id, "reason": _reason(b.reason)}
        for b in verdict.breaks
    ]
    messages += verdict.problems
    if messages:
        raise CommandError(" ".join(messages))
    head = verdict.head
    written = audit.append_anchor(head) if anchor else None
    command.stdout.write(
        command.style.SUCCESS(
            _(
                "Audit-keten intact: %(events)s gebeurtenissen in %(chains)s ketens; de "
                "globale keten telt %(count)s gebeurtenissen, laatste id %(id)s."
            )
            % {
                "events": verdict.events,
                "chains": verdict.chains,
                "count": head.count,
                "id": head.last_id,
            }
        )
    )
    return written


class Command(BaseCommand):
    help = (
        "Controleert de audit-trail (verzegeling, schakels en de ankers buiten de database) "
        "en schrijft bij succes een nieuw anker. Exit 0 als die intact is."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-anchor", action="store_true", help="Alleen controleren, geen anker schrijven."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verify_and_anchor(self, anchor=not options["no_anchor"])
