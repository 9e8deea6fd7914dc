"""The pages: who sees what (404 otherwise), the two-step measurement form, bad input,
flags on the overview and the caseload, audit of every read, flat query counts."""

import pytest
from django.urls import reverse

from spil.assessments import services
from spil.assessments.models import Measurement, MeldcodeStep, SafetyConcern
from spil.core.access import family_access
from spil.core.audit_labels import known as known_labels
from spil.core.models import AuditEvent
from spil.core.testing import days_ago
from spil.trajectories.models import Trajectory

from .factories import concern, measure, weigh

pytestmark = pytest.mark.django_db


def _url(world, name, **kwargs):
    return reverse(f"assessments:{name}", kwargs={"uuid": world.family.uuid, **kwargs})


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


# --- Access -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("coach", 200),
        ("backup", 200),
        ("team_lead", 200),
        ("other_coach", 404),
        ("other_team_lead", 404),
        ("coordinator", 404),
        ("ggz_worker", 404),  # no consent at all
        ("policy", 404),
        ("admin", 404),
    ],
)
@pytest.mark.parametrize("page", ["overview", "safety", "compare", "measurement_choose"])
def test_who_may_open_the_pages(client, world, who, expected, page):
    assert _get(client, getattr(world, who), _url(world, page)).status_code == expected


def test_a_professional_sees_safety_only_with_a_consent_naming_it(client, world):
    world.share_with(world.ggz, ["veiligheid"])
    world.share_with(world.school, ["plan"])
    assert _get(client, world.ggz_worker, _url(world, "safety")).status_code == 200
    assert _get(client, world.ggz_worker, _url(world, "overview")).status_code == 404
    assert _get(client, world.teacher, _url(world, "safety")).status_code == 404
    assert _get(client, world.teacher, _url(world, "overview")).status_code == 404


def test_a_professional_sees_measurements_only_with_a_consent_naming_them(client, world):
    world.share_with(world.ggz, ["metingen"])
    assert _get(client, world.ggz_worker, _url(world, "overview")).status_code == 200
    assert _get(client, world.ggz_worker, _url(world, "compare")).status_code == 200
    assert _get(client, world.ggz_worker, _url(world, "safety")).status_code == 404


def test_a_professional_reads_but_never_edits(client, world, leefgebieden):
    world.share_with(world.ggz, ["metingen", "veiligheid"])
    c = concern(world)
    client.force_login(world.ggz_worker)
    body = client.get(_url(world, "safety")).content.decode()
    assert "School ziet blauwe plekken." in body
    assert "Zorg vastleggen" not in body and "Wegen (stap 4)" not in body
    assert "Nieuwe meting" not in client.get(_url(world, "overview")).content.decode()
    assert client.get(_url(world, "measurement_choose")).status_code == 404
    for url in (
        _url(world, "measurement_new", instrument=leefgebieden.uuid),
        _url(world, "concern_new"),
        _url(world, "concern_weigh", concern_uuid=c.uuid),
        _url(world, "concern_decide", concern_uuid=c.uuid),
        _url(world, "rating_new"),
        _url(world, "escalation_new"),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url


def test_a_concern_of_another_family_is_not_found(client, world):
    other = SafetyConcern.objects.create(
        family=__import__("spil.families.tests.factories", fromlist=["make_family"]).make_family(
            world.coach, name="Anders"
        ),
        noticed_on=days_ago(3),
        signals="x",
        recorded_by=world.coach,
    )
    response = _get(client, world.coach, _url(world, "concern_step", concern_uuid=other.uuid))
    assert response.status_code == 404


# --- Reads are audited ------------------------------------------------------------------


def test_every_page_read_is_an_audit_event_with_a_dutch_label(client, world, leefgebieden):
    a = measure(world, leefgebieden, on=days_ago(20), values=[2])
    b = measure(world, leefgebieden, on=days_ago(2), values=[3])
    client.force_login(world.coach)
    client.get(_url(world, "overview"))
    client.get(_url(world, "safety"))
    client.get(_url(world, "compare"), {"first": a.uuid, "second": b.uuid})
    actions = list(
        AuditEvent.objects.filter(family_uuid=world.family.uuid, actor=world.coach)
        .exclude(action__in=["family.created", "consent.recorded"])
        .values_list("action", flat=True)
    )
    assert {"measurement.viewed", "safety.viewed", "measurement.compared"} <= set(actions)
    for action in actions:
        assert action in known_labels(), action


def test_every_action_the_app_records_has_a_label_for_the_family(world, leefgebieden):
    c = concern(world)
    services.meldcode_step_log(actor=world.coach, concern=c, step=1, done_on=days_ago(1))
    weigh(world, c, (True, True, True, True, True), on=1)
    services.decision_record(
        actor=world.coach,
        concern=c,
        done_on=days_ago(1),
        organise_help=True,
        report_to_veilig_thuis=True,
    )
    services.concern_close(actor=world.coach, concern=c, closed_on=days_ago(0), closing_note="x")
    services.mapping_record(
        access=family_access(world.coach, world.family), mapped_on=days_ago(0), worries="x"
    )
    services.rating_record(
        access=family_access(world.coach, world.family),
        rated_on=days_ago(0),
        value=5,
        rater="coach",
    )
    e = services.escalation_raise(
        access=family_access(world.coach, world.family),
        raised_on=days_ago(0),
        target="raad",
        reason="onveilig",
        arguments="x",
    )
    services.escalation_update(actor=world.coach, escalation=e, status="in_behandeling")
    services.escalation_update(
        actor=world.coach, escalation=e, status="opgelost", on=days_ago(0), resolution="x"
    )
    measure(world, leefgebieden, on=days_ago(0), values=[3])
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    ours = {a for a in actions if a.split(".")[0] in {"measurement", "safety", "escalation"}}
    assert len(ours) == 11
    assert ours <= known_labels()


# --- The measurement form ---------------------------------------------------------------


def test_a_measurement_in_two_steps(client, world, leefgebieden):
    client.force_login(world.coach)
    page = client.get(_url(world, "measurement_choose")).content.decode()
    assert "Leefgebieden" in page and "Zelfredzaamheid-Matrix 2017" in page
    response = client.get(_url(world, "measurement_choose"), {"instrument": leefgebieden.uuid})
    step2 = _url(world, "measurement_new", instrument=leefgebieden.uuid)
    assert response.status_code == 302 and response["Location"] == step2
    form = client.get(step2).content.decode()
    for domain in leefgebieden.domains.all():
        assert f'name="score_{domain.code}"' in form
    assert form.count('<select name="score_') == form.count('<select name="strength_') == 9
    assert "1 — ernstige problemen" in form
    response = client.post(
        step2,
        {
            "measured_on": days_ago(1).isoformat(),
            "moment": "start",
            "member": "",
            "score_financien_schulden": "2",
            "note_financien_schulden": "Achterstand huur",
            "strength_financien_schulden": "netwerk",
            "score_huisvesting": "4",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == _url(world, "overview")
    m = Measurement.objects.get()
    assert (m.moment, m.measured_on, m.measured_by) == ("start", days_ago(1), world.coach)
    scores = {s.domain.code: (s.value, s.note, s.strength) for s in m.scores.all()}
    assert scores == {
        "financien_schulden": (2, "Achterstand huur", "netwerk"),
        "huisvesting": (4, "", ""),
    }
    body = client.get(_url(world, "overview")).content.decode()
    assert '<tr data-domain="financien_schulden"><th scope="row">Financiën/schulden</th>' in body


def test_an_unknown_choice_of_instrument_stays_on_step_one(client, world, leefgebieden):
    client.force_login(world.coach)
    response = client.get(_url(world, "measurement_choose"), {"instrument": "geen-uuid"})
    assert response.status_code == 200
    assert "Controleer het formulier" in response.content.decode()
    leefgebieden.is_active = False
    leefgebieden.save()
    step2 = _url(world, "measurement_new", instrument=leefgebieden.uuid)
    assert client.get(step2).status_code == 404


def test_a_level_description_of_the_users_organisation_is_shown(client, world, leefgebieden):
    house = leefgebieden.domains.get(code="huisvesting")
    house.level_descriptions.create(organisation=world.coaching, value=1, text="Dakloos")
    house.level_descriptions.create(organisation=world.ggz, value=2, text="Van een ander")
    client.force_login(world.coach)
    form = client.get(_url(world, "measurement_new", instrument=leefgebieden.uuid)).content.decode()
    assert "1: Dakloos" in form and "Van een ander" not in form


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"measured_on": days_ago(-1).isoformat(), "score_huisvesting": "3"}, "in de toekomst"),
        ({"measured_on": days_ago(1).isoformat(), "score_huisvesting": "6"}, "geldige keuze"),
        ({"measured_on": days_ago(1).isoformat(), "note_huisvesting": "x"}, "Vul een score in"),
        ({"measured_on": days_ago(1).isoformat()}, "minstens één leefgebied"),
    ],
)
def test_bad_input_on_the_form_is_refused_in_dutch(client, world, leefgebieden, data, message):
    client.force_login(world.coach)
    response = client.post(
        _url(world, "measurement_new", instrument=leefgebieden.uuid), {"moment": "start", **data}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Measurement.objects.exists()


# --- Safety through the pages -----------------------------------------------------------


def test_the_meldcode_through_the_pages(client, world):
    client.force_login(world.coach)
    response = client.post(
        _url(world, "concern_new"),
        {"noticed_on": days_ago(5).isoformat(), "about": "", "signals": "Kind wil niet naar huis."},
    )
    assert response.status_code == 302
    c = SafetyConcern.objects.get()
    step = lambda name: _url(world, name, concern_uuid=c.uuid)  # noqa: E731
    assert (
        client.post(
            step("concern_step"), {"step": "2", "done_on": days_ago(4).isoformat()}
        ).status_code
        == 302
    )
    weighing = {
        "done_on": days_ago(3).isoformat(),
        "suspicion": "ja",
        "unsafe": "nee",
        "can_organise_help": "ja",
        "help_accepted": "nee",
        "safe_in_time": "ja",
    }
    assert client.post(step("concern_weigh"), weighing).status_code == 302
    outstanding = "Volgens de laatste weging is melden bij Veilig Thuis verplicht."
    assert outstanding in client.get(_url(world, "safety")).content.decode()
    page = client.get(step("concern_decide")).content.decode()
    assert "Melden bij Veilig Thuis is verplicht" in page
    assert "de betrokkenen aanvaarden de hulp niet" in page
    # The decision without the report that the weighing requires: refused, nothing stored.
    refused = client.post(
        step("concern_decide"),
        {"done_on": days_ago(2).isoformat(), "organise_help": "on", "note": "Hulp via GGZ"},
    )
    assert refused.status_code == 200
    assert "moet u melden bij Veilig Thuis" in refused.content.decode()
    assert not MeldcodeStep.objects.filter(step=5).exists()
    accepted = client.post(
        step("concern_decide"),
        {"done_on": days_ago(2).isoformat(), "organise_help": "on", "report_to_veilig_thuis": "on"},
    )
    assert accepted.status_code == 302
    decision = MeldcodeStep.objects.get(step=5)
    assert decision.report_to_veilig_thuis and decision.help_accepted is False
    body = client.get(_url(world, "safety")).content.decode()
    assert "melden bij Veilig Thuis" in body
    assert outstanding not in body
    assert body.count("nog niet gezet") == 2  # steps 1 and 3


def test_sos_scale_and_escalation_through_the_pages(client, world):
    client.force_login(world.coach)
    today = days_ago(0).isoformat()
    assert (
        client.post(
            _url(world, "mapping_new"),
            {"mapped_on": today, "worries": "Ruzie", "going_well": "Oma helpt", "next_steps": ""},
        ).status_code
        == 302
    )
    assert (
        client.post(
            _url(world, "rating_new"),
            {"rated_on": today, "member": str(world.parent.uuid), "value": "6"},
        ).status_code
        == 302
    )
    refused = client.post(
        _url(world, "rating_new"), {"rated_on": today, "member": "", "value": "11"}
    )
    assert refused.status_code == 200 and "10" in refused.content.decode()
    assert (
        client.post(
            _url(world, "escalation_new"),
            {
                "raised_on": today,
                "target": "afdelingshoofd",
                "reason": "stagnatie",
                "arguments": "Vast",
            },
        ).status_code
        == 302
    )
    body = client.get(_url(world, "safety")).content.decode()
    for expected in ("Oma helpt", "Karin Vos", "Afdelingshoofd", "De voortgang stagneert", "Open"):
        assert expected in body, expected
    assert body.count('role="img"') == 1  # the safety scale chart


# --- Flags on the overview and the caseload ---------------------------------------------


def test_the_family_overview_shows_the_section_and_the_safety_flag(client, world, leefgebieden):
    overview = reverse("families:overview", kwargs={"uuid": world.family.uuid})
    measure(world, leefgebieden, on=days_ago(40), values=[3])
    client.force_login(world.coach)
    body = client.get(overview).content.decode()
    assert "Leefgebieden en veiligheid" in body
    assert _url(world, "overview") in body and _url(world, "safety") in body
    assert "verouderd" in body
    assert "Open zorg over veiligheid" not in body
    c = concern(world)
    assert "Open zorg over veiligheid" in client.get(overview).content.decode()
    services.concern_close(actor=world.coach, concern=c, closed_on=days_ago(0), closing_note="x")
    assert "Open zorg over veiligheid" not in client.get(overview).content.decode()


def test_the_overview_hides_safety_from_who_may_not_see_it(client, world):
    concern(world)
    world.share_with(world.school, ["plan"])
    world.share_with(world.ggz, ["veiligheid"])
    overview = reverse("families:overview", kwargs={"uuid": world.family.uuid})
    teacher = _get(client, world.teacher, overview).content.decode()
    assert "Leefgebieden en veiligheid" not in teacher and "veiligheid" not in teacher.lower()
    ggz = _get(client, world.ggz_worker, overview).content.decode()
    assert "Open zorg over veiligheid" in ggz
    assert f'href="{_url(world, "overview")}"' not in ggz
    assert f'href="{_url(world, "safety")}"' in ggz


def test_the_caseload_flags_an_open_concern(client, world):
    client.force_login(world.coach)
    caseload = reverse("trajectories:caseload")
    assert "veiligheidszorg" not in client.get(caseload).content.decode()
    c = concern(world)
    body = client.get(caseload).content.decode()
    assert '<span class="flag flag--safety">veiligheidszorg</span>' in body
    services.concern_close(actor=world.coach, concern=c, closed_on=days_ago(0), closing_note="x")
    assert "veiligheidszorg" not in client.get(caseload).content.decode()


def test_the_caseload_query_count_does_not_grow_with_concerns(
    client, world, django_assert_max_num_queries
):
    from spil.families.tests.factories import make_family

    client.force_login(world.coach)
    caseload = reverse("trajectories:caseload")
    with django_assert_max_num_queries(40) as few:
        client.get(caseload)
    for n in range(15):
        family = make_family(world.coach, name=f"Gezin{n}")
        Trajectory.objects.create(
            family=family, kind="gezinscoach", coach=world.coach, started_on=days_ago(30)
        )
        for _ in range(2):
            services.concern_record(
                access=family_access(world.coach, family), noticed_on=days_ago(3), signals="x"
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(caseload).content.decode()
    assert body.count("veiligheidszorg") == 15


# --- Query counts -----------------------------------------------------------------------


def test_the_assessments_page_queries_do_not_grow_from_2_to_20_measurements(
    client, world, leefgebieden, ernsttaxatie, django_assert_max_num_queries
):
    daan = world.family.members.get(first_name="Daan")
    measure(world, leefgebieden, on=days_ago(60), moment="start", values=[2] * 9)
    measure(world, ernsttaxatie, on=days_ago(50), values=[4], member=daan)
    client.force_login(world.coach)
    url = _url(world, "overview")
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for n in range(18):
        instrument, member = ((leefgebieden, None), (ernsttaxatie, daan))[n % 2]
        values = [1 + n % 5] * instrument.domains.count()
        measure(world, instrument, on=days_ago(40 - n), values=values, member=member)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url).content.decode()
    assert body.count('class="point"') == 10 * 9 + 10
    assert Measurement.objects.count() == 20


def test_the_safety_page_queries_do_not_grow(client, world, django_assert_max_num_queries):
    def add(n):
        for _ in range(n):
            c = concern(world)
            services.meldcode_step_log(actor=world.coach, concern=c, step=1, done_on=days_ago(5))
            weigh(world, c, (True, True, True, True, True), on=5)
            services.rating_record(
                access=family_access(world.coach, world.family),
                rated_on=days_ago(4),
                value=5,
                member=world.parent,
            )
            services.escalation_raise(
                access=family_access(world.coach, world.family),
                raised_on=days_ago(4),
                target="teamleider",
                reason="onveilig",
                arguments="x",
                concern=c,
            )
            services.mapping_record(
                access=family_access(world.coach, world.family), mapped_on=days_ago(4), worries="x"
            )

    add(1)
    client.force_login(world.coach)
    with django_assert_max_num_queries(40) as few:
        client.get(_url(world, "safety"))
    add(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(_url(world, "safety"))


def test_a_measurements_or_safety_page_asks_the_policy_once(client, world, monkeypatch):
    from spil.core import access

    calls = []
    real = access.family_access

    def counted(user, family):
        calls.append(family.pk)
        return real(user, family)

    monkeypatch.setattr(access, "family_access", counted)
    client.force_login(world.coach)
    for url in (_url(world, "overview"), _url(world, "safety"), _url(world, "compare")):
        calls.clear()
        assert client.get(url).status_code == 200, url
        assert calls == [world.family.pk], url
