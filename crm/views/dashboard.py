"""The managers' dashboard page: a unit's subtree (headquarters picks any unit) for a period, every figure against
its target and the same period a year earlier, each linked to the list behind it."""

from datetime import date

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from crm import dashboard
from crm.errors import DomainError
from crm.exports import Column, export_response
from crm.models import Branch
from crm.periods import parse
from crm.views.decorators import manager_required


def period_choices(today: date) -> list[tuple[str, list[tuple[str, str]]]]:
    """The picker's presets: this year's year, halves, quarters and months, and last year's year and halves."""
    groups = []
    for year in (today.year, today.year - 1):
        keys = [str(year), f"{year}-H1", f"{year}-H2", *(f"{year}-Q{q}" for q in range(1, 5))]
        if year == today.year:
            keys += [f"{year}-{m:02d}" for m in range(1, today.month + 1)]
        groups.append((str(year), [(key, parse(key, today=today).label) for key in keys]))
    return groups


@manager_required
def dashboard_page(request):
    today = timezone.localdate()
    unit = dashboard.unit_for(request.user, request.GET.get("unit"))
    if unit is None:
        raise Http404
    wanted = request.GET.get("period", "")
    start, end = request.GET.get("start", ""), request.GET.get("end", "")
    if start and end:
        wanted = f"{start}..{end}"
    error, status = "", 200
    try:
        period = parse(wanted, today=today)
    except DomainError as exc:
        error, status = exc.message, 400
        period = parse("", today=today)
    board = dashboard.compose(unit=unit, period=period, today=today)
    if request.GET.get("as") and not error:
        return _export(board, request.GET["as"])
    sections = [
        (section, [(kpi, dashboard.drill_url(kpi, unit)) for kpi in section.kpis]) for section in board.sections
    ]
    context = {
        "board": board,
        "sections": sections,
        "units": Branch.objects.visible_to(request.user).order_by("path").only("pk", "name_vi", "depth", "code"),
        "period_choices": period_choices(today),
        "custom": period.kind == "custom",
        "period_error": error,
        "title": _("Dashboard"),
    }
    return render(request, "crm/dashboard.html", context, status=status)


def _export(board, file_format: str):
    """The dashboard as a table (CSV or XLSX): one row per figure, with its target and last year's value."""
    rows = [(section, kpi) for section in board.sections for kpi in section.kpis]
    columns = [
        Column(_("Section"), lambda r: r[0].title),
        Column(_("Figure"), lambda r: r[1].label),
        Column(_("Definition key"), lambda r: r[1].key),
        Column(board.period.label, lambda r: r[1].value),
        Column(_("Assigned target"), lambda r: r[1].target),
        Column(_("Striving target"), lambda r: r[1].striving),
        Column(_("Progress (%)"), lambda r: r[1].progress),
        Column(board.previous.label, lambda r: r[1].previous if len(r[1].values) > 1 else None),
        Column(_("Change"), lambda r: r[1].change),
        Column(_("Unit of measure"), lambda r: r[1].unit),
        Column(_("Definition"), lambda r: r[1].definition),
    ]
    basename = f"dashboard-{board.unit.code}-{board.period.key.replace('..', '_')}"
    try:
        return export_response(columns=columns, objects=rows, file_format=file_format, basename=basename)
    except DomainError as exc:
        return HttpResponseBadRequest(exc.message)


urlpatterns = [path("dashboard/", dashboard_page, name="dashboard")]
