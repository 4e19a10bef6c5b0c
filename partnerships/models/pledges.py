"""Pledge campaigns (e.g. no counterfeit or smuggled goods) and the pledges enterprises sign in them."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Self

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm.models import AuditedModel, Branch, Enterprise, Segment


class PledgeKind(models.TextChoices):
    NO_COUNTERFEIT = "no_counterfeit", _("No counterfeit goods or IP infringement")
    NO_SMUGGLING = "no_smuggling", _("No smuggling or trade fraud")
    COMPLIANCE = "compliance", _("Compliance with customs law")


class CampaignQuerySet(models.QuerySet["PledgeCampaign"]):
    def visible_to(self, user) -> Self:
        from crm import access

        return access.scope_by_branch(self, user, via="branch")


class PledgeCampaign(AuditedModel):
    """A campaign run by a customs unit (often with the provincial Steering Committee 389) to collect pledges."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=PledgeKind, default=PledgeKind.NO_COUNTERFEIT)
    branch = models.ForeignKey(
        Branch, verbose_name=_("customs unit"), on_delete=models.PROTECT, related_name="pledge_campaigns"
    )
    partner = models.CharField(_("run with"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    text_vi = models.TextField(_("pledge text (Vietnamese)"))
    text_en = models.TextField(_("pledge text (English)"), blank=True)
    target_signers = models.PositiveIntegerField(_("target number of signers"))
    target_segment = models.ForeignKey(
        Segment,
        verbose_name=_("target segment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge campaign")
        verbose_name_plural = _("pledge campaigns")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_period_ordered"),
            models.CheckConstraint(condition=Q(target_signers__gte=1), name="campaign_target_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class PledgeStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("pledge status", "Active")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    BREACHED = "breached", _("Breached")


class PledgeQuerySet(models.QuerySet["Pledge"]):
    def visible_to(self, user) -> Self:
        from crm import access

        return access.scope_by_branch(self, user, via="campaign__branch")


class Pledge(AuditedModel):
    """One enterprise's signed pledge in a campaign (at most one per campaign)."""

    campaign = models.ForeignKey(PledgeCampaign, on_delete=models.PROTECT, related_name="pledges")
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="pledges"
    )
    signatory_name = models.CharField(_("signatory"), max_length=120, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=120, blank=True)
    signed_on = models.DateField(_("signed on"))
    scan = models.FileField(_("signed scan"), upload_to="pledges/%Y/", blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PledgeStatus, default=PledgeStatus.ACTIVE, editable=False
    )
    status_reason = models.TextField(_("reason"), blank=True, editable=False)
    breach_reference = models.CharField(_("breach reference"), max_length=120, blank=True, editable=False)
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True, editable=False)

    objects = PledgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "enterprise"], name="pledge_once_per_campaign"),
            models.CheckConstraint(
                condition=~Q(status="breached") | ~Q(breach_reference=""), name="pledge_breach_has_reference"
            ),
        ]
        indexes = [
            # Pledges collected in a period (targets and dashboard).
            models.Index(fields=["signed_on"], name="pledge_signed_on_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} – {self.campaign}"


@dataclass(frozen=True)
class Progress:
    """Signed pledges against the target, with the widths (in % of the bar, as SVG-ready strings) of its parts."""

    signed: int
    target: int
    withdrawn: int
    breached: int

    @property
    def percent(self) -> Decimal | None:
        if not self.target:
            return None
        return (Decimal(self.signed) * 100 / Decimal(self.target)).quantize(Decimal("0.1"))

    @property
    def kept(self) -> int:
        return self.signed - self.breached

    @property
    def reached(self) -> bool:
        return bool(self.target) and self.signed >= self.target

    @property
    def remaining(self) -> int:
        return max(self.target - self.signed, 0)

    def _width(self, count: int) -> str:
        scale = max(self.target, self.signed, 1)
        return f"{count * 100 / scale:.2f}"

    @property
    def kept_width(self) -> str:
        return self._width(self.kept)

    @property
    def breached_width(self) -> str:
        return self._width(self.breached)


def progress_of(campaign: PledgeCampaign) -> Progress:
    """Read the counts annotated by selectors.campaigns_visible_to."""
    return Progress(
        signed=campaign.signed_count,
        target=campaign.target_signers,
        withdrawn=campaign.withdrawn_count,
        breached=campaign.breached_count,
    )
