"""Issue 18: inzage export, requests about one's own data, retention and destruction."""

import datetime as dt
import io
import json

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from spil.contacts import services as contact_services
from spil.core import audit
from spil.core.access import family_access
from spil.core.models import AuditEvent
from spil.core.retention import RetentionCategory
from spil.documents import services as document_services
from spil.documents.tests import factories as document_files
from spil.families.models import Family, Member
from spil.families.tests.factories import make_family
from spil.portal.tests.factories import family_account
from spil.reports import facts
from spil.reports.models import TrajectoryRecord
from spil.reports.monitoring import monitoring
from spil.rights import export, retention, services
from spil.rights.models import DestructionLog, RightsRequest
from spil.trajectories.models import Trajectory

pytestmark = pytest.mark.django_db

NOTE = "Werkaantekening: vermoeden van iets dat alleen de coach weet."


def _log_contact(world, family, summary, note, members=()):
    access = family_access(world.coach, family)
    contact = contact_services.contact_log(
        access=access,
        occurred_at=timezone.now() - dt.timedelta(days=2),
        summary=summary,
        working_note=note,
    )
    contact.members.set(members)
    return contact


def test_export_holds_no_working_note_and_no_other_family(world):
    family = world.family
    other = make_family(world.coach, name="Anders")
    Trajectory.objects.create(
        family=other, kind="gezinscoach", coach=world.coach, started_on=timezone.localdate()
    )
    _log_contact(world, family, "Huisbezoek bij Karin.", NOTE, [world.parent])
    _log_contact(world, other, "Gesprek met gezin Anders.", "Geheim van Anders.")
    access = family_access(world.coach, family)
    person = services.export_person(access=access, member=world.parent, fmt="json")
    text = export.as_json(person)
    data = json.loads(text)
    assert NOTE not in text, text[max(0, text.find(NOTE) - 600) : text.find(NOTE) + 100]
    assert "Anders" not in text and "Geheim" not in text
    keys = [s["key"] for s in data["sections"]]
    assert {"persoon", "contacten", "plan", "toestemmingen", "metingen", "wie_keek"} <= set(keys)
    contacts = next(s for s in data["sections"] if s["key"] == "contacten")
    assert [r["verslag"] for r in contacts["rows"]] == ["Huisbezoek bij Karin."]
    assert data["member_uuid"] == str(world.parent.uuid)
    assert AuditEvent.objects.filter(action="rights.exported", family_uuid=family.uuid).exists()


def test_export_leaves_out_what_concerns_only_a_sibling(world):
    family = world.family
    daan = family.members.get(first_name="Daan")
    noor = family.members.get(first_name="Noor")
    _log_contact(world, family, "Gesprek alleen met Noor.", "", [noor])
    _log_contact(world, family, "Gesprek met het gezin.", "", [])
    person = export.build(access=family_access(world.coach, family), member=daan)
    contacts = next(s for s in person.sections if s.key == "contacten")
    assert [r["verslag"] for r in contacts.rows] == ["Gesprek met het gezin."]


def test_export_pdf_and_buttons(client, world):
    _log_contact(world, world.family, "Huisbezoek.", NOTE, [world.parent])
    client.force_login(world.coach)
    page = client.get(reverse("rights:requests", kwargs={"uuid": world.family.uuid}))
    assert page.status_code == 200
    url = reverse(
        "rights:export_pdf", kwargs={"uuid": world.family.uuid, "member_uuid": world.parent.uuid}
    )
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment")
    html = export.as_html(
        export.build(access=family_access(world.coach, world.family), member=world.parent)
    )
    assert "Huisbezoek." in html and NOTE not in html and "Persoonsgegevens" in html
    # A professional of another organisation gets a 404, and nothing is exported.
    client.force_login(world.ggz_worker)
    assert client.get(url).status_code == 404


def test_export_person_command(world, tmp_path):
    _log_contact(world, world.family, "Huisbezoek.", NOTE, [world.parent])
    out = tmp_path / "inzage.json"
    call_command("export_person", member=str(world.parent.uuid), format="json", output=str(out))
    text = out.read_text()
    assert "Huisbezoek." in text and NOTE not in text
    pdf = tmp_path / "inzage.pdf"
    call_command("export_person", member=str(world.parent.uuid), format="pdf", output=str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")


def test_export_lists_the_documents_about_the_person_not_a_siblings(world, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "documents")},
        },
    }
    family = world.family
    daan = family.members.get(first_name="Daan")
    noor = family.members.get(first_name="Noor")
    access = family_access(world.coach, family)
    for title, member in [
        ("Brief aan het gezin", None),
        ("Rapport Daan", daan),
        ("Rapport Noor", noor),
    ]:
        document_services.document_upload(
            access=access,
            file=io.BytesIO(document_files.pdf(title)),
            title=title,
            part="plan",
            member=member,
        )
    person = export.build(access=family_access(world.coach, family), member=daan)
    section = next(s for s in person.sections if s.key == "documenten")
    assert sorted(r["naam"] for r in section.rows) == ["Brief aan het gezin", "Rapport Daan"]
    assert b"%PDF" not in export.as_json(person).encode()  # the list, never the file itself


# --- Requests -----------------------------------------------------------------------------------


def test_correction_granted_changes_the_record_and_keeps_the_old_value(
    world, django_capture_on_commit_callbacks
):
    access = family_access(world.coach, world.family)
    family_account(world.parent, email="karin@gezin.test")
    item = services.request_record(
        access=access, member=world.parent, kind="correctie", request="Mijn naam is Karina."
    )
    assert item.due_on == item.received_on + dt.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_decide(
            access=access,
            item=item,
            grant=True,
            answer="",
            corrected_field="first_name",
            new_value="Karina",
        )
    item.refresh_from_db()
    world.parent.refresh_from_db()
    assert world.parent.first_name == "Karina"
    assert (item.old_value, item.new_value, item.status) == ("Karin", "Karina", "toegekend")
    assert item.notified == RightsRequest.Notified.EMAIL
    assert mail.outbox and mail.outbox[0].to == ["karin@gezin.test"]
    assert "Karin" not in mail.outbox[0].body  # like every e-mail of Spil: no names
    assert AuditEvent.objects.filter(
        action="member.changed", object_uuid=world.parent.uuid
    ).exists()


def test_refusal_needs_a_reason_and_is_recorded_without_address(world):
    access = family_access(world.coach, world.family)
    item = services.request_record(
        access=access, member=world.parent, kind="wissing", request="Vernietig mijn dossier."
    )
    with pytest.raises(ValidationError):
        services.request_decide(access=access, item=item, grant=False, answer="  ")
    services.request_decide(
        access=access,
        item=item,
        grant=False,
        answer="De Jeugdwet vraagt 20 jaar bewaren; het belang van de kinderen weegt zwaarder.",
    )
    item.refresh_from_db()
    assert item.status == "afgewezen" and item.notified == RightsRequest.Notified.RECORDED
    assert not mail.outbox


def test_request_pages_and_worklist(client, world):
    client.force_login(world.coach)
    url = reverse("rights:requests", kwargs={"uuid": world.family.uuid})
    response = client.post(
        url,
        {
            "member": str(world.parent.uuid),
            "kind": "beperking",
            "request": "Niet delen met school.",
            "received_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    item = RightsRequest.objects.get()
    start = client.get(reverse("accounts:start"))
    assert "Verzoeken over eigen gegevens" in start.content.decode()
    bad = client.post(
        url, {"member": str(world.parent.uuid), "kind": "onzin", "request": "", "received_on": "x"}
    )
    assert bad.status_code == 200 and RightsRequest.objects.count() == 1
    decide = reverse(
        "rights:request_decide", kwargs={"uuid": world.family.uuid, "request_uuid": item.uuid}
    )
    refused = client.post(decide, {"decision": "afwijzen", "answer": "", "revision": item.revision})
    assert refused.status_code == 200 and "reden" in refused.content.decode()
    stale = client.post(
        decide, {"decision": "toekennen", "answer": "Gedaan.", "revision": item.revision - 1 or 99}
    )
    assert stale.status_code == 200
    done = client.post(
        decide, {"decision": "toekennen", "answer": "Gedaan.", "revision": item.revision}
    )
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.status == "toegekend"


# --- Retention ----------------------------------------------------------------------------------


def _old_closed_family(world, years=21):
    family = make_family(world.coach, name="Oud")
    closed = timezone.localdate().replace(year=timezone.localdate().year - years)
    trajectory = Trajectory.objects.create(
        family=family,
        kind="gezinscoach",
        coach=world.coach,
        started_on=closed - dt.timedelta(days=200),
    )
    access = family_access(world.coach, family)
    contact_services.contact_log(
        access=access,
        occurred_at=timezone.now() - dt.timedelta(days=365 * years),
        summary="Oud bezoek.",
        working_note="Oude notitie.",
    )
    family_account(family.members.get(first_name="Karin"), email=f"oud{years}@gezin.test")
    services.request_record(
        access=access, member=family.members.first(), kind="correctie", request="Iets."
    )
    # Closed long ago (as an import of an old file would be): straight in the database.
    Trajectory.objects.filter(pk=trajectory.pk).update(closed_on=closed, phase="gesloten")
    facts.refresh([trajectory.pk])
    trajectory.refresh_from_db()
    return family, trajectory


def test_dry_run_lists_counts_and_changes_nothing(world, capsys):
    family, _t = _old_closed_family(world)
    call_command("apply_retention", dry_run=True)
    out = capsys.readouterr().out
    assert "Gezinsdossier: 1" in out and "Oud" not in out and "Karin" not in out
    assert Family.objects.filter(pk=family.pk).exists()
    assert not DestructionLog.objects.exists()


def test_destruction_keeps_figures_audit_and_running_families(world):
    family, trajectory = _old_closed_family(world)
    recent, _r = _old_closed_family(world, years=5)
    period = {
        "date_from": trajectory.started_on,
        "date_to": timezone.localdate(),
        "programme": None,
        "team": None,
    }

    this_year = {**period, "date_from": timezone.localdate().replace(month=1, day=1)}

    def figures():
        # Over the destroyed file's own years: the figures of the fact table; this year:
        # every figure of the monitoring.
        old = [s for s in monitoring(**period) if s.key in {"trajectories", "caseload"}]
        return old, monitoring(**this_year)

    before = figures()
    closed = next(f for f in before[0][0].figures if f.key == "closed")
    assert closed.cell.value >= 2  # both old files are counted
    records = TrajectoryRecord.objects.count()
    family_uuid, member_uuids = family.uuid, list(family.members.values_list("uuid", flat=True))
    logs = retention.apply(actor=None, run_as="commando")
    assert [(log.category, log.count) for log in logs] == [(RetentionCategory.DOSSIER, 1)]
    assert not Family.objects.filter(uuid=family_uuid).exists()
    assert not Member.objects.filter(uuid__in=member_uuids).exists()
    assert (
        Family.objects.filter(pk=recent.pk).exists()
        and Family.objects.filter(pk=world.family.pk).exists()
    )
    assert TrajectoryRecord.objects.count() == records
    assert figures() == before
    # The portal login of the destroyed family is emptied and closed, not left behind.
    from spil.accounts.models import User

    assert not User.objects.filter(email="oud21@gezin.test").exists()
    assert User.objects.filter(email="oud5@gezin.test", is_active=True).exists()
    assert audit.verify(anchors=[]).intact
    assert AuditEvent.objects.filter(
        action="rights.file_destroyed", family_uuid=family_uuid
    ).exists()
    assert AuditEvent.objects.filter(family_uuid=family_uuid).count() > 1  # the trail stays
    log = DestructionLog.objects.get()
    assert log.rule and log.run_as == "commando"
    # Run again: nothing left to destroy.
    assert retention.apply() == []


def test_referral_without_trajectory_goes_after_its_shorter_period(world, settings):
    from spil.intake.models import Referral

    settings.SPIL_RETENTION = {"melding": {"years": 2}}
    referral = Referral.objects.create(
        meldpunt=world.meldpunt,
        status=Referral._meta.get_field("status").choices[-1][0],
        received_on=timezone.localdate() - dt.timedelta(days=3 * 365 + 10),
        decided_on=timezone.localdate() - dt.timedelta(days=3 * 365),
        referrer_name="Ans de Wit",
        referrer_organisation_kind="onderwijs",
        family_name="Jansen",
        concerns="Zorgen over de kinderen.",
    )
    [_d, melding, _a] = retention.plan()
    assert melding.referrals == [referral.pk]
    retention.apply()
    referral.refresh_from_db()
    assert (referral.referrer_name, referral.family_name, referral.concerns) == ("", "", "")
    assert referral.received_on and referral.decided_on  # the dates stay for the figures


def test_scheduled_task_runs_the_same(world):
    from spil.rights.tasks import apply_retention

    _old_closed_family(world)
    result = apply_retention.call()
    assert result == {"dossier": 1}


def test_the_scheduler_runs_the_retention_every_night(world, settings):
    """`rights.retention` is registered, enqueued by `run_scheduled` from 03:00 and run by
    the worker: what `manage.py apply_retention` does, on a closed file past its term."""
    from django_tasks_db.models import DBTaskResult

    from spil.core import schedule
    from spil.core.testing import run_queued_tasks, use_task_queue

    use_task_queue(settings)
    family, _t = _old_closed_family(world)
    recent, _r = _old_closed_family(world, years=5)
    family_uuid = family.uuid
    day = timezone.localdate()
    at = dt.datetime.combine(day, dt.time(3), tzinfo=schedule.AMSTERDAM)
    assert "rights.retention" not in schedule.enqueue_due(at - dt.timedelta(minutes=1))
    assert "rights.retention" in schedule.enqueue_due(at)
    assert "rights.retention" not in schedule.enqueue_due(at + dt.timedelta(hours=20))
    assert Family.objects.filter(uuid=family_uuid).exists()  # queued, not yet run
    run_queued_tasks()
    result = DBTaskResult.objects.get(task_path="spil.rights.tasks.apply_retention")
    assert (result.status, result.return_value) == ("SUCCESSFUL", {"dossier": 1})
    assert not Family.objects.filter(uuid=family_uuid).exists()
    assert Family.objects.filter(pk=recent.pk).exists()
    assert Family.objects.filter(pk=world.family.pk).exists()
    log = DestructionLog.objects.get()
    assert (log.category, log.count, log.run_as) == (RetentionCategory.DOSSIER, 1, "taak")
    assert AuditEvent.objects.filter(
        action="rights.file_destroyed", family_uuid=family_uuid
    ).exists()
    assert audit.verify(anchors=[]).intact


def test_the_requests_page_costs_the_same_for_more_requests(
    client, world, django_assert_max_num_queries
):
    access = family_access(world.coach, world.family)
    url = reverse("rights:requests", kwargs={"uuid": world.family.uuid})
    client.force_login(world.coach)
    for count in (1, 6):
        while RightsRequest.objects.count() < count:
            services.request_record(
                access=access, member=world.parent, kind="bezwaar", request="Niet meer delen."
            )
        with django_assert_max_num_queries(25):
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count("Besluiten") == count
