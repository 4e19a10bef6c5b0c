"""The managers' dashboard page: a unit's subtree (headquarters picks any unit) for a period, every figure against
its target and the same period a year earlier, each linked to the list behind it."""

from datetime import date

from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from crm import dashboard
from crm.errors import DomainError
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


urlpatterns = [path("dashboard/", dashboard_page, name="dashboard")]
