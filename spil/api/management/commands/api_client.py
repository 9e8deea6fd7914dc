"""Manage API clients for partner systems (issue 17):

    manage.py api_client create --organisation "OBS De Regenboog" --name ParnasSys \
        --scopes referrals:write
    manage.py api_client list
    manage.py api_client revoke CLIENT_ID

`create` prints the client id and the secret once; the secret is stored hashed."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from spil.accounts.models import Organisation
from spil.api import services
from spil.api.models import ApiClient


class Command(BaseCommand):
    help = "API-koppelingen aanmaken, tonen en intrekken."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Een koppeling aanmaken.")
        create.add_argument("--organisation", required=True, help="Naam van de organisatie.")
        create.add_argument("--name", default="", help="Naam van het systeem.")
        create.add_argument("--scopes", nargs="+", required=True, help="Bijv. referrals:write")
        sub.add_parser("list", help="Alle koppelingen tonen.")
        revoke = sub.add_parser("revoke", help="Een koppeling intrekken.")
        revoke.add_argument("client_id", help="De client-id.")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _create(self, options: dict[str, Any]) -> None:
        organisation = Organisation.objects.filter(name=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"Geen organisatie met de naam {options['organisation']!r}.")
        scopes = " ".join(options["scopes"]).replace(",", " ")
        try:
            client, secret = services.api_client_create(
                actor=None,
                organisation=organisation,
                name=options["name"] or organisation.name,
                scopes=scopes,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"client_id:     {client.client_id}")
        self.stdout.write(f"client_secret: {secret}")
        self.stdout.write("Bewaar het geheim nu: Spil slaat het alleen gehasht op.")

    def _list(self, options: dict[str, Any]) -> None:
        clients = ApiClient.objects.select_related("organisation", "application")
        for client in clients:
            state = f"ingetrokken {client.revoked_at:%Y-%m-%d}" if client.revoked_at else "actief"
            self.stdout.write(
                f"{client.client_id}  {client.organisation.name}  {client.name}  "
                f"{client.scopes}  {state}"
            )
        if not clients:
            self.stdout.write("Geen koppelingen.")

    def _revoke(self, options: dict[str, Any]) -> None:
        client = (
            ApiClient.objects.select_related("application", "user", "organisation")
            .filter(application__client_id=options["client_id"])
            .first()
        )
        if client is None:
            raise CommandError("Geen koppeling met deze client-id.")
        services.api_client_revoke(actor=None, client=client)
        self.stdout.write(f"Ingetrokken: {client.client_id}")
