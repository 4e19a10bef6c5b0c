"""The figures of the monthly statistics: actuals of the revenue, declarations and trade targets (registered in
partnerships.progress) and the dashboard's budget revenue, declarations, trade value and active enterprises.

A period counts every month it overlaps. Figures are added up over a unit's subtree (a month is entered at one level
only, so nothing counts twice); a sum over months without any figure is None (not known), not 0.
"""

from datetime import date

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from crm.kpi import Kpi, grouped
from partnerships import progress
from partnerships.models import Metric, MonthlyStatistic


def _year_total(path: str, year: int, *names: str):
    """The sum of `names` over the subtree's months of `year`; None when none of them is known."""
    sums = (
        MonthlyStatistic.objects.filter(branch__path__startswith=path, month__year=year)
        .order_by()
        .aggregate(**{name: Sum(name) for name in names})
    )
    known = [value for value in sums.values() if value is not None]
    return sum(known) if known else None


@progress.register(Metric.BUDGET_REVENUE_VND)
def budget_revenue(path: str, year: int):
    """Budget revenue collected by the subtree in the year's months (VND)."""
    return _year_total(path, year, "budget_revenue_vnd")


@progress.register(Metric.DECLARATIONS)
def declarations(path: str, year: int):
    """Import and export declarations registered by the subtree in the year's months."""
    return _year_total(path, year, "declarations_import", "declarations_export")


@progress.register(Metric.TRADE_VALUE_USD)
def trade_value(path: str, year: int):
    """Import and export value cleared by the subtree in the year's months (USD)."""
    return _year_total(path, year, "trade_import_usd", "trade_export_usd")


# ------------------------------------------------------------------------------------------------ the dashboard

SUMMED = (
    "budget_revenue_vnd",
    "declarations_import",
    "declarations_export",
    "channel_green",
    "channel_yellow",
    "channel_red",
    "trade_import_usd",
    "trade_export_usd",
)


def _months_of(period) -> Q:
    """The months the period overlaps (a month is stored as its first day)."""
    return Q(month__gte=period.start.replace(day=1), month__lte=period.end)


def _plus(*values):
    known = [value for value in values if value is not None]
    return sum(known) if known else None


def _last_known(figures: dict, i: int, months: list[date]):
    """Active enterprises in the period's last month that has the figure (summed over the subtree's units)."""
    for m in reversed(range(len(months))):
        if figures[f"active_n_{i}_{m}"]:
            return figures[f"active_{i}_{m}"]
    return None


def statistic_kpis(units, periods, today) -> dict[int, list[Kpi]]:
    """{unit.pk: [budget revenue, declarations, trade value, active enterprises]} for each period (current first).

    One query for all units and periods (conditional aggregation; active
    enterprises take one pair of sums per month of each period, so a year costs 24 more columns, not queries).
    """
    months = [period.months() for period in periods]
    aggregates = {}
    for i, period in enumerate(periods):
        in_period = _months_of(period)
        for name in SUMMED:
            aggregates[f"{name}_{i}"] = Sum(name, filter=in_period)
        for m, month in enumerate(months[i]):
            aggregates[f"active_{i}_{m}"] = Sum("active_enterprises", filter=Q(month=month))
            aggregates[f"active_n_{i}_{m}"] = Count("active_enterprises", filter=Q(month=month))
    rows = grouped(MonthlyStatistic.objects.all(), "branch__path", units, **aggregates)
    n = range(len(periods))
    result = {}
    for unit in units:
        f = rows[unit.pk]
        result[unit.pk] = [
            Kpi(
                "statistics.budget_revenue",
                _("Budget revenue"),
                [f[f"budget_revenue_vnd_{i}"] for i in n],
                unit="vnd",
                metric=Metric.BUDGET_REVENUE_VND,
                definition=_(
                    "Budget revenue collected in the months the period overlaps, from the monthly statistics."
                ),
                drill="statistic-list",
            ),
            Kpi(
                "statistics.declarations",
                _("Customs declarations"),
                [_plus(f[f"declarations_import_{i}"], f[f"declarations_export_{i}"]) for i in n],
                metric=Metric.DECLARATIONS,
                definition=_(
                    "Import and export declarations registered in the months the period overlaps, from the monthly "
                    "statistics; the breakdown shows the inspection channels and the directions."
                ),
                drill="statistic-list",
                breakdown=[
                    (_("Green channel"), f["channel_green_0"]),
                    (_("Yellow channel"), f["channel_yellow_0"]),
                    (_("Red channel"), f["channel_red_0"]),
                    (_("Import"), f["declarations_import_0"]),
                    (_("Export"), f["declarations_export_0"]),
                ],
            ),
            Kpi(
                "statistics.trade_value",
                _("Import–export value"),
                [_plus(f[f"trade_import_usd_{i}"], f[f"trade_export_usd_{i}"]) for i in n],
                unit="usd",
                metric=Metric.TRADE_VALUE_USD,
                definition=_(
                    "Value of the goods imported and exported in the months the period overlaps (USD), from the "
                    "monthly statistics."
                ),
                drill="statistic-list",
                breakdown=[(_("Import"), f["trade_import_usd_0"]), (_("Export"), f["trade_export_usd_0"])],
            ),
            Kpi(
                "statistics.active_enterprises",
                _("Active enterprises (customs data)"),
                [_last_known(f, i, months[i]) for i in n],
                definition=_(
                    "Enterprises with customs activity in the period's last month that has the figure, from the "
                    "monthly statistics."
                ),
                drill="statistic-list",
            ),
        ]
    return result
