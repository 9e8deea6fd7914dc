"""The communication rules: which critical points tell whom (seed 004 §7.2, seed 003).

Seed 004 asks for "regels … waarin bepaald wordt wat kritieke punten zijn": reaching a
goal, a change in the situation, a change of worker, information shared across
organisations — "via e-mail … zodat niemand deze informatie hoeft te missen". Seed 003
adds the reminder the day before an appointment. This module is the one registry of those
events.

How it fits together

- `Event` names every event by a stable code. `RULES` holds, per event, its spec: a
  label, whether it follows an action (`EVENT`) or the calendar (`TIME`), which part of the
  family's file the notice is about (`part`), the default audiences, who the "concerned
  person" is (if the event has one) and how the notice is worded (`describe`).
- Event-based notices follow the services that perform the action, through
  `spil.notifications.services.notify(event=…, family=…, actor=…, obj=…)`:
  goal reached (plans), change of worker (families, trajectories), information shared
  (families), escalation (assessments), a family assigned to a coach (trajectories) and a
  significant change in the situation (marked by the coach in this app), and what the
  family does in its portal (issue 14: a response to the plan, a cancelled appointment, a
  consent given or withdrawn, a message, a request for correction, an answer on closing —
  the coach is told, never with the family's own words). The domain apps
  do not call this app: they emit events (`core.events`) and `subscribers.py` turns
  each into a notice after the write has committed.
- Time-based notices are found by `python manage.py send_due_notifications` (see
  `due.py`): plan due within 7 days, trajectory end within 30 days, an appointment
  tomorrow, a promise past its date.
- Who is told per event is stored in `CommunicationRule` (one row per event, seeded by a
  data migration from the defaults below), shown on the page "Communicatieregels" and
  edited by the beheerder in the admin. Without a row the defaults here apply.

Audiences

- `coach`, `backup`: the coach and back-up coach of the family's running trajectory;
- `teamleider`: the teamleider(s) of the coach's team;
- `team`: the team around the family within consent — the worker of an active
  involvement whose organisation holds a valid sharing consent today;
- `betrokkene`: the person the event is about (the appointment's worker, whoever made the
  promise), only for events that have one.

Whatever the audiences say, every recipient is checked at send time against the access
policy: `core.access.family_parts(user, family)` must contain the part the notice is
about, so nobody outside consent is ever told; and the actor is never told about their own
action. E-mails carry no personal data: only the kind of notice and a link to Spil.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spil.core.access import FamilyPart

# How far ahead the time-based rules look.
PLAN_DUE_DAYS = 7
TRAJECTORY_END_DAYS = 30


class Event(StrEnum):
    GOAL_REACHED = "doel_bereikt"
    WORKER_CHANGED = "wisseling_hulpverlener"
    SITUATION_CHANGED = "situatie_veranderd"
    INFORMATION_SHARED = "informatie_gedeeld"
    ESCALATION = "opschaling"
    PLAN_DUE = "plan_termijn"
    TRAJECTORY_ENDING = "einde_traject"
    APPOINTMENT_TOMORROW = "afspraak_morgen"
    PROMISE_OVERDUE = "toezegging_verlopen"
    COACH_ASSIGNED = "gezin_toegewezen"
    # What the family does in its portal (issue 14).
    FAMILY_PLAN_RESPONSE = "gezin_reageerde_op_plan"
    FAMILY_CANCELLED_APPOINTMENT = "afspraak_afgezegd_door_gezin"
    FAMILY_CONSENT_CHANGED = "toestemming_gewijzigd_door_gezin"
    FAMILY_MESSAGE = "bericht_van_gezin"
    CORRECTION_REQUESTED = "correctieverzoek"
    FAMILY_ON_CLOSING = "gezin_over_afsluiten"
    # Break-the-glass (issue 18).
    EMERGENCY_ACCESS = "noodtoegang"
    # A member asks in the portal about their own data (issue 18: AVG art. 15, 17, 18, 21).
    RIGHTS_REQUESTED = "verzoek_eigen_gegevens"


class Audience(StrEnum):
    COACH = "coach"
    BACKUP = "backup"
    TEAM_LEAD = "teamleider"
    TEAM = "team"
    CONCERNED = "betrokkene"


AUDIENCE_LABELS = {
    Audience.COACH: gettext_lazy("coach"),
    Audience.BACKUP: gettext_lazy("back-up coach"),
    Audience.TEAM_LEAD: gettext_lazy("teamleider van de coach"),
    Audience.TEAM: gettext_lazy("team rond het gezin (binnen toestemming)"),
    Audience.CONCERNED: gettext_lazy("betrokkene"),
}

# The model field that stores each audience (CommunicationRule).
AUDIENCE_FIELDS = {
    Audience.COACH: "to_coach",
    Audience.BACKUP: "to_backup",
    Audience.TEAM_LEAD: "to_team_lead",
    Audience.TEAM: "to_team",
    Audience.CONCERNED: "to_concerned",
}


class Trigger(StrEnum):
    EVENT = "gebeurtenis"
    TIME = "tijd"


TRIGGER_LABELS = {
    Trigger.EVENT: gettext_lazy("bij een gebeurtenis"),
    Trigger.TIME: gettext_lazy("dagelijks, op tijd"),
}


@dataclass(frozen=True)
class Wording:
    """What the inbox shows: a short title and one or two sentences, no names."""

    title: str
    body: str


@dataclass(frozen=True)
class RuleSpec:
    event: Event
    label: Any
    trigger: Trigger
    when: Any
    part: FamilyPart
    audiences: frozenset[Audience]
    describe: Callable[[Any, dict[str, Any]], Wording]
    concerned_label: Any = None
    by_email: bool = True

    @property
    def has_concerned(self) -> bool:
        return self.concerned_label is not None


def _day(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


# --- Wording per event ------------------------------------------------------------------
# `obj` is the record the event is about; `extra` carries codes the caller knows. Never a
# family name, member name or free text typed by someone.


def _goal_reached(obj: Any, extra: dict[str, Any]) -> Wording:
    return Wording(
        _("Doel bereikt"),
        _(
            "Een doel in het gezinsplan is bereikt. Kijk in het plan welk doel het is en wat "
            "het betekent voor uw deel van de hulp."
        ),
    )


def _worker_changed(obj: Any, extra: dict[str, Any]) -> Wording:
    what = extra.get("what")
    if what == "backup":
        body = _("De back-up coach van het gezin is gewisseld.")
    elif what == "backup_removed":
        body = _("Het gezin heeft geen back-up coach meer. Nooit alleen: regel een nieuwe.")
    else:
        role = obj.get_role_display() if hasattr(obj, "get_role_display") else ""
        body = (
            _("In het team rond het gezin is de hulpverlener gewisseld (%(role)s).")
            % {"role": role}
            if role
            else _("In het team rond het gezin is een hulpverlener gewisseld.")
        )
    return Wording(
        _("Wisseling van hulpverlener"), body + " " + _("Kijk in het dossier wie wie is.")
    )


def _situation_changed(obj: Any, extra: dict[str, Any]) -> Wording:
    # Not the category: "veiligheid", "gezondheid" or "justitie" would tell every worker in
    # the team more than their consent covers. The file shows each what they may see.
    return Wording(
        _("Belangrijke verandering in de situatie"),
        _(
            "De coach meldt een belangrijke verandering in de situatie van het gezin. "
            "Stem af of uw hulp moet worden aangepast."
        ),
    )


def _information_shared(obj: Any, extra: dict[str, Any]) -> Wording:
    organisation = getattr(getattr(obj, "organisation", None), "name", "") or _("een organisatie")
    parts = getattr(obj, "parts_display", "")
    return Wording(
        _("Informatie gedeeld met een andere organisatie"),
        _(
            "Het gezin gaf toestemming om informatie te delen met %(organisation)s. "
            "Het gaat om: %(parts)s."
        )
        % {"organisation": organisation, "parts": parts},
    )


def _escalation(obj: Any, extra: dict[str, Any]) -> Wording:
    return Wording(
        _("Opschaling"),
        _("Er is opgeschaald naar %(target)s. Reden: %(reason)s.")
        % {
            "target": obj.get_target_display().lower(),
            "reason": obj.get_reason_display().lower(),
        },
    )


def _plan_due(obj: Any, extra: dict[str, Any]) -> Wording:
    on: date = extra["on"]
    if extra.get("what") == "plan":
        return Wording(
            _("Gezinsplan binnenkort klaar"),
            _(
                "Het gezinsplan moet uiterlijk %(date)s met het gezin zijn afgesproken, en "
                "is nog niet afgesproken."
            )
            % {"date": _day(on)},
        )
    return Wording(
        _("Evaluatie van het gezinsplan binnenkort"),
        _("%(moment)s van het gezinsplan staat op %(date)s.")
        % {"moment": extra.get("label", _("De evaluatie")), "date": _day(on)},
    )


def _trajectory_ending(obj: Any, extra: dict[str, Any]) -> Wording:
    return Wording(
        _("Einde traject in zicht"),
        _(
            "Het traject eindigt op %(date)s. Bespreek de afronding en de overdracht, of vraag "
            "op tijd verlenging aan."
        )
        % {"date": _day(extra["on"])},
    )


def _appointment_tomorrow(obj: Any, extra: dict[str, Any]) -> Wording:
    return Wording(
        _("Afspraak morgen"),
        _("U hebt morgen om %(time)s een afspraak met het gezin. Bel of app zo nodig vooraf.")
        % {"time": extra["time"]},
    )


def _promise_overdue(obj: Any, extra: dict[str, Any]) -> Wording:
    return Wording(
        _("Toezegging verlopen"),
        _(
            "Een toezegging had uiterlijk %(date)s gedaan moeten zijn en staat nog open. "
            "Spreek af of die alsnog wordt nagekomen of opnieuw wordt afgesproken."
        )
        % {"date": _day(obj.due_on)},
    )


def _coach_assigned(obj: Any, extra: dict[str, Any]) -> Wording:
    if extra.get("role") == "backup":
        body = _("U bent de back-up coach van een gezin geworden.")
    else:
        body = _("U bent de coach van een gezin geworden.")
    return Wording(
        _("Gezin toegewezen"),
        body + " " + _("U vindt het gezin in uw caseload op de startpagina."),
    )


# What the family did in its portal: never the member's name, never their words (a
# reason, a message, a request): the coach reads those in the file.


def _family_plan_response(obj: Any, extra: dict[str, Any]) -> Wording:
    if extra.get("agrees"):
        body = _("Een gezinslid gaat in het portaal akkoord met het gezinsplan.")
    else:
        body = _(
            "Een gezinslid is het in het portaal niet eens met (een deel van) het gezinsplan. "
            "Lees in het plan wat het gezin schreef en bespreek het samen."
        )
    return Wording(_("Het gezin reageerde op het plan"), body)


def _family_cancelled_appointment(obj: Any, extra: dict[str, Any]) -> Wording:
    return Wording(
        _("Afspraak afgezegd door het gezin"),
        _(
            "Het gezin zegde in het portaal de afspraak van %(when)s af. De reden staat bij "
            "de afspraken van het gezin."
        )
        % {"when": extra["when"]},
    )


def _family_consent_changed(obj: Any, extra: dict[str, Any]) -> Wording:
    organisation = getattr(getattr(obj, "organisation", None), "name", "") or _("een organisatie")
    if extra.get("withdrawn"):
        body = _(
            "Het gezin trok in het portaal de toestemming in om te delen met %(organisation)s. "
            "Die organisatie ziet de gedeelde onderdelen vanaf nu niet meer."
        ) % {"organisation": organisation}
    else:
        body = _(
            "Het gezin gaf in het portaal toestemming om te delen met %(organisation)s. "
            "Het gaat om: %(parts)s."
        ) % {"organisation": organisation, "parts": getattr(obj, "parts_display", "")}
    return Wording(_("Toestemming gewijzigd door het gezin"), body)


def _family_message(obj: Any, extra: dict[str, Any]) -> Wording:
    return Wording(
        _("Bericht van het gezin"),
        _("Een gezinslid stuurde een bericht via het portaal. Lees en beantwoord het in Spil."),
    )


def _correction_requested(obj: Any, extra: dict[str, Any]) -> Wording:
    return Wording(
        _("Verzoek om correctie"),
        _(
            "Een gezinslid vraagt om een gegeven in het dossier te corrigeren (AVG artikel "
            "16). Beantwoord het uiterlijk %(date)s."
        )
        % {"date": _day(obj.due_on)},
    )


def _family_on_closing(obj: Any, extra: dict[str, Any]) -> Wording:
    if extra.get("agrees"):
        body = _("Een gezinslid gaat in het portaal akkoord met het afsluiten van het traject.")
    else:
        body = _(
            "Een gezinslid is het in het portaal niet eens met het afsluiten van het traject. "
            "Bespreek het samen voordat u afsluit."
        )
    return Wording(_("Het gezin over het afsluiten"), body)


def _emergency_access(obj: Any, extra: dict[str, Any]) -> Wording:
    # The reason's code, never the opener's own words: those are in the weekly list.
    reason = obj.get_reason_display() if hasattr(obj, "get_reason_display") else ""
    return Wording(
        _("Noodtoegang tot het dossier"),
        _(
            "Een %(role)s opende het dossier van het gezin met noodtoegang (reden: %(reason)s). "
            "U ziet bij “wie keek” wat er is bekeken of gedaan."
        )
        % {"role": extra.get("role", _("teamleider of meldpunt")), "reason": str(reason).lower()},
    )


# What a member may ask about their own data in the portal, by the request's kind code
# (the rights app's `RightsRequest.Kind`; this app sits below it and keeps the codes).
RIGHTS_REQUEST_WHAT = {
    "inzage": gettext_lazy("een volledig overzicht van de eigen gegevens"),
    "wissing": gettext_lazy("vernietiging van gegevens"),
    "beperking": gettext_lazy("beperking van het gebruik van gegevens"),
    "bezwaar": gettext_lazy("bezwaar tegen het gebruik van gegevens"),
}


def _rights_requested(obj: Any, extra: dict[str, Any]) -> Wording:
    what = RIGHTS_REQUEST_WHAT.get(getattr(obj, "kind", ""), _("iets over de eigen gegevens"))
    return Wording(
        _("Verzoek over eigen gegevens"),
        _(
            "Een gezinslid vraagt in het portaal om %(what)s (AVG). Beantwoord het uiterlijk "
            "%(date)s."
        )
        % {"what": what, "date": _day(obj.due_on)},
    )


A = Audience
RULES: dict[Event, RuleSpec] = {
    spec.event: spec
    for spec in (
        RuleSpec(
            Event.GOAL_REACHED,
            gettext_lazy("Doel bereikt"),
            Trigger.EVENT,
            gettext_lazy("De coach zet een doel in het plan op “bereikt”."),
            FamilyPart.PLAN,
            frozenset({A.COACH, A.BACKUP, A.TEAM}),
            _goal_reached,
        ),
        RuleSpec(
            Event.WORKER_CHANGED,
            gettext_lazy("Wisseling van hulpverlener"),
            Trigger.EVENT,
            gettext_lazy(
                "Een betrokken hulpverlener wordt opgevolgd, of de back-up coach wisselt."
            ),
            FamilyPart.BASICS,
            frozenset({A.COACH, A.BACKUP, A.TEAM_LEAD, A.TEAM}),
            _worker_changed,
        ),
        RuleSpec(
            Event.SITUATION_CHANGED,
            gettext_lazy("Belangrijke verandering in de situatie"),
            Trigger.EVENT,
            gettext_lazy("De coach meldt een belangrijke verandering, met een korte categorie."),
            FamilyPart.BASICS,
            frozenset({A.COACH, A.BACKUP, A.TEAM_LEAD, A.TEAM}),
            _situation_changed,
        ),
        RuleSpec(
            Event.INFORMATION_SHARED,
            gettext_lazy("Informatie gedeeld met een andere organisatie"),
            Trigger.EVENT,
            gettext_lazy("Een toestemming om te delen met een organisatie wordt vastgelegd."),
            FamilyPart.BASICS,
            frozenset({A.COACH, A.BACKUP, A.TEAM}),
            _information_shared,
        ),
        RuleSpec(
            Event.ESCALATION,
            gettext_lazy("Opschaling"),
            Trigger.EVENT,
            gettext_lazy("Er wordt opgeschaald omdat de voortgang stagneert of het onveilig is."),
            FamilyPart.SAFETY,
            frozenset({A.COACH, A.BACKUP, A.TEAM_LEAD}),
            _escalation,
        ),
        RuleSpec(
            Event.PLAN_DUE,
            gettext_lazy("Gezinsplan: termijn binnen 7 dagen"),
            Trigger.TIME,
            gettext_lazy(
                "Binnen 7 dagen moet het plan met het gezin zijn afgesproken, of staat de "
                "volgende evaluatie van het plan."
            ),
            FamilyPart.PLAN,
            frozenset({A.COACH, A.BACKUP}),
            _plan_due,
        ),
        RuleSpec(
            Event.TRAJECTORY_ENDING,
            gettext_lazy("Einde traject binnen 30 dagen"),
            Trigger.TIME,
            gettext_lazy("Binnen 30 dagen eindigt de termijn van het traject."),
            FamilyPart.BASICS,
            frozenset({A.COACH, A.BACKUP, A.TEAM_LEAD}),
            _trajectory_ending,
        ),
        RuleSpec(
            Event.APPOINTMENT_TOMORROW,
            gettext_lazy("Afspraak morgen"),
            Trigger.TIME,
            gettext_lazy("De dag voor een geplande afspraak met het gezin."),
            FamilyPart.CONTACTS,
            frozenset({A.CONCERNED}),
            _appointment_tomorrow,
            concerned_label=gettext_lazy("de hulpverlener van de afspraak"),
        ),
        RuleSpec(
            Event.PROMISE_OVERDUE,
            gettext_lazy("Toezegging verlopen"),
            Trigger.TIME,
            gettext_lazy("Een open toezegging is na de afgesproken datum nog niet nagekomen."),
            FamilyPart.CONTACTS,
            frozenset({A.COACH, A.CONCERNED}),
            _promise_overdue,
            concerned_label=gettext_lazy("wie de toezegging deed (coach of hulpverlener)"),
        ),
        RuleSpec(
            Event.COACH_ASSIGNED,
            gettext_lazy("Gezin toegewezen"),
            Trigger.EVENT,
            gettext_lazy("Een traject opent voor een coach, of de coach of back-up coach wisselt."),
            FamilyPart.BASICS,
            frozenset({A.CONCERNED}),
            _coach_assigned,
            concerned_label=gettext_lazy("de nieuwe coach of back-up coach"),
        ),
        RuleSpec(
            Event.FAMILY_PLAN_RESPONSE,
            gettext_lazy("Het gezin reageerde op het plan"),
            Trigger.EVENT,
            gettext_lazy(
                "Een gezinslid gaat in het portaal akkoord met het plan, of zegt wat het er "
                "niet mee eens is."
            ),
            FamilyPart.PLAN,
            frozenset({A.COACH, A.BACKUP}),
            _family_plan_response,
        ),
        RuleSpec(
            Event.FAMILY_CANCELLED_APPOINTMENT,
            gettext_lazy("Afspraak afgezegd door het gezin"),
            Trigger.EVENT,
            gettext_lazy("Een gezinslid zegt in het portaal een afspraak af, met een reden."),
            FamilyPart.CONTACTS,
            frozenset({A.COACH, A.CONCERNED}),
            _family_cancelled_appointment,
            concerned_label=gettext_lazy("de hulpverlener van de afspraak"),
        ),
        RuleSpec(
            Event.FAMILY_CONSENT_CHANGED,
            gettext_lazy("Toestemming gewijzigd door het gezin"),
            Trigger.EVENT,
            gettext_lazy("Een gezinslid geeft of trekt in het portaal een toestemming in."),
            FamilyPart.BASICS,
            frozenset({A.COACH, A.BACKUP}),
            _family_consent_changed,
        ),
        RuleSpec(
            Event.FAMILY_MESSAGE,
            gettext_lazy("Bericht van het gezin"),
            Trigger.EVENT,
            gettext_lazy("Een gezinslid stuurt de coach een bericht via het portaal."),
            FamilyPart.BASICS,
            frozenset({A.COACH}),
            _family_message,
        ),
        RuleSpec(
            Event.CORRECTION_REQUESTED,
            gettext_lazy("Verzoek om correctie"),
            Trigger.EVENT,
            gettext_lazy(
                "Een gezinslid vraagt in het portaal om een gegeven te corrigeren (antwoord "
                "binnen een maand)."
            ),
            FamilyPart.BASICS,
            frozenset({A.COACH, A.BACKUP}),
            _correction_requested,
        ),
        RuleSpec(
            Event.FAMILY_ON_CLOSING,
            gettext_lazy("Het gezin over het afsluiten"),
            Trigger.EVENT,
            gettext_lazy(
                "Een gezinslid zegt in het portaal of het akkoord gaat met het afsluiten van "
                "het traject."
            ),
            FamilyPart.BASICS,
            frozenset({A.COACH, A.BACKUP}),
            _family_on_closing,
        ),
        RuleSpec(
            Event.EMERGENCY_ACCESS,
            gettext_lazy("Noodtoegang tot het dossier"),
            Trigger.EVENT,
            gettext_lazy(
                "Een teamleider of het meldpunt opent het gezin met noodtoegang (24 uur, met "
                "reden)."
            ),
            FamilyPart.BASICS,
            frozenset({A.COACH, A.BACKUP}),
            _emergency_access,
        ),
        RuleSpec(
            Event.RIGHTS_REQUESTED,
            gettext_lazy("Verzoek over eigen gegevens"),
            Trigger.EVENT,
            gettext_lazy(
                "Een gezinslid vraagt in het portaal om een volledig overzicht, vernietiging, "
                "beperking of bezwaar (antwoord binnen een maand)."
            ),
            FamilyPart.BASICS,
            frozenset({A.COACH, A.BACKUP}),
            _rights_requested,
        ),
    )
}


def spec_for(event: str) -> RuleSpec:
    """The spec of an event; an unknown code is a programming error."""
    return RULES[Event(event)]


@dataclass(frozen=True)
class Setting:
    """The audiences and channels that apply now (from the stored rule or the defaults)."""

    event: Event
    audiences: frozenset[Audience]
    by_email: bool
    is_active: bool


def default_setting(event: Event) -> Setting:
    spec = RULES[event]
    return Setting(event=event, audiences=spec.audiences, by_email=spec.by_email, is_active=True)


def settings_now() -> dict[Event, Setting]:
    """Every event's setting: the stored rule where there is one, else the default."""
    from .models import CommunicationRule

    found = {Event(rule.event): rule.as_setting() for rule in CommunicationRule.objects.all()}
    return {event: found.get(event, default_setting(event)) for event in Event}


def setting_for(event: Event) -> Setting:
    from .models import CommunicationRule

    rule = CommunicationRule.objects.filter(event=event).first()
    return rule.as_setting() if rule is not None else default_setting(event)
