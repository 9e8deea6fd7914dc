"""Server-side SVG drawings for the family file: the genogram and the ecogram.

Both functions are pure: they receive already-loaded model instances (saved or not),
never touch the database and return a :class:`Drawing` — one inline ``<svg>`` element
and a plain Dutch text alternative (one sentence per person, relation or contact). Every
string that comes from the database is XML-escaped here, so a template may print
``drawing.svg|safe``. The output is deterministic: the same input gives the same SVG.
Only presentation attributes are used (no ``<style>``, no script), so the SVG also works
under a strict Content-Security-Policy and as a stand-alone file.

Genogram layout
    Generations come from ``parent_of`` relations: a person without parents in the file
    is generation 0, a child is one below its deepest parent, partners, ex-partners and
    siblings share the deeper generation of the two, and a parentless parent moves down
    to just above their shallowest child. A ``parent_of`` that would close a cycle (or
    points at the same person) is ignored and named in the text alternative;
    generations are capped at ``MAX_GENERATIONS``. Each generation is a row; a row is
    made of units (people joined by partner/ex-partner lines, ex-partners left of later
    partners, men left of women) ordered so children sit under their parents (a few
    barycentre sweeps), siblings in birth order (unknown dates last).

Semantic hooks (stable class names for tests, CSS and scripting)
    Genogram, one group per member::

        <g class="person {male|female|other}[ deceased][ household]"
           data-member="<uuid>" transform="translate(x y)">

    The symbol is drawn around (0, 0): ``rect.symbol`` (male), ``circle.symbol``
    (female), ``polygon.symbol`` (other or unknown), plus ``path.deceased-cross`` and
    ``rect.household-marker`` when they apply. One group per drawn relation::

        <g class="relation {parent|partner|ex-partner|sibling}[ parentage-<value>]
                  [ {conflict|cut-off|close}]"
           data-relation="<uuid>" data-from="<from_member uuid>" data-to="<to_member uuid>">

    For ``parent`` data-from is the parent and data-to the child. The group holds the
    kind's line (``.kind-line``; ``.divorce`` slashes for ex-partners) and, unless the
    quality is normal, the quality mark (``.quality-line`` with ``.zigzag``, ``.cut-off``
    or ``.close``). When a child hangs from a couple's line, both parents' groups draw
    the same descent path. A sibling relation between children who already hang from a
    shared parent draws no bracket (the descent lines show it), only its quality mark.

    Ecogram, one group per contact::

        <g class="contact sector-<value> tie-<value> influence-<value>" data-contact="<uuid>">

    holding ``.tie-line`` and ``circle.node`` (absolute coordinates); the quadrants are
    ``<g class="sector sector-<value>">`` and the family ``<g class="centre">``.

    Both drawings end with ``<g class="legend">`` holding one
    ``<g class="legend-item legend-<key>">`` per symbol used. Fixed class words are
    English; classes built from a field use its stored value (``parentage-stief``,
    ``tie-zwak``); a value the model does not know is drawn as the model's default.
"""

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from itertools import pairwise
from statistics import fmean

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from spil.core.svg import esc, num, tag

from .models import Gender, Member, NetworkContact, Relation, age_on


@dataclass(frozen=True)
class Drawing:
    """An inline SVG drawing and the same content as plain Dutch sentences."""

    svg: str
    text_alternative: list[str]


Point = tuple[float, float]

INK = "#1b1f24"
MUTED = "#4a5360"
LINE = "#c9d0d8"
TINT = "#f3f5f7"
BRAND = "#0b5c6b"
HOUSEHOLD_FILL = "#cfe3e7"
RED = "#a4161a"
GREEN = "#1e6b35"
AMBER = "#8a4b00"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"

# Genogram geometry (SVG user units).
R = 20.0
SPACING = 120.0
ROW_HEIGHT = 170.0
TOP = 70.0
MARGIN_X = 80.0
MIN_WIDTH = 660.0
MAX_GENERATIONS = 12
LEGEND_COLUMN = 280.0
LEGEND_ROW = 34.0

# Ecogram geometry.
CENTRE_R = 70.0
NODE_R = 13.0
FIRST_RING = 200.0
RING_STEP = 90.0
NODE_GAP = 105.0
ANGLE_MARGIN = math.radians(12)
USABLE_ANGLE = math.pi / 2 - 2 * ANGLE_MARGIN


# --- SVG writing (escaping and elements from core.svg) ---------------------------------


def _path(points: Sequence[Point]) -> str:
    return "M" + " L".join(f"{num(x)} {num(y)}" for x, y in points)


def _text(x: float, y: float, label: str, **attributes: object) -> str:
    """A label with a white halo, so lines running under it stay readable."""
    halo = {"stroke": "#fff", "stroke_width": "4", "paint_order": "stroke"}
    return tag("text", esc(label), x=x, y=y, text_anchor="middle", **(halo | attributes))


def _truncate(label: str, length: int) -> str:
    label = " ".join(label.split())
    return label if len(label) <= length else label[: length - 1].rstrip() + "…"


def _svg(*, kind: str, seed: str, size: Point, title: str, desc: str, body: str) -> str:
    """The root element: scales with its viewBox, named by <title> and <desc>."""
    ident = f"{kind}-{hashlib.sha256(seed.encode()).hexdigest()[:10]}"
    width, height = size
    head = tag("title", esc(title), id=f"{ident}-title") + tag(
        "desc", esc(desc), id=f"{ident}-desc"
    )
    return tag(
        "svg",
        head + body,
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {num(width)} {num(height)}",
        width="100%",
        role="img",
        aria_labelledby=f"{ident}-title",
        aria_describedby=f"{ident}-desc",
        class_=f"drawing {kind}",
        font_family=FONT,
        font_size="13",
        fill=INK,
    )


# --- Line patterns ------------------------------------------------------------------


def _normal(a: Point, b: Point) -> Point:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy) or 1.0
    return (-dy / length, dx / length)


def _along(a: Point, b: Point, t: float) -> Point:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def _zigzag(a: Point, b: Point, *, amplitude: float = 4.5, step: float = 7.0) -> str:
    nx, ny = _normal(a, b)
    count = max(2, int(math.dist(a, b) // step))
    points = [a]
    for i in range(1, count):
        x, y = _along(a, b, i / count)
        side = amplitude if i % 2 else -amplitude
        points.append((x + nx * side, y + ny * side))
    return _path([*points, b])


def _cut_off(a: Point, b: Point, *, bar: float = 7.0) -> str:
    """A line with a gap in the middle, the gap closed off by two short bars."""
    nx, ny = _normal(a, b)
    first, second = _along(a, b, 0.42), _along(a, b, 0.58)
    bars = [
        _path([(x - nx * bar, y - ny * bar), (x + nx * bar, y + ny * bar)])
        for x, y in (first, second)
    ]
    return " ".join([_path([a, first]), _path([second, b]), *bars])


def _double(a: Point, b: Point, *, offset: float = 3.0) -> str:
    nx, ny = _normal(a, b)
    return " ".join(
        _path([(a[0] + nx * s, a[1] + ny * s), (b[0] + nx * s, b[1] + ny * s)])
        for s in (-offset, offset)
    )


def _segments(points: Sequence[Point]) -> list[tuple[Point, Point]]:
    return list(pairwise(points))


def _patterned(points: Sequence[Point], pattern: Callable[[Point, Point], str]) -> str:
    """The pattern on the longest segment of a polyline, plain line elsewhere."""
    segments = _segments(points)
    longest = max(segments, key=lambda s: math.dist(*s))
    return " ".join(pattern(*s) if s is longest else _path(s) for s in segments)


# --- Genogram: reading the family ---------------------------------------------------

_KIND_CLASS = {
    Relation.Kind.PARENT_OF.value: "parent",
    Relation.Kind.PARTNER.value: "partner",
    Relation.Kind.EX_PARTNER.value: "ex-partner",
    Relation.Kind.SIBLING.value: "sibling",
}
_QUALITY_CLASS = {
    Relation.Quality.CONFLICT.value: "conflict",
    Relation.Quality.CUT_OFF.value: "cut-off",
    Relation.Quality.CLOSE.value: "close",
}
_PRIMARY_PARENTAGE = {"", Relation.Parentage.BIOLOGICAL.value, Relation.Parentage.ADOPTIVE.value}
_DASHES = {
    Relation.Parentage.STEP.value: "8 5",
    Relation.Parentage.FOSTER.value: "2 4",
    Relation.Parentage.ADOPTIVE.value: "10 4 2 4",
}


@dataclass
class _Person:
    member: Member
    key: str
    row: int = 0
    x: float = 0.0

    @property
    def name(self) -> str:
        return f"{self.member.first_name} {self.member.surname}".strip() or "?"

    @property
    def y(self) -> float:
        return TOP + self.row * ROW_HEIGHT

    @property
    def point(self) -> Point:
        return (self.x, self.y)

    @property
    def shape(self) -> str:
        return {Gender.MALE.value: "male", Gender.FEMALE.value: "female"}.get(
            self.member.gender, "other"
        )

    @property
    def sort_key(self) -> tuple[bool, date, str, str]:
        born = self.member.birth_date
        return (born is None, born or date.max, self.name.casefold(), self.key)


@dataclass
class _Link:
    relation: Relation
    kind: str
    a: str
    b: str

    @property
    def parentage(self) -> str:
        value = self.relation.parentage
        return value if value in Relation.Parentage.values else Relation.Parentage.BIOLOGICAL.value

    @property
    def quality(self) -> str:
        return _QUALITY_CLASS.get(self.relation.quality, "")


def _pair(a: str, b: str) -> frozenset[str]:
    return frozenset((a, b))


@dataclass
class _Family:
    people: dict[str, _Person]
    links: list[_Link] = field(default_factory=list)
    skipped: list[_Link] = field(default_factory=list)
    parents: defaultdict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    children: defaultdict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    couples: defaultdict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    couple_kind: dict[frozenset[str], str] = field(default_factory=dict)
    siblings: defaultdict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    parentage: dict[tuple[str, str], str] = field(default_factory=dict)

    def person(self, key: str) -> _Person:
        return self.people[key]

    def descends(self, start: str, target: str) -> bool:
        """Whether `target` is `start` or one of its descendants."""
        seen: set[str] = set()
        stack = [start]
        while stack:
            key = stack.pop()
            if key == target:
                return True
            if key not in seen:
                seen.add(key)
                stack.extend(self.children[key])
        return False

    def primary_parents(self, key: str) -> list[str]:
        """Whom a child hangs under: biological/adoptive parents first, else any parent,
        else (siblings without recorded parents) the parents of their siblings."""
        own = self.parents[key]
        primary = [p for p in own if self.parentage[(p, key)] in _PRIMARY_PARENTAGE]
        if primary or own:
            return primary or own
        return sorted({p for s in self.siblings[key] for p in self.parents[s]})

    def shares_parent(self, a: str, b: str) -> bool:
        return bool(set(self.parents[a]) & set(self.parents[b]))


def _people(members: Sequence[Member]) -> dict[str, _Person]:
    people: dict[str, _Person] = {}
    for member in members:
        key = str(member.uuid)
        people.setdefault(key, _Person(member=member, key=key))
    return dict(sorted(people.items(), key=lambda item: item[1].sort_key))


def _endpoint(relation: Relation, end: str, by_id: dict[int, str]) -> str | None:
    """The member key at one end, by id, else by an already-loaded (or unsaved) object."""
    raw_id = relation.from_member_id if end == "from" else relation.to_member_id
    if raw_id is not None and raw_id in by_id:
        return by_id[raw_id]
    descriptor = Relation.from_member if end == "from" else Relation.to_member
    if descriptor.is_cached(relation):
        other = relation.from_member if end == "from" else relation.to_member
        return str(other.uuid)
    return None


def _read_family(members: Sequence[Member], relations: Sequence[Relation]) -> _Family:
    family = _Family(people=_people(members))
    by_id = {p.member.pk: key for key, p in family.people.items() if p.member.pk is not None}
    for relation in relations:
        kind = _KIND_CLASS.get(relation.kind)
        a, b = _endpoint(relation, "from", by_id), _endpoint(relation, "to", by_id)
        if kind and a in family.people and b in family.people and a != b:
            _add_link(family, _Link(relation=relation, kind=kind, a=str(a), b=str(b)))
    return family


def _add_link(family: _Family, link: _Link) -> None:
    a, b = link.a, link.b
    if link.kind == "parent":
        if (a, b) in family.parentage or family.descends(b, a):
            family.skipped.append(link)
            return
        family.parents[b].append(a)
        family.children[a].append(b)
        family.parentage[(a, b)] = link.parentage
    elif link.kind == "sibling":
        family.siblings[a].append(b)
        family.siblings[b].append(a)
    elif _pair(a, b) not in family.couple_kind:
        family.couples[a].append(b)
        family.couples[b].append(a)
        family.couple_kind[_pair(a, b)] = link.kind
    elif link.kind == "partner":
        family.couple_kind[_pair(a, b)] = "partner"
    family.links.append(link)


# --- Genogram: generations ----------------------------------------------------------


def _assign_rows(family: _Family) -> None:
    generation = dict.fromkeys(family.people, 0)
    edges = [(p, c) for c, parents in family.parents.items() for p in parents]
    peers = [
        (link.a, link.b)
        for link in family.links
        if link.kind != "parent"
        and not family.descends(link.a, link.b)
        and not family.descends(link.b, link.a)
    ]
    for _round in range(2 * len(generation) + 4):
        if not _relax(family, generation, edges, peers):
            break
    rows = {value: index for index, value in enumerate(sorted(set(generation.values())))}
    for key, person in family.people.items():
        person.row = rows[generation[key]]


def _relax(
    family: _Family,
    generation: dict[str, int],
    edges: list[tuple[str, str]],
    peers: list[tuple[str, str]],
) -> bool:
    """One round of pushing people down; False once nothing moves."""
    changed = False

    def lift(key: str, value: int) -> None:
        nonlocal changed
        value = min(value, MAX_GENERATIONS)
        if value > generation[key]:
            generation[key] = value
            changed = True

    for parent, child in edges:
        lift(child, generation[parent] + 1)
    for a, b in peers:
        lift(a, generation[b])
        lift(b, generation[a])
    for key, children in family.children.items():
        if children and not family.parents[key]:
            lift(key, min(generation[c] for c in children) - 1)
    return changed


# --- Genogram: order within the rows ------------------------------------------------

_GENDER_RANK = {"male": 0, "other": 1, "female": 2}


def _units(family: _Family, keys: list[str]) -> list[list[str]]:
    """People of one row grouped by partner lines, each group in drawing order."""
    in_row, seen, units = set(keys), set[str](), []
    for key in keys:
        if key not in seen:
            component = _component(family, key, in_row)
            seen |= component
            units.append(_unit_order(family, component))
    return units


def _component(family: _Family, start: str, allowed: set[str]) -> set[str]:
    found, stack = {start}, [start]
    while stack:
        for other in family.couples[stack.pop()]:
            if other in allowed and other not in found:
                found.add(other)
                stack.append(other)
    return found


def _unit_order(family: _Family, component: set[str]) -> list[str]:
    def degree(key: str) -> int:
        return sum(other in component for other in family.couples[key])

    start = min(component, key=lambda k: (degree(k), family.person(k).sort_key))
    order: list[str] = []
    stack = [start]
    while stack:
        key = stack.pop()
        if key in order:
            continue
        order.append(key)
        nexts = [o for o in family.couples[key] if o in component and o not in order]
        stack.extend(sorted(nexts, key=lambda k: family.person(k).sort_key, reverse=True))

    def preference(keys: list[str]) -> tuple[list[int], list[int]]:
        kinds = [_couple_rank(family, a, b) for a, b in pairwise(keys)]
        return kinds, [_GENDER_RANK[family.person(k).shape] for k in keys]

    return min(order, order[::-1], key=preference)


def _couple_rank(family: _Family, a: str, b: str) -> int:
    return {"ex-partner": 0, "partner": 1}.get(family.couple_kind.get(_pair(a, b), ""), 2)


def _ordinals(rows: list[list[list[str]]]) -> dict[str, float]:
    return {key: float(i) for row in rows for i, key in enumerate(k for u in row for k in u)}


def _down_key(
    family: _Family, position: dict[str, float], unit: list[str]
) -> tuple[bool, float, tuple[bool, date, str, str]]:
    """Under the parents' mean position; siblings by birth, unknown dates last."""
    above = [position[p] for k in unit for p in family.primary_parents(k)]
    hanging = [k for k in unit if family.primary_parents(k)] or unit
    eldest = min(family.person(k).sort_key for k in hanging)
    return (not above, fmean(above) if above else 0.0, eldest)


def _up_key(family: _Family, position: dict[str, float], unit: list[str]) -> tuple[bool, float]:
    """Over the children's mean position; units without children after them, in order."""
    below = [position[c] for k in unit for c in family.children[k]]
    return (not below, fmean(below) if below else position[unit[0]])


def _sweep_down(family: _Family, rows: list[list[list[str]]]) -> None:
    for r in range(1, len(rows)):
        rows[r].sort(key=partial(_down_key, family, _ordinals(rows)))


def _sweep_up(family: _Family, rows: list[list[list[str]]]) -> None:
    for r in range(len(rows) - 2, -1, -1):
        rows[r].sort(key=partial(_up_key, family, _ordinals(rows)))


def _order_rows(family: _Family) -> list[list[list[str]]]:
    count = max(p.row for p in family.people.values()) + 1
    rows = [
        _units(family, [k for k, p in family.people.items() if p.row == r]) for r in range(count)
    ]
    _sweep_down(family, rows)
    for _round in range(2):
        _sweep_up(family, rows)
        _sweep_down(family, rows)
    return rows


# --- Genogram: x coordinates --------------------------------------------------------


def _blocks(family: _Family, units: list[list[str]], *, down: bool) -> list[list[str]]:
    """Going down, consecutive units under the same parents move as one block."""
    blocks: list[list[str]] = []
    previous: frozenset[str] | None = None
    for unit in units:
        parents = frozenset(p for k in unit for p in family.primary_parents(k))
        if down and parents and parents == previous:
            blocks[-1].extend(unit)
        else:
            blocks.append(list(unit))
        previous = parents
    return blocks


def _place_row(
    family: _Family, blocks: list[list[str]], targets: Callable[[str], list[float]]
) -> None:
    """Left to right, each block as near its targets as the previous block allows."""
    cursor: float | None = None
    for block in blocks:
        wanted = [t - i * SPACING for i, key in enumerate(block) for t in targets(key)]
        start = fmean(wanted) if wanted else family.person(block[0]).x
        if cursor is not None:
            start = max(start, cursor)
        for i, key in enumerate(block):
            family.person(key).x = start + i * SPACING
        cursor = start + len(block) * SPACING


def _assign_x(family: _Family, rows: list[list[list[str]]]) -> None:
    def parents_x(key: str) -> list[float]:
        return [family.person(p).x for p in family.primary_parents(key)]

    def children_x(key: str) -> list[float]:
        return [family.person(c).x for c in family.children[key]]

    for r, units in enumerate(rows):
        _place_row(family, _blocks(family, units, down=True), parents_x if r else lambda k: [])
    for r in range(len(rows) - 2, -1, -1):
        _place_row(family, _blocks(family, rows[r], down=False), children_x)
    for r in range(1, len(rows)):
        _place_row(family, _blocks(family, rows[r], down=True), parents_x)


def _centre(family: _Family) -> float:
    """Centre everyone on a canvas at least MIN_WIDTH wide; returns the canvas width."""
    xs = [p.x for p in family.people.values()]
    content = max(xs) - min(xs)
    width = max(content + 2 * MARGIN_X, MIN_WIDTH)
    shift = (width - content) / 2 - min(xs)
    for person in family.people.values():
        person.x += shift
    return width


# --- Genogram: drawing the people ---------------------------------------------------


def _symbol(shape: str, *, fill: str, size: float = R) -> str:
    stroke = {"stroke": INK, "stroke_width": "2", "fill": fill, "class_": "symbol"}
    if shape == "male":
        return tag("rect", x=-size, y=-size, width=2 * size, height=2 * size, **stroke)
    if shape == "female":
        return tag("circle", cx=0, cy=0, r=size, **stroke)
    d = size + 3
    return tag("polygon", points=f"0,{num(-d)} {num(d)},0 0,{num(d)} {num(-d)},0", **stroke)


def _cross(size: float = R) -> str:
    c = size + 4
    d = f"M{num(-c)} {num(-c)} L{num(c)} {num(c)} M{num(-c)} {num(c)} L{num(c)} {num(-c)}"
    return tag("path", d=d, stroke=INK, stroke_width="2.5", class_="deceased-cross")


def _household_marker(size: float = R) -> str:
    m = size + 7
    return tag(
        "rect",
        x=-m,
        y=-m,
        width=2 * m,
        height=2 * m,
        rx="8",
        fill="none",
        stroke=BRAND,
        stroke_width="1.5",
        stroke_dasharray="4 3",
        class_="household-marker",
    )


def _age(member: Member, on: date) -> int | None:
    years = age_on(member.birth_date, on)
    return None if years is None or years < 0 or member.is_deceased else years


def _draw_person(person: _Person, on: date) -> str:
    member = person.member
    household = member.lives_in_household and not member.is_deceased
    classes = ["person", person.shape]
    classes += ["deceased"] * member.is_deceased + ["household"] * household
    parts = [tag("title", esc(person.name))]
    if household:
        parts.append(_household_marker())
    parts.append(_symbol(person.shape, fill=HOUSEHOLD_FILL if household else "#fff"))
    if member.is_deceased:
        parts.append(_cross())
    parts.append(_text(0, R + 30, _truncate(member.first_name or "?", 16), font_weight="600"))
    years = _age(member, on)
    if years is not None:
        parts.append(_text(0, R + 46, _("%(age)s jaar") % {"age": years}, fill=MUTED))
    return tag(
        "g",
        "".join(parts),
        class_=" ".join(classes),
        data_member=person.key,
        transform=f"translate({num(person.x)} {num(person.y)})",
    )


# --- Genogram: drawing the relations ------------------------------------------------


def _couple_y(family: _Family, a: str, b: str) -> float:
    span = round(abs(family.person(a).x - family.person(b).x) / SPACING)
    return family.person(a).y + R + 12 + 5 * min(2, max(0, span - 1))


def _across_rows(a: _Person, b: _Person) -> list[Point]:
    """Only with inconsistent data: a bracket beside the two, clear of descent lines."""
    side = max(a.x, b.x) + 50
    return [a.point, (side, a.y), (side, b.y), b.point]


def _couple_line(family: _Family, link: _Link) -> str:
    a, b = family.person(link.a), family.person(link.b)
    if a.row != b.row:
        return tag("path", d=_path(_across_rows(a, b)), class_="kind-line")
    y = _couple_y(family, link.a, link.b)
    line = tag("path", d=_path([a.point, (a.x, y), (b.x, y), b.point]), class_="kind-line")
    if link.kind != "ex-partner":
        return line
    mx = (a.x + b.x) / 2 - math.copysign(16, b.x - a.x)  # beside the children's drop
    slashes = " ".join(_path([(mx + o - 3, y + 7), (mx + o + 3, y - 7)]) for o in (-4, 4))
    return line + tag("path", d=slashes, class_="divorce")


def _co_parent(family: _Family, parent: str, child: str) -> str | None:
    """The other parent whose couple line this child hangs from, if any."""
    for other in family.parents[child]:
        if (
            other != parent
            and _pair(parent, other) in family.couple_kind
            and family.person(other).row == family.person(parent).row
            and family.parentage[(other, child)] == family.parentage[(parent, child)]
        ):
            return other
    return None


def _anchor(family: _Family, parent: str, child: str) -> Point:
    other = _co_parent(family, parent, child)
    person = family.person(parent)
    if other is None:
        return (person.x, person.y)
    return ((person.x + family.person(other).x) / 2, _couple_y(family, parent, other))


def _bar_levels(family: _Family) -> dict[tuple[Point, int], float]:
    """The height of each sibship bar: anchors feeding one row get staggered levels."""
    anchors: dict[int, set[Point]] = defaultdict(set)
    for child, parents in family.parents.items():
        for parent in parents:
            anchors[family.person(child).row].add(_anchor(family, parent, child))
    levels = {}
    for row, points in anchors.items():
        for i, point in enumerate(sorted(points)):
            levels[(point, row)] = TOP + row * ROW_HEIGHT - R - 36 - 7 * (i % 4)
    return levels


def _descent_line(family: _Family, link: _Link, levels: dict[tuple[Point, int], float]) -> str:
    parent, child = family.person(link.a), family.person(link.b)
    if parent.row >= child.row:
        points = [parent.point, child.point]
    else:
        ax, ay = _anchor(family, link.a, link.b)
        bar = levels[((ax, ay), child.row)]
        points = [(ax, ay), (ax, bar), (child.x, bar), child.point]
    return tag(
        "path", d=_path(points), class_="kind-line", stroke_dasharray=_DASHES.get(link.parentage)
    )


def _sibling_line(family: _Family, link: _Link) -> str:
    if family.shares_parent(link.a, link.b):
        return ""
    a, b = family.person(link.a), family.person(link.b)
    if a.row != b.row:
        points = _across_rows(a, b)
    else:
        y = a.y - R - 12
        points = [a.point, (a.x, y), (b.x, y), b.point]
    return tag("path", d=_path(points), class_="kind-line", stroke_width="1.5")


def _quality_points(family: _Family, link: _Link) -> list[Point]:
    """Straight between the two; over the row when people stand between them."""
    a, b = sorted((family.person(link.a), family.person(link.b)), key=lambda p: p.x)
    if a.row != b.row or b.x - a.x <= SPACING * 1.01:
        return [a.point, b.point]
    y = a.y - R - 18
    return [a.point, (a.x + 28, y), (b.x - 28, y), b.point]


def _quality_mark(quality: str, points: list[Point]) -> str:
    if not quality:
        return ""
    if quality == "close":
        d, colour = " ".join(_double(*s) for s in _segments(points)), GREEN
    elif quality == "conflict":
        d, colour = _patterned(points, _zigzag), RED
    else:
        d, colour = _patterned(points, _cut_off), MUTED
    return tag(
        "path", d=d, class_=f"quality-line {quality}", stroke=colour, stroke_width="2", fill="none"
    )


def _draw_link(family: _Family, link: _Link, levels: dict[tuple[Point, int], float]) -> str:
    if link.kind == "parent":
        line = _descent_line(family, link, levels)
    elif link.kind == "sibling":
        line = _sibling_line(family, link)
    else:
        line = _couple_line(family, link)
    classes = ["relation", link.kind]
    if link.kind == "parent":
        classes.append(f"parentage-{link.parentage}")
    if link.quality:
        classes.append(link.quality)
    mark = _quality_mark(link.quality, _quality_points(family, link))
    return tag(
        "g",
        line + mark,
        class_=" ".join(classes),
        data_relation=str(link.relation.uuid),
        data_from=link.a,
        data_to=link.b,
        stroke=INK,
        stroke_width="2",
        fill="none",
    )


# --- Legends ------------------------------------------------------------------------


def _legend_icons() -> dict[str, str]:
    line = {"stroke": INK, "stroke_width": "2", "fill": "none"}
    half = 10.0

    def at_centre(markup: str) -> str:
        return tag("g", markup, transform="translate(22 14)")

    icons = {
        "male": at_centre(_symbol("male", fill="#fff", size=half)),
        "female": at_centre(_symbol("female", fill="#fff", size=half)),
        "other": at_centre(_symbol("other", fill="#fff", size=half)),
        "deceased": at_centre(_symbol("male", fill="#fff", size=half) + _cross(half)),
        "household": at_centre(
            _household_marker(half) + _symbol("female", fill=HOUSEHOLD_FILL, size=half)
        ),
        "partner": tag("path", d="M6 4 V16 H38 V4", **line),
        "ex-partner": tag("path", d="M6 4 V16 H38 V4 M15 23 L21 9 M23 23 L29 9", **line),
        "sibling": tag("path", d="M6 24 V12 H38 V24", **(line | {"stroke_width": "1.5"})),
        "conflict": tag("path", d=_zigzag((4, 14), (40, 14)), **(line | {"stroke": RED})),
        "cut-off": tag("path", d=_cut_off((4, 14), (40, 14)), **(line | {"stroke": MUTED})),
        "close": tag("path", d=_double((4, 14), (40, 14)), **(line | {"stroke": GREEN})),
    }
    for value in Relation.Parentage.values:
        icons[f"parentage-{value}"] = tag(
            "path", d="M4 14 H40", stroke_dasharray=_DASHES.get(value), **line
        )
    return icons


def _legend(items: Iterable[tuple[str, str, str]], *, top: float, width: float) -> str:
    """A heading and a grid of (key, icon, label) items; returns the legend group."""
    columns = max(1, int((width - 40) // LEGEND_COLUMN))
    parts = [tag("text", esc(_("Legenda")), x=20, y=top, font_weight="700")]
    for i, (key, icon, label) in enumerate(items):
        x = 20 + (i % columns) * LEGEND_COLUMN
        y = top + 12 + (i // columns) * LEGEND_ROW
        parts.append(
            tag(
                "g",
                icon + tag("text", esc(label), x=52, y=19),
                class_=f"legend-item legend-{key}",
                transform=f"translate({num(x)} {num(y)})",
            )
        )
    return tag("g", "".join(parts), class_="legend")


def _legend_height(count: int, width: float) -> float:
    columns = max(1, int((width - 40) // LEGEND_COLUMN))
    return 12 + math.ceil(count / columns) * LEGEND_ROW + 10


_GENOGRAM_LEGEND = {
    "male": gettext_lazy("Man"),
    "female": gettext_lazy("Vrouw"),
    "other": gettext_lazy("Ander of onbekend geslacht"),
    "deceased": gettext_lazy("Overleden"),
    "household": gettext_lazy("Woont in het huishouden"),
    "partner": gettext_lazy("Partners"),
    "ex-partner": gettext_lazy("Ex-partners (gescheiden)"),
    "parentage-biologisch": gettext_lazy("Biologisch ouder en kind"),
    "parentage-stief": gettext_lazy("Stiefouder en kind"),
    "parentage-pleeg": gettext_lazy("Pleegouder en kind"),
    "parentage-adoptie": gettext_lazy("Adoptiefouder en kind"),
    "sibling": gettext_lazy("Broers en zussen"),
    "conflict": gettext_lazy("Conflict"),
    "cut-off": gettext_lazy("Contact verbroken"),
    "close": gettext_lazy("Hechte relatie"),
}


def _genogram_legend_keys(family: _Family) -> list[str]:
    used: set[str] = set()
    for person in family.people.values():
        member = person.member
        used.add(person.shape)
        used |= {"deceased"} if member.is_deceased else set()
        used |= {"household"} if member.lives_in_household and not member.is_deceased else set()
    for link in family.links:
        if link.kind == "parent":
            used.add(f"parentage-{link.parentage}")
        elif link.kind != "sibling" or not family.shares_parent(link.a, link.b):
            used.add(link.kind)
        used |= {link.quality} - {""}
    return [key for key in _GENOGRAM_LEGEND if key in used]


# --- Genogram: text alternative -----------------------------------------------------

_GENDER_WORD = {
    Gender.MALE.value: gettext_lazy("man"),
    Gender.FEMALE.value: gettext_lazy("vrouw"),
    Gender.OTHER.value: gettext_lazy("ander geslacht"),
}
_PARENT_SENTENCE = {
    Relation.Parentage.BIOLOGICAL.value: gettext_lazy(
        "%(parent)s is biologisch ouder van %(child)s"
    ),
    Relation.Parentage.STEP.value: gettext_lazy("%(parent)s is stiefouder van %(child)s"),
    Relation.Parentage.FOSTER.value: gettext_lazy("%(parent)s is pleegouder van %(child)s"),
    Relation.Parentage.ADOPTIVE.value: gettext_lazy("%(parent)s is adoptiefouder van %(child)s"),
}
_SIBLING_WORDS = {
    ("male", "male"): gettext_lazy("broers"),
    ("female", "female"): gettext_lazy("zussen"),
    ("male", "female"): gettext_lazy("broer en zus"),
    ("female", "male"): gettext_lazy("zus en broer"),
}


def _person_sentence(person: _Person, on: date) -> str:
    member = person.member
    details = [str(_GENDER_WORD.get(member.gender, gettext_lazy("geslacht onbekend")))]
    if member.is_deceased:
        details.append(_("overleden"))
    else:
        years = _age(member, on)
        if years is not None:
            details.append(_("%(age)s jaar") % {"age": years})
        details.append(_("woont thuis") if member.lives_in_household else _("woont niet thuis"))
    return f"{person.name} ({', '.join(details)})"


def _relation_sentence(family: _Family, link: _Link) -> str:
    a, b = family.person(link.a), family.person(link.b)
    names = {"a": a.name, "b": b.name}
    if link.kind == "parent":
        sentence = str(_PARENT_SENTENCE[link.parentage]) % {"parent": a.name, "child": b.name}
    elif link.kind == "partner":
        sentence = _("%(a)s en %(b)s zijn partners") % names
    elif link.kind == "ex-partner":
        sentence = _("%(a)s en %(b)s zijn ex-partners") % names
    else:
        words = _SIBLING_WORDS.get((a.shape, b.shape), gettext_lazy("broers of zussen"))
        sentence = _("%(a)s en %(b)s zijn %(words)s") % (names | {"words": str(words)})
    if link.relation.quality in _QUALITY_CLASS:
        label = Relation.Quality(link.relation.quality).label
        sentence = _("%(sentence)s — relatie: %(quality)s") % {
            "sentence": sentence,
            "quality": label,
        }
    return sentence


def _genogram_text(family: _Family, rows: list[list[list[str]]], on: date) -> list[str]:
    lines = [
        _person_sentence(family.person(key), on) for row in rows for unit in row for key in unit
    ]
    lines += [_relation_sentence(family, link) for link in family.links]
    lines += [
        _("Niet getekend: %(sentence)s (dat zou een kring in de afstamming maken).")
        % {"sentence": _relation_sentence(family, link)}
        for link in family.skipped
    ]
    return lines


# --- Genogram -----------------------------------------------------------------------


def _family_name(people: Iterable[_Person]) -> str:
    surnames = Counter(p.member.surname.strip() for p in people if p.member.surname.strip())
    return surnames.most_common(1)[0][0] if surnames else ""


def _empty_drawing(*, kind: str, title: str, message: str) -> Drawing:
    body = tag("text", esc(message), x=MIN_WIDTH / 2, y=50, text_anchor="middle", fill=MUTED)
    svg = _svg(kind=kind, seed=title, size=(MIN_WIDTH, 90), title=title, desc=message, body=body)
    return Drawing(svg=svg, text_alternative=[message])


def _genogram_body(
    family: _Family, rows: list[list[list[str]]], *, width: float, on: date
) -> tuple[str, float]:
    """Relations under people under the legend; returns the markup and the canvas height."""
    levels = _bar_levels(family)
    keys = _genogram_legend_keys(family)
    icons = _legend_icons()
    legend_top = TOP + (len(rows) - 1) * ROW_HEIGHT + R + 90
    items = [(k, icons[k], str(_GENOGRAM_LEGEND[k])) for k in keys]
    body = "".join(
        [
            tag("g", "".join(_draw_link(family, link, levels) for link in family.links)),
            tag("g", "".join(_draw_person(p, on) for p in family.people.values())),
            _legend(items, top=legend_top, width=width),
        ]
    )
    return body, legend_top + _legend_height(len(keys), width)


def _genogram_desc(people: int, generations: int) -> str:
    return " ".join(
        [
            ngettext("Genogram met %(count)s persoon", "Genogram met %(count)s personen", people)
            % {"count": people},
            ngettext("in %(count)s generatie.", "in %(count)s generaties.", generations)
            % {"count": generations},
            _("De tekst bij de tekening noemt iedere persoon en iedere relatie."),
        ]
    )


def genogram(
    *,
    members: Sequence[Member],
    relations: Sequence[Relation],
    on: date | None = None,
    family_name: str | None = None,
) -> Drawing:
    """The family over its generations as an SVG, with its text alternative.

    `on` is the date ages are computed on (today when left out). `family_name` is used
    in the title; left out, the most common surname among the members.
    """
    on = on or date.today()
    family = _read_family(members, relations)
    name = family_name if family_name is not None else _family_name(family.people.values())
    title = _("Genogram van gezin %(name)s") % {"name": name} if name else _("Genogram")
    if not family.people:
        return _empty_drawing(
            kind="genogram", title=title, message=_("Nog geen gezinsleden vastgelegd.")
        )
    _assign_rows(family)
    rows = _order_rows(family)
    _assign_x(family, rows)
    width = _centre(family)
    body, height = _genogram_body(family, rows, width=width, on=on)
    svg = _svg(
        kind="genogram",
        seed=" ".join(family.people),
        size=(width, height),
        title=title,
        desc=_genogram_desc(len(family.people), len(rows)),
        body=body,
    )
    return Drawing(svg=svg, text_alternative=_genogram_text(family, rows, on))


# --- Ecogram ------------------------------------------------------------------------

Sector = NetworkContact.Sector
Tie = NetworkContact.Tie
Influence = NetworkContact.Influence

_SECTOR_SIGNS: dict[str, Point] = {
    Sector.FAMILY.value: (-1.0, -1.0),
    Sector.FRIENDS.value: (1.0, -1.0),
    Sector.SCHOOL_WORK.value: (1.0, 1.0),
    Sector.PROFESSIONALS.value: (-1.0, 1.0),
}
_INFLUENCE_STYLE = {
    Influence.GOOD.value: (GREEN, "+"),
    Influence.MIXED.value: (AMBER, "±"),
    Influence.BAD.value: (RED, "−"),
}
_TIE_WORDS = {
    Tie.STRONG.value: gettext_lazy("sterke band"),
    Tie.NORMAL.value: gettext_lazy("gewone band"),
    Tie.WEAK.value: gettext_lazy("zwakke band"),
    Tie.STRESSFUL.value: gettext_lazy("belastende band"),
}
_INFLUENCE_WORDS = {
    Influence.GOOD.value: gettext_lazy("goede invloed"),
    Influence.MIXED.value: gettext_lazy("wisselende invloed"),
    Influence.BAD.value: gettext_lazy("slechte invloed"),
}


def _choice(value: str, values: list[str], default: str) -> str:
    return value if value in values else default


@dataclass(frozen=True)
class _Placed:
    contact: NetworkContact
    sector: str
    tie: str
    influence: str
    radius: float
    angle: float

    def point(self, centre: Point) -> Point:
        sx, sy = _SECTOR_SIGNS[self.sector]
        return (
            centre[0] + sx * self.radius * math.cos(self.angle),
            centre[1] + sy * self.radius * math.sin(self.angle),
        )


def _ring_slots(count: int) -> list[tuple[float, float]]:
    """(radius, angle) for `count` contacts in one quadrant, filling rings outwards."""
    slots: list[tuple[float, float]] = []
    radius = FIRST_RING
    while len(slots) < count:
        capacity = max(1, int(radius * USABLE_ANGLE // NODE_GAP))
        here = min(capacity, count - len(slots))
        slots += [(radius, ANGLE_MARGIN + USABLE_ANGLE * (i + 0.5) / here) for i in range(here)]
        radius += RING_STEP
    return slots


def _place_contacts(contacts: Sequence[NetworkContact]) -> list[_Placed]:
    by_sector: dict[str, list[NetworkContact]] = {s: [] for s in _SECTOR_SIGNS}
    for contact in contacts:
        by_sector[_choice(contact.sector, Sector.values, Sector.FAMILY.value)].append(contact)
    placed = []
    for sector, members in by_sector.items():
        for contact, (radius, angle) in zip(members, _ring_slots(len(members)), strict=True):
            tie = _choice(contact.tie, Tie.values, Tie.NORMAL.value)
            influence = _choice(contact.influence, Influence.values, Influence.GOOD.value)
            placed.append(_Placed(contact, sector, tie, influence, radius, angle))
    return placed


def _tie_line(tie: str, centre: Point, point: Point, colour: str) -> str:
    style: dict[str, object] = {"stroke": colour, "fill": "none", "class_": "tie-line"}
    if tie == Tie.STRESSFUL:
        return tag("path", d=_zigzag(centre, point, amplitude=5), stroke_width="2", **style)
    width = "6" if tie == Tie.STRONG else "2"
    dashes = "7 6" if tie == Tie.WEAK else None
    return tag(
        "path", d=_path([centre, point]), stroke_width=width, stroke_dasharray=dashes, **style
    )


def _node(x: float, y: float, influence: str, radius: float = NODE_R) -> str:
    colour, marker = _INFLUENCE_STYLE[influence]
    circle = tag(
        "circle", cx=x, cy=y, r=radius, fill=colour, stroke="#fff", stroke_width="2", class_="node"
    )
    sign = tag(
        "text",
        marker,
        x=x,
        y=y + 5.5,
        text_anchor="middle",
        fill="#fff",
        font_size="16",
        font_weight="700",
        class_="influence-marker",
    )
    return circle + sign


def _draw_contact(placed: _Placed, centre: Point) -> str:
    contact = placed.contact
    x, y = placed.point(centre)
    colour = _INFLUENCE_STYLE[placed.influence][0]
    # Labels on the side away from the centre, so the tie line does not run through them.
    name_y, relation_y = (
        (y + NODE_R + 15, y + NODE_R + 29)
        if y > centre[1]
        else (
            y - NODE_R - 20,
            y - NODE_R - 6,
        )
    )
    parts = [
        tag("title", esc(f"{contact.name} ({contact.relation})")),
        _tie_line(placed.tie, centre, (x, y), colour),
        _node(x, y, placed.influence),
        _text(x, name_y, _truncate(contact.name, 18), font_weight="600", font_size="12"),
        _text(x, relation_y, _truncate(contact.relation, 20), font_size="11", fill=MUTED),
    ]
    classes = f"contact sector-{placed.sector} tie-{placed.tie} influence-{placed.influence}"
    return tag("g", "".join(parts), class_=classes, data_contact=str(contact.uuid))


def _draw_sectors(half: float) -> str:
    parts = []
    for sector, (sx, sy) in _SECTOR_SIGNS.items():
        x = half if sx > 0 else 0.0
        y = half if sy > 0 else 0.0
        fill = TINT if sx == sy else "#fff"
        label_x = 2 * half - 16 if sx > 0 else 16.0
        label_y = 2 * half - 16 if sy > 0 else 28.0
        anchor = "end" if sx > 0 else "start"
        rect = tag("rect", x=x, y=y, width=half, height=half, fill=fill)
        label = tag(
            "text",
            esc(Sector(sector).label),
            x=label_x,
            y=label_y,
            text_anchor=anchor,
            font_weight="700",
            font_size="15",
            fill=BRAND,
        )
        parts.append(tag("g", rect + label, class_=f"sector sector-{sector}"))
    axes = tag(
        "path",
        d=f"M{num(half)} 0 V{num(2 * half)} M0 {num(half)} H{num(2 * half)}",
        stroke=LINE,
        stroke_width="1.5",
        stroke_dasharray="6 6",
    )
    return "".join(parts) + axes


def _draw_centre(centre: Point, family_name: str) -> str:
    x, y = centre
    circle = tag(
        "circle", cx=x, cy=y, r=CENTRE_R, fill=HOUSEHOLD_FILL, stroke=BRAND, stroke_width="3"
    )
    word = tag("text", esc(_("Gezin")), x=x, y=y - 6, text_anchor="middle", fill=MUTED)
    name = tag(
        "text",
        esc(_truncate(family_name, 16)),
        x=x,
        y=y + 16,
        text_anchor="middle",
        font_size="17",
        font_weight="700",
    )
    return tag("g", tag("title", esc(family_name)) + circle + word + name, class_="centre")


_ECOGRAM_LEGEND = [
    (f"tie-{Tie.STRONG.value}", Tie.STRONG.value, gettext_lazy("Sterke band (dikke lijn)")),
    (f"tie-{Tie.NORMAL.value}", Tie.NORMAL.value, gettext_lazy("Gewone band")),
    (f"tie-{Tie.WEAK.value}", Tie.WEAK.value, gettext_lazy("Zwakke band (onderbroken lijn)")),
    (
        f"tie-{Tie.STRESSFUL.value}",
        Tie.STRESSFUL.value,
        gettext_lazy("Belastende band (zigzag)"),
    ),
    (f"influence-{Influence.GOOD.value}", Influence.GOOD.value, gettext_lazy("Goede invloed")),
    (f"influence-{Influence.MIXED.value}", Influence.MIXED.value, gettext_lazy("Wisselend")),
    (f"influence-{Influence.BAD.value}", Influence.BAD.value, gettext_lazy("Slechte invloed")),
]


def _ecogram_legend_items() -> list[tuple[str, str, str]]:
    items = []
    for key, value, label in _ECOGRAM_LEGEND:
        if key.startswith("tie-"):
            icon = _tie_line(value, (4, 14), (40, 14), INK)
        else:
            icon = _node(22, 14, value, radius=11)
        items.append((key, icon, str(label)))
    return items


def _join(words: list[str]) -> str:
    if len(words) < 2:
        return "".join(words)
    return _("%(first)s en %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def _contact_sentence(placed: _Placed) -> str:
    contact = placed.contact
    supports = [
        word
        for given, word in (
            (contact.practical_support, _("praktische")),
            (contact.financial_support, _("financiële")),
            (contact.emotional_support, _("emotionele")),
        )
        if given
    ]
    sector = str(Sector(placed.sector).label)
    who = f"{contact.name}, {contact.relation}" if contact.relation.strip() else contact.name
    details = [
        str(_TIE_WORDS[placed.tie]),
        str(_INFLUENCE_WORDS[placed.influence]),
        _("%(kinds)s steun") % {"kinds": _join(supports)} if supports else _("geen steun"),
        _("weet van de problemen")
        if contact.aware_of_problems
        else _("weet niet van de problemen"),
    ]
    return f"{who} ({sector[:1].lower()}{sector[1:]}): {', '.join(details)}."


def ecogram(*, family_name: str, contacts: Sequence[NetworkContact]) -> Drawing:
    """The family's informal network around it in four sectors, with its text alternative."""
    placed = _place_contacts(contacts)
    outer = max([p.radius for p in placed], default=FIRST_RING)
    half = max(outer + 95, FIRST_RING + 130)
    centre = (half, half)
    items = _ecogram_legend_items()
    width = 2 * half
    legend_top = width + 30
    height = legend_top + _legend_height(len(items), width)
    body = "".join(
        [
            _draw_sectors(half),
            "".join(_draw_contact(p, centre) for p in sorted(placed, key=lambda p: -p.radius)),
            _draw_centre(centre, family_name),
            _legend(items, top=legend_top, width=width),
        ]
    )
    title = _("Ecogram van gezin %(name)s") % {"name": family_name} if family_name else _("Ecogram")
    desc = ngettext(
        "Het gezin in het midden met %(count)s contact in vier kringen: familie, vrienden "
        "en buren, school en werk, professionals.",
        "Het gezin in het midden met %(count)s contacten in vier kringen: familie, vrienden "
        "en buren, school en werk, professionals.",
        len(placed),
    ) % {"count": len(placed)}
    seed = " ".join([family_name, *(str(p.contact.uuid) for p in placed)])
    svg = _svg(kind="ecogram", seed=seed, size=(width, height), title=title, desc=desc, body=body)
    ordered = sorted(placed, key=lambda p: list(_SECTOR_SIGNS).index(p.sector))
    text = [_contact_sentence(p) for p in ordered] or [_("Nog geen netwerk vastgelegd.")]
    return Drawing(svg=svg, text_alternative=text)
