"""Documents in the file of family Bouali (coach1's, issue 18): a court decision as a PDF
under safety, and a photo of the signed plan as a PNG under the plan. The GGZ
(`professional1`) may see the plan and contacts: it sees the photo of the plan, and
neither the court decision nor its title. Both files are made here (`documents.samples`),
small and real."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from spil.accounts.models import User
from spil.core.access import FamilyPart, family_access
from spil.demo.portal import portal_family
from spil.documents import samples
from spil.documents import services as document_services
from spil.documents.models import Document
from spil.families.models import Family

COURT_DECISION = "Beschikking ondertoezichtstelling (kinderrechter)"
SIGNED_PLAN = "Foto van het ondertekende gezinsplan"


def build_documents(users: dict[str, User]) -> None:
    family = portal_family()
    if Document.objects.filter(family=family).exists():
        return  # built before; whatever happened since is the demo user's
    _build(family)


@transaction.atomic
def _build(family: Family) -> None:
    trajectory = family.trajectories.running().select_related("coach").get()
    coach_access = family_access(trajectory.coach, family)
    yassin = family.members.get(first_name="Yassin")
    today = timezone.localdate()
    pdf = samples.pdf("Rechtbank Gelderland - beschikking ondertoezichtstelling (demo)")
    png = samples.png(320, 200)
    for content, name, title, kind, part, member, dated in (
        (pdf, "beschikking.pdf", COURT_DECISION, Document.Kind.COURT_DECISION,
         FamilyPart.SAFETY, yassin, today - timedelta(days=40)),
        (png, "plan.png", SIGNED_PLAN, Document.Kind.SIGNED_PLAN,
         FamilyPart.PLAN, None, today - timedelta(days=3)),
    ):  # fmt: skip
        file = SimpleUploadedFile(name, content)
        document_services.document_upload(
            access=coach_access,
            file=file,
            size=file.size,
            title=title,
            kind=kind,
            part=str(part),
            member=member,
            trajectory=trajectory,
            dated_on=dated,
        )


def summary() -> str:
    count = Document.objects.filter(family=portal_family()).count()
    return (
        f"{count} documenten in het dossier van gezin Bouali "
        "(één alleen voor wie veiligheid mag zien)."
    )
