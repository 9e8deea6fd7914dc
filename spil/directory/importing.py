"""Reading and writing the sociale kaart as a sheet (issue 16).

    organisation;name;description;kind;age_from;age_to;voluntary;duration_weeks;waiting_weeks;request;intervention;nji_recognition

Semicolon-separated, UTF-8 with or without BOM. `parse` checks every line and returns the
clean rows and the Dutch errors per line; `services.offers_import` writes the rows only when
there is no error at all. `export` writes the same columns back.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from .models import Intervention, Offer, OfferCategory, Recognition

COLUMNS = [
    "organisation",
    "name",
    "description",
    "kind",
    "age_from",
    "age_to",
    "voluntary",
    "duration_weeks",
    "waiting_weeks",
    "request",
    "intervention",
    "nji_recognition",
]
# How the sheet writes the NJI levels; "effectief volgens …" is accepted too.
RECOGNITION_WORDS = {
    "geen": Recognition.NONE,
    "goed onderbouwd": Recognition.WELL_FOUNDED,
    "eerste aanwijzingen": Recognition.FIRST_EVIDENCE,
    "goede aanwijzingen": Recognition.GOOD_EVIDENCE,
    "sterke aanwijzingen": Recognition.STRONG_EVIDENCE,
}
WORDS_OF_RECOGNITION = {level: word for word, level in RECOGNITION_WORDS.items()}
MAX_LINES = 5000
MAX_AGE = 120
MAX_WEEKS = 520


def organisation_model() -> Any:
    # accounts sits beside directory in the layers: reached through the relation.
    return Offer._meta.get_field("organisation").related_model


@dataclass
class Row:
    line: int
    organisation: str
    organisation_key: str
    name: str
    description: str
    category: OfferCategory
    age_from: int | None
    age_to: int | None
    voluntary: bool
    duration_weeks: int | None
    waiting_weeks: int | None
    request: str
    intervention: str
    recognition: str | None  # None: the sheet says nothing; "" never


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    new_organisations: list[str] = field(default_factory=list)


def _number(value: str, label: str, high: int, problems: list[str]) -> int | None:
    if not value:
        return None
    if not value.isdigit() or int(value) > high:
        problems.append(
            _("%(label)s moet een heel getal van 0 tot en met %(high)s zijn, niet “%(value)s”")
            % {"label": label, "high": high, "value": value[:20]}
        )
        return None
    return int(value)


def recognition_of(value: str) -> str | None:
    """The level for a sheet's word, or None when it is not one of them."""
    word = " ".join(value.lower().split())
    if word.startswith("effectief volgens "):
        word = word.removeprefix("effectief volgens ")
    level = RECOGNITION_WORDS.get(word)
    if level is None and word in {str(v) for v in Recognition.values}:
        level = Recognition(word)
    return str(level) if level is not None else None


def decode(data: bytes) -> str:
    """UTF-8 with or without BOM; anything else is refused (ValueError)."""
    return data.decode("utf-8-sig")


def parse(text: str, *, create_organisations: bool = False) -> Parsed:
    result = Parsed()
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    try:
        header = next(reader)
    except StopIteration:
        result.errors.append(_("Het bestand is leeg."))
        return result
    header = [h.strip().lower() for h in header]
    if header != COLUMNS:
        result.errors.append(
            _("Regel 1: de kopregel moet precies zijn: %(columns)s")
            % {"columns": ";".join(COLUMNS)}
        )
        return result
    categories = list(OfferCategory.objects.filter(is_active=True))
    by_word = {c.code.lower(): c for c in categories} | {c.label.lower(): c for c in categories}
    organisations = {
        key: name
        for key, name in organisation_model()
        .objects.annotate(key=Lower("name"))
        .values_list("key", "name")
    }
    seen: dict[tuple[str, str], int] = {}
    levels: dict[str, tuple[str, int]] = {}
    category_words = ", ".join(c.code for c in categories)
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # an empty line
        if number > MAX_LINES + 1:
            result.errors.append(_("Meer dan %(n)s regels: splits het bestand.") % {"n": MAX_LINES})
            break
        problems: list[str] = []
        if len(cells) != len(COLUMNS):
            result.errors.append(
                _("Regel %(line)s: %(found)s kolommen in plaats van %(wanted)s.")
                % {"line": number, "found": len(cells), "wanted": len(COLUMNS)}
            )
            continue
        v = dict(zip(COLUMNS, (c.strip() for c in cells), strict=True))
        organisation = " ".join(v["organisation"].split())
        name = " ".join(v["name"].split())
        if not organisation:
            problems.append(_("de organisatie ontbreekt"))
        elif len(organisation) > 200:
            problems.append(_("de naam van de organisatie is langer dan 200 tekens"))
        elif organisation.lower() not in organisations:
            if create_organisations:
                organisations[organisation.lower()] = organisation
                result.new_organisations.append(organisation)
            else:
                problems.append(
                    _(
                        "organisatie “%(name)s” is onbekend; maak haar eerst aan of importeer "
                        "met --create-organisations"
                    )
                    % {"name": organisation}
                )
        if not name:
            problems.append(_("de naam van het aanbod ontbreekt"))
        elif len(name) > 200:
            problems.append(_("de naam van het aanbod is langer dan 200 tekens"))
        category = by_word.get(" ".join(v["kind"].lower().split()))
        if category is None:
            problems.append(
                _("soort “%(kind)s” is onbekend; gebruik een van: %(kinds)s")
                % {"kind": v["kind"][:50], "kinds": category_words}
            )
        age_from = _number(v["age_from"], _("leeftijd vanaf"), MAX_AGE, problems)
        age_to = _number(v["age_to"], _("leeftijd tot"), MAX_AGE, problems)
        if age_from is not None and age_to is not None and age_from > age_to:
            problems.append(_("de leeftijd vanaf is hoger dan de leeftijd tot"))
        voluntary = v["voluntary"].lower()
        if voluntary not in {"ja", "nee"}:
            problems.append(
                _("vrijwillig moet “ja” of “nee” zijn, niet “%(value)s”")
                % {"value": v["voluntary"][:20]}
            )
        duration = _number(v["duration_weeks"], _("duur in weken"), MAX_WEEKS, problems)
        waiting = _number(v["waiting_weeks"], _("wachttijd in weken"), MAX_WEEKS, problems)
        intervention = " ".join(v["intervention"].split())
        if len(intervention) > 200:
            problems.append(_("de naam van de interventie is langer dan 200 tekens"))
        recognition: str | None = None
        if v["nji_recognition"]:
            recognition = recognition_of(v["nji_recognition"])
            if recognition is None:
                problems.append(
                    _(
                        "erkenning “%(value)s” is onbekend; gebruik geen, goed onderbouwd, "
                        "eerste aanwijzingen, goede aanwijzingen of sterke aanwijzingen"
                    )
                    % {"value": v["nji_recognition"][:50]}
                )
            elif not intervention:
                problems.append(_("een erkenning hoort bij een interventie, en die ontbreekt"))
            else:
                earlier = levels.get(intervention.lower())
                if earlier is not None and earlier[0] != recognition:
                    problems.append(
                        _("interventie “%(name)s” kreeg op regel %(line)s een andere erkenning")
                        % {"name": intervention, "line": earlier[1]}
                    )
                levels.setdefault(intervention.lower(), (recognition, number))
        key = (organisation.lower(), name.lower())
        if organisation and name and key in seen:
            problems.append(
                _("dit aanbod van deze organisatie staat al op regel %(line)s")
                % {"line": seen[key]}
            )
        seen.setdefault(key, number)
        if problems:
            result.errors.append(
                _("Regel %(line)s: %(problems)s.")
                % {"line": number, "problems": "; ".join(problems)}
            )
            continue
        assert category is not None
        result.rows.append(
            Row(
                line=number,
                organisation=organisations[organisation.lower()],
                organisation_key=organisation.lower(),
                name=name,
                description=v["description"],
                category=category,
                age_from=age_from,
                age_to=age_to,
                voluntary=voluntary == "ja",
                duration_weeks=duration,
                waiting_weeks=waiting,
                request=v["request"],
                intervention=intervention,
                recognition=recognition,
            )
        )
    if not result.rows and not result.errors:
        result.errors.append(_("Het bestand heeft geen regels met aanbod."))
    return result


def _cell(value: int | None) -> str:
    return "" if value is None else str(value)


def export_rows(offers: Iterable[Offer]) -> Iterable[list[str]]:
    yield COLUMNS
    for offer in offers:
        intervention: Intervention | None = offer.intervention
        yield [
            offer.organisation.name,
            offer.name,
            offer.description,
            offer.category.code,
            _cell(offer.age_from),
            _cell(offer.age_to),
            "ja" if offer.voluntary else "nee",
            _cell(offer.duration_weeks),
            _cell(offer.waiting_weeks),
            offer.request,
            intervention.name if intervention else "",
            WORDS_OF_RECOGNITION.get(Recognition(intervention.recognition), "")
            if intervention and intervention.recognition
            else "",
        ]


def export(offers: Iterable[Offer], out: Any) -> None:
    """The offers as the sheet that `parse` reads (UTF-8 with BOM, for spreadsheets)."""
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows(export_rows(offers))
