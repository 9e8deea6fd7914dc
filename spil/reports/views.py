"""The monitoring page (`/monitoring/`) and its exports (issue 15, ADR 0019).

For users with `Capability.VIEW_AGGREGATES` (policy officer, team lead, meldpunt
coordinator); a 404 for everyone else. The page and each export read the same
`monitoring()` sections for the same GET choice, so they cannot disagree. Nothing here
names or links to a family: the sections hold counts only, already suppressed ("<5")."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from spil.core import audit
from spil.core.access import Capability, capability_required
from spil.core.figures import Section

from . import exports
from .charts import bar_chart
from .forms import MonitoringForm
from .monitoring import monitoring


def _choice(request: HttpRequest) -> MonitoringForm:
    return MonitoringForm.from_query(request.GET, today=timezone.localdate())


def _detail(form: MonitoringForm, **extra: Any) -> dict[str, Any]:
    """Keys only: the period in ISO, the programme and team by uuid."""
    data = form.cleaned_data
    detail: dict[str, Any] = {
        "date_from": data["date_from"].isoformat(),
        "date_to": data["date_to"].isoformat(),
    }
    for key in ("programme", "team"):
        if data.get(key) is not None:
            detail[key] = str(data[key].uuid)
    return {**detail, **extra}


def _period_text(date_from: date, date_to: date) -> str:
    return _("%(start)s tot en met %(end)s") % {
        "start": formats.date_format(date_from, "DATE_FORMAT"),
        "end": formats.date_format(date_to, "DATE_FORMAT"),
    }


def _heading(form: MonitoringForm) -> list[tuple[str, str]]:
    data = form.cleaned_data
    programme, team = data.get("programme"), data.get("team")
    return [
        (_("Periode"), _period_text(data["date_from"], data["date_to"])),
        (_("Programma"), programme.name if programme else _("Alle programma's")),
        (_("Team"), str(team) if team else _("Alle teams")),
    ]


def _sections(form: MonitoringForm) -> list[Section]:
    data = form.cleaned_data
    return monitoring(
        date_from=data["date_from"],
        date_to=data["date_to"],
        programme=data.get("programme"),
        team=data.get("team"),
    )


def _shown(sections: list[Section]) -> list[dict[str, Any]]:
    """Each section with the bar chart of each of its tables ("" when it has none)."""
    return [
        {"section": s, "tables": [{"table": t, "chart": bar_chart(t)} for t in s.tables]}
        for s in sections
    ]


@require_http_methods(["GET"])
@capability_required(Capability.VIEW_AGGREGATES)
def dashboard(request: HttpRequest) -> HttpResponse:
    form = _choice(request)
    context: dict[str, Any] = {"form": form, "sections": None}
    if form.is_valid():
        context["sections"] = _shown(_sections(form))
        context["heading"] = _heading(form)
        context["query"] = request.GET.urlencode()
        audit.record(actor=request.user, action="monitoring.viewed", detail=_detail(form))
    return render(request, "reports/dashboard.html", context)


def _export(
    request: HttpRequest, extension: str, content_type: str, build: Callable[..., bytes]
) -> HttpResponse:
    form = _choice(request)
    if not form.is_valid():
        # A bad choice is shown on the page, beside the field, never as a broken file.
        return render(request, "reports/dashboard.html", {"form": form, "sections": None})
    data = form.cleaned_data
    content = build(request, form, _sections(form))
    audit.record(
        actor=request.user, action="monitoring.exported", detail=_detail(form, format=extension)
    )
    response = HttpResponse(content, content_type=content_type)
    name = exports.filename(data["date_from"], data["date_to"], extension)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _csv(request: HttpRequest, form: MonitoringForm, sections: list[Section]) -> bytes:
    return exports.csv_bytes(sections, heading=_heading(form))


def _xlsx(request: HttpRequest, form: MonitoringForm, sections: list[Section]) -> bytes:
    return exports.xlsx_bytes(sections, heading=_heading(form))


def print_html(request: HttpRequest, form: MonitoringForm, sections: list[Section]) -> str:
    """The page the PDF is made of: every figure with its definition written out."""
    return render_to_string(
        "reports/print.html",
        {"sections": _shown(sections), "heading": _heading(form)},
        request=request,
    )


def _pdf(request: HttpRequest, form: MonitoringForm, sections: list[Section]) -> bytes:
    html = print_html(request, form, sections)
    return exports.pdf_bytes(html, base_url=request.build_absolute_uri("/"))


@require_http_methods(["GET"])
@capability_required(Capability.VIEW_AGGREGATES)
def export_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv", "text/csv; charset=utf-8", _csv)


@require_http_methods(["GET"])
@capability_required(Capability.VIEW_AGGREGATES)
def export_xlsx(request: HttpRequest) -> HttpResponse:
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _export(request, "xlsx", content_type, _xlsx)


@require_http_methods(["GET"])
@capability_required(Capability.VIEW_AGGREGATES)
def export_pdf(request: HttpRequest) -> HttpResponse:
    return _export(request, "pdf", "application/pdf", _pdf)
