"""The managers' dashboard page: a unit's subtree (headquarters picks any unit) for a period, every figure against
its target and the same period a year earlier, each linked to the list behind it."""

from datetime import date

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from crm import dashboard
from crm.charts import bar_chart
from crm.dashboard_charts import charts_for
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


def requested_period(request, today: date):
    """The period asked for (a preset key, or a custom from–to) and the message when it is not one."""
    wanted = request.GET.get("period", "")
    start, end = request.GET.get("start", ""), request.GET.get("end", "")
    if start and end:
        wanted = f"{start}..{end}"
    try:
        return parse(wanted, today=today), ""
    except DomainError as exc:
        return parse("", today=today), exc.message


@manager_required
def dashboard_page(request):
    today = timezone.localdate()
    unit = dashboard.unit_for(request.user, request.GET.get("unit"))
    if unit is None:
        raise Http404
    period, error = requested_period(request, today)
    status = 400 if error else 200
    board = dashboard.compose(unit=unit, period=period, today=today)
    if request.GET.get("as") and not error:
        return _export(board, request.GET["as"])
    sections = [
        (section, [(kpi, dashboard.drill_url(kpi, unit)) for kpi in section.kpis]) for section in board.sections
    ]
    context = {
        "board": board,
        "charts": charts_for(board.unit, board.period),
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


# The league's first view: one headline figure per section (any figure can be shown and sorted on).
HEADLINE = [
    "agreements.signed",
    "agreements.coverage",
    "pledges.signed",
    "conferences.held",
    "conferences.attendance_rate",
    "questions.received",
    "questions.on_time_rate",
    "questions.median_answer_days",
    "answers.satisfaction_rate",
    "bank.deflection_rate",
    "actions.done_on_time_rate",
    "actions.overdue",
]


@manager_required
def league_page(request):
    """The units under a unit (for headquarters: the regional branches) side by side for a period, ranked by any
    figure; a section's figures or the headline ones as columns."""
    today = timezone.localdate()
    parent = dashboard.unit_for(request.user, request.GET.get("unit"))
    if parent is None:
        raise Http404
    period, error = requested_period(request, today)
    direction = request.GET.get("dir")
    table = dashboard.league(
        parent=parent,
        period=period,
        sort=request.GET.get("sort", ""),
        descending=None if direction not in ("asc", "desc") else direction == "desc",
        today=today,
    )
    if request.GET.get("as") and not error:
        return _league_export(table, request.GET["as"])
    sections = [(section.key, section.title) for section in table.sections]
    shown = request.GET.get("section", "")
    if shown in {key for key, _title in sections}:
        keys = [kpi.key for kpi in table.columns if table.section_of(kpi.key) == shown]
    else:
        shown, keys = "", [key for key in HEADLINE if table.column(key)]
    if table.sort not in keys:
        keys.insert(0, table.sort)
    columns = [table.column(key) for key in keys]
    sort_column = table.column(table.sort)
    chart_title = _("%(figure)s by unit, %(period)s") % {"figure": sort_column.label, "period": table.period.label}
    chart = bar_chart(
        title=chart_title,
        items=[(_unit_label(row), row.kpis[table.sort].value) for row in table.rows],
        unit=sort_column.unit,
    )
    context = {
        "table": table,
        "chart": chart,
        "chart_title": chart_title,
        "columns": columns,
        "rows": [(row, [row.kpis[key] for key in keys]) for row in table.rows],
        "totals": columns,
        "sections": sections,
        "shown": shown,
        "sort_column": sort_column,
        "units": Branch.objects.visible_to(request.user)
        .filter(children__isnull=False)
        .distinct()
        .order_by("path")
        .only("pk", "name_vi", "depth", "code"),
        "period_choices": period_choices(today),
        "custom": period.kind == "custom",
        "period_error": error,
        "title": _("League table"),
    }
    return render(request, "crm/league.html", context, status=400 if error else 200)


def _unit_label(row) -> str:
    name = row.unit.short_name or row.unit.name_vi
    return _("%(unit)s (own records)") % {"unit": name} if row.own else name


def _league_export(table, file_format: str):
    """The league as a table: one row per unit, every figure as a column (then the parent's totals)."""
    columns = [
        Column(_("Rank"), lambda row: row.rank),
        Column(_("Unit code"), lambda row: row.unit.code),
        Column(_("Customs unit"), lambda row: row.unit.name_vi),
        Column(_("Own records only"), lambda row: row.own),
        *(Column(kpi.label, lambda row, key=kpi.key: row.kpis[key].value) for kpi in table.columns),
    ]
    total = dashboard.LeagueRow(unit=table.parent, kpis={kpi.key: kpi for kpi in table.columns})
    basename = f"league-{table.parent.code}-{table.period.key.replace('..', '_')}"
    try:
        return export_response(
            columns=columns, objects=[*table.rows, total], file_format=file_format, basename=basename
        )
    except DomainError as exc:
        return HttpResponseBadRequest(exc.message)


urlpatterns = [
    path("dashboard/", dashboard_page, name="dashboard"),
    path("dashboard/league/", league_page, name="league-table"),
]
