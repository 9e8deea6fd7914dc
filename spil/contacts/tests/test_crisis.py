"""The crisis log, apart from the plan: entries, crisis contacts counted once, crises per
month, wat-als-afspraken; the part "veiligheid" of the file."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format

from spil.contacts import selectors, services
from spil.contacts.models import Contact, Crisis, WhatIfAgreement
from spil.contacts.tests.factories import hours, local_input, url
from spil.core.access import family_access
from spil.core.audit_labels import known as known_labels
from spil.core.models import AuditEvent
from spil.core.testing import days_ago

pytestmark = pytest.mark.django_db


def crisis(world, what="Ruzie escaleerde, buren belden de politie.", at=None, **extra):
    return services.crisis_record(
        access=family_access(world.coach, world.family),
        occurred_at=at or hours(-2),
        what_happened=what,
        **extra,
    )


def crisis_contact(world, summary="Moeder belde in paniek.", note="", at=None):
    return services.contact_log(
        access=family_access(world.coach, world.family),
        occurred_at=at or hours(-1),
        kind="telefoon",
        summary=summary,
        working_note=note,
        is_crisis=True,
    )


def what_if(world, **extra):
    data = {
        "situation": "vader dreigt de kinderen mee te nemen",
        "who_does_what": "Moeder belt 112 en daarna de coach.",
        "who_tells_whom": "De coach informeert school en Veilig Thuis.",
    }
    return services.what_if_agree(
        access=family_access(world.coach, world.family), **{**data, **extra}
    )


# --- Entries --------------------------------------------------------------------------


def test_a_crisis_is_recorded_from_the_form(client, world):
    client.force_login(world.coach)
    response = client.post(
        url("contacts:crisis_new", world.family),
        {
            "occurred_at": local_input(hours(-3)),
            "what_happened": "Zoon liep weg.",
            "what_was_done": "Samen met oom gezocht; 's avonds thuis.",
        },
    )
    assert response.status_code == 302
    entry = Crisis.objects.get()
    assert entry.what_happened == "Zoon liep weg." and entry.contact is None
    assert entry.organisation == world.coaching
    event = AuditEvent.objects.get(action="crisis.recorded")
    assert event.detail == {"from_contact": False}


def test_an_empty_crisis_is_refused_in_dutch(client, world):
    client.force_login(world.coach)
    response = client.post(
        url("contacts:crisis_new", world.family),
        {"occurred_at": local_input(hours(-3)), "what_happened": "   "},
    )
    assert response.status_code == 200
    assert not Crisis.objects.exists()
    with pytest.raises(ValidationError) as error:
        crisis(world, what=" ")
    assert "Beschrijf kort wat er gebeurde." in str(error.value)
    with pytest.raises(ValidationError) as error:
        crisis(world, at=hours(3))
    assert "Dit moment ligt in de toekomst." in str(error.value)
    assert not Crisis.objects.exists()


def test_a_crisis_contact_shows_up_in_the_crisis_log_once(client, world):
    contact = crisis_contact(world)
    services.contact_log(
        access=family_access(world.coach, world.family), occurred_at=hours(-1), summary="Gewoon"
    )
    entry = Crisis.objects.get()
    assert entry.contact == contact and entry.occurred_at == contact.occurred_at
    client.force_login(world.coach)
    body = client.get(url("contacts:crises", world.family)).content.decode()
    assert body.count('id="crisis-') == 1
    assert "Moeder belde in paniek." in body and "Gewoon" not in body
    month = timezone.localdate().strftime("%Y-%m")
    assert f'data-month="{month}"><th scope="row">' in body
    assert selectors.crises_per_month([entry])[-1].count == 1
    # Completing the entry does not make a second one.
    services.crisis_update(
        actor=world.coach, crisis=entry, what_happened="", what_was_done="Rustig gepraat."
    )
    assert Crisis.objects.count() == 1


def test_an_entry_from_a_contact_can_be_completed(client, world):
    crisis_contact(world)
    entry = Crisis.objects.get()
    client.force_login(world.coach)
    response = client.post(
        url("contacts:crisis_change", world.family, crisis_uuid=entry.uuid),
        {"what_happened": "Paniekaanval", "what_was_done": "Huisarts gebeld."},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.what_happened, entry.what_was_done) == ("Paniekaanval", "Huisarts gebeld.")
    assert AuditEvent.objects.filter(action="crisis.changed").count() == 1


def test_an_entry_without_contact_keeps_its_description(world):
    entry = crisis(world)
    with pytest.raises(ValidationError):
        services.crisis_update(actor=world.coach, crisis=entry, what_happened="")
    entry.refresh_from_db()
    assert entry.what_happened


def test_crises_per_month_include_quiet_months():
    def at(day):
        return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 30)))

    entries = [
        Crisis(occurred_at=at(dt.date(2026, 1, 31))),  # 31 January 23:30 in Amsterdam
        Crisis(occurred_at=at(dt.date(2026, 1, 5))),
        Crisis(occurred_at=at(dt.date(2026, 3, 2))),
    ]
    rows = selectors.crises_per_month(entries, today=dt.date(2026, 4, 15))
    assert [(r.month, r.count) for r in rows] == [
        (dt.date(2026, 1, 1), 2),
        (dt.date(2026, 2, 1), 0),
        (dt.date(2026, 3, 1), 1),
        (dt.date(2026, 4, 1), 0),
    ]
    assert selectors.crises_per_month([], today=dt.date(2026, 4, 15)) == []


def test_the_crisis_log_counts_per_month(client, world):
    crisis(world, at=timezone.now() - dt.timedelta(days=65))
    crisis(world, at=hours(-1))
    crisis_contact(world)
    client.force_login(world.coach)
    body = client.get(url("contacts:crises", world.family)).content.decode()
    this_month = timezone.localdate().strftime("%Y-%m")
    row = body.split(f'data-month="{this_month}">')[1].split("</tr>")[0]
    assert '<td class="numeric">2</td>' in row
    assert body.count("data-month=") >= 3  # two months back, with the quiet one between


# --- Wat-als-afspraken ----------------------------------------------------------------


def test_a_what_if_agreement_after_a_crisis(client, world):
    entry = crisis(world)
    client.force_login(world.coach)
    form = client.get(
        url("contacts:what_if_new", world.family) + f"?crisis={entry.uuid}"
    ).content.decode()
    assert f'value="{entry.uuid}" selected' in form
    response = client.post(
        url("contacts:what_if_new", world.family),
        {
            "situation": "de ruzie weer oploopt",
            "who_does_what": "Moeder gaat met de kinderen naar oma.",
            "who_tells_whom": "Oma belt de coach; de coach belt de wijkagent.",
            "agreed_on": timezone.localdate().isoformat(),
            "crisis": str(entry.uuid),
        },
    )
    assert response.status_code == 302
    agreement = WhatIfAgreement.objects.get()
    assert agreement.crisis == entry and agreement.is_active
    body = client.get(url("contacts:crises", world.family)).content.decode()
    assert "Oma belt de coach" in body and 'data-active="ja"' in body


def test_a_what_if_agreement_needs_who_does_what_and_who_tells_whom(client, world):
    client.force_login(world.coach)
    response = client.post(
        url("contacts:what_if_new", world.family),
        {
            "situation": "x",
            "who_does_what": "Iets",
            "who_tells_whom": "",
            "agreed_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200 and not WhatIfAgreement.objects.exists()
    with pytest.raises(ValidationError) as error:
        what_if(world, who_tells_whom="  ")
    assert "Leg vast wie wie informeert." in str(error.value)
    with pytest.raises(ValidationError) as error:
        what_if(world, agreed_on=days_ago(-1))
    assert "Deze datum ligt in de toekomst." in str(error.value)
    assert not WhatIfAgreement.objects.exists()


def test_a_what_if_agreement_ends_when_it_no_longer_holds(client, world):
    agreement = what_if(world, agreed_on=days_ago(20))
    with pytest.raises(ValidationError) as error:
        services.what_if_end(actor=world.coach, agreement=agreement, ended_on=days_ago(30))
    assert "Een afspraak kan niet eindigen voordat hij gemaakt is." in str(error.value)
    client.force_login(world.coach)
    response = client.post(
        url("contacts:what_if_end", world.family, agreement_uuid=agreement.uuid),
        {"ended_on": timezone.localdate().isoformat(), "reason": "Vader is verhuisd."},
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.ended_on == timezone.localdate() and not agreement.is_active
    assert (
        client.get(
            url("contacts:what_if_end", world.family, agreement_uuid=agreement.uuid)
        ).status_code
        == 404
    )
    with pytest.raises(ValidationError):
        services.what_if_end(actor=world.coach, agreement=agreement)
    body = client.get(url("contacts:crises", world.family)).content.decode()
    assert 'data-active="nee"' in body and "Vader is verhuisd." in body


# --- Access: the part "veiligheid" ----------------------------------------------------


def test_safety_consent_reads_the_crisis_log_but_never_writes(client, world):
    entry = crisis(world, what="Harde ruzie")
    crisis_contact(world, summary="Samenvatting van het contact", note="Geheim")
    agreement = what_if(world)
    world.share_with(world.ggz, ["veiligheid"])
    client.force_login(world.ggz_worker)
    response = client.get(url("contacts:crises", world.family))
    body = response.content.decode()
    assert response.status_code == 200 and "Harde ruzie" in body
    assert "Crisis vastleggen" not in body and "Beëindigen" not in body
    # Without the part "contacten" the contact's own words stay with the contacts.
    assert "Samenvatting van het contact" not in body and "Geheim" not in body
    assert "Vastgelegd als contact met de vlag crisis." in body
    for path in (
        url("contacts:crisis_new", world.family),
        url("contacts:crisis_change", world.family, crisis_uuid=entry.uuid),
        url("contacts:what_if_new", world.family),
        url("contacts:what_if_end", world.family, agreement_uuid=agreement.uuid),
    ):
        assert client.get(path).status_code == 404
        assert (
            client.post(path, {"what_happened": "x", "ended_on": "2026-01-01"}).status_code == 404
        )
    assert Crisis.objects.count() == 2 and agreement.is_active


def test_with_both_parts_the_contact_summary_shows_but_never_the_working_note(client, world):
    crisis_contact(world, summary="Samenvatting van het contact", note="Werkaantekening geheim")
    world.share_with(world.ggz, ["veiligheid", "contacten"])
    for user in (world.ggz_worker, world.coach):
        client.force_login(user)
        body = client.get(url("contacts:crises", world.family)).content.decode()
        assert "Samenvatting van het contact" in body
        assert "Werkaantekening geheim" not in body


def test_without_the_safety_part_the_crisis_log_is_404(client, world):
    crisis(world)
    world.share_with(world.ggz, ["contacten", "plan"])
    for user in (world.ggz_worker, world.teacher, world.policy, world.admin, world.other_coach):
        client.force_login(user)
        assert client.get(url("contacts:crises", world.family)).status_code == 404
        assert selectors.crises_for_family(access=family_access(user, world.family)) == []
        assert (
            selectors.what_if_agreements_for_family(access=family_access(user, world.family)) == []
        )
    assert (
        len(selectors.crises_for_family(access=family_access(world.team_lead, world.family))) == 1
    )


def test_crisis_log_queries_stay_flat(client, world, django_assert_max_num_queries):
    client.force_login(world.coach)

    def add(n):
        for i in range(n):
            entry = crisis(world, at=timezone.now() - dt.timedelta(days=20 * i + 1))
            what_if(world, crisis=entry)
            crisis_contact(world, at=hours(-i - 1))

    add(2)
    with django_assert_max_num_queries(40) as few:
        client.get(url("contacts:crises", world.family))
    add(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("contacts:crises", world.family))


def test_every_crisis_action_has_a_label(client, world):
    entry = crisis(world)
    crisis_contact(world)
    services.crisis_update(actor=world.coach, crisis=entry, what_happened="Anders")
    agreement = what_if(world)
    services.what_if_end(actor=world.coach, agreement=agreement)
    client.force_login(world.coach)
    client.get(url("contacts:crises", world.family))
    actions = {
        a
        for a in AuditEvent.objects.values_list("action", flat=True)
        if a.split(".")[0] in {"crisis", "what_if"}
    }
    assert actions == {
        "crisis.recorded",
        "crisis.changed",
        "crisis.log_viewed",
        "what_if.agreed",
        "what_if.ended",
    }
    assert actions <= known_labels()
    assert Contact.objects.filter(is_crisis=True).count() == 1


def test_the_crisis_to_pick_for_a_wat_als_agreement_is_named_in_amsterdam_time(world):
    from spil.contacts.forms import WhatIfForm

    half_past_midnight = timezone.make_aware(dt.datetime.combine(days_ago(2), dt.time(0, 30)))
    crisis = services.crisis_record(
        access=family_access(world.coach, world.family),
        occurred_at=half_past_midnight,
        what_happened="Ruzie, de politie kwam.",
    )
    crisis.refresh_from_db()  # as the form gets it: from the database, in UTC
    labels = [label for _value, label in WhatIfForm(crises=[crisis]).fields["crisis"].choices]
    local = f"{date_format(days_ago(2), 'SHORT_DATE_FORMAT')} 00:30"  # "5 dec 2026 00:30"
    assert local in labels
    assert str(crisis) == local


# --- A crisis contact belongs to the safety part too (issue 22 #6) -----------------------
# A professional whose consent covers the contacts but not the safety part does not learn
# that a crisis happened: not in the contacts list, not on the contact's page.

PARTS_SEEN = [
    # (parts of the consent, sees the plain contact, sees the crisis contact, sees the log)
    (["plan"], False, False, False),
    (["contacten"], True, False, False),
    (["contacten", "plan"], True, False, False),
    (["veiligheid"], False, False, True),
    (["contacten", "veiligheid"], True, True, True),
]


@pytest.mark.parametrize(("parts", "plain", "crisis_shown", "log"), PARTS_SEEN)
def test_a_crisis_contact_is_shown_only_with_the_safety_part(
    client, world, parts, plain, crisis_shown, log
):
    logged = crisis_contact(world, summary="Moeder belde in paniek.")
    services.contact_log(
        access=family_access(world.coach, world.family),
        occurred_at=hours(-3),
        summary="Gewoon gesprek",
    )
    world.share_with(world.ggz, parts)
    client.force_login(world.ggz_worker)
    granted = family_access(world.ggz_worker, world.family)

    listed = client.get(url("contacts:list", world.family))
    assert listed.status_code == (200 if plain else 404)
    body = listed.content.decode()
    assert ("Gewoon gesprek" in body) is plain
    assert ("Moeder belde in paniek." in body) is crisis_shown
    assert (">crisis<" in body) is crisis_shown
    assert [c.summary for c in selectors.contacts_for_family(access=granted)] == (
        (["Moeder belde in paniek."] if crisis_shown else [])
        + (["Gewoon gesprek"] if plain else [])
    )
    detail = url("contacts:detail", world.family, contact_uuid=logged.uuid)
    assert client.get(detail).status_code == (200 if crisis_shown else 404)

    crisis_log = client.get(url("contacts:crises", world.family))
    assert crisis_log.status_code == (200 if log else 404)
    assert len(selectors.crises_for_family(access=granted)) == (1 if log else 0)


def test_the_crisis_contact_is_404_without_safety_even_with_its_uuid(client, world):
    logged = crisis_contact(world, note="Werkaantekening")
    world.share_with(world.ggz, ["contacten", "plan"])
    client.force_login(world.ggz_worker)
    for name in ("contacts:detail", "contacts:working_note"):
        path = url(name, world.family, contact_uuid=logged.uuid)
        assert client.get(path).status_code == 404, name
    with pytest.raises(Http404):
        selectors.contact_in_family(
            access=family_access(world.ggz_worker, world.family), uuid=logged.uuid
        )
