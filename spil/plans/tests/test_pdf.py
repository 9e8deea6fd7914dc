"""The printable plan: the same content as a page and as a PDF (WeasyPrint), in plain
Dutch: goals, steps, who does what, the agreement and the next evaluation."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from spil.core.testing import days_ago
from spil.plans import services

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture
def agreed_plan(world, plan):
    goal = world.goal(plan, title="Wij betalen de huur op tijd", code="financien_schulden")
    world.step(goal, what="Post elke vrijdag samen openen", due=days_ago(-7))
    world.step(goal, what="Aanmelden bij schuldhulp", owner=world.ggz_involvement)
    services.contribution_save(
        actor=world.coach, goal=goal, involvement=world.ggz_involvement, part="Budgetcursus"
    )
    world.agree(plan, on=days_ago(3), how="op_papier")
    return plan


def test_the_pdf_holds_goals_steps_who_agreement_and_next_evaluation(client, world, agreed_plan):
    client.force_login(world.coach)
    response = client.get(reverse("plans:pdf", kwargs={"uuid": world.family.uuid}))
    assert response.content.startswith(b"%PDF")
    assert "gezinsplan-versie-1.pdf" in response["Content-Disposition"]
    assert "Vos" not in response["Content-Disposition"]  # no names in file names
    text = pdf_text(response)
    for expected in (
        "Ons plan",
        "Wij betalen de huur op tijd",
        "Post elke vrijdag samen openen",
        "Aanmelden bij schuldhulp",
        "Karin Vos",
        "Budgetcursus",
        "Wie doet wat?",
        "We hebben dit plan samen afgesproken op",
        "(op papier)",
        "Wanneer praten we weer over het plan?",
        "evaluatie halverwege",
    ):
        assert expected in text, expected


def test_the_print_page_is_the_same_content_as_a_page(client, world, agreed_plan):
    client.force_login(world.coach)
    body = client.get(reverse("plans:print", kwargs={"uuid": world.family.uuid})).content.decode()
    for expected in (
        "Wij betalen de huur op tijd",
        "Post elke vrijdag samen openen",
        "Download als PDF",
        "We hebben dit plan samen afgesproken op",
    ):
        assert expected in body, expected


def test_a_draft_prints_as_a_concept_and_an_old_version_as_agreed(client, world, agreed_plan):
    world.goal(agreed_plan, title="Daan sport twee keer per week", code="vrijetijdsbesteding")
    client.force_login(world.coach)
    kwargs = {"uuid": world.family.uuid}
    draft = pdf_text(client.get(reverse("plans:pdf", kwargs=kwargs)))
    assert "Dit plan is nog een concept" in draft and "Daan sport twee keer per week" in draft
    old = pdf_text(client.get(reverse("plans:pdf_version", kwargs=kwargs | {"number": 1})))
    assert "We hebben dit plan samen afgesproken" in old
    assert "Daan sport" not in old


def _structure_types(element, found):
    """Every structure type (/H1, /P, /Table …) below a structure element."""
    element = element.get_object()
    if "/S" in element:
        found.add(element["/S"])
    kids = element.get("/K")
    if kids is None:
        return found
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object()
        if hasattr(kid, "get") and ("/S" in kid or "/K" in kid):
            _structure_types(kid, found)
    return found


def test_the_pdf_is_tagged_for_screen_readers(client, world, agreed_plan):
    client.force_login(world.coach)
    response = client.get(reverse("plans:pdf", kwargs={"uuid": world.family.uuid}))
    catalog = PdfReader(io.BytesIO(response.content)).trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "nl"
    types = _structure_types(catalog["/StructTreeRoot"], set())
    assert {"/H1", "/H2", "/Table"} <= types
