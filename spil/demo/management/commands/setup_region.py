"""Set up a fresh installation without the shell (docs/deployment.md, "Eerste start").

    python manage.py setup_region \\
        --gemeente "Gemeente Lindeveen" --meldpunt "Meldpunt Zorg om Gezinnen" \\
        --aanbieder "Gezinscoaching Lindeveen" --team "Team Noord" --team "Team Zuid" \\
        --programma "Gezinscoaching 6+6" \\
        --beheerder-email beheer@lindeveen.nl --beheerder-naam "An Beheer" \\
        --beheerder-email tweede@lindeveen.nl --beheerder-naam "Bo Beheer"

What is missing is asked for when the command runs in a terminal; otherwise it stops
with a Dutch message naming the flag. Every value is checked before anything is written
(length, control characters, e-mail address), and what was recorded is printed only once
it is committed. Running it again changes nothing that is there already (it adds what is
new; names match regardless of case). A beheerder's password comes from
SPIL_ADMIN_PASSWORD, a prompt (twice, asked again until the password validators accept
it), or — when neither — is not set: the beheerder then sets one through "Wachtwoord
vergeten" on the login page. Everything is recorded in the audit trail.

Granting a role needs a second beheerder's approval (docs/adr/0007): the beheerder flags
may be given more than once (paired by order), and a region left with one beheerder is
told how to add another.

It lives in `demo` because it is the one place above both accounts and directory; it
writes no demo data and runs under production settings.
"""

import getpass
import os
import shlex
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any, TypeVar

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.db import connection, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from spil.accounts import services as accounts
from spil.accounts.models import Membership, Organisation, Team, User, normalise_email
from spil.core import audit
from spil.core.roles import Role
from spil.directory.models import Programme

Kind = Organisation.Kind
T = TypeVar("T")


def _max_length(model: type[models.Model], field: str) -> int:
    length = getattr(model._meta.get_field(field), "max_length", None)
    assert isinstance(length, int), (model, field)
    return length


# The longest value of each flag: that of the field it is stored in. The gemeente's name
# (without "Gemeente ") is also the organisations' municipality, the shorter field.
MAX_LENGTH = {
    "--gemeente": _max_length(Organisation, "municipality"),
    "--meldpunt": _max_length(Organisation, "name"),
    "--aanbieder": _max_length(Organisation, "name"),
    "--team": _max_length(Team, "name"),
    "--programma": _max_length(Programme, "name"),
    "--beheerder-email": _max_length(User, "email"),
    "--beheerder-naam": _max_length(User, "full_name"),
}


# Unicode categories refused in a value: control and format characters (newline, tab, ESC,
# right-to-left override, zero-width space), surrogates (undecodable bytes on the command
# line), private use, unassigned, line and paragraph separators. They would end up in
# names shown on every page and in the audit trail.
HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _clean(flag: str, value: str) -> str:
    """The value without surrounding whitespace, or a CommandError naming the flag."""
    value = value.strip()
    if any(unicodedata.category(c) in HIDDEN for c in value):
        raise CommandError(
            _("%(flag)s bevat een onzichtbaar teken of stuurteken (zoals een regeleinde of tab).")
            % {"flag": flag}
        )
    if len(value) > MAX_LENGTH[flag]:
        raise CommandError(
            _("%(flag)s is te lang: %(length)d tekens, ten hoogste %(max)d.")
            % {"flag": flag, "length": len(value), "max": MAX_LENGTH[flag]}
        )
    if flag == "--beheerder-email" and value:
        value = normalise_email(value)
        try:
            validate_email(value)
        except ValidationError:
            raise CommandError(
                _("'%(email)s' is geen e-mailadres (%(flag)s).") % {"email": value, "flag": flag}
            ) from None
    return value


def _beheerders() -> "models.QuerySet[User]":
    """Everyone who can approve a role (docs/adr/0007): active, with the beheerder role."""
    return User.objects.filter(is_active=True, memberships__role=Role.ADMIN).distinct()


@dataclass
class Beheerder:
    email: str
    name: str
    password: str | None  # None: an existing account, or one that sets it later


@dataclass
class Region:
    gemeente: str
    meldpunt: str
    aanbieder: str
    teams: list[str]
    programmes: list[str]
    beheerders: list[Beheerder]


class Command(BaseCommand):
    help = (
        "Richt een nieuwe installatie in: gemeente, meldpunt, aanbieder met teams, "
        "programma('s) en de eerste beheerder(s). Nog een keer draaien verandert niets wat "
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
        parser.add_argument(
            "--beheerder-email",
            action="append",
            default=[],
            help="E-mailadres van een beheerder. Twee keer voor twee beheerders: een rol "
            "toekennen vraagt de goedkeuring van een tweede beheerder.",
        )
        parser.add_argument(
            "--beheerder-naam",
            action="append",
            default=[],
            help="Naam van de beheerder; zo vaak als --beheerder-email, in dezelfde volgorde.",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Niets vragen; stoppen als iets ontbreekt.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self._refuse_pending_migrations()
        self.interactive = options["interactive"] and sys.stdin.isatty()
        try:
            region = self._region(options)
        except (EOFError, KeyboardInterrupt):
            self.stderr.write("")  # the prompt's line was not ended
            raise CommandError(_("Afgebroken: er is niets vastgelegd.")) from None
        self.lines: list[str] = []  # printed once committed: a rollback would make them untrue
        try:
            with transaction.atomic():
                self._setup(region)
        except (CommandError, ValidationError) as error:
            text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            raise CommandError(f"{text} {_('Er is niets vastgelegd.')}") from error
        for line in self.lines:
            self.stdout.write(line)

    def _refuse_pending_migrations(self) -> None:
        executor = MigrationExecutor(connection)  # a fresh database: every migration is due
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError(
                _(
                    "De database is nog niet bijgewerkt: voer eerst `python manage.py migrate` "
                    "uit. Er is niets vastgelegd."
                )
            )

    # Gathering and checking the values: nothing is written yet.

    def _region(self, options: dict[str, Any]) -> Region:
        gemeente = self._value("--gemeente", options["gemeente"], _("Naam van de gemeente"))
        meldpunt = self._value("--meldpunt", options["meldpunt"], _("Naam van het meldpunt"))
        aanbieder = self._value(
            "--aanbieder", options["aanbieder"], _("Naam van de organisatie van de coaches")
        )
        teams = self._values("--team", options["team"], _("Teams (gescheiden door komma's)"))
        programmes = self._values(
            "--programma", options["programma"], _("Programma's (gescheiden door komma's)")
        )
        emails = self._values(
            "--beheerder-email", options["beheerder_email"], _("E-mailadres van de beheerder")
        )
        names = options["beheerder_naam"]
        if names and len(names) != len(emails):
            raise CommandError(
                _(
                    "Geef bij elk --beheerder-email één --beheerder-naam, in dezelfde volgorde "
                    "(nu %(emails)d e-mailadres(sen) en %(names)d naam/namen)."
                )
                % {"emails": len(emails), "names": len(names)}
            )
        pairs = [(email, self._name(email, name)) for email, name in zip_longest(emails, names)]
        if (
            self.interactive
            and len(pairs) == 1
            and not _beheerders().exclude(email=pairs[0][0]).exists()
            and self._ask(
                _(
                    "Een rol toekennen vraagt de goedkeuring van een tweede beheerder. "
                    "Nu een tweede beheerder toevoegen? [j/N]"
                ),
                lambda answer: answer.strip().lower() or "n",
            ).startswith("j")
        ):
            email = self._value("--beheerder-email", None, _("E-mailadres van de tweede beheerder"))
            pairs.append((email, self._name(email, None)))
        if len({email for email, _name in pairs}) < len(pairs):
            raise CommandError(_("Een e-mailadres staat twee keer bij --beheerder-email."))
        return Region(
            gemeente,
            meldpunt,
            aanbieder,
            teams,
            programmes,
            [Beheerder(email, name, self._password(email, name)) for email, name in pairs],
        )

    def _values(self, flag: str, given: list[str], question: str) -> list[str]:
        """The flag's values, checked; asked for when none is given and there is a terminal
        (a flag that may be repeated takes a list separated by commas)."""
        values = [_clean(flag, value) for value in given if value.strip()]
        if not values and self.interactive:
            many = flag in ("--team", "--programma")
            values = self._ask(
                question,
                lambda answer: [
                    _clean(flag, value)
                    for value in (answer.split(",") if many else [answer])
                    if value.strip()
                ],
            )
        if not values:
            raise CommandError(_("%(flag)s ontbreekt.") % {"flag": flag})
        return values

    def _value(self, flag: str, given: str | None, question: str) -> str:
        return self._values(flag, [given or ""], question)[0]

    def _name(self, email: str, name: str | None) -> str:
        question = _("Naam van de beheerder (%(email)s)") % {"email": email}
        return self._value("--beheerder-naam", name, question)

    def _ask(self, question: str, clean: Callable[[str], T]) -> T:
        """Asks until the answer is accepted and not empty; says what is wrong with it."""
        while True:
            try:
                answer = clean(input(f"{question}: "))
            except CommandError as error:
                self.stderr.write(str(error))
                continue
            if answer:
                return answer

    def _password(self, email: str, name: str) -> str | None:
        if User.objects.filter(email=email).exists():
            return None  # an existing account keeps its password
        user = User(email=email, full_name=name)
        password = os.environ.get("SPIL_ADMIN_PASSWORD") or None
        if password is not None:
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise CommandError(
                    _("SPIL_ADMIN_PASSWORD: %(problems)s") % {"problems": " ".join(error.messages)}
                ) from error
            return password
        while self.interactive:
            password = getpass.getpass(
                _("Wachtwoord voor %(email)s (leeg: later instellen): ") % {"email": email}
            )
            if not password:
                return None
            if getpass.getpass(_("Hetzelfde wachtwoord nog een keer: ")) != password:
                self.stderr.write(_("De wachtwoorden zijn niet gelijk. Probeer het opnieuw."))
                continue
            try:
                validate_password(password, user)
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))
                continue
            return password
        return None

    # Writing, in one transaction.

    def _setup(self, region: Region) -> None:
        municipality_name = region.gemeente.removeprefix("Gemeente ").strip()
        gemeente = self._organisation(region.gemeente, Kind.MUNICIPALITY, municipality_name)
        self._organisation(region.meldpunt, Kind.MELDPUNT, municipality_name)
        provider = self._organisation(region.aanbieder, Kind.YOUTH_CARE, municipality_name)
        for name in region.teams:
            self._team(name, provider)
        for name in region.programmes:
            self._programme(name, provider)
        for beheerder in region.beheerders:
            self._beheerder(beheerder, gemeente)
        self.lines.append(self.style.SUCCESS(_("De regio is ingericht.")))
        if _beheerders().count() < 2:
            self.lines.append(self._second_beheerder_note(region))

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

    def _team(self, name: str, provider: Organisation) -> None:
        existing = Team.objects.filter(organisation=provider, name__iexact=name).first()
        if existing is not None:
            self._say(_("Staat er al: %(name)s.") % {"name": existing.name})
            return
        team = Team(organisation=provider, name=name)
        team.full_clean()
        team.save()
        audit.record(actor=None, action="team.created", obj=team, organisation=provider)
        self._say(_("Vastgelegd: %(name)s.") % {"name": name}, new=True)

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

    def _beheerder(self, beheerder: Beheerder, gemeente: Organisation) -> None:
        email = beheerder.email
        user = User.objects.filter(email=email).first()
        if user is None:
            user = accounts.user_create(
                email=email, full_name=beheerder.name, password=beheerder.password
            )
            self._say(_("Beheerder aangemaakt: %(email)s.") % {"email": email}, new=True)
            if beheerder.password is None:
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

    def _second_beheerder_note(self, region: Region) -> str:
        flags = [
            ("--gemeente", region.gemeente),
            ("--meldpunt", region.meldpunt),
            ("--aanbieder", region.aanbieder),
            *[("--team", name) for name in region.teams],
            *[("--programma", name) for name in region.programmes],
            ("--beheerder-email", _("E-MAILADRES")),
            ("--beheerder-naam", _("VOOR- EN ACHTERNAAM")),
        ]
        command = " ".join(
            ["python manage.py setup_region", *(f"{flag}={shlex.quote(v)}" for flag, v in flags)]
        )
        return _(
            "Let op: een rol toekennen vraagt de goedkeuring van een tweede beheerder (vier "
            "ogen), en die is er nog niet. Voeg er een toe met:\n    %(command)s"
        ) % {"command": command}

    def _say(self, message: str, *, new: bool = False) -> None:
        self.lines.append(f"{'+' if new else '='} {message}")
