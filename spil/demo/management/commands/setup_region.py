"""Set up a fresh installation without the shell (docs/deployment.md, "Eerste start").

    python manage.py setup_region \\
        --gemeente "Gemeente Lindeveen" --meldpunt "Meldpunt Zorg om Gezinnen" \\
        --aanbieder "Gezinscoaching Lindeveen" --team "Team Noord" --team "Team Zuid" \\
        --programma "Gezinscoaching 6+6" \\
        --beheerder-email beheer@lindeveen.nl --beheerder-naam "An Beheer"

What is missing is asked for when the command runs in a terminal; otherwise it stops
with a Dutch message naming the flag. Running it again changes nothing that is there
already (it adds what is new). The beheerder's password comes from SPIL_ADMIN_PASSWORD,
a prompt, or — when neither — is not set: the beheerder then sets one through
"Wachtwoord vergeten" on the login page. Everything is recorded in the audit trail.

It lives in `demo` because it is the one place above both accounts and directory; it
writes no demo data and runs under production settings.
"""

import getpass
import os
import sys
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from spil.accounts import services as accounts
from spil.accounts.models import Membership, Organisation, Team, User, normalise_email
from spil.core import audit
from spil.core.roles import Role
from spil.directory.models import Programme

Kind = Organisation.Kind


class Command(BaseCommand):
    help = (
        "Richt een nieuwe installatie in: gemeente, meldpunt, aanbieder met teams, "
        "programma('s) en de eerste beheerder. Nog een keer draaien verandert niets wat "
        "er al is."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--gemeente", help="Naam van de gemeente, bijv. 'Gemeente Lindeveen'.")
        parser.add_argument("--meldpunt", help="Naam van het meldpunt.")
        parser.add_argument(
            "--aanbieder", help="Organisatie van de gezinscoaches, bijv. 'Gezinscoaching X'."
        )
        parser.add_argument(
            "--team", action="append", default=[], help="Een team van de aanbieder (herhaalbaar)."
        )
        parser.add_argument(
            "--programma",
            action="append",
            default=[],
            help="Een programma (herhaalbaar): vrijwillig, 6 maanden, verlengbaar tot 12. "
            "Pas de regels daarna aan onder Beheer.",
        )
        parser.add_argument("--beheerder-email", help="E-mailadres van de eerste beheerder.")
        parser.add_argument("--beheerder-naam", help="Naam van de eerste beheerder.")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Niets vragen; stoppen als iets ontbreekt.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        interactive = options["interactive"] and sys.stdin.isatty()
        values = {
            "gemeente": self._value(options, "gemeente", _("Naam van de gemeente"), interactive),
            "meldpunt": self._value(options, "meldpunt", _("Naam van het meldpunt"), interactive),
            "aanbieder": self._value(
                options, "aanbieder", _("Naam van de organisatie van de coaches"), interactive
            ),
            "email": self._value(
                options, "beheerder_email", _("E-mailadres van de beheerder"), interactive
            ),
            "naam": self._value(options, "beheerder_naam", _("Naam van de beheerder"), interactive),
        }
        teams = [t.strip() for t in options["team"] if t.strip()]
        programmes = [p.strip() for p in options["programma"] if p.strip()]
        if not teams and interactive:
            teams = [t.strip() for t in input(_("Teams (gescheiden door komma's): ")).split(",")]
            teams = [t for t in teams if t]
        if not programmes and interactive:
            answer = input(_("Programma's (gescheiden door komma's): "))
            programmes = [p.strip() for p in answer.split(",") if p.strip()]
        if not teams:
            raise CommandError(_("Geef minstens één team op met --team."))
        if not programmes:
            raise CommandError(_("Geef minstens één programma op met --programma."))
        email = normalise_email(values["email"])
        if "@" not in email:
            raise CommandError(_("'%(email)s' is geen e-mailadres.") % {"email": values["email"]})
        password = self._password(email, interactive)
        try:
            with transaction.atomic():
                self._setup(values, teams, programmes, email, password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

    def _value(self, options: dict[str, Any], key: str, question: str, interactive: bool) -> str:
        value = (options.get(key) or "").strip()
        while not value and interactive:
            value = input(f"{question}: ").strip()
        if not value:
            flag = "--" + key.replace("_", "-")
            raise CommandError(_("%(flag)s ontbreekt.") % {"flag": flag})
        return value

    def _password(self, email: str, interactive: bool) -> str | None:
        if User.objects.filter(email=email).exists():
            return None  # an existing account keeps its password
        password = os.environ.get("SPIL_ADMIN_PASSWORD") or None
        if password is None and interactive:
            password = getpass.getpass(_("Wachtwoord voor de beheerder (leeg: later instellen): "))
            password = password or None
        if password is not None:
            try:
                validate_password(password, User(email=email))
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        return password

    def _organisation(self, name: str, kind: str, municipality: str) -> Organisation:
        existing = Organisation.objects.filter(name__iexact=name).first()
        if existing is not None:
            if existing.kind != kind:
                raise CommandError(
                    _(
                        "Er is al een organisatie '%(name)s' van de soort %(kind)s. Kies een "
                        "andere naam."
                    )
                    % {"name": existing.name, "kind": existing.get_kind_display()}
                )
            self._say(_("Staat er al: %(name)s.") % {"name": existing.name})
            return existing
        organisation = Organisation(name=name, kind=kind, municipality=municipality)
        organisation.full_clean()
        organisation.save()
        audit.record(
            actor=None, action="organisation.created", obj=organisation, organisation=organisation
        )
        self._say(_("Vastgelegd: %(name)s.") % {"name": name}, new=True)
        return organisation

    def _setup(
        self,
        values: dict[str, str],
        teams: list[str],
        programmes: list[str],
        email: str,
        password: str | None,
    ) -> None:
        municipality_name = values["gemeente"].removeprefix("Gemeente ").strip()
        gemeente = self._organisation(values["gemeente"], Kind.MUNICIPALITY, municipality_name)
        self._organisation(values["meldpunt"], Kind.MELDPUNT, municipality_name)
        provider = self._organisation(values["aanbieder"], Kind.YOUTH_CARE, municipality_name)
        for name in teams:
            team, created = Team.objects.get_or_create(organisation=provider, name=name)
            if created:
                audit.record(actor=None, action="team.created", obj=team, organisation=provider)
            self._say(
                (_("Vastgelegd: %(name)s.") if created else _("Staat er al: %(name)s."))
                % {"name": name},
                new=created,
            )
        for name in programmes:
            self._programme(name, provider)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = accounts.user_create(email=email, full_name=values["naam"], password=password)
            self._say(_("Beheerder aangemaakt: %(email)s.") % {"email": email}, new=True)
            if password is None:
                self._say(
                    _(
                        "Er is nog geen wachtwoord: de beheerder kiest er een via "
                        "'Wachtwoord vergeten' op de inlogpagina."
                    )
                )
        if not Membership.objects.filter(
            user=user, organisation=gemeente, role=Role.ADMIN
        ).exists():
            accounts.membership_add(user=user, organisation=gemeente, role=Role.ADMIN)
            self._say(
                _("%(email)s is beheerder bij %(org)s.") % {"email": email, "org": gemeente.name},
                new=True,
            )
        self.stdout.write(self.style.SUCCESS(_("De regio is ingericht.")))

    def _programme(self, name: str, provider: Organisation) -> None:
        existing = Programme.objects.filter(name__iexact=name).first()
        if existing is not None:
            if existing.provider_id != provider.pk:
                raise CommandError(
                    _("Het programma '%(name)s' hoort al bij %(provider)s.")
                    % {"name": existing.name, "provider": existing.provider.name}
                )
            self._say(_("Staat er al: %(name)s.") % {"name": existing.name})
            return
        programme = Programme(
            name=name,
            provider=provider,
            frame=Programme.Frame.VOLUNTARY,
            duration=Programme.Duration.FIXED,
            duration_months=6,
            max_months=12,
        )
        programme.full_clean()
        programme.save()
        audit.record(actor=None, action="programme.created", obj=programme, organisation=provider)
        self._say(_("Vastgelegd: %(name)s.") % {"name": name}, new=True)

    def _say(self, message: str, *, new: bool = False) -> None:
        self.stdout.write(f"{'+' if new else '='} {message}")
