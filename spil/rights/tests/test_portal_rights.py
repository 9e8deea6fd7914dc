"""Issue 18, the member's own rights in the portal (/mijn-gezin/gegevens/): the page "Uw
gegevens", the export of what the portal shows about them, and their requests for a full
overview, erasure, restriction or objection — which reach the coach and are answered there."""

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from spil.contacts import services as contact_services
from spil.core.access import MEMBER_PARTS, FamilyPart, family_access, member_access
from spil.core.models import AuditEvent
from spil.families import services as family_services
from spil.families.models import Relation
from spil.notifications.models import Notification
from spil.portal.tests import realistic
from spil.portal.tests.factories import family_account
from spil.portal.tests.test_readability import THRESHOLD, douma, visible_text
from spil.rights import export, selectors, services
from spil.rights.models import RightsRequest

pytestmark = pytest.mark.django_db

NOTE = "Werkaantekening: alleen voor de coach over de moeder."
SIBLING_ONLY = "Gesprek alleen met Daan over de zwemles."
FAMILY_CONTACT = "Huisbezoek bij het hele gezin."
OVERVIEW = "/mijn-gezin/gegevens/"
JSON = "/mijn-gezin/gegevens/inzage.json"
PDF = "/mijn-gezin/gegevens/inzage.pdf"
ASK = "/mijn-gezin/gegevens/verzoek/"
# The sections of a member's own export: only those of the portal's parts.
MEMBER_SECTIONS = {
    key for key in export.registered() if export.part_of(key) in MEMBER_PARTS | {None}
}


@pytest.fixture
def file(world):
    """The portal's realistic file (working note, safety, family story, shared and
    unshared measurements, a parent-only meeting), plus a sibling-only contact."""
    built = realistic.build(world)
    access = family_access(world.coach, world.family)
    for summary, members in ((SIBLING_ONLY, [built.sibling]), (FAMILY_CONTACT, [])):
        contact = contact_services.contact_log(
            access=access,
            occurred_at=timezone.now() - dt.timedelta(days=1),
            summary=summary,
            working_note=NOTE,
        )
        contact.members.set(members)
    family_services.relation_add(
        access=access,
        from_member=built.parent,
        to_member=built.young,
        kind=Relation.Kind.PARENT_OF,
        parentage=Relation.Parentage.BIOLOGICAL,
    )
    return built


def _login(client, member):
    account = family_account(member)
    client.force_login(account.user)
    return account


def _json(client) -> tuple[str, dict]:
    response = client.get(JSON)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mijn-gegevens.json"'
    text = response.content.decode()
    return text, json.loads(text)


# --- The export -----------------------------------------------------------------------------


def test_every_section_has_a_part_and_the_portal_leaves_out_safety_and_the_family_story():
    assert export.part_of("veiligheid") == FamilyPart.SAFETY
    assert export.part_of("relaties") == export.part_of("netwerk") == FamilyPart.FAMILY_STORY
    assert export.part_of("overleggen") == FamilyPart.PLAN  # as the portal's meetings page
    assert export.part_of("documenten") is None
    assert {"veiligheid", "relaties", "netwerk"}.isdisjoint(MEMBER_SECTIONS)
    with pytest.raises(TypeError):
        export.register(export.person, key="zonder_deel")  # the part must be named


def test_the_parent_downloads_their_own_json(client, file):
    account = _login(client, file.parent)
    text, data = _json(client)
    assert data["member_uuid"] == str(file.parent.uuid)
    assert data["scope"] == "portaal"
    keys = {s["key"] for s in data["sections"]}
    assert keys <= MEMBER_SECTIONS
    assert {"persoon", "plan", "contacten", "metingen", "verzoeken", "wie_keek"} <= keys
    assert not keys & {"veiligheid", "relaties", "netwerk"}
    for never in [*file.never, NOTE, SIBLING_ONLY]:
        assert never not in text, never
    # The contacts with the parent or the family, not the sibling's alone; without the
    # written report (that comes with the full overview, checked by the coach).
    contacts = next(s for s in data["sections"] if s["key"] == "contacten")
    assert len(contacts["rows"]) == 2 and FAMILY_CONTACT not in text
    assert {r["verslag"] for r in contacts["rows"]} == {""}
    # The shared measurement is there, without the coach's note; the unshared one is not.
    measured = next(s for s in data["sections"] if s["key"] == "metingen")
    assert len(measured["rows"]) == 1 and measured["rows"][0]["toelichting"] == ""
    # "Wie keek" as the portal shows it: roles and organisations, never a name.
    looked = next(s for s in data["sections"] if s["key"] == "wie_keek")
    assert looked["rows"] and file.world.coach.full_name not in json.dumps(looked)
    event = AuditEvent.objects.get(action="rights.exported")
    assert event.actor == account.user and event.family_uuid == file.parent.family.uuid
    assert event.detail == {"formaat": "json", "door": "gezinslid"}


def test_the_coach_still_exports_everything(file):
    person = export.build(
        access=family_access(file.world.coach, file.world.family), member=file.parent
    )
    keys = {s.key for s in person.sections}
    assert {"veiligheid", "relaties", "netwerk"} <= keys and person.scope == "volledig"
    text = export.as_json(person)
    assert realistic.MEASUREMENT_NOTE in text  # the coach's full overview holds the notes
    assert FAMILY_CONTACT in text and SIBLING_ONLY not in text  # and the reports
    assert NOTE not in text and realistic.WORKING_NOTE not in text  # never a working note


def test_the_young_person_gets_only_what_is_about_them_or_the_family(client, file):
    _login(client, file.young)
    text, data = _json(client)
    assert data["member_uuid"] == str(file.young.uuid)
    for never in [*file.never, *file.not_for_young, NOTE, SIBLING_ONLY]:
        assert never not in text, never
    assert realistic.YOUNG_GOAL in text and realistic.FAMILY_GOAL in text
    # Only the family-wide contact: none was with Noor, the sibling's and Karin's are not hers.
    contacts = next(s for s in data["sections"] if s["key"] == "contacten")
    assert len(contacts["rows"]) == 1


def test_the_pdf_is_an_attachment(client, file):
    _login(client, file.parent)
    response = client.get(PDF)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="mijn-gegevens.pdf"'
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(
        action="rights.exported", detail__formaat="pdf", detail__door="gezinslid"
    ).exists()


def test_no_one_exports_another_members_data(world):
    parent_user = family_account(world.parent).user
    young = world.family.members.get(first_name="Noor")
    as_parent = member_access(parent_user, world.parent)
    with pytest.raises(Http404):
        export.build(access=as_parent, member=young)
    with pytest.raises(Http404):
        services.export_person(access=as_parent, member=young, fmt="json")
    # A coach's preview, and a professional without the whole file, make no export.
    with pytest.raises(Http404):
        export.build(
            access=member_access(world.coach, world.parent, preview=True), member=world.parent
        )
    world.share_with(world.school, ["plan", "contacten"])
    with pytest.raises(Http404):
        export.build(access=family_access(world.teacher, world.family), member=world.parent)
    assert not AuditEvent.objects.filter(action="rights.exported").exists()


# --- Who reaches the pages -----------------------------------------------------------------


def test_staff_get_404_on_the_portal_pages(client, world):
    client.force_login(world.coach)
    for url in (OVERVIEW, JSON, PDF):
        assert client.get(url).status_code == 404, url
    assert client.post(ASK, {"kind": "beperking", "request": "Niet delen."}).status_code == 404
    assert not RightsRequest.objects.exists()


def test_a_family_account_gets_404_on_the_coachs_rights_pages(client, world):
    _login(client, world.parent)
    uuid = world.family.uuid
    for url in (
        reverse("rights:requests", kwargs={"uuid": uuid}),
        reverse("rights:export_json", kwargs={"uuid": uuid, "member_uuid": world.parent.uuid}),
    ):
        assert client.get(url).status_code == 404, url


def test_the_preview_neither_exports_nor_asks(client, world):
    client.force_login(world.coach)
    base = reverse("portal_staff:preview", args=[world.family.uuid, world.parent.uuid])
    for page in ("gegevens/", "gegevens/inzage.json", "gegevens/inzage.pdf"):
        assert client.get(base + page).status_code == 404, page
    preview = member_access(world.coach, world.parent, preview=True)
    with pytest.raises(PermissionDenied):
        services.request_from_member(access=preview, kind="beperking", request="Niet delen.")
    assert not RightsRequest.objects.exists()
    assert not AuditEvent.objects.filter(action="rights.exported").exists()


# --- Requests from the portal ---------------------------------------------------------------


def test_a_request_reaches_the_coach_and_the_answer_reaches_the_member(client, world):
    account = _login(client, world.parent)
    page = client.get(OVERVIEW)
    assert page.status_code == 200 and "Uw gegevens" in page.content.decode()
    assert AuditEvent.objects.filter(action="portal.viewed", detail__pagina="gegevens").exists()
    words = "Gebruik mijn gegevens niet meer voor de school."
    response = client.post(ASK, {"kind": "beperking", "request": f"  {words}  "})
    assert response.status_code == 302 and response["Location"] == OVERVIEW
    item = RightsRequest.objects.get()
    today = timezone.localdate()
    assert (item.member, item.kind, item.request) == (world.parent, "beperking", words)
    assert item.recorded_by == account.user and item.status == "open"
    assert (item.received_on, item.due_on) == (today, today + dt.timedelta(days=30))
    recorded = AuditEvent.objects.get(action="rights.request_recorded")
    assert recorded.actor == account.user and recorded.detail["door"] == "gezinslid"
    # The coach and the back-up coach are told, without the member's words or name.
    told = Notification.objects.filter(event="verzoek_eigen_gegevens")
    assert {n.recipient for n in told} == {world.coach, world.backup}
    for notice in told:
        shown = f"{notice.title} {notice.body}"
        assert words not in shown and world.parent.first_name not in shown
        assert "beperking" in shown and "AVG" in shown

    # The coach's rights page and worklist show it like any other request.
    client.force_login(world.coach)
    rights_page = client.get(reverse("rights:requests", kwargs={"uuid": world.family.uuid}))
    assert "gevraagd in het portaal" in rights_page.content.decode()
    worklist = selectors.open_requests_worklist([world.family.pk], today)
    assert [(w.family, w.due_on) for w in worklist] == [(world.family, item.due_on)]
    assert "Verzoeken over eigen gegevens" in client.get(reverse("accounts:start")).content.decode()
    reason = "De school heeft deze gegevens nodig voor het plan dat u tekende."
    decide = reverse(
        "rights:request_decide", kwargs={"uuid": world.family.uuid, "request_uuid": item.uuid}
    )
    done = client.post(
        decide, {"decision": "afwijzen", "answer": reason, "revision": item.revision}
    )
    assert done.status_code == 302

    client.force_login(account.user)
    page = client.get(OVERVIEW).content.decode()
    assert reason in page and "Nee, met uitleg" in page


def test_the_member_sees_only_their_own_requests(client, world):
    young = world.family.members.get(first_name="Noor")
    young_user = family_account(young).user
    services.request_from_member(
        access=member_access(young_user, young), kind="wissing", request="Haal mijn foto weg."
    )
    _login(client, world.parent)
    assert "Haal mijn foto weg." not in client.get(OVERVIEW).content.decode()
    client.force_login(young_user)
    page = client.get(OVERVIEW).content.decode()
    assert "Haal mijn foto weg." in page and "Jouw gegevens" in page


def test_an_inzage_request_is_granted_with_the_coachs_answer(client, world):
    user = family_account(world.parent).user
    item = services.request_from_member(
        access=member_access(user, world.parent), kind="inzage", request="Ik wil alles zien."
    )
    assert item.get_kind_display() == "Inzage: volledig overzicht (art. 15)"
    client.force_login(world.coach)
    decide = reverse(
        "rights:request_decide", kwargs={"uuid": world.family.uuid, "request_uuid": item.uuid}
    )
    assert "inzage-export" in client.get(decide).content.decode()
    done = client.post(
        decide,
        {"decision": "toekennen", "answer": "Het overzicht is op 6 december gegeven.",
         "revision": item.revision},
    )  # fmt: skip
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.status == "toegekend" and item.corrected_field == ""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "beperking", "request": ""}, "Schrijf wat u vraagt."),
        ({"kind": "beperking", "request": "   "}, "Schrijf wat u vraagt."),
        ({"kind": "beperking", "request": "x" * 2001}, "Dit is te lang"),
        ({"kind": "onzin", "request": "Iets."}, "Kies wat u vraagt."),
        ({"kind": "correctie", "request": "Iets."}, "Kies wat u vraagt."),
        ({"request": "Iets."}, "Kies wat u vraagt."),
    ],
)
def test_bad_input_stores_nothing(client, world, data, message):
    _login(client, world.parent)
    response = client.post(ASK, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RightsRequest.objects.exists()
    assert not Notification.objects.filter(event="verzoek_eigen_gegevens").exists()


def test_the_same_request_twice_on_one_day_is_refused(client, world):
    _login(client, world.parent)
    data = {"kind": "bezwaar", "request": "Ik maak bezwaar."}
    assert client.post(ASK, data).status_code == 302
    again = client.post(ASK, data)
    assert again.status_code == 200 and "U heeft dit vandaag al gevraagd" in again.content.decode()
    assert RightsRequest.objects.count() == 1
    # Another kind the same day is a new request.
    assert client.post(ASK, {**data, "kind": "wissing"}).status_code == 302


def test_the_service_refuses_bad_input_too(world):
    access = member_access(family_account(world.parent).user, world.parent)
    for kind, text in (("onzin", "Iets."), ("beperking", " "), ("beperking", "x" * 2001)):
        with pytest.raises(ValidationError):
            services.request_from_member(access=access, kind=kind, request=text)
    assert not RightsRequest.objects.exists()


# --- Plain Dutch ------------------------------------------------------------------------------


def test_the_page_reads_at_b1(client, file):
    for member in (file.parent, file.young):
        _login(client, member)
        text = visible_text(client.get(OVERVIEW).content.decode())
        assert len(text.split()) > 50
        assert douma(text) >= THRESHOLD, (member.first_name, douma(text))
