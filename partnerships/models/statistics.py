"""Monthly figures a unit receives from other customs systems: budget revenue, declarations by direction and
inspection channel, trade value and active enterprises. They feed the revenue and trade KPIs and targets."""

from typing import Self

from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from crm.models import AuditedModel, Branch


class StatisticSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    IMPORT = "import", _("Imported from a file")


# The figures of a month, in the order forms, imports and exports show them. Null means "not known", never 0.
COUNT_FIELDS = (
    "declarations_import",
    "declarations_export",
    "channel_green",
    "channel_yellow",
    "channel_red",
    "active_enterprises",
)
USD_FIELDS = ("trade_import_usd", "trade_export_usd")
FIGURE_FIELDS = (
    "budget_revenue_vnd",
    "declarations_import",
    "declarations_export",
    "channel_green",
    "channel_yellow",
    "channel_red",
    "trade_import_usd",
    "trade_export_usd",
    "active_enterprises",
)
CHANNEL_FIELDS = ("channel_green", "channel_yellow", "channel_red")
DECLARATION_FIELDS = ("declarations_import", "declarations_export")


class MonthlyStatisticQuerySet(models.QuerySet["MonthlyStatistic"]):
    def visible_to(self, user) -> Self:
        from crm import access

        return access.scope_by_branch(self, user, via="branch")


class MonthlyStatistic(AuditedModel):
    """One unit's figures for one month (`month` is the first day). A month is entered at one level of a subtree
    only, so that the figures of a unit and the units under it add up without counting anything twice."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("customs unit"), on_delete=models.PROTECT, related_name="monthly_statistics"
    )
    month = models.DateField(_("month"))
    budget_revenue_vnd = models.DecimalField(
        _("budget revenue (VND)"), max_digits=20, decimal_places=0, null=True, blank=True
    )
    declarations_import = models.PositiveIntegerField(_("import declarations"), null=True, blank=True)
    declarations_export = models.PositiveIntegerField(_("export declarations"), null=True, blank=True)
    channel_green = models.PositiveIntegerField(_("green channel"), null=True, blank=True)
    channel_yellow = models.PositiveIntegerField(_("yellow channel"), null=True, blank=True)
    channel_red = models.PositiveIntegerField(_("red channel"), null=True, blank=True)
    trade_import_usd = models.DecimalField(
        _("import value (USD)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    trade_export_usd = models.DecimalField(
        _("export value (USD)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    active_enterprises = models.PositiveIntegerField(_("active enterprises"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=8, choices=StatisticSource, default=StatisticSource.MANUAL)
    note = models.TextField(_("note"), blank=True)

    objects = MonthlyStatisticQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly statistic")
        verbose_name_plural = _("monthly statistics")
        ordering = ["-month", "branch__path"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "month"], name="monthly_statistic_once_per_branch_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="monthly_statistic_month_is_first_day"),
            models.CheckConstraint(
                condition=Q(budget_revenue_vnd__isnull=True) | Q(budget_revenue_vnd__gte=0),
                name="monthly_statistic_revenue_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(trade_import_usd__isnull=True) | Q(trade_import_usd__gte=0),
                name="monthly_statistic_trade_import_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(trade_export_usd__isnull=True) | Q(trade_export_usd__gte=0),
                name="monthly_statistic_trade_export_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(channel_green__isnull=True)
                | Q(channel_yellow__isnull=True)
                | Q(channel_red__isnull=True)
                | Q(declarations_import__isnull=True)
                | Q(declarations_export__isnull=True)
                | Q(
                    Exact(
                        F("declarations_import") + F("declarations_export"),
                        F("channel_green") + F("channel_yellow") + F("channel_red"),
                    )
                ),
                name="monthly_statistic_channels_add_up",
            ),
        ]
        indexes = [
            # The dashboard and the list: a period's months, then the units' path prefix.
            models.Index(fields=["month", "branch"], name="monthly_statistic_month_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.branch} {self.month:%m/%Y}"
