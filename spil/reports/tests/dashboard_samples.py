"""Hand-built monitoring sections for the rendering tests (charts, exports): the renderers
are pure functions of `Section`s, so they are tested without a database."""

from spil.core.figures import (
    DAYS,
    MEAN,
    PERCENT,
    TEXT,
    Figure,
    Row,
    Section,
    Table,
    count,
    derived,
    plain,
    suppress_table,
)


def closure_table() -> Table:
    rows = (
        Row("doelen_bereikt", "Doelen bereikt", (count(12), derived(60.0, PERCENT, 20))),
        Row("verhuisd", "Verhuisd", (count(2), derived(10.0, PERCENT, 20))),
        Row("gestopt", "Gestopt op verzoek van het gezin", (count(6), derived(30.0, PERCENT, 20))),
    )
    table = Table(
        key="closed_by_reason",
        label="Afgesloten naar reden",
        definition="Trajecten met een einddatum in de periode, naar reden van afsluiten.",
        columns=("Reden", "Aantal", "Percentage"),
        column_keys=("count", "percent"),
        rows=rows,
        total=Row("total", "Totaal", (count(20), derived(100.0, PERCENT, 20))),
        chart_column=0,
    )
    return suppress_table(table)


def change_table() -> Table:
    return Table(
        key="life_domain_change",
        label="Verandering per leefgebied",
        definition="Gemiddelde verandering van de eerste tot de laatste meting.",
        columns=("Leefgebied", "Gezinnen", "Verandering"),
        column_keys=("families", "mean_change"),
        rows=(
            Row("financien", "Financiën", (count(8), derived(1.5, MEAN, 8))),
            Row("wonen", "Wonen & huisvesting", (count(7), derived(-0.5, MEAN, 7))),
            Row("opvoeding", "Opvoeding <script>", (count(3), derived(2.0, MEAN, 3))),
        ),
        chart_column=1,
    )


def sections() -> list[Section]:
    return [
        Section(
            key="trajectories",
            title="Trajecten",
            figures=(
                Figure(
                    "started", "Gestart", count(23), "Trajecten met een startdatum in de periode."
                ),
                Figure(
                    "reopened",
                    "Heropend binnen een jaar",
                    count(3),
                    "Gezinnen die binnen een jaar terugkwamen.",
                ),
                Figure(
                    "duration_median_days",
                    "Duur (mediaan)",
                    derived(182.5, DAYS, 20),
                    "De middelste duur in dagen van de afgesloten trajecten.",
                ),
            ),
            tables=(closure_table(),),
        ),
        Section(
            key="life_domains",
            title="Leefgebieden",
            tables=(change_table(),),
            notes=("Gemeten met de zelfredzaamheidsmatrix.",),
        ),
        Section(
            key="caseload",
            title="Caseload",
            figures=(Figure("norm", "Norm per coach", plain(12), "De norm van het programma."),),
            tables=(
                Table(
                    key="status",
                    label="Status",
                    definition="Alleen tekst.",
                    columns=("Wat", "Status"),
                    column_keys=("status",),
                    rows=(Row("a", "A", (plain("open", TEXT),)),),
                    chart_column=0,
                ),
            ),
        ),
    ]
