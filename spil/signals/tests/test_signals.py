"""Signals from coach to team lead to the municipality and back, and breakthroughs."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from spil.core.audit_labels import known as known_labels
from spil.core.models import AuditEvent
from spil.signals import services
from spil.signals.models import Answer, Breakthrough, Bundle, Signal

from .factories import make_breakthrough, make_bundle, make_signal

GOOD = {
    "problem": "De wachtlijst voor de GGZ is negen maanden.",
    "regulation": "GGZ De Linde",
    "category": "wachtlijst",
    "families_affected": "4",
    "example": "Een vader met een depressie wacht sinds januari.",
}


def _login(client, user):
    client.force_login(user)
    return client


def _actions(**filters):
    return list(AuditEvent.objects.filter(**filters).values_list("action", flat=True))


# --- Recording a signal ---------------------------------------------------------------------


def test_coach_records_a_signal_audited(client, world):
    _login(client, world.coach)
    response = client.post(reverse("signals:new"), GOOD)
    signal = Signal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("signals:detail", kwargs={"uuid": signal.uuid})
    assert (signal.author, signal.category, signal.families_affected) == (
        world.coach,
        "wachtlijst",
        4,
    )
    event = AuditEvent.objects.get(action="signals.signal_created")
    assert event.actor == world.coach and event.object_uuid == signal.uuid
    assert event.detail == {"category": "wachtlijst"}  # codes only, never the text


def test_the_form_says_no_names(client, world):
    _login(client, world.coach)
    page = client.get(reverse("signals:new")).content.decode()
    assert "Schrijf zonder namen" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("families_affected", "0", "Vul een aantal van ten minste 1 in."),
        ("families_affected", "-3", "Vul een aantal van ten minste 1 in."),
        ("families_affected", "veel", "Voer een geheel getal in."),
        ("families_affected", "99999999999", "hoogstens 10000"),
        ("category", "klacht", "Selecteer een geldige keuze."),
        ("problem", "", "Dit veld is verplicht."),
        ("example", "x" * 3001, "Dit is te lang"),
        ("regulation", "r" * 201, "Dit is te lang"),
    ],
)
def test_bad_input_is_refused_in_dutch(client, world, field, value, message):
    _login(client, world.coach)
    response = client.post(reverse("signals:new"), {**GOOD, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Signal.objects.exists()


@pytest.mark.parametrize("field", ["problem", "example", "regulation"])
@pytest.mark.parametrize("name", ["Karin", "daan", "VOS"])
def test_a_name_from_the_coachs_family_is_refused(client, world, field, name):
    _login(client, world.coach)
    text = f"Bij {name} ging het mis."
    response = client.post(reverse("signals:new"), {**GOOD, field: text})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hier staat een naam uit een gezin dat u begeleidt" in page
    assert not Signal.objects.exists()


def test_names_are_whole_words_and_only_of_the_writers_families(world):
    # "Vossenjacht" holds "Vos" but is another word; the other coach has no family Vos.
    make_signal(world.coach, example="Het leek een vossenjacht langs loketten.")
    make_signal(world.other_coach, example="Karin van het loket hielp goed.")
    assert Signal.objects.count() == 2


def test_a_team_lead_may_not_name_a_family_of_the_team_either(world):
    with pytest.raises(ValidationError) as refused:
        make_breakthrough(world.team_lead, description="Noor mag weer naar school.")
    assert "description" in refused.value.message_dict
    assert not Breakthrough.objects.exists()


# --- Seeing signals -------------------------------------------------------------------------


def test_each_sees_what_is_theirs(client, world):
    mine = make_signal(world.coach, regulation="Regeling A")
    backup = make_signal(world.backup, regulation="Regeling B")
    other = make_signal(world.other_coach, regulation="Regeling C")
    page = _login(client, world.coach).get(reverse("signals:list")).content.decode()
    assert "Regeling A" in page and "Regeling B" not in page and "Regeling C" not in page
    page = _login(client, world.team_lead).get(reverse("signals:list")).content.decode()
    assert "Regeling A" in page and "Regeling B" in page and "Regeling C" not in page
    # Nothing passed yet: the policy officer sees no signal at all.
    page = _login(client, world.policy).get(reverse("signals:list")).content.decode()
    assert "Regeling" not in page
    for user, signal in [(world.coach, backup), (world.team_lead, other), (world.policy, mine)]:
        url = reverse("signals:detail", kwargs={"uuid": signal.uuid})
        assert _login(client, user).get(url).status_code == 404


@pytest.mark.parametrize("who", ["ggz_worker", "teacher", "admin"])
def test_others_have_no_signals_page(client, world, who):
    assert _login(client, getattr(world, who)).get(reverse("signals:list")).status_code == 404


# --- Bundling, passing on, answering --------------------------------------------------------


def test_the_whole_round(client, world):
    first = make_signal(world.coach)
    second = make_signal(world.backup, category="geld")
    _login(client, world.team_lead)
    page = client.get(reverse("signals:bundle_new")).content.decode()
    assert str(first.uuid) in page and str(second.uuid) in page
    response = client.post(
        reverse("signals:bundle_new"),
        {
            "title": "Bewijslast bijstand",
            "summary": "Drie maanden afschriften.",
            "signals": [str(first.uuid), str(second.uuid)],
        },
    )
    bundle = Bundle.objects.get()
    assert response["Location"] == reverse("signals:bundle_detail", kwargs={"uuid": bundle.uuid})
    assert set(bundle.signals.all()) == {first, second}
    # Passed on with the revision the team lead saw.
    url = reverse("signals:bundle_pass", kwargs={"uuid": bundle.uuid})
    assert client.post(url, {"revision": bundle.revision}).status_code == 302
    bundle.refresh_from_db()
    assert bundle.passed_by == world.team_lead and bundle.passed_at is not None
    # The policy officer sees it and answers; "opgelost" needs a reason.
    _login(client, world.policy)
    assert "Bewijslast bijstand" in client.get(reverse("signals:list")).content.decode()
    answer_url = reverse("signals:bundle_answer", kwargs={"uuid": bundle.uuid})
    response = client.post(
        answer_url, {"status": "opgelost", "reason": "", "revision": bundle.revision}
    )
    assert "Schrijf erbij waarom" in response.content.decode()
    assert not Answer.objects.exists()
    response = client.post(
        answer_url,
        {
            "status": "opgelost",
            "reason": "Eén maand afschriften is genoeg.",
            "revision": bundle.revision,
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "opgelost" and first.first_answered_at is not None
    # The coach reads the answer on their signal.
    page = (
        _login(client, world.coach)
        .get(reverse("signals:detail", kwargs={"uuid": first.uuid}))
        .content.decode()
    )
    assert "Eén maand afschriften is genoeg." in page and "opgelost" in page
    assert _actions(object_uuid=bundle.uuid) == [
        "signals.bundle_created",
        "signals.bundle_passed",
        "signals.bundle_answered",
    ]


def test_answer_one_signal_and_first_answer_stays(world):
    signal = make_signal(world.coach)
    make_bundle(world.team_lead, [signal], passed=True)
    signal.refresh_from_db()
    services.answer_signal(
        actor=world.policy, signal=signal, status="ontvangen", reason="", revision=signal.revision
    )
    signal.refresh_from_db()
    first = signal.first_answered_at
    services.answer_signal(
        actor=world.policy,
        signal=signal,
        status="niet_opgepakt",
        reason="Landelijke regel.",
        revision=signal.revision,
    )
    signal.refresh_from_db()
    assert signal.status == "niet_opgepakt" and signal.first_answered_at == first
    assert list(signal.answers.values_list("status", flat=True)) == ["ontvangen", "niet_opgepakt"]


def test_only_the_policy_officer_answers(client, world):
    signal = make_signal(world.coach)
    bundle = make_bundle(world.team_lead, [signal], passed=True)
    for user in (world.team_lead, world.coordinator, world.coach):
        _login(client, user)
        for url in (
            reverse("signals:bundle_answer", kwargs={"uuid": bundle.uuid}),
            reverse("signals:answer", kwargs={"uuid": signal.uuid}),
        ):
            response = client.post(url, {"status": "ontvangen", "revision": 99})
            assert response.status_code == 404
    assert not Answer.objects.exists()


def test_an_unpassed_bundle_cannot_be_answered(client, world):
    bundle = make_bundle(world.team_lead, [make_signal(world.coach)])
    _login(client, world.policy)
    url = reverse("signals:bundle_answer", kwargs={"uuid": bundle.uuid})
    assert client.post(url, {"status": "ontvangen", "revision": bundle.revision}).status_code == 404
    with pytest.raises(ValidationError):
        services.answer_bundle(
            actor=world.policy, bundle=bundle, status="ontvangen", reason="", revision=None
        )


def test_a_signal_is_in_at_most_one_bundle(client, world):
    signal = make_signal(world.coach)
    make_bundle(world.team_lead, [signal])
    with pytest.raises(ValidationError):
        make_bundle(world.team_lead, [signal])
    # The form does not even offer it.
    _login(client, world.team_lead)
    response = client.post(
        reverse("signals:bundle_new"), {"title": "T", "summary": "S", "signals": [str(signal.uuid)]}
    )
    assert response.status_code == 200 and "Kies een geldige optie" in response.content.decode()
    assert Bundle.objects.count() == 1


def test_the_lead_bundles_only_their_teams_signals(client, world):
    other = make_signal(world.other_coach)
    _login(client, world.team_lead)
    response = client.post(
        reverse("signals:bundle_new"), {"title": "T", "summary": "S", "signals": [str(other.uuid)]}
    )
    assert response.status_code == 200
    assert not Bundle.objects.exists()


def test_a_passed_bundle_and_its_signals_are_fixed(client, world):
    signal = make_signal(world.coach)
    bundle = make_bundle(world.team_lead, [signal], passed=True)
    _login(client, world.team_lead)
    for name in ("signals:bundle_edit", "signals:bundle_pass"):
        assert client.get(reverse(name, kwargs={"uuid": bundle.uuid})).status_code == 404
    _login(client, world.coach)
    url = reverse("signals:edit", kwargs={"uuid": signal.uuid})
    assert client.post(url, {**GOOD, "revision": signal.revision}).status_code == 404
    with pytest.raises(ValidationError):
        services.signal_update(actor=world.coach, signal=signal, revision=None, **GOOD)


def test_an_empty_bundle_is_not_passed(world):
    signal = make_signal(world.coach)
    bundle = make_bundle(world.team_lead, [signal])
    Signal.objects.filter(pk=signal.pk).update(bundle=None)
    with pytest.raises(ValidationError):
        services.bundle_pass(actor=world.team_lead, bundle=bundle, revision=bundle.revision)


# --- Stale saves: every edit form carries the revision -------------------------------------


def test_stale_signal_edit_is_refused(client, world):
    signal = make_signal(world.coach)
    seen = signal.revision
    services.signal_update(
        actor=world.coach, signal=signal, revision=seen, **{**GOOD, "families_affected": 7}
    )
    _login(client, world.coach)
    url = reverse("signals:edit", kwargs={"uuid": signal.uuid})
    response = client.post(url, {**GOOD, "families_affected": "9", "revision": seen})
    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    signal.refresh_from_db()
    assert signal.families_affected == 7


def test_signal_edit_saves(client, world):
    signal = make_signal(world.coach)
    _login(client, world.coach)
    url = reverse("signals:edit", kwargs={"uuid": signal.uuid})
    assert client.post(url, {**GOOD, "revision": signal.revision}).status_code == 302
    signal.refresh_from_db()
    assert signal.regulation == "GGZ De Linde"
    assert "signals.signal_changed" in _actions(object_uuid=signal.uuid)
    # Another coach, even of the same team, may not change it.
    _login(client, world.backup)
    assert client.get(url).status_code == 404


def test_stale_bundle_edit_and_pass_are_refused(client, world):
    signal = make_signal(world.coach)
    bundle = make_bundle(world.team_lead, [signal])
    seen = bundle.revision
    services.bundle_update(
        actor=world.team_lead,
        bundle=bundle,
        title="Nieuw",
        summary="S",
        signals=[signal],
        revision=seen,
    )
    _login(client, world.team_lead)
    edit = reverse("signals:bundle_edit", kwargs={"uuid": bundle.uuid})
    response = client.post(
        edit, {"title": "Oud", "summary": "S", "signals": [str(signal.uuid)], "revision": seen}
    )
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    passing = reverse("signals:bundle_pass", kwargs={"uuid": bundle.uuid})
    response = client.post(passing, {"revision": seen})
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    bundle.refresh_from_db()
    assert bundle.title == "Nieuw" and bundle.passed_at is None


def test_stale_answer_is_refused(client, world):
    signal = make_signal(world.coach)
    bundle = make_bundle(world.team_lead, [signal], passed=True)
    seen = bundle.revision
    services.answer_bundle(
        actor=world.policy, bundle=bundle, status="in_behandeling", reason="", revision=seen
    )
    _login(client, world.policy)
    url = reverse("signals:bundle_answer", kwargs={"uuid": bundle.uuid})
    response = client.post(url, {"status": "ontvangen", "reason": "", "revision": seen})
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    assert Answer.objects.count() == 1


def test_stale_breakthrough_edit_is_refused(client, world):
    found = make_breakthrough(world.coach)
    seen = found.revision
    services.breakthrough_update(
        actor=world.coach, breakthrough=found, revision=seen, title="Eerst"
    )
    _login(client, world.coach)
    url = reverse("signals:breakthrough_edit", kwargs={"uuid": found.uuid})
    data = {
        "title": "Later",
        "for_whom": "gemeente",
        "occurred_on": "2026-03-02",
        "description": "D",
        "revision": seen,
    }
    response = client.post(url, data)
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    found.refresh_from_db()
    assert found.title == "Eerst"


# --- Breakthroughs ---------------------------------------------------------------------------


def test_breakthrough_recorded_and_seen(client, world):
    _login(client, world.coach)
    data = {
        "title": "Bijstand binnen een week",
        "for_whom": "gemeente",
        "occurred_on": "2026-04-01",
        "description": "De afdeling werkt nu met een vaste contactpersoon.",
    }
    assert client.post(reverse("signals:breakthrough_new"), data).status_code == 302
    found = Breakthrough.objects.get()
    assert (found.author, found.for_whom, found.occurred_on) == (
        world.coach,
        "gemeente",
        dt.date(2026, 4, 1),
    )
    assert _actions(object_uuid=found.uuid) == ["signals.breakthrough_created"]
    for user, seen in [
        (world.team_lead, True),
        (world.policy, True),
        (world.other_coach, False),
        (world.other_team_lead, True),  # sees the aggregates, as policy does
    ]:
        page = _login(client, user).get(reverse("signals:breakthroughs")).content.decode()
        assert ("Bijstand binnen een week" in page) is seen, user


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("for_whom", "buurt", "Selecteer een geldige keuze"),
        ("occurred_on", "31-02-2026", "Voer een geldige datum in"),
        ("occurred_on", "0001-01-01", "Vul een datum in tussen"),
        ("title", "", "Dit veld is verplicht."),
    ],
)
def test_breakthrough_bad_input(client, world, field, value, message):
    _login(client, world.coach)
    data = {
        "title": "T",
        "for_whom": "gezin",
        "occurred_on": "2026-04-01",
        "description": "D",
        field: value,
    }
    response = client.post(reverse("signals:breakthrough_new"), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Breakthrough.objects.exists()


# --- Query counts -----------------------------------------------------------------------------


def _fill(world, n):
    signals = [make_signal(world.coach) for _ in range(n)] + [
        make_signal(world.backup) for _ in range(n)
    ]
    bundle = make_bundle(world.team_lead, signals[:n], passed=True)
    services.answer_bundle(
        actor=world.policy, bundle=bundle, status="ontvangen", reason="", revision=bundle.revision
    )
    make_bundle(world.team_lead, signals[n:])
    for _ in range(n):
        make_breakthrough(world.coach)


@pytest.mark.parametrize("who", ["coach", "team_lead", "policy", "coordinator"])
def test_list_pages_do_not_grow_with_the_data(client, world, django_assert_max_num_queries, who):
    _fill(world, 6)
    _login(client, getattr(world, who))
    for name in ("signals:list", "signals:breakthroughs"):
        with django_assert_max_num_queries(14):
            assert client.get(reverse(name)).status_code == 200


def test_detail_pages_do_not_grow_with_the_data(client, world, django_assert_max_num_queries):
    _fill(world, 6)
    bundle = Bundle.objects.filter(passed_at__isnull=False).get()
    signal = bundle.signals.first()
    _login(client, world.team_lead)
    with django_assert_max_num_queries(14):
        assert (
            client.get(reverse("signals:bundle_detail", kwargs={"uuid": bundle.uuid})).status_code
            == 200
        )
    with django_assert_max_num_queries(14):
        assert (
            client.get(reverse("signals:detail", kwargs={"uuid": signal.uuid})).status_code == 200
        )


# --- Audit labels and the menu ------------------------------------------------------------


def test_every_signals_action_has_a_dutch_label(world):
    signal = make_signal(world.coach)
    services.signal_update(actor=world.coach, signal=signal, revision=signal.revision, **GOOD)
    bundle = make_bundle(world.team_lead, [signal])
    bundle = services.bundle_update(
        actor=world.team_lead,
        bundle=bundle,
        title="T",
        summary="S",
        signals=[signal],
        revision=bundle.revision,
    )
    services.bundle_pass(actor=world.team_lead, bundle=bundle, revision=bundle.revision)
    services.answer_bundle(
        actor=world.policy, bundle=bundle, status="ontvangen", reason="", revision=bundle.revision
    )
    signal.refresh_from_db()
    services.answer_signal(
        actor=world.policy, signal=signal, status="ontvangen", reason="", revision=signal.revision
    )
    found = make_breakthrough(world.coach)
    services.breakthrough_update(
        actor=world.coach, breakthrough=found, revision=found.revision, title="Nu"
    )
    actions = {
        a for a in AuditEvent.objects.values_list("action", flat=True) if a.startswith("signals.")
    }
    assert len(actions) == 9
    assert actions <= known_labels()


@pytest.mark.parametrize(
    ("who", "shown"),
    [
        ("coach", True),
        ("team_lead", True),
        ("policy", True),
        ("coordinator", True),
        ("ggz_worker", False),
        ("admin", False),
    ],
)
def test_the_menu_has_signalen(client, world, who, shown):
    page = _login(client, getattr(world, who)).get(reverse("accounts:start")).content.decode()
    assert (f'href="{reverse("signals:list")}"' in page) is shown
