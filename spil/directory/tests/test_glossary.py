"""The shared glossary (issue 16): seeded with the method's terms in plain Dutch, explained
on the spot wherever a term stands in a heading or label, escaped, and for one query per
request."""

import pytest
import textstat
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from spil.core.access import family_access
from spil.directory import glossary
from spil.directory.models import GlossaryTerm
from spil.families.tests.factories import World
from spil.plans import services as plan_services

pytestmark = pytest.mark.django_db

METHOD_TERMS = {
    "gezinscoach",
    "één gezin, één plan, één regisseur",
    "regie",
    "casusregie",
    "zorgcoördinatie",
    "ketenregie",
    "afstemgesprek",
    "systeembijeenkomst",
    "meldcode",
    "Verwijsindex",
    "meldpunt",
    "gezinsplan",
    "nazorg",
    "warme overdracht",
    "Veilig Thuis",
}


def _render(source: str, request=None, **context) -> str:
    template = Template("{% load glossary %}" + source)
    return template.render(Context({"request": request, **context}))


def _request():
    return RequestFactory().get("/")


# --- The seeded terms -------------------------------------------------------------------


def test_the_migration_seeds_the_methods_terms():
    terms = set(GlossaryTerm.objects.values_list("term", flat=True))
    assert terms >= METHOD_TERMS
    assert 15 <= len(terms) <= 25
    regie = GlossaryTerm.objects.get(term="regie")
    assert {t.term for t in regie.related.all()} >= {"casusregie", "ketenregie"}
    # The seed's words are unambiguous: every term passes its own check.
    for term in GlossaryTerm.objects.all():
        term.full_clean()


def test_every_short_definition_reads_at_b1():
    """Flesch–Douma 60 or higher, as the portal's pages (ADR 0012): the family reads them."""
    textstat.set_lang("nl")
    low = {
        term.term: round(textstat.flesch_reading_ease(term.short_definition))
        for term in GlossaryTerm.objects.all()
        if textstat.flesch_reading_ease(term.short_definition) < 60
    }
    assert not low


def test_a_synonym_may_belong_to_one_term_only():
    term = GlossaryTerm(
        term="overleg",
        slug="overleg",
        short_definition="Een gesprek.",
        synonyms="afstemmingsoverleg",  # already a synonym of afstemgesprek
    )
    with pytest.raises(ValidationError) as error:
        term.full_clean()
    assert "afstemgesprek" in str(error.value.message_dict["synonyms"])
    clash = GlossaryTerm(term="casemanager", slug="cm", short_definition="Iemand.")
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    assert "term" in error.value.message_dict
    twice = GlossaryTerm(term="x", slug="x", short_definition="Iets.", synonyms="y\nY")
    with pytest.raises(ValidationError):
        twice.full_clean()


# --- Matching --------------------------------------------------------------------------


def _glossary():
    return glossary.load()


def _words(text: str) -> list[tuple[str, str]]:
    return [(text[s:e], entry.term) for s, e, entry in _glossary().matches(text)]


def test_whole_words_case_insensitive_synonyms_and_plurals():
    assert _words("Gezinsplan van Vos") == [("Gezinsplan", "gezinsplan")]
    assert _words("De AFSTEMGESPREKKEN van dit jaar") == [("AFSTEMGESPREKKEN", "afstemgesprek")]
    assert _words("Twee gezinscoaches") == [("gezinscoaches", "gezinscoach")]
    # "regie" inside "casusregie" is casusregie, not regie.
    assert _words("Wie heeft de casusregie?") == [("casusregie", "casusregie")]
    assert _words("regiesysteem") == []
    # A partner's word for the same thing leads to the term.
    assert _words("De zorgcoördinator belt") == [("zorgcoördinator", "zorgcoördinatie")]
    assert _words("Het plan van aanpak") == [("plan van aanpak", "gezinsplan")]
    # The longest word wins: the motto is one term, not "één gezin, één plan" plus more.
    assert _words("één gezin, één plan, één regisseur") == [
        ("één gezin, één plan, één regisseur", "één gezin, één plan, één regisseur")
    ]


def test_the_first_occurrence_on_a_page_is_explained():
    request = _request()
    html = _render(
        "{% explain %}<h1>Gezinsplan en gezinsplan</h1>{% endexplain %}"
        "{% explain %}<h2>Het gezinsplan, de nazorg</h2>{% endexplain %}",
        request,
    )
    assert html.count('<span class="term">') == 2
    assert html.count("<details") == 2
    assert '<h1><span class="term">Gezinsplan</span> en gezinsplan</h1><details' in html
    assert "Wat betekent ‘Gezinsplan’?" in html
    assert "Wat betekent ‘nazorg’?" in html
    # The details sit after the heading, never inside it (a heading holds phrasing only).
    assert "</h1><details" in html and "</h2><details" in html


def test_a_page_reads_the_terms_once():
    request = _request()
    source = "".join(
        "{% explain %}<h2>Het afstemgesprek " + str(i) + "</h2>{% endexplain %}" for i in range(5)
    )
    with CaptureQueriesContext(connection) as queries:
        _render(source, request)
        _render(source, request)
    assert len(queries) == 1


def test_everything_is_escaped():
    GlossaryTerm.objects.create(
        term="<script>alert(1)</script>kluswoord",
        slug="kluswoord",
        short_definition="<script>alert('kort')</script> Uitleg.",
        explanation="<b>vet</b>\nnieuwe regel <img src=x onerror=alert(1)>",
        synonyms="klus<i>woord</i>",
    )
    GlossaryTerm.objects.filter(term="gezinsplan").update(
        short_definition="Plan <script>alert(2)</script>"
    )
    html = _render(
        "{% explain %}<h1>{{ title }}</h1>{% endexplain %}",
        _request(),
        title="<script>x()</script> gezinsplan & klus<i>woord</i>",
    )
    assert "<script>" not in html and "<i>" not in html and "<b>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;x()&lt;/script&gt;" in html
    assert "&amp;" in html
    assert "Plan &lt;script&gt;alert(2)&lt;/script&gt;" in html
    # The synonym with markup in it matched as text and was escaped in the mark.
    assert '<span class="term">klus&lt;i&gt;woord&lt;/i&gt;</span>' in html
    # And the simple tag escapes plain text as well.
    tag = _render("{% explain_terms text %}", _request(), text="<script>nazorg</script>")
    assert "<script>" not in tag and '<span class="term">nazorg</span>' in tag


def test_staff_read_the_explanation_the_family_reads_the_short_definition():
    term = GlossaryTerm.objects.get(term="afstemgesprek")
    staff = _render("{% explain %}<h2>Afstemgesprek</h2>{% endexplain %}", _request())
    assert term.short_definition in staff
    assert "De gezinscoach zit het voor." in staff
    assert "Partners zeggen ook: afstemmingsgesprek, afstemmingsoverleg" in staff
    assert f'href="{reverse("glossary:list")}#afstemgesprek"' in staff
    family = _render("{% explain family=True %}<h2>Afstemgesprek</h2>{% endexplain %}", _request())
    assert term.short_definition in family
    assert "De gezinscoach zit het voor." not in family
    assert reverse("glossary:list") not in family


def test_a_reader_who_is_not_logged_in_gets_no_link_to_the_list():
    """The list of terms needs a login; an anonymous reader (a survey by its link) gets the
    explanation without a link that only leads to the login page."""
    from django.contrib.auth.models import AnonymousUser

    request = _request()
    request.user = AnonymousUser()
    html = _render("{% explain %}<h2>Afstemgesprek</h2>{% endexplain %}", request)
    assert GlossaryTerm.objects.get(term="afstemgesprek").short_definition in html
    assert reverse("glossary:list") not in html


def test_an_inactive_term_is_not_explained():
    GlossaryTerm.objects.filter(term="nazorg").update(is_active=False)
    html = _render("{% explain %}<h2>Nazorg</h2>{% endexplain %}", _request())
    assert "<details" not in html and html.endswith("<h2>Nazorg</h2>")


def test_a_form_label_explains_its_term():
    class MeetingForm(forms.Form):
        when = forms.DateField(label="Datum van het afstemgesprek")
        kinds = forms.MultipleChoiceField(
            label="Soort systeembijeenkomst",
            choices=[("a", "A")],
            widget=forms.CheckboxSelectMultiple,
        )
        agree = forms.BooleanField(label="Warme overdracht gedaan", required=False)

    html = render_to_string(
        "partials/_form_fields.html", {"form": MeetingForm(), "request": _request()}
    )
    assert '<span class="term">afstemgesprek</span>' in html
    assert "(verplicht)</span></label><details" in html
    assert "</legend><details" in html
    assert '<span class="term">Warme overdracht</span> gedaan</label><details' in html


# --- On real pages ----------------------------------------------------------------------


@pytest.fixture
def world():
    return World()


def _plan_page(client, world):
    plan_services.plan_start(access=family_access(world.coach, world.family))
    client.force_login(world.coach)
    return reverse("plans:plan", args=[world.family.uuid])


def test_the_plan_page_explains_gezinsplan_for_one_query(client, world):
    url = _plan_page(client, world)
    with CaptureQueriesContext(connection) as with_terms:
        page = client.get(url).content.decode()
    assert '<h1><span class="term">Gezinsplan</span> van' in page
    assert "Wat betekent ‘Gezinsplan’?" in page
    GlossaryTerm.objects.all().delete()
    with CaptureQueriesContext(connection) as without_terms:
        plain = client.get(url).content.decode()
    assert '<details class="term-explain"' not in plain
    # The glossary costs the page one query, however many headings and labels it has.
    assert len(with_terms) <= len(without_terms) + 1


def test_the_plan_page_stays_within_its_queries(client, world, django_assert_max_num_queries):
    url = _plan_page(client, world)
    client.get(url)
    with django_assert_max_num_queries(60):
        assert client.get(url).status_code == 200


def test_the_seeded_look_alikes_are_stored_both_ways():
    """The field is symmetrical: a link stored one way only would be dropped by the next
    symmetrical write of the other term (an admin edit, a restore of the test database)."""
    through = GlossaryTerm.related.through
    pairs = set(through.objects.values_list("from_glossaryterm_id", "to_glossaryterm_id"))
    assert pairs, "the migration links look-alike terms"
    assert {(b, a) for a, b in pairs} == pairs


def test_the_glossary_page_is_alphabetical_without_case_and_accents(client, world):
    """ "Veilig Thuis" under v and "één gezin, …" under e, the same on both databases."""
    client.force_login(world.coach)
    page = client.get(reverse("glossary:list")).content.decode()
    slugs = ["afstemgesprek", "een-gezin-een-plan-een-regisseur", "gezinsplan", "veilig-thuis"]
    positions = [page.index(f'<dt id="{slug}">') for slug in [*slugs, "zorgconferentie"]]
    assert positions == sorted(positions)
