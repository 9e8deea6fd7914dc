"""Inzage (AVG art. 15): everything Spil keeps about one family member, as JSON or PDF.

    person = export.build(access=access, member=member)
    export.as_json(person) / export.as_pdf(person)

The export is made of sections; each comes from a builder registered here:

    export.register(builder, key="documenten", part=None)

A builder takes `(access, member)` and returns a `Section` or None (nothing to show). The
built-in builders below read the family file; an app that keeps more about a person
registers its own builder in its `AppConfig.ready()`. The documents are listed with name,
kind, part and date (never the file itself).

Two things never go into an export:
- **working notes** (`Contact.working_note`): the professional's own until shared (issue 18);
- **what concerns only other people**: a goal, measurement, promise, appointment, contact,
  meeting or message about another member alone. What concerns the whole family (a
  family-wide goal, a contact with the family) concerns this person too and is included.
The BSN is shown only as "vastgelegd" (never printed, as everywhere in Spil).

Who makes an export (`build`):
- the coach with the whole file (`access.can_edit`): every section — the full overview of
  art. 15, which the coach checks before handing it over (what others told about the
  person: AVG art. 15(4), Jeugdwet 7.3.11);
- the family member themselves, in the portal (`access.member == member`, not a coach's
  preview): only the sections of the parts the portal opens to them (`access.parts`,
  never the family story or safety), and within those only what the portal shows — the
  measurements shared with the family without the coach's notes, the contacts without
  their written reports (not shown in the portal; they come with the full overview), their
  own thread of messages, meetings whose minutes were shared, "wie keek" as the portal
  shows it.
Every builder is registered with its part; `part=None` means the builder filters itself
through the access (the documents, by `documents_for(access)`).
"""

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from spil.assessments.models import Measurement, SafetyConcern, SafetyRating
from spil.contacts.models import Appointment, Contact, Crisis, Promise
from spil.core import audit_labels
from spil.core.access import FamilyAccess, FamilyPart
from spil.core.models import AuditEvent
from spil.documents.selectors import documents_for
from spil.families.models import Consent, Involvement, Member, NetworkContact, Relation
from spil.meetings.models import Meeting
from spil.plans.models import Goal
from spil.portal import selectors as portal_selectors
from spil.portal.models import CorrectionRequest, Message
from spil.trajectories.models import Trajectory

from .models import RightsRequest

FORMAT_VERSION = 1
SCOPE_FULL, SCOPE_PORTAL = "volledig", "portaal"


@dataclass
class Section:
    """One part of the export: `columns` maps a stable code to its Dutch label; every row
    has the same codes. JSON keeps the codes (machine-readable), the PDF the labels."""

    key: str
    title: str
    columns: dict[str, str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""


@dataclass
class PersonExport:
    member_uuid: str
    family_uuid: str
    name: str
    made_at: str
    sections: list[Section]
    # "volledig": the coach's full export; "portaal": the member's own, of the portal's parts.
    scope: str = "volledig"


SectionBuilder = Callable[[FamilyAccess, Member], Section | None]
_builders: dict[str, SectionBuilder] = {}
# The part of the file each section belongs to; None: the builder filters itself.
_parts: dict[str, FamilyPart | None] = {}


def register(builder: SectionBuilder, *, key: str | None = None, part: FamilyPart | None) -> None:
    """Add a section to every export (the documents app, say); the same key replaces.
    `part` is the part of the file the section shows: a family member's own export (the
    portal) holds it only when that part is open to them. `None`: the builder filters
    itself through the access it is given."""
    name = key or builder.__name__
    _builders[name] = builder
    _parts[name] = part


def registered() -> list[str]:
    return list(_builders)


def part_of(key: str) -> FamilyPart | None:
    return _parts[key]


def by_member(access: FamilyAccess) -> bool:
    """The export is the family member's own, made in the portal."""
    return bool(access.subject.is_family_member)


def _may_export(access: FamilyAccess, member: Member) -> bool:
    """True for the coach's full export, False for the member's own; anything else (another
    member, a coach's preview, a professional without the whole file) is a 404."""
    if access.can_edit and not by_member(access):
        return True
    if (
        by_member(access)
        and not access.preview
        and access.parts
        and access.member is not None
        and access.member.pk == member.pk
    ):
        return False
    raise Http404


def build(*, access: FamilyAccess, member: Member) -> PersonExport:
    """The export of `member`. A coach with the whole file gets every section; the member
    themselves (the portal) the sections of the parts open to them (see the module)."""
    full = _may_export(access, member)
    if member.family_id != access.family.pk:
        raise ValueError("member of another family")
    sections = []
    for key, builder in _builders.items():
        part = _parts.get(key)
        if not full and part is not None and part not in access.parts:
            continue
        section = builder(access, member)
        if section is not None:
            sections.append(section)
    return PersonExport(
        member_uuid=str(member.uuid),
        family_uuid=str(access.family.uuid),
        name=str(member),
        made_at=timezone.localtime().isoformat(timespec="seconds"),
        sections=sections,
        scope=SCOPE_FULL if full else SCOPE_PORTAL,
    )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str | list):
        return value
    return str(value)


def as_json(person: PersonExport) -> str:
    data = asdict(person)
    data["format"] = {"name": "spil-inzage", "version": FORMAT_VERSION}
    for section in data["sections"]:
        section["rows"] = [{k: _plain(v) for k, v in row.items()} for row in section["rows"]]
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def _shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def as_html(person: PersonExport) -> str:
    sections = [
        {
            "title": s.title,
            "note": s.note,
            "labels": list(s.columns.values()),
            "rows": [[_shown(row.get(code)) for code in s.columns] for row in s.rows],
        }
        for s in person.sections
    ]
    return render_to_string("rights/export_pdf.html", {"person": person, "sections": sections})


def as_pdf(person: PersonExport) -> bytes:
    """The same export as readable Dutch on paper (WeasyPrint, as the plan's PDF)."""
    from weasyprint import HTML  # imported here so the app starts without it

    return bytes(HTML(string=as_html(person)).write_pdf(pdf_variant="pdf/ua-1"))


# --- The built-in sections ---------------------------------------------------------------------
# "Concerns this person": about the whole family (no member named) or about them.


def person(access: FamilyAccess, member: Member) -> Section:
    family = access.family
    return Section(
        "persoon",
        _("Persoonsgegevens"),
        {
            "voornaam": _("Voornaam"),
            "achternaam": _("Achternaam"),
            "geboortedatum": _("Geboortedatum"),
            "geslacht": _("Geslacht"),
            "rol": _("Rol in het gezin"),
            "woont_thuis": _("Woont in het huishouden"),
            "gezag": _("Ouderlijk gezag"),
            "overleden": _("Overleden"),
            "bsn_vastgelegd": _("BSN vastgelegd"),
            "gezinsnaam": _("Gezin"),
            "postcode": _("Postcode"),
            "huisnummer": _("Huisnummer"),
            "vastgelegd_op": _("Vastgelegd op"),
        },
        [
            {
                "voornaam": member.first_name,
                "achternaam": member.surname,
                "geboortedatum": member.birth_date,
                "geslacht": member.get_gender_display(),
                "rol": member.get_role_display(),
                "woont_thuis": member.lives_in_household,
                "gezag": member.has_parental_authority,
                "overleden": member.is_deceased,
                "bsn_vastgelegd": bool(member.bsn),
                "gezinsnaam": family.name,
                "postcode": family.postcode,
                "huisnummer": family.house_number,
                "vastgelegd_op": member.created_at,
            }
        ],
        note=_("Het BSN wordt nooit afgedrukt; hier staat alleen of het is vastgelegd."),
    )


def relations(access: FamilyAccess, member: Member) -> Section:
    rows = [
        {
            "van": str(r.from_member.first_name),
            "soort": r.get_kind_display(),
            "naar": str(r.to_member.first_name),
            "kwaliteit": r.get_quality_display() if r.quality else "",
        }
        for r in Relation.objects.filter(family=access.family)
        .filter(Q(from_member=member) | Q(to_member=member))
        .select_related("from_member", "to_member")
        .order_by("id")
    ]
    return Section(
        "relaties",
        _("Relaties in het gezin"),
        {"van": _("Van"), "soort": _("Relatie"), "naar": _("Naar"), "kwaliteit": _("Kwaliteit")},
        rows,
    )


def network(access: FamilyAccess, member: Member) -> Section:
    rows = [
        {"naam": n.name, "relatie": n.relation, "sector": n.get_sector_display()}
        for n in NetworkContact.objects.filter(family=access.family).order_by("id")
    ]
    return Section(
        "netwerk",
        _("Netwerk van het gezin"),
        {"naam": _("Naam"), "relatie": _("Relatie"), "sector": _("Sector")},
        rows,
    )


def team(access: FamilyAccess, member: Member) -> Section:
    rows = [
        {
            "rol": i.get_role_display(),
            "organisatie": i.organisation.name if i.organisation else i.organisation_name,
            "hulpverlener": i.worker.full_name if i.worker else i.worker_name,
            "sinds": i.since,
            "tot": i.until,
        }
        for i in Involvement.objects.filter(family=access.family)
        .select_related("organisation", "worker")
        .order_by("since", "id")
    ]
    return Section(
        "hulpverleners",
        _("Betrokken hulpverleners (ontvangers van gegevens)"),
        {
            "rol": _("Rol"),
            "organisatie": _("Organisatie"),
            "hulpverlener": _("Hulpverlener"),
            "sinds": _("Sinds"),
            "tot": _("Tot"),
        },
        rows,
    )


def consents(access: FamilyAccess, member: Member) -> Section:
    rows = [
        {
            "soort": c.get_kind_display(),
            "gegeven_door": c.given_by.first_name if c.given_by else "",
            "over": c.concerns_member.first_name if c.concerns_member else _("het hele gezin"),
            "organisatie": c.organisation.name if c.organisation else "",
            "onderdelen": list(c.parts or []),
            "doel": c.purpose,
            "gegeven_op": c.given_on,
            "geldig_tot": c.valid_until,
            "ingetrokken_op": c.withdrawn_on,
        }
        for c in Consent.objects.filter(family=access.family)
        .filter(Q(concerns_member__isnull=True) | Q(concerns_member=member) | Q(given_by=member))
        .select_related("given_by", "concerns_member", "organisation")
        .order_by("given_on", "id")
    ]
    return Section(
        "toestemmingen",
        _("Toestemmingen"),
        {
            "soort": _("Soort"),
            "gegeven_door": _("Gegeven door"),
            "over": _("Over"),
            "organisatie": _("Organisatie"),
            "onderdelen": _("Onderdelen"),
            "doel": _("Doel"),
            "gegeven_op": _("Gegeven op"),
            "geldig_tot": _("Geldig tot"),
            "ingetrokken_op": _("Ingetrokken op"),
        },
        rows,
    )


def trajectories(access: FamilyAccess, member: Member) -> Section:
    rows = []
    for t in (
        Trajectory.objects.filter(family=access.family)
        .select_related("coach", "programme")
        .prefetch_related("closures")
        .order_by("started_on", "id")
    ):
        closure = max(t.closures.all(), key=lambda c: (c.closed_on, c.pk), default=None)
        rows.append(
            {
                "soort": t.get_kind_display(),
                "programma": t.programme.name if t.programme else "",
                "coach": t.coach.full_name,
                "gestart_op": t.started_on,
                "fase": t.get_phase_display(),
                "gesloten_op": t.closed_on,
                "reden": closure.get_reason_display() if closure else "",
                "bereikt": closure.reached if closure else "",
            }
        )
    return Section(
        "trajecten",
        _("Trajecten"),
        {
            "soort": _("Soort"),
            "programma": _("Programma"),
            "coach": _("Coach"),
            "gestart_op": _("Gestart op"),
            "fase": _("Fase"),
            "gesloten_op": _("Gesloten op"),
            "reden": _("Reden van afsluiten"),
            "bereikt": _("Wat bereikt is"),
        },
        rows,
    )


def plan(access: FamilyAccess, member: Member) -> Section:
    goals = (
        Goal.objects.filter(version__plan__family=access.family, version__is_current=True)
        .filter(Q(whole_family=True) | Q(members=member))
        .distinct()
        .prefetch_related("steps")
        .order_by("version__plan_id", "order", "id")
    )
    rows = [
        {
            "doel": g.title,
            "voor": _("het hele gezin") if g.whole_family else member.first_name,
            "status": g.get_status_display(),
            "streefdatum": g.target_on,
            "stappen": [s.what for s in g.steps.all()],
        }
        for g in goals
    ]
    return Section(
        "plan",
        _("Doelen en stappen in het plan"),
        {
            "doel": _("Doel"),
            "voor": _("Voor"),
            "status": _("Status"),
            "streefdatum": _("Streefdatum"),
            "stappen": _("Stappen"),
        },
        rows,
        note=_("Alleen doelen van het hele gezin en doelen over deze persoon."),
    )


def _about_member_or_family(relation: str, member: Member) -> Q:
    """Rows linked to no member (about the family) or to this member, by an M2M."""
    return Q(**{f"{relation}__isnull": True}) | Q(**{relation: member})


def contacts(access: FamilyAccess, member: Member) -> Section:
    """Every contact about this person or the whole family. The member's own export (the
    portal) lists when, what kind and with whom, without the written report: the portal
    does not show reports, and a report may hold what others told about the person — it
    comes with the full overview, checked by the coach (AVG art. 15(4))."""
    own = by_member(access)
    # `working_note` is never read here: the only() list leaves it out of the query.
    rows = [
        {
            "datum": c.occurred_at,
            "soort": c.get_kind_display(),
            "verslag": "" if own else c.summary,
            "door": c.author.full_name,
        }
        for c in Contact.objects.filter(family=access.family)
        .filter(_about_member_or_family("members", member))
        .distinct()
        .only("occurred_at", "kind", "summary", "author__full_name")
        .select_related("author")
        .order_by("occurred_at", "id")
    ]
    note = _(
        "Werkaantekeningen staan hier niet in: die zijn van de hulpverlener zelf tot "
        "ze gedeeld worden."
    )
    if own:
        note = _(
            "Het verslag van een contact staat niet in dit overzicht. U krijgt het in het "
            "volledige overzicht, dat de coach eerst nakijkt."
        )
    return Section(
        "contacten",
        _("Contacten"),
        {"datum": _("Datum"), "soort": _("Soort"), "verslag": _("Verslag"), "door": _("Door")},
        rows,
        note=note,
    )


def appointments(access: FamilyAccess, member: Member) -> Section:
    rows = [
        {
            "begint": a.starts_at,
            "doel": a.purpose,
            "plaats": a.place,
            "status": a.get_status_display(),
        }
        for a in Appointment.objects.filter(family=access.family)
        .filter(_about_member_or_family("members", member))
        .distinct()
        .order_by("starts_at", "id")
    ]
    return Section(
        "afspraken",
        _("Afspraken"),
        {"begint": _("Wanneer"), "doel": _("Waarvoor"), "plaats": _("Waar"), "status": _("Status")},
        rows,
    )


def promises(access: FamilyAccess, member: Member) -> Section:
    rows = [
        {
            "richting": p.get_direction_display(),
            "wat": p.what,
            "uiterlijk": p.due_on,
            "status": p.get_status_display(),
        }
        for p in Promise.objects.filter(family=access.family)
        .filter(Q(by_member__isnull=True) | Q(by_member=member))
        .filter(Q(to_member__isnull=True) | Q(to_member=member))
        .order_by("due_on", "id")
    ]
    return Section(
        "toezeggingen",
        _("Toezeggingen"),
        {
            "richting": _("Wie aan wie"),
            "wat": _("Wat"),
            "uiterlijk": _("Uiterlijk"),
            "status": _("Status"),
        },
        rows,
    )


def measurements(access: FamilyAccess, member: Member) -> Section:
    """The member's own export holds what the portal shows: the measurements the coach
    shared with the family, without the coach's notes, and no safety rating (safety)."""
    own = by_member(access)
    found = Measurement.objects.filter(family=access.family)
    if own:
        found = found.filter(shared_with_family_on__isnull=False)
    rows = []
    for m in (
        found.filter(Q(member__isnull=True) | Q(member=member))
        .select_related("instrument")
        .prefetch_related("scores__domain")
        .order_by("measured_on", "id")
    ):
        rows.append(
            {
                "datum": m.measured_on,
                "instrument": m.instrument.name,
                "over": member.first_name if m.member_id else _("het hele gezin"),
                "scores": [f"{s.domain.label}: {s.value}" for s in m.scores.all()],
                "toelichting": "" if own else m.note,
            }
        )
    ratings = SafetyRating.objects.none() if own else SafetyRating.objects.all()
    for r in ratings.filter(family=access.family).filter(Q(member__isnull=True) | Q(member=member)):
        rows.append(
            {
                "datum": r.rated_on,
                "instrument": _("Veiligheidscijfer"),
                "over": member.first_name if r.member_id else _("het hele gezin"),
                "scores": [str(r.value)],
                "toelichting": r.note,
            }
        )
    return Section(
        "metingen",
        _("Metingen"),
        {
            "datum": _("Datum"),
            "instrument": _("Instrument"),
            "over": _("Over"),
            "scores": _("Scores"),
            "toelichting": _("Toelichting"),
        },
        rows,
    )


def safety(access: FamilyAccess, member: Member) -> Section:
    rows: list[dict[str, Any]] = [
        {
            "datum": c.noticed_on,
            "soort": _("Zorg over veiligheid"),
            "wat": c.signals,
            "afgesloten_op": c.closed_on,
        }
        for c in SafetyConcern.objects.filter(family=access.family)
        .filter(Q(about__isnull=True) | Q(about=member))
        .order_by("noticed_on", "id")
    ]
    rows += [
        {
            "datum": timezone.localtime(c.occurred_at).date(),
            "soort": _("Crisis"),
            "wat": c.what_happened,
            "afgesloten_op": None,
        }
        for c in Crisis.objects.filter(family=access.family).order_by("occurred_at", "id")
    ]
    return Section(
        "veiligheid",
        _("Veiligheid"),
        {"datum": _("Datum"), "soort": _("Soort"), "wat": _("Wat"), "afgesloten_op": _("Tot")},
        rows,
    )


def _meetings_of(access: FamilyAccess, member: Member) -> Any:
    found = Meeting.objects.filter(family=access.family, participants__member=member)
    if by_member(access):  # the portal shows the meetings whose minutes were shared
        found = found.filter(minutes_shared_on__isnull=False)
    return found.distinct()


def meetings(access: FamilyAccess, member: Member) -> Section:
    rows = [
        {
            "datum": m.starts_at,
            "soort": m.get_kind_display(),
            "status": m.get_status_display(),
            "verslag": m.minutes if m.minutes_shared_on else "",
        }
        for m in _meetings_of(access, member).order_by("starts_at", "id")
    ]
    return Section(
        "overleggen",
        _("Overleggen waar deze persoon bij was"),
        {
            "datum": _("Datum"),
            "soort": _("Soort"),
            "status": _("Status"),
            "verslag": _("Gedeeld verslag"),
        },
        rows,
    )


def _messages_of(access: FamilyAccess, member: Member) -> Any:
    found = Message.objects.filter(family=access.family)
    if by_member(access):
        # The thread the member reads in the portal: a young person's own, a parent's the
        # family's (a parent does not read a young person's messages, nor the reverse).
        return found.filter(young_person=portal_selectors.thread_member(access))
    # The family's thread and this person's own thread; never a sibling's own thread.
    return found.filter(Q(young_person__isnull=True) | Q(young_person=member))


def messages(access: FamilyAccess, member: Member) -> Section:
    rows = [
        {
            "datum": m.created_at,
            "van": m.member.first_name if m.member is not None else _("de coach"),
            "bericht": m.body,
        }
        for m in _messages_of(access, member).select_related("member").order_by("created_at", "id")
    ]
    return Section(
        "berichten",
        _("Berichten in het gezinsportaal"),
        {"datum": _("Datum"), "van": _("Van"), "bericht": _("Bericht")},
        rows,
    )


def requests(access: FamilyAccess, member: Member) -> Section:
    rows: list[dict[str, Any]] = [
        {
            "soort": r.get_kind_display(),
            "ontvangen_op": r.received_on,
            "status": r.get_status_display(),
            "antwoord": r.answer,
        }
        for r in RightsRequest.objects.filter(family=access.family, member=member)
    ]
    rows += [
        {
            "soort": _("Correctie via het portaal"),
            "ontvangen_op": c.requested_on,
            "status": c.get_status_display(),
            "antwoord": c.answer,
        }
        for c in CorrectionRequest.objects.filter(family=access.family, member=member)
    ]
    return Section(
        "verzoeken",
        _("Verzoeken over eigen gegevens"),
        {
            "soort": _("Soort"),
            "ontvangen_op": _("Ontvangen op"),
            "status": _("Status"),
            "antwoord": _("Antwoord"),
        },
        rows,
    )


def documents(access: FamilyAccess, member: Member) -> Section:
    """The documents of the file the person may ask about: those about them and those
    about the whole family (not a sibling's alone) — name, kind, part and date, never the
    file itself (the coach hands a copy on request)."""
    rows = [
        {
            "naam": d.title,
            "soort": d.get_kind_display(),
            "deel": d.get_part_display(),
            "datum": d.dated_on,
        }
        for d in documents_for(access=access)
        .filter(Q(member__isnull=True) | Q(member=member))
        .order_by("dated_on", "id")
    ]
    return Section(
        "documenten",
        _("Documenten"),
        {
            "naam": _("Naam"),
            "soort": _("Soort"),
            "deel": _("Deel van het dossier"),
            "datum": _("Datum"),
        },
        rows,
    )


def who_looked(access: FamilyAccess, member: Member) -> Section:
    if by_member(access):
        # As the portal shows it: by organisation and role, never by name, and a read of
        # what the family never sees without what was read.
        rows = [
            {
                "wanneer": look.on,
                "wie": look.role,
                "organisatie": look.organisation,
                "wat": look.what,
            }
            for look in portal_selectors.who_looked(access)
        ]
    else:
        rows = _who_looked_rows(access)
    return Section(
        "wie_keek",
        _("Wie keek in het dossier"),
        {
            "wanneer": _("Wanneer"),
            "wie": _("Wie"),
            "organisatie": _("Organisatie"),
            "wat": _("Wat"),
        },
        rows,
    )


def _who_looked_rows(access: FamilyAccess) -> list[dict[str, Any]]:
    return [
        {
            "wanneer": e.occurred_at,
            "wie": e.actor.full_name if e.actor else "",
            "organisatie": e.organisation.name if e.organisation else "",
            "wat": audit_labels.label(e.action),
        }
        for e in AuditEvent.objects.filter(family_uuid=access.family.uuid)
        .select_related("actor", "organisation")
        .order_by("occurred_at", "id")
    ]


P = FamilyPart
# Each built-in section with the part of the file it shows (None: filters itself).
BUILTIN: dict[str, tuple[SectionBuilder, FamilyPart | None]] = {
    "persoon": (person, P.BASICS),
    "relaties": (relations, P.FAMILY_STORY),
    "netwerk": (network, P.FAMILY_STORY),
    "hulpverleners": (team, P.BASICS),
    "toestemmingen": (consents, P.BASICS),
    "trajecten": (trajectories, P.BASICS),
    "plan": (plan, P.PLAN),
    "contacten": (contacts, P.CONTACTS),
    "afspraken": (appointments, P.CONTACTS),
    "toezeggingen": (promises, P.CONTACTS),
    "metingen": (measurements, P.ASSESSMENTS),
    "veiligheid": (safety, P.SAFETY),
    # The portal shows the meetings' shared minutes with the plan (its meetings page).
    "overleggen": (meetings, P.PLAN),
    "berichten": (messages, P.BASICS),
    "verzoeken": (requests, P.BASICS),
    "documenten": (documents, None),  # documents_for(access): the parts it opens
    "wie_keek": (who_looked, P.BASICS),
}


def register_builtin_sections() -> None:
    for key, (builder, part) in BUILTIN.items():
        if key not in _builders:
            register(builder, key=key, part=part)
