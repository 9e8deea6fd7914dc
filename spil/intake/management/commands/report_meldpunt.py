import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import QuerySet
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from spil.intake.importing import find_meldpunt, parse_date
from spil.intake.models import Referral
from spil.intake.reporting import MeldpuntReport, Share, meldpunt_report

FORMATS = ("text", "json")


class Command(BaseCommand):
    help = (
        "Cijfers van het meldpunt over een periode: uitkomsten, soort melder en doorlooptijd. "
        "Zonder --meldpunt over alle meldpunten."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="date_from", help="Eerste dag, JJJJ-MM-DD.")
        parser.add_argument("--to", dest="date_to", help="Laatste dag (telt mee), JJJJ-MM-DD.")
        parser.add_argument(
            "--format", dest="output_format", default="text", help="text (standaard) of json."
        )
        parser.add_argument("--meldpunt", help="Naam of UUID van het meldpunt.")

    def handle(self, *args: Any, **options: Any) -> None:
        date_from = _date(options["date_from"], "--from")
        date_to = _date(options["date_to"], "--to")
        if date_from > date_to:
            raise CommandError(
                _("De periode klopt niet: --from (%(from)s) ligt na --to (%(to)s).")
                % {"from": date_from.isoformat(), "to": date_to.isoformat()}
            )
        output_format = options["output_format"]
        if output_format not in FORMATS:
            raise CommandError(
                _("Onbekend formaat '%(format)s'. Kies uit: %(choices)s.")
                % {"format": output_format, "choices": ", ".join(FORMATS)}
            )
        referrals, meldpunt_name = _referrals(options["meldpunt"])
        report = meldpunt_report(referrals=referrals, date_from=date_from, date_to=date_to)
        if output_format == "json":
            self.stdout.write(json.dumps(report.to_json_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(as_text(report, meldpunt_name))


def _date(value: str | None, option: str) -> date:
    if not value:
        raise CommandError(
            _("Geef %(option)s op, als JJJJ-MM-DD.") % {"option": option},
        )
    parsed = parse_date(value)
    if parsed is None:
        raise CommandError(
            _("%(option)s is geen geldige datum: '%(value)s'. Gebruik JJJJ-MM-DD.")
            % {"option": option, "value": value}
        )
    return parsed


def _referrals(name_or_uuid: str | None) -> tuple[QuerySet[Referral], str]:
    if not name_or_uuid:
        return Referral.objects.all(), _("alle meldpunten")
    meldpunt = find_meldpunt(name_or_uuid)
    if meldpunt is None:
        raise CommandError(_("Meldpunt '%(name)s' niet gevonden.") % {"name": name_or_uuid})
    return Referral.objects.filter(meldpunt=meldpunt), meldpunt.name


def _number(value: float | int | None) -> str:
    """The language's notation (ADR 0010): 12 or 12,5; a dash when there is nothing to show."""
    if value is None:
        return "—"
    return number_format(value if value % 1 else int(value))


def _table(title: str, shares: tuple[Share, ...]) -> list[str]:
    width = max([len(title), *(len(share.label) for share in shares)])
    lines = [f"{title:<{width}}  {_('Aantal'):>6}  {'%':>4}", "-" * (width + 14)]
    lines += [f"{s.label:<{width}}  {s.count:>6}  {s.percent:>4}" for s in shares]
    return lines


def as_text(report: MeldpuntReport, meldpunt_name: str) -> str:
    """The report as a plain Dutch table for the terminal."""
    lead = report.lead_time
    lines = [
        _("Cijfers meldpunt: %(name)s") % {"name": meldpunt_name},
        _("Periode: %(from)s t/m %(to)s")
        % {
            "from": date_format(report.date_from, "DATE_FORMAT"),
            "to": date_format(report.date_to, "DATE_FORMAT"),
        },
        _("Meldingen ontvangen: %(total)d") % {"total": report.total},
        "",
        *_table(_("Uitkomst"), report.by_outcome),
        "",
        *_table(_("Soort organisatie melder"), report.by_referrer_kind),
        "",
        _("Doorlooptijd van melding tot uitkomst, over %(decided)d afgeronde meldingen:")
        % {"decided": lead.decided},
        _("  mediaan: %(median)s dagen") % {"median": _number(lead.median)},
        _("  langste: %(max)s dagen") % {"max": _number(lead.max)},
    ]
    return "\n".join(lines)
