"""manage.py export_person --member UUID --format json|pdf [--output FILE]: inzage (art. 15).

Made by an administrator on a written request; recorded in the audit trail like the
coach's button (actor: the command, no user)."""

import sys
import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from spil.core import audit
from spil.core.access import ALL_PARTS, FamilyAccess, Subject
from spil.families.models import Member
from spil.rights import export


class Command(BaseCommand):
    help = "Maak een inzage-export (AVG art. 15) van alles wat over een gezinslid is vastgelegd."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--member", required=True, help="De uuid van het gezinslid.")
        parser.add_argument("--format", choices=["json", "pdf"], default="json")
        parser.add_argument("--output", help="Bestand; zonder: naar het scherm (alleen json).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            member_uuid = uuid.UUID(options["member"])
        except ValueError as error:
            raise CommandError("Dit is geen geldige uuid.") from error
        member = Member.objects.select_related("family").filter(uuid=member_uuid).first()
        if member is None:
            raise CommandError("Geen gezinslid met deze uuid.")
        fmt, output = options["format"], options.get("output")
        if fmt == "pdf" and not output:
            raise CommandError("Een pdf gaat naar een bestand: geef --output.")
        # The command runs with the whole file: it is the administrator's answer to a request.
        access = FamilyAccess(
            family=member.family,
            subject=Subject(user=None),
            parts=ALL_PARTS,
            can_edit=True,
            acting_organisation=None,
        )
        person = export.build(access=access, member=member)
        audit.record(
            actor=None,
            action="rights.exported",
            obj=member,
            family=member.family,
            detail={"formaat": fmt, "via": "commando"},
        )
        data: bytes = export.as_pdf(person) if fmt == "pdf" else export.as_json(person).encode()
        if output:
            with open(output, "wb") as file:
                file.write(data)
            self.stdout.write(f"{output}: {len(data)} bytes")
        else:
            sys.stdout.write(data.decode())
