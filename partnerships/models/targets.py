"""Yearly targets per branch and metric: the assigned figure and an optional, higher striving figure."""

from typing import Self

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from crm.models import AuditedModel, Branch


class Metric(models.TextChoices):
    AGREEMENTS_SIGNED = "agreements_signed", _("Agreements signed")
    CONFERENCES_HELD = "conferences_held", _("Dialogue conferences held")
    PLEDGES_COLLECTED = "pledges_collected", _("Pledges collected")
    PROGRAMME_MEMBERS = "programme_members", _("Programme members")
    ANSWERED_ON_TIME_PCT = "answered_on_time_pct", _("Questions answered on time (%)")
    SATISFACTION_PCT = "satisfaction_pct", _("Satisfaction (%)")
    BUDGET_REVENUE_VND = "budget_revenue_vnd", _("Budget revenue (VND)")
    DECLARATIONS = "declarations", _("Customs declarations")
    TRADE_VALUE_USD = "trade_value_usd", _("Import–export value (USD)")


PERCENT_METRICS = (Metric.ANSWERED_ON_TIME_PCT, Metric.SATISFACTION_PCT)


class TargetQuerySet(models.QuerySet["Target"]):
    def visible_to(self, user) -> Self:
        from crm import access

        return access.scope_by_branch(self, user, via="branch")


class Target(AuditedModel):
    branch = models.ForeignKey(Branch, verbose_name=_("customs unit"), on_delete=models.PROTECT, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    metric = models.CharField(_("metric"), max_length=24, choices=Metric)
    assigned = models.DecimalField(_("assigned target"), max_digits=20, decimal_places=2)
    striving = models.DecimalField(_("striving target"), max_digits=20, decimal_places=2, null=True, blank=True)
    doc_ref = models.CharField(_("assigned by (document)"), max_length=120, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["branch__path", "-year", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "year", "metric"], name="target_once_per_branch_year_metric"),
            models.CheckConstraint(condition=Q(assigned__gte=0), name="target_assigned_not_negative"),
            models.CheckConstraint(
                condition=Q(striving__isnull=True) | Q(striving__gte=models.F("assigned")),
                name="target_striving_at_least_assigned",
            ),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="target_year_plausible"),
        ]

    def __str__(self) -> str:
        return f"{self.branch} {self.year} {self.metric}"
