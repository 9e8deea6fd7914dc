"""`make bench` (issue 19 #4): the demo at 1×, 10× and 100× and what each page costs.

**The generator.** The demo (`seed_demo`) is 1×. A family in this method is followed for
years, and a region keeps its history: at k× every history row of the demo — contacts
(with whom), appointments (with whom), promises, the audit trail, referrals and the
monitoring's trajectory facts — is there k times, each copy `SHIFT` further back in time.
History has outcomes: a copied appointment in the past that was still planned is kept, a
copied open promise kept on its day (otherwise every copy would add to the coach's "still
to record" and overdue lists, which no real history does).
The caseloads, the teams and the running plans stay as they are: a coach does not get ten
times as many families, they get ten times as much history. Copies are written with
`bulk_create`, in batches, from the rows `seed_demo` wrote; only what the pages read.

**The measurement.** Every page is opened with Django's test client, logged in as the demo
user who works there, once to warm up and then `repeat` times, round by round over all
pages — and, in the bench's own PostgreSQL database, over all scales: each smaller scale
is kept in a copy of the database (`measure_scales`), so a host that slows down during
the run slows every scale alike. Per page: the number of queries, the median page time
and the median time spent in SQL (`connection.execute_wrapper`), and where the rest goes —
the ORM's work around the SQL, rendering the templates, and the request's other Python
(`_Split`).
"""

import functools
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import import_module
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models.sql import compiler as sql_compiler
from django.db.models.sql.query import Query
from django.template.base import Template
from django.test import Client
from django.test.utils import _TestState
from django.urls import reverse
from django.utils import timezone

from spil.accounts.models import User
from spil.contacts.models import Appointment, Contact, Promise
from spil.core.models import AuditEvent
from spil.families.models import Family
from spil.intake.models import Referral
from spil.reports.models import TrajectoryRecord

SHIFT = timedelta(days=28)  # each copy of the history lies four weeks further back
BATCH = 2000


# --- The generator --------------------------------------------------------------------


@dataclass
class History:
    """The rows `seed_demo` wrote (the originals) and how many copies of them exist."""

    originals: dict[type[models.Model], int]  # model → the highest id seeded
    copies: int = 0
    rows: dict[str, int] = field(default_factory=dict)  # label → rows after growing


# What is copied; for each model the many-to-many fields copied with it.
HISTORY: list[tuple[type[models.Model], tuple[str, ...]]] = [
    (Contact, ("members", "involvements")),
    (Appointment, ("members", "involvements")),
    (Promise, ()),
    (AuditEvent, ()),
    (Referral, ()),
    (TrajectoryRecord, ()),
]


def seeded() -> History:
    """Remember the demo's rows as the originals (call right after `seed_demo`)."""
    return History(
        originals={
            model: model._default_manager.aggregate(top=models.Max("id"))["top"] or 0
            for model, _m2m in HISTORY
        }
    )


def grow(history: History, scale: int) -> None:
    """Add copies of the history until there are `scale` times the demo's rows."""
    for copy in range(history.copies + 1, scale):
        for model, m2m in HISTORY:
            _copy_rows(model, history.originals[model], copy, m2m)
    history.copies = max(history.copies, scale - 1)
    history.rows = {
        str(model._meta.verbose_name_plural): model._default_manager.count()
        for model, _m2m in HISTORY
    }
    if connection.vendor == "postgresql":
        # As autovacuum keeps a live database: fresh statistics, and the visibility map
        # that lets an index answer alone (without it PostgreSQL plans the bulk-loaded
        # copies as a table it must visit row by row). VACUUM cannot run in a transaction.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
            if not connection.in_atomic_block and _may_checkpoint(cursor):
                # Write what the seed or the copies left in memory now, so the database's
                # background writing does not slow the first pages measured at this scale.
                cursor.execute("CHECKPOINT")


def _may_checkpoint(cursor: Any) -> bool:
    """CHECKPOINT needs a superuser (or, from PostgreSQL 15, the role pg_checkpoint)."""
    cursor.execute(
        "SELECT rolsuper OR pg_has_role(current_user, 'pg_checkpoint', 'MEMBER') "
        "FROM pg_roles WHERE rolname = current_user"
    )
    row = cursor.fetchone()
    return bool(row and row[0])


def _as_imported(record: Any) -> None:
    """A copy of a live trajectory's fact is history from before Spil: an imported record."""
    record.source = TrajectoryRecord.Source.IMPORT
    record.trajectory_id = None
    record.external_id = f"bench-{uuid.uuid4().hex}"


def _with_outcome(appointment: Any) -> None:
    """A copy that lies in the past has an outcome, as history does: kept."""
    if appointment.status == Appointment.Status.PLANNED and appointment.starts_at < timezone.now():
        appointment.status = Appointment.Status.KEPT


def _settled(promise: Any) -> None:
    """A copy of an open promise is an old one: kept on its day."""
    if promise.status == Promise.Status.OPEN:
        promise.status = Promise.Status.KEPT
        promise.status_on = promise.due_on


ADJUST: dict[type[models.Model], Callable[[Any], None]] = {
    TrajectoryRecord: _as_imported,
    Appointment: _with_outcome,
    Promise: _settled,
}


def _unique_names(model: type[models.Model]) -> set[str]:
    names = {f.name for f in model._meta.concrete_fields if f.unique and not f.primary_key}
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            names |= set(constraint.fields)
    return names


def _copied_value(f: models.Field, value: Any, shift: timedelta, unique: set[str]) -> Any:
    if value is None:
        return None
    if f.is_relation:
        # A one-to-one link (an appointment's contact, a promise's follow-up) belongs to
        # the original; the copy stands alone.
        return None if (f.unique or f.name in unique) and f.null else value
    if isinstance(f, models.UUIDField) and f.name in unique:
        return uuid.uuid4()
    if isinstance(f, models.CharField) and f.name in unique and value:
        return (uuid.uuid4().hex * 2)[: f.max_length]  # an external id, a hash
    if isinstance(f, models.DateField):  # also DateTimeField
        return value - shift
    return value


def _copy_rows(model: type[models.Model], top: int, copy: int, m2m: tuple[str, ...]) -> None:
    shift = copy * SHIFT
    unique = _unique_names(model)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    originals = model.objects.filter(id__lte=top).order_by("id")  # type: ignore[attr-defined]
    for batch in _batches(originals.iterator(chunk_size=BATCH)):
        copies = [
            model(
                **{
                    f.attname: _copied_value(f, getattr(row, f.attname), shift, unique)
                    for f in fields
                }
            )
            for row in batch
        ]
        if model in ADJUST:
            for made_row in copies:
                ADJUST[model](made_row)
        if model is AuditEvent:
            # The trail is append-only and chained; in the bench database the copies are
            # history, not evidence. A constraint of another design (a chain per family)
            # skips a copy rather than stopping the bench.
            AuditEvent.objects.bulk_create(copies, batch_size=BATCH, ignore_conflicts=True)  # type: ignore[arg-type]
            continue
        made = model.objects.bulk_create(copies, batch_size=BATCH)  # type: ignore[attr-defined]
        new_id = {old.pk: new.pk for old, new in zip(batch, made, strict=True)}
        for name in m2m:
            _copy_links(model, name, new_id)


def _copy_links(model: type[models.Model], name: str, new_id: dict[int, int]) -> None:
    descriptor = getattr(model, name)
    through = descriptor.through
    source = descriptor.field.m2m_field_name()
    target = descriptor.field.m2m_reverse_field_name()
    links = through.objects.filter(**{f"{source}_id__in": list(new_id)}).values_list(
        f"{source}_id", f"{target}_id"
    )
    through.objects.bulk_create(
        [through(**{f"{source}_id": new_id[a], f"{target}_id": b}) for a, b in links],
        batch_size=BATCH,
    )


def _batches(rows: Iterator[Any]) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


# --- The pages ------------------------------------------------------------------------

COACH = "coach1@demo.spil.test"
COORDINATOR = "coordinator1@demo.spil.test"
TEAM_LEAD = "teamlead1@demo.spil.test"
POLICY = "policy1@demo.spil.test"


@dataclass(frozen=True)
class PageToMeasure:
    area: str
    name: str
    user: str  # the demo account that works on this page
    url: Callable[[Family], str]


def _family_url(name: str) -> Callable[[Family], str]:
    return lambda family: reverse(name, kwargs={"uuid": family.uuid})


def _url(name: str) -> Callable[[Family], str]:
    return lambda family: reverse(name)


PAGES = [
    PageToMeasure("caseload", "startpagina", COACH, _url("accounts:start")),
    PageToMeasure("caseload", "caseload", COACH, _url("trajectories:caseload")),
    PageToMeasure("gezin", "gezinnen", COACH, _url("families:list")),
    PageToMeasure("gezin", "gezinsdossier", COACH, _family_url("families:overview")),
    PageToMeasure("gezin", "wie keek", COACH, _family_url("families:who_looked")),
    PageToMeasure("plan", "gezinsplan", COACH, _family_url("plans:plan")),
    PageToMeasure("tijdlijn", "tijdlijn", COACH, _family_url("families:timeline")),
    PageToMeasure("contacten", "contacten", COACH, _family_url("contacts:list")),
    PageToMeasure("contacten", "afspraken", COACH, _family_url("contacts:appointments")),
    PageToMeasure("contacten", "toezeggingen", COACH, _family_url("contacts:promises")),
    PageToMeasure("agenda", "agenda", COACH, _url("contacts:agenda")),
    PageToMeasure("meldpunt", "werklijst", COORDINATOR, _url("intake:worklist")),
    PageToMeasure("team", "team", TEAM_LEAD, _url("trajectories:team")),
    PageToMeasure("monitoring", "monitoring", POLICY, _url("reports:dashboard")),
]


@dataclass(frozen=True)
class Measured:
    page: PageToMeasure
    status: int
    queries: int
    page_ms: float  # median
    sql_ms: float  # median
    size: int  # bytes of HTML
    # Medians of where the rest of the page time goes (`_Split`); `other_ms` is what is
    # left of the page time: middleware, the view's own Python, forms, the test client.
    orm_ms: float = 0.0
    template_ms: float = 0.0
    other_ms: float = 0.0
    times_ms: tuple[float, ...] = ()  # the page time of each round, in order


class _Split:
    """Where a page's time goes. Each moment counts once, for the innermost of: waiting
    for the database (`sql`, an execute wrapper), the ORM's work around it (`orm`: filters
    made into a query, the compiler writing the SQL, the rows read into objects) and rendering
    templates (`templates`, without the SQL a template's lazy queryset runs
    or builds). Django has no hook for the compiler or the templates: their methods are
    wrapped while the bench measures, and put back after it (`_wrapped_for_the_split`)."""

    KINDS = ("sql", "orm", "templates")

    def __init__(self) -> None:
        self.seconds = dict.fromkeys(self.KINDS, 0.0)
        self.queries = 0
        self._stack: list[str] = []
        self._since = 0.0

    def enter(self, kind: str) -> None:
        now = time.perf_counter()
        if self._stack:
            self.seconds[self._stack[-1]] += now - self._since
        self._stack.append(kind)
        self._since = now

    def leave(self) -> None:
        now = time.perf_counter()
        self.seconds[self._stack.pop()] += now - self._since
        self._since = now

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.enter("sql")
        try:
            return execute(sql, params, many, context)
        finally:
            self.leave()
            self.queries += 1


_current_split: _Split | None = None


def _counted(kind: str, method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        split = _current_split
        if split is None:
            return method(*args, **kwargs)
        split.enter(kind)
        try:
            return method(*args, **kwargs)
        finally:
            split.leave()

    return wrapper


def _split_targets() -> list[tuple[type, str, str]]:
    """(class, method, kind): the ORM's work around the SQL — turning filters into a query,
    every SQL compiler of Django and of the database's backend that writes SQL, reading
    the rows into values and model objects — and the template."""
    modules = {sql_compiler, import_module(connection.ops.compiler_module)}
    targets: list[tuple[type, str, str]] = [
        (Template, "render", "templates"),
        (Query, "add_q", "orm"),
        # Reading a queryset: running its SQL (the database's part is `sql`, inside it),
        # turning the rows into values and objects, prefetching.
        (models.QuerySet, "_fetch_all", "orm"),
        (sql_compiler.SQLCompiler, "execute_sql", "orm"),
        (models.Model, "from_db", "orm"),
    ]
    for module in modules:
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, sql_compiler.SQLCompiler)
                and "as_sql" in vars(value)
            ):
                targets.append((value, "as_sql", "orm"))
    return targets


@contextmanager
def _wrapped_for_the_split() -> Iterator[None]:
    saved = [(cls, name, kind, vars(cls)[name]) for cls, name, kind in _split_targets()]
    for cls, name, kind, method in saved:
        if isinstance(method, classmethod):
            setattr(cls, name, classmethod(_counted(kind, method.__func__)))
        else:
            setattr(cls, name, _counted(kind, method))
    try:
        yield
    finally:
        for cls, name, _kind, method in saved:
            setattr(cls, name, method)


@contextmanager
def _one_request() -> Iterator[_Split]:
    global _current_split
    split = _Split()
    _current_split = split
    try:
        with connection.execute_wrapper(split):
            yield split
    finally:
        _current_split = None


def demo_family() -> Family:
    """The coach's family the demo tells about (gezin Bouali), else the coach's first."""
    family = Family.objects.filter(name__icontains="Bouali").order_by("id").first()
    return family or Family.objects.order_by("id").first()  # type: ignore[return-value]


@contextmanager
def _templates_as_in_production() -> Iterator[None]:
    """Django's test environment (which the test client needs) wraps every template render
    to send a signal, and the client then copies the context of each one — of every row
    a list includes, too. Production does neither: measure without it."""
    saved = Template._render  # type: ignore[attr-defined]
    original = getattr(getattr(_TestState, "saved_data", None), "template_render", None)
    if original is not None:
        Template._render = original  # type: ignore[attr-defined]
    try:
        yield
    finally:
        Template._render = saved  # type: ignore[attr-defined]


@contextmanager
def _commits_without_waiting_for_the_disk() -> Iterator[None]:
    """Every page view commits (its audit event, the session). On a shared machine the
    wait for the disk at each commit varies by tens of milliseconds with other tenants'
    writes, which drowns what the bench asks: does a page's work grow with the data. So
    the bench's own connection does not wait for the flush (`synchronous_commit`); the
    rows are written just the same."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


@dataclass
class _Samples:
    """One page's measurements so far."""

    page: PageToMeasure
    client: Client
    url: str
    response: Any = None
    queries: int = 0
    times: dict[str, list[float]] = field(
        default_factory=lambda: {kind: [] for kind in ("page", *_Split.KINDS, "other")}
    )

    def median_ms(self, kind: str) -> float:
        return statistics.median(self.times[kind]) * 1000


def measure_pages(*, repeat: int, pages: list[PageToMeasure] | None = None) -> list[Measured]:
    """Every page in the current database."""
    return measure_scales(repeat=repeat, databases={1: None}, pages=pages)[1]


def measure_scales(
    *, repeat: int, databases: dict[int, str | None], pages: list[PageToMeasure] | None = None
) -> dict[int, list[Measured]]:
    """Every page at every scale, each scale in its own database (`None`: the current one),
    round by round over the scales as over the pages: a host that slows down during the
    run then slows every scale alike, instead of making the last one look dearer (a
    sequential run here gave pages whose data does not grow 1.3× at 10×)."""
    with (
        _templates_as_in_production(),
        _commits_without_waiting_for_the_disk(),
        _wrapped_for_the_split(),
        _databases(databases) as use,
    ):
        samples: dict[int, list[_Samples]] = {}
        for scale in databases:
            use(scale)
            samples[scale] = _prepared(pages)
        # Round by round over all pages, not one page `repeat` times in a row: a burst of
        # other work on a shared machine then slows one measurement of many pages, which
        # the medians leave out, instead of most measurements of one page.
        order = list(databases)
        for round_ in range(repeat):
            # Every other round the other way round: no scale always follows the same one.
            for scale in order if round_ % 2 == 0 else reversed(order):
                use(scale)
                for sample in samples[scale]:
                    _measure_once(sample)
        return {scale: [_measured(sample) for sample in found] for scale, found in samples.items()}


@contextmanager
def _databases(databases: dict[int, str | None]) -> Iterator[Callable[[int], None]]:
    """`use(scale)` makes the ORM read that scale's database. Each database keeps its own
    open connection for the whole measurement (a new one starts with cold caches), and
    the bench's own connection is back in place afterwards."""
    own = connections[DEFAULT_DB_ALIAS]
    wrappers: dict[int, Any] = {}
    for scale, name in databases.items():
        if name is None:
            wrappers[scale] = own
        else:
            options = dict(own.settings_dict.get("OPTIONS") or {})
            if own.vendor == "postgresql":
                # As `_commits_without_waiting_for_the_disk` does for the bench's own.
                options["options"] = f"{options.get('options', '')} -c synchronous_commit=off"
            settings_dict = {**own.settings_dict, "NAME": name, "OPTIONS": options}
            wrappers[scale] = own.__class__(settings_dict, DEFAULT_DB_ALIAS)

    def use(scale: int) -> None:
        connections[DEFAULT_DB_ALIAS] = wrappers[scale]

    try:
        yield use
    finally:
        connections[DEFAULT_DB_ALIAS] = own
        for wrapper in wrappers.values():
            if wrapper is not own:
                wrapper.close()


def _prepared(pages: list[PageToMeasure] | None) -> list[_Samples]:
    """A logged-in client per demo user and page, each page opened once (to warm up and
    to check that it opens)."""
    family = demo_family()
    clients: dict[str, Client] = {}
    samples = []
    for page in pages or PAGES:
        client = clients.get(page.user)
        if client is None:
            client = clients[page.user] = Client()
            client.force_login(User.objects.get(email=page.user))
        url = page.url(family)
        client.get(url)
        samples.append(_Samples(page, client, url))
    return samples


def _measure_once(sample: _Samples) -> None:
    with _one_request() as split:
        start = time.perf_counter()
        sample.response = sample.client.get(sample.url)
        elapsed = time.perf_counter() - start
    sample.times["page"].append(elapsed)
    for kind in _Split.KINDS:
        sample.times[kind].append(split.seconds[kind])
    sample.times["other"].append(elapsed - sum(split.seconds.values()))
    sample.queries = split.queries


def _measured(sample: _Samples) -> Measured:
    return Measured(
        page=sample.page,
        status=sample.response.status_code,
        queries=sample.queries,
        page_ms=sample.median_ms("page"),
        sql_ms=sample.median_ms("sql"),
        size=len(sample.response.content),
        orm_ms=sample.median_ms("orm"),
        template_ms=sample.median_ms("templates"),
        other_ms=sample.median_ms("other"),
        times_ms=tuple(seconds * 1000 for seconds in sample.times["page"]),
    )
