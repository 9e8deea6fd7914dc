"""The genogram and ecogram drawings: symbols, layout, text alternative and escaping.

Everything is built from unsaved model instances; no database is touched.
"""

import re
import xml.etree.ElementTree as ET
from datetime import date
from itertools import combinations
from uuid import uuid4

import pytest
from django.template.loader import render_to_string

from spil.families.drawing import Drawing, ecogram, genogram
from spil.families.models import Member, NetworkContact, Relation

SVG = "{http://www.w3.org/2000/svg}"
ON = date(2026, 1, 1)


def member(first, surname="Vos", gender="onbekend", born=None, *, home=True, dead=False):
    return Member(
        uuid=uuid4(),
        first_name=first,
        surname=surname,
        gender=gender,
        birth_date=born,
        lives_in_household=home,
        is_deceased=dead,
    )


def relation(a, b, kind, parentage="", quality="normaal"):
    if kind == "ouder_van" and not parentage:
        parentage = "biologisch"
    return Relation(
        uuid=uuid4(), from_member=a, to_member=b, kind=kind, parentage=parentage, quality=quality
    )


def parse(drawing: Drawing) -> ET.Element:
    return ET.fromstring(drawing.svg)


def groups(root: ET.Element, cls: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if cls in g.get("class", "").split()]


def position(group: ET.Element) -> tuple[float, float]:
    x, y = re.fullmatch(r"translate\((\S+) (\S+)\)", group.get("transform")).groups()
    return float(x), float(y)


class ThreeGenerations:
    """Grandparents (grandfather deceased), a mother with an ex-partner who lives
    elsewhere and a new partner, children of both fathers, one child's gender unknown."""

    def __init__(self):
        self.opa = member("Henk", "Jansen", "man", date(1950, 3, 1), home=False, dead=True)
        self.oma = member("Greet", "Jansen", "vrouw", date(1952, 5, 5), home=False)
        self.karin = member("Karin", "Vos", "vrouw", date(1987, 6, 1))
        self.mark = member("Mark", "Vos", "man", date(1985, 2, 2), home=False)
        self.peter = member("Peter", "Bakker", "man", date(1984, 4, 4))
        self.daan = member("Daan", "Vos", "man", date(2012, 1, 1))
        self.sanne = member("Sanne", "Vos", "vrouw", date(2014, 1, 1))
        self.lotte = member("Lotte", "Bakker", "vrouw", date(2019, 1, 1))
        self.alex = member("Alex", "Bakker", "anders", None)
        # Listed out of birth order on purpose.
        self.members = [
            self.alex,
            self.lotte,
            self.karin,
            self.daan,
            self.peter,
            self.oma,
            self.sanne,
            self.mark,
            self.opa,
        ]
        self.conflict = relation(self.karin, self.mark, "ex_partner", quality="conflict")
        self.cut_off = relation(self.mark, self.sanne, "ouder_van", quality="verbroken")
        self.step = relation(self.peter, self.daan, "ouder_van", "stief")
        self.relations = [
            relation(self.opa, self.oma, "partner"),
            relation(self.opa, self.karin, "ouder_van"),
            relation(self.oma, self.karin, "ouder_van", quality="hecht"),
            self.conflict,
            relation(self.karin, self.peter, "partner"),
            relation(self.karin, self.daan, "ouder_van"),
            relation(self.mark, self.daan, "ouder_van"),
            relation(self.karin, self.sanne, "ouder_van"),
            self.cut_off,
            relation(self.karin, self.lotte, "ouder_van"),
            relation(self.peter, self.lotte, "ouder_van"),
            relation(self.karin, self.alex, "ouder_van", "adoptie"),
            relation(self.peter, self.alex, "ouder_van", "adoptie"),
            self.step,
        ]

    def draw(self) -> Drawing:
        return genogram(members=self.members, relations=self.relations, on=ON)


@pytest.fixture
def family():
    return ThreeGenerations()


def people_by_uuid(root):
    return {g.get("data-member"): g for g in groups(root, "person")}


# --- Genogram -------------------------------------------------------------------------


def test_the_svg_is_an_accessible_scalable_image(family):
    drawing = family.draw()
    root = parse(drawing)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("width") == "100%"
    assert root.get("viewBox").startswith("0 0 ")
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title.get("id") == root.get("aria-labelledby")
    assert desc.get("id") == root.get("aria-describedby")
    assert title.text == "Genogram van gezin Vos"
    assert "3 generaties" in desc.text


def test_symbols_follow_gender(family):
    root = parse(family.draw())
    persons = groups(root, "person")
    assert len(persons) == 9
    shapes = {cls: len(groups(root, cls)) for cls in ("male", "female", "other")}
    assert shapes == {"male": 4, "female": 4, "other": 1}
    for person in persons:
        symbol = {"male": "rect", "female": "circle", "other": "polygon"}[
            person.get("class").split()[1]
        ]
        assert len(person.findall(f"{SVG}{symbol}[@class='symbol']")) == 1


def test_exactly_one_deceased_cross(family):
    root = parse(family.draw())
    crosses = [
        p for g in groups(root, "person") for p in g.iter() if p.get("class") == "deceased-cross"
    ]
    assert len(crosses) == 1
    (deceased,) = groups(root, "deceased")
    assert deceased.get("data-member") == str(family.opa.uuid)


def test_household_members_are_marked(family):
    root = parse(family.draw())
    marked = {g.get("data-member") for g in groups(root, "household")}
    expected = [family.karin, family.peter, family.daan, family.sanne, family.lotte, family.alex]
    assert marked == {str(m.uuid) for m in expected}
    for g in groups(root, "household"):
        assert g.find(f"{SVG}rect[@class='household-marker']") is not None
    away = people_by_uuid(root)[str(family.mark.uuid)]
    assert away.find(f"{SVG}rect[@class='household-marker']") is None


def test_three_generation_rows(family):
    people = people_by_uuid(parse(family.draw()))

    def y(m):
        return position(people[str(m.uuid)])[1]

    assert y(family.opa) == y(family.oma) < y(family.karin)
    assert y(family.mark) == y(family.karin) == y(family.peter)
    assert y(family.karin) < y(family.daan) == y(family.alex)
    assert len({position(g)[1] for g in people.values()}) == 3


def test_children_stand_in_birth_order_unknown_dates_last(family):
    people = people_by_uuid(parse(family.draw()))
    children = [family.daan, family.sanne, family.lotte, family.alex]
    xs = [position(people[str(c.uuid)])[0] for c in children]
    assert xs == sorted(xs)
    assert len(set(xs)) == 4


def test_partners_stand_side_by_side_ex_left_of_the_new_partner(family):
    people = people_by_uuid(parse(family.draw()))
    x = {m.first_name: position(people[str(m.uuid)])[0] for m in family.members}
    assert x["Mark"] < x["Karin"] < x["Peter"]
    assert x["Peter"] - x["Karin"] == x["Karin"] - x["Mark"]


def test_partner_and_ex_partner_lines(family):
    root = parse(family.draw())
    partners = {(g.get("data-from"), g.get("data-to")) for g in groups(root, "partner")}
    assert (str(family.karin.uuid), str(family.peter.uuid)) in partners
    (ex,) = groups(root, "ex-partner")
    assert (ex.get("data-from"), ex.get("data-to")) == (
        str(family.karin.uuid),
        str(family.mark.uuid),
    )
    assert ex.find(f"{SVG}path[@class='divorce']") is not None
    assert not [g for g in groups(root, "partner") if g.find(f"{SVG}path[@class='divorce']")]


def test_quality_lines_where_the_relations_say_so(family):
    root = parse(family.draw())
    (conflict,) = groups(root, "conflict")
    assert conflict.get("data-relation") == str(family.conflict.uuid)
    assert conflict.find(f"{SVG}path[@class='quality-line conflict']") is not None
    (cut,) = groups(root, "cut-off")
    assert cut.get("data-relation") == str(family.cut_off.uuid)
    assert cut.find(f"{SVG}path[@class='quality-line cut-off']") is not None
    assert len(groups(root, "close")) == 1
    # A zigzag has many corners; a cut-off line is four pieces (two lines, two bars).
    zigzag = conflict.find(f"{SVG}path[@class='quality-line conflict']").get("d")
    assert zigzag.count("L") > 6
    assert cut.find(f"{SVG}path[@class='quality-line cut-off']").get("d").count("M") == 4


def test_parentage_is_drawn_dashed_and_named(family):
    drawing = family.draw()
    root = parse(drawing)
    (step,) = groups(root, "parentage-stief")
    assert step.get("data-from") == str(family.peter.uuid)
    assert step.find(f"{SVG}path[@class='kind-line']").get("stroke-dasharray")
    bio = groups(root, "parentage-biologisch")[0]
    assert bio.find(f"{SVG}path[@class='kind-line']").get("stroke-dasharray") is None
    assert "Peter Bakker is stiefouder van Daan Vos" in drawing.text_alternative
    assert "Karin Vos is adoptiefouder van Alex Bakker" in drawing.text_alternative


def test_every_relation_has_one_group(family):
    root = parse(family.draw())
    drawn = [g.get("data-relation") for g in groups(root, "relation")]
    assert sorted(drawn) == sorted(str(r.uuid) for r in family.relations)


def test_legend_explains_every_symbol_used(family):
    root = parse(family.draw())
    (legend,) = groups(root, "legend")
    keys = {g.get("class").split()[1] for g in groups(legend, "legend-item")}
    assert keys == {
        "legend-male",
        "legend-female",
        "legend-other",
        "legend-deceased",
        "legend-household",
        "legend-partner",
        "legend-ex-partner",
        "legend-parentage-biologisch",
        "legend-parentage-stief",
        "legend-parentage-adoptie",
        "legend-conflict",
        "legend-cut-off",
        "legend-close",
    }


def test_names_and_ages_under_the_symbols(family):
    people = people_by_uuid(parse(family.draw()))
    karin = [t.text for t in people[str(family.karin.uuid)].iter(f"{SVG}text")]
    assert karin == ["Karin", "38 jaar"]
    alex = [t.text for t in people[str(family.alex.uuid)].iter(f"{SVG}text")]
    assert alex == ["Alex"]


def test_text_alternative_names_every_person_and_relation(family):
    text = family.draw().text_alternative
    assert "Karin Vos (vrouw, 38 jaar, woont thuis)" in text
    assert "Mark Vos (man, 40 jaar, woont niet thuis)" in text
    assert "Henk Jansen (man, overleden)" in text
    assert "Alex Bakker (ander geslacht, woont thuis)" in text
    assert "Karin Vos is biologisch ouder van Daan Vos" in text
    assert "Karin Vos en Mark Vos zijn ex-partners — relatie: conflict" in text
    assert "Karin Vos en Peter Bakker zijn partners" in text
    assert "Mark Vos is biologisch ouder van Sanne Vos — relatie: contact verbroken" in text
    assert "Greet Jansen is biologisch ouder van Karin Vos — relatie: hecht" in text
    assert len(text) == len(family.members) + len(family.relations)


def test_siblings_without_parents_share_a_row_and_a_bracket():
    older = member("Ans", "Smit", "vrouw", date(1960, 1, 1))
    younger = member("Bert", "Smit", "man", date(1965, 1, 1))
    mother = member("Cor", "Smit", "vrouw")
    child = member("Dirk", "Smit", "man", date(1999, 1, 1))
    relations = [
        relation(mother, older, "ouder_van"),
        relation(younger, child, "ouder_van"),
        relation(older, younger, "broer_zus", quality="conflict"),
    ]
    drawing = genogram(members=[child, younger, mother, older], relations=relations, on=ON)
    root = parse(drawing)
    people = people_by_uuid(root)
    assert position(people[str(older.uuid)])[1] == position(people[str(younger.uuid)])[1]
    (sibling,) = groups(root, "sibling")
    assert sibling.find(f"{SVG}path[@class='kind-line']") is not None
    assert "Ans Smit en Bert Smit zijn zus en broer — relatie: conflict" in drawing.text_alternative


def test_names_are_escaped():
    sneaky = member("<script>alert(1)</script>", "Smit & Zn", "vrouw", date(1990, 1, 1))
    other = member('Jan "de" Boer', "O'Brien", "man")
    drawing = genogram(
        members=[sneaky, other], relations=[relation(sneaky, other, "partner")], on=ON
    )
    assert "<script>" not in drawing.svg
    assert "&lt;script&gt;" in drawing.svg
    assert "Smit &amp; Zn" in drawing.svg
    root = parse(drawing)
    assert root.find(f"{SVG}title").text == "Genogram van gezin Smit & Zn"
    names = [t.text for t in root.iter(f"{SVG}text")]
    assert "<script>alert(1)</script>"[:15] + "…" in names
    assert "<script>alert(1)</script> Smit & Zn (vrouw, 36 jaar, woont thuis)" in (
        drawing.text_alternative
    )


def test_characters_xml_forbids_are_dropped():
    drawing = genogram(members=[member("Bad\x00\x08name")], relations=[], on=ON)
    assert "Badname" in [t.text for t in parse(drawing).iter(f"{SVG}text")]


def test_a_parent_cycle_does_not_crash():
    a, b, c = member("Aa", born=date(1950, 1, 1)), member("Bb"), member("Cc")
    relations = [
        relation(a, b, "ouder_van"),
        relation(b, c, "ouder_van"),
        relation(c, a, "ouder_van"),
        relation(a, c, "partner"),
    ]
    drawing = genogram(members=[a, b, c], relations=relations, on=ON)
    people = people_by_uuid(parse(drawing))
    assert len(people) == 3
    assert len({position(g) for g in people.values()}) == 3
    assert any(
        line.startswith("Niet getekend: Cc Vos is biologisch ouder van Aa Vos")
        for line in drawing.text_alternative
    )


def test_a_partner_who_is_also_a_descendant_does_not_loop():
    a, b, c, d = member("A"), member("B"), member("C"), member("D")
    relations = [
        relation(a, b, "partner"),
        relation(b, c, "ouder_van"),
        relation(c, d, "partner"),
        relation(d, a, "ouder_van"),
    ]
    root = parse(genogram(members=[a, b, c, d], relations=relations, on=ON))
    assert len(groups(root, "person")) == 4


@pytest.mark.parametrize(
    ("members", "relations"),
    [
        ([], []),
        ([member("Solo")], []),
        ([member("Een"), member("Twee"), member("Drie")], []),
    ],
)
def test_small_and_empty_families(members, relations):
    drawing = genogram(members=members, relations=relations)
    root = parse(drawing)
    assert len(groups(root, "person")) == len(members)
    assert drawing.text_alternative


def test_relations_to_people_outside_the_list_are_ignored():
    inside, outside = member("In"), member("Uit")
    drawing = genogram(members=[inside], relations=[relation(inside, outside, "partner")])
    assert groups(parse(drawing), "relation") == []


def test_relations_found_by_id_when_members_are_saved():
    a, b = member("Ma", gender="vrouw"), member("Kind")
    a.id, b.id = 1, 2
    rel = Relation(
        uuid=uuid4(), from_member_id=1, to_member_id=2, kind="ouder_van", parentage="pleeg"
    )
    drawing = genogram(members=[a, b], relations=[rel])
    (group,) = groups(parse(drawing), "parentage-pleeg")
    assert group.get("data-from") == str(a.uuid)
    assert "Ma Vos is pleegouder van Kind Vos" in drawing.text_alternative


def big_family():
    """Four generations, forty people, several couples with children and loose ends."""
    members, relations = [], []
    gender = ["man", "vrouw"]
    founders = [member(f"Stam{i}", "Groot", gender[i % 2], date(1930 + i, 1, 1)) for i in range(4)]
    members += founders
    relations += [
        relation(founders[0], founders[1], "partner"),
        relation(founders[2], founders[3], "ex_partner"),
    ]
    previous = [(founders[0], founders[1]), (founders[2], founders[3])]
    count = 0
    for generation in range(3):
        couples = []
        for mum, dad in previous:
            for k in range(2):
                count += 1
                child = member(
                    f"K{count}", "Groot", gender[k % 2], date(1960 + 20 * generation + k, 1, 1)
                )
                spouse = member(f"P{count}", "Ander", gender[(k + 1) % 2], None)
                members += [child, spouse]
                relations += [
                    relation(mum, child, "ouder_van"),
                    relation(dad, child, "ouder_van"),
                    relation(child, spouse, "partner" if k else "ex_partner"),
                ]
                couples.append((child, spouse))
        previous = couples[: 2 if generation < 1 else 3]
        if len(members) >= 40:
            break
    members += [member(f"Los{i}", "Groot") for i in range(40 - len(members))]
    return members[:40], relations


def test_forty_people_lay_out_without_overlap():
    members, relations = big_family()
    assert len(members) == 40
    root = parse(genogram(members=members, relations=relations, on=ON))
    points = [position(g) for g in groups(root, "person")]
    assert len(points) == 40
    assert len(set(points)) == 40
    for (x1, y1), (x2, y2) in combinations(points, 2):
        assert y1 != y2 or abs(x1 - x2) >= 100


def test_the_drawing_is_deterministic(family):
    assert family.draw() == family.draw()


# --- Ecogram --------------------------------------------------------------------------


def contact(name, sector, tie="normaal", influence="goed", relation="buurvrouw", **kwargs):
    return NetworkContact(
        uuid=uuid4(),
        name=name,
        relation=relation,
        sector=sector,
        tie=tie,
        influence=influence,
        **kwargs,
    )


def node(group):
    circle = group.find(f"{SVG}circle[@class='node']")
    return float(circle.get("cx")), float(circle.get("cy"))


def centre(root):
    (group,) = groups(root, "centre")
    circle = group.find(f"{SVG}circle")
    return float(circle.get("cx")), float(circle.get("cy"))


def test_each_sector_is_its_own_quadrant():
    contacts = [
        contact("Oma", "familie", "sterk"),
        contact("Els", "vrienden_buren", "zwak", "wisselend"),
        contact("Meester Ruud", "school_werk", "belastend", "slecht"),
        contact("Huisarts", "professionals"),
    ]
    root = parse(ecogram(family_name="Vos", contacts=contacts))
    cx, cy = centre(root)
    signs = {
        "familie": (-1, -1),
        "vrienden_buren": (1, -1),
        "school_werk": (1, 1),
        "professionals": (-1, 1),
    }
    for group in groups(root, "contact"):
        sector = next(c for c in group.get("class").split() if c.startswith("sector-"))[7:]
        x, y = node(group)
        assert ((x > cx) - (x < cx), (y > cy) - (y < cy)) == signs[sector]
    assert len(groups(root, "sector")) == 4


def test_tie_and_influence_are_classes_and_styles():
    contacts = [
        contact("A", "familie", "sterk", "goed"),
        contact("B", "familie", "normaal", "wisselend"),
        contact("C", "familie", "zwak", "slecht"),
        contact("D", "familie", "belastend", "goed"),
    ]
    root = parse(ecogram(family_name="Vos", contacts=contacts))
    for tie in ("sterk", "normaal", "zwak", "belastend"):
        assert len(groups(root, f"tie-{tie}")) == 1
    lines = {
        next(c for c in g.get("class").split() if c.startswith("tie-")): g.find(
            f"{SVG}path[@class='tie-line']"
        )
        for g in groups(root, "contact")
    }
    assert float(lines["tie-sterk"].get("stroke-width")) > float(
        lines["tie-normaal"].get("stroke-width")
    )
    assert lines["tie-zwak"].get("stroke-dasharray")
    assert lines["tie-belastend"].get("d").count("L") > 6
    markers = {
        g.find(f"{SVG}text[@class='influence-marker']").text for g in groups(root, "contact")
    }
    assert markers == {"+", "±", "−"}
    (legend,) = groups(root, "legend")
    assert len(groups(legend, "legend-item")) == 7


def test_contact_sentences():
    els = contact(
        "Els",
        "vrienden_buren",
        "sterk",
        practical_support=True,
        emotional_support=True,
        aware_of_problems=True,
    )
    ome = contact(
        "Ome Piet", "familie", "belastend", "slecht", relation="oom", financial_support=True
    )
    text = ecogram(family_name="Vos", contacts=[els, ome]).text_alternative
    assert text == [
        "Ome Piet, oom (familie): belastende band, slechte invloed, financiële steun, "
        "weet niet van de problemen.",
        "Els, buurvrouw (vrienden en buren): sterke band, goede invloed, praktische en "
        "emotionele steun, weet van de problemen.",
    ]


def test_no_contacts_draws_the_centre_and_sectors():
    drawing = ecogram(family_name="Vos", contacts=[])
    root = parse(drawing)
    assert drawing.text_alternative == ["Nog geen netwerk vastgelegd."]
    assert len(groups(root, "sector")) == 4
    assert len(groups(root, "centre")) == 1
    assert groups(root, "contact") == []
    assert root.find(f"{SVG}title").text == "Ecogram van gezin Vos"
    assert root.get("aria-labelledby") == root.find(f"{SVG}title").get("id")


def test_many_contacts_in_one_sector_wrap_onto_rings():
    contacts = [contact(f"Neef {i}", "familie") for i in range(27)]
    root = parse(ecogram(family_name="Vos", contacts=contacts))
    cx, cy = centre(root)
    points = [node(g) for g in groups(root, "contact")]
    assert len(points) == 27
    assert all(x < cx and y < cy for x, y in points)
    radii = {round(((x - cx) ** 2 + (y - cy) ** 2) ** 0.5) for x, y in points}
    assert len(radii) >= 4
    for (x1, y1), (x2, y2) in combinations(points, 2):
        assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 > 40


def test_ecogram_escapes():
    sneaky = contact("<script>x</script>", "familie", relation="a & b")
    drawing = ecogram(family_name="<b>Vos</b> & Co", contacts=[sneaky])
    assert "<script>" not in drawing.svg
    assert "<b>" not in drawing.svg
    root = parse(drawing)
    assert root.find(f"{SVG}title").text == "Ecogram van gezin <b>Vos</b> & Co"
    assert "a & b" in [t.text for t in root.iter(f"{SVG}text")]


# --- Templates ------------------------------------------------------------------------


@pytest.mark.parametrize("template", ["families/_genogram.html", "families/_ecogram.html"])
def test_templates_show_the_figure_and_the_text(template):
    sneaky = member("<script>", "Vos")
    if "genogram" in template:
        drawing = genogram(members=[sneaky], relations=[])
    else:
        drawing = ecogram(family_name="Vos", contacts=[contact("<script>", "familie")])
    html = render_to_string(template, {"drawing": drawing})
    assert "<figure" in html
    assert "<figcaption" in html
    assert "<summary>Tekst bij de tekening</summary>" in html
    assert html.count("<svg") == 1
    assert "<script>" not in html
    assert html.count("<li>") == len(drawing.text_alternative)


def test_values_the_model_does_not_know_fall_back_to_its_defaults():
    a, b = member("Een", gender="x"), member("Twee")
    odd = Relation(uuid=uuid4(), from_member=a, to_member=b, kind="ouder_van", quality="??")
    root = parse(genogram(members=[a, b], relations=[odd]))
    assert len(groups(root, "parentage-biologisch")) == 1
    assert len(groups(root, "other")) == 2
    strange = contact("Raar", "elders", tie="?", influence="?")
    (group,) = groups(parse(ecogram(family_name="", contacts=[strange])), "contact")
    assert group.get("class") == "contact sector-familie tie-normaal influence-goed"
