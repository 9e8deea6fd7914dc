"""The writes: hard rules refused with a Dutch message and nothing stored; every write is
an audit event with codes only."""

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from spil.assessments import services
from spil.assessments.models import (
    Escalation,
    Measurement,
    MeldcodeStep,
    SafetyConcern,
    SafetyRating,
    Score,
)
from spil.core.access import family_access
from spil.core.models import AuditEvent
from spil.core.testing import days_ago
from spil.families.tests.factories import make_family
from spil.trajectories.models import Trajectory

from .factories import concern, measure, weigh

pytestmark = pytest.mark.django_db

ANSWERS = list(itertools.product([True, False], repeat=5))


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- Measurements -----------------------------------------------------------------------


def test_a_measurement_is_stored_with_its_scores_trajectory_and_audit(world, leefgebieden):
    m = measure(world, leefgebieden, on=days_ago(3), values=[1, 2, 3, 4, 5, 1, 2, 3, 4])
    assert m.trajectory == Trajectory.objects.get(family=world.family)
    assert m.measured_by == world.coach
    assert sorted(m.scores.values_list("value", flat=True)) == [1, 1, 2, 2, 3, 3, 4, 4, 5]
    event = AuditEvent.objects.get(action="measurement.recorded")
    assert event.family_uuid == world.family.uuid and event.object_uuid == m.uuid
    assert event.detail == {
        "instrument": "leefgebieden",
        "moment": "anders",
        "scores": 9,
        "about_member": False,
    }


def test_a_domain_left_empty_is_not_scored(world, leefgebieden):
    m = measure(world, leefgebieden, on=days_ago(1), values={"huisvesting": 4})
    assert list(m.scores.values_list("domain__code", "value")) == [("huisvesting", 4)]


@pytest.mark.parametrize("value", [0, 6, 10])
def test_a_score_outside_the_scale_is_refused_and_nothing_is_stored(world, leefgebieden, value):
    with pytest.raises(ValidationError) as error:
        measure(world, leefgebieden, on=days_ago(1), values={"gezondheid": 3, "huisvesting": value})
    assert "moet tussen 1 en 5 liggen" in _messages(error.value)
    assert "Huisvesting" in _messages(error.value)
    assert Measurement.objects.count() == Score.objects.count() == 0
    assert not AuditEvent.objects.filter(action="measurement.recorded").exists()


@pytest.mark.parametrize("value", [1, 5])
def test_the_ends_of_the_scale_are_accepted(world, leefgebieden, value):
    measure(world, leefgebieden, on=days_ago(1), values={"huisvesting": value})
    assert Score.objects.get().value == value


def test_a_domain_of_another_instrument_is_refused(world, leefgebieden, ernsttaxatie):
    ernst = ernsttaxatie.domains.get()
    with pytest.raises(ValidationError) as error:
        services.measurement_record(
            access=family_access(world.coach, world.family),
            instrument=leefgebieden,
            measured_on=days_ago(1),
            moment="start",
            scores=[
                services.ScoreData(domain=leefgebieden.domains.first(), value=3),
                services.ScoreData(domain=ernst, value=3),
            ],
        )
    assert "hoort niet bij het instrument" in _messages(error.value)
    assert Measurement.objects.count() == Score.objects.count() == 0


def test_a_measurement_in_the_future_is_refused(world, leefgebieden):
    with pytest.raises(ValidationError) as error:
        measure(world, leefgebieden, on=days_ago(-1), values=[3])
    assert error.value.message_dict == {"measured_on": ["Deze datum ligt in de toekomst."]}
    assert not Measurement.objects.exists()


def test_today_is_not_the_future(world, leefgebieden):
    measure(world, leefgebieden, on=days_ago(0), values=[3])
    assert Measurement.objects.count() == 1


def test_a_member_of_another_family_is_refused(world, leefgebieden):
    other = make_family(world.coach, name="Anders").members.first()
    with pytest.raises(ValidationError, match="hoort niet bij dit gezin"):
        measure(world, leefgebieden, on=days_ago(1), values=[3], member=other)
    assert not Measurement.objects.exists()


def test_the_same_domain_twice_and_no_scores_are_refused(world, leefgebieden):
    domain = leefgebieden.domains.first()
    kwargs = dict(
        access=family_access(world.coach, world.family),
        instrument=leefgebieden,
        measured_on=days_ago(1),
        moment="start",
    )
    with pytest.raises(ValidationError, match="twee keer"):
        services.measurement_record(
            **kwargs,
            scores=[services.ScoreData(domain=domain, value=3)] * 2,
        )
    with pytest.raises(ValidationError, match="minstens één leefgebied"):
        services.measurement_record(**kwargs, scores=[])
    assert not Measurement.objects.exists()


def test_an_instrument_no_longer_in_use_is_refused(world, leefgebieden):
    leefgebieden.is_active = False
    leefgebieden.save()
    with pytest.raises(ValidationError, match="niet meer in gebruik"):
        measure(world, leefgebieden, on=days_ago(1), values=[3])


# --- The meldcode -----------------------------------------------------------------------


def test_steps_one_to_three_are_logged_in_any_order(world):
    c = concern(world)
    for step in (3, 1, 2):
        services.meldcode_step_log(actor=world.coach, concern=c, step=step, done_on=days_ago(5))
    assert sorted(c.steps.values_list("step", flat=True)) == [1, 2, 3]
    assert AuditEvent.objects.filter(action="safety.meldcode_step").count() == 3
    with pytest.raises(ValidationError, match="eigen formulier"):
        services.meldcode_step_log(actor=world.coach, concern=c, step=4, done_on=days_ago(5))
    with pytest.raises(ValidationError, match="voor het begin van de zorg"):
        services.meldcode_step_log(actor=world.coach, concern=c, step=1, done_on=days_ago(30))


def _must_report(answers):
    _suspicion, unsafe, can_help, accepted, in_time = answers
    return unsafe or not can_help or not accepted or not in_time


@pytest.mark.parametrize(
    "answers", ANSWERS, ids=["-".join("jn"[not a] for a in x) for x in ANSWERS]
)
def test_the_hard_rule_holds_for_every_combination_of_answers(world, answers):
    c = concern(world)
    weigh(world, c, answers)
    decide = dict(actor=world.coach, concern=c, done_on=days_ago(9), organise_help=True)
    if _must_report(answers):
        with pytest.raises(ValidationError) as error:
            services.decision_record(**decide, report_to_veilig_thuis=False)
        assert "moet u melden bij Veilig Thuis" in _messages(error.value)
        assert not c.steps.filter(step=5).exists()
        assert not AuditEvent.objects.filter(action="safety.decided").exists()
    else:
        decision = services.decision_record(**decide, report_to_veilig_thuis=False)
        assert decision.report_to_veilig_thuis is False
    # With the report the decision is always possible.
    decision = services.decision_record(**decide, report_to_veilig_thuis=True)
    assert decision.answers == dict(zip(MeldcodeStep.ANSWERS, answers, strict=True))
    assert decision.weighing.step == 4


@pytest.mark.parametrize("answers", ANSWERS)
def test_the_database_refuses_a_decision_that_breaks_the_hard_rule(world, answers):
    c = concern(world)
    weighing = weigh(world, c, answers)
    row = dict(
        concern=c,
        step=5,
        done_on=days_ago(9),
        done_by=world.coach,
        weighing=weighing,
        organise_help=True,
        report_to_veilig_thuis=False,
        **weighing.answers,
    )
    if _must_report(answers):
        with pytest.raises(IntegrityError), transaction.atomic():
            MeldcodeStep.objects.create(**row)
    else:
        MeldcodeStep.objects.create(**row)
    assert MeldcodeStep.objects.create(**(row | {"report_to_veilig_thuis": True})).pk


def test_the_rule_reads_the_latest_weighing(world):
    c = concern(world)
    weigh(world, c, (True, True, True, True, True), on=12)
    weigh(world, c, (True, False, True, True, True), on=10)
    decision = services.decision_record(
        actor=world.coach,
        concern=c,
        done_on=days_ago(9),
        organise_help=True,
        report_to_veilig_thuis=False,
    )
    assert decision.unsafe is False


def test_a_decision_needs_a_weighing_and_a_choice(world):
    c = concern(world)
    with pytest.raises(ValidationError, match="Weeg eerst"):
        services.decision_record(
            actor=world.coach,
            concern=c,
            done_on=days_ago(5),
            organise_help=True,
            report_to_veilig_thuis=True,
        )
    weigh(world, c, (True, False, True, True, True))
    with pytest.raises(ValidationError, match="Kies wat u besluit"):
        services.decision_record(
            actor=world.coach,
            concern=c,
            done_on=days_ago(5),
            organise_help=False,
            report_to_veilig_thuis=False,
        )
    with pytest.raises(ValidationError, match="niet voor de weging"):
        services.decision_record(
            actor=world.coach,
            concern=c,
            done_on=days_ago(11),
            organise_help=True,
            report_to_veilig_thuis=False,
        )
    assert not c.steps.filter(step=5).exists()


def test_a_concern_cannot_be_closed_around_the_hard_rule(world):
    c = concern(world)
    weigh(world, c, (True, True, True, True, True))
    close = dict(actor=world.coach, concern=c, closed_on=days_ago(1), closing_note="Opgelost")
    with pytest.raises(ValidationError, match="eerst het besluit met de melding"):
        services.concern_close(**close)
    c.refresh_from_db()
    assert c.is_open
    services.decision_record(
        actor=world.coach,
        concern=c,
        done_on=days_ago(5),
        organise_help=False,
        report_to_veilig_thuis=True,
    )
    services.concern_close(**close)
    c.refresh_from_db()
    assert c.closed_on == days_ago(1)
    with pytest.raises(ValidationError, match="afgesloten"):
        services.meldcode_step_log(actor=world.coach, concern=c, step=1, done_on=days_ago(0))


def test_closing_needs_a_reason(world):
    c = concern(world)
    with pytest.raises(ValidationError) as error:
        services.concern_close(
            actor=world.coach, concern=c, closed_on=days_ago(1), closing_note=" "
        )
    assert error.value.message_dict == {
        "closing_note": ["Schrijf op waarom de zorg wordt afgesloten."]
    }
    assert SafetyConcern.objects.get().is_open


def test_a_concern_needs_signals_and_a_date_not_in_the_future(world):
    with pytest.raises(ValidationError, match="Beschrijf de signalen"):
        services.concern_record(
            access=family_access(world.coach, world.family), noticed_on=days_ago(1), signals="  "
        )
    with pytest.raises(ValidationError, match="toekomst"):
        services.concern_record(
            access=family_access(world.coach, world.family), noticed_on=days_ago(-1), signals="x"
        )
    assert not SafetyConcern.objects.exists()


# --- Signs of Safety, the scale, escalation --------------------------------------------


def test_the_safety_scale_runs_from_0_to_10_and_names_who_gave_it(world):
    rate = dict(access=family_access(world.coach, world.family), rated_on=days_ago(1))
    services.rating_record(**rate, value=0, rater="Gezinscoach")
    services.rating_record(**rate, value=10, member=world.parent)
    with pytest.raises(ValidationError, match="tussen 0 en 10"):
        services.rating_record(**rate, value=11, member=world.parent)
    with pytest.raises(ValidationError, match="Kies een gezinslid"):
        services.rating_record(**rate, value=5)
    assert SafetyRating.objects.count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        SafetyRating.objects.create(
            family=world.family, rated_on=days_ago(1), value=11, rater="x", recorded_by=world.coach
        )


def test_a_mapping_needs_at_least_one_column(world):
    with pytest.raises(ValidationError, match="minstens één kolom"):
        services.mapping_record(
            access=family_access(world.coach, world.family), mapped_on=days_ago(1)
        )
    mapping = services.mapping_record(
        access=family_access(world.coach, world.family),
        mapped_on=days_ago(1),
        going_well=" Oma helpt ",
    )
    assert mapping.going_well == "Oma helpt"


def test_an_escalation_stays_open_until_resolved(world):
    raise_ = dict(
        access=family_access(world.coach, world.family),
        raised_on=days_ago(5),
        target="teamleider",
        reason="stagnatie",
    )
    with pytest.raises(ValidationError, match="argumenten"):
        services.escalation_raise(**raise_, arguments=" ")
    escalation = services.escalation_raise(**raise_, arguments="Geen voortgang op schulden.")
    assert escalation.status == Escalation.Status.OPEN
    event = AuditEvent.objects.get(action="escalation.raised")
    assert event.detail == {"target": "teamleider", "reason": "stagnatie"}
    services.escalation_update(
        actor=world.team_lead, escalation=escalation, status="in_behandeling"
    )
    with pytest.raises(ValidationError, match="uitkomst"):
        services.escalation_update(
            actor=world.team_lead, escalation=escalation, status="opgelost", on=days_ago(1)
        )
    with pytest.raises(ValidationError, match="voor de opschaling"):
        services.escalation_update(
            actor=world.team_lead,
            escalation=escalation,
            status="opgelost",
            on=days_ago(6),
            resolution="x",
        )
    escalation.refresh_from_db()
    assert escalation.status == "in_behandeling" and escalation.resolved_on is None
    services.escalation_update(
        actor=world.team_lead,
        escalation=escalation,
        status="opgelost",
        on=days_ago(1),
        resolution="Afdelingshoofd belde de sociale dienst.",
    )
    escalation.refresh_from_db()
    assert escalation.status == "opgelost" and escalation.resolved_on == days_ago(1)
    with pytest.raises(ValidationError, match="al opgelost"):
        services.escalation_update(actor=world.coach, escalation=escalation, status="open")


def test_no_note_text_reaches_the_audit_trail(world, leefgebieden):
    secret = "Vader drinkt weer"
    c = services.concern_record(
        access=family_access(world.coach, world.family), noticed_on=days_ago(3), signals=secret
    )
    services.meldcode_step_log(
        actor=world.coach, concern=c, step=1, done_on=days_ago(2), note=secret
    )
    services.mapping_record(
        access=family_access(world.coach, world.family), mapped_on=days_ago(1), worries=secret
    )
    services.escalation_raise(
        access=family_access(world.coach, world.family),
        raised_on=days_ago(1),
        target="raad",
        reason="onveilig",
        arguments=secret,
        concern=c,
    )
    for event in AuditEvent.objects.all():
        assert secret not in str(event.detail)
