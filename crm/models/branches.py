"""The customs unit tree (department → regional branches → offices/teams) and the provinces each unit covers."""

from typing import Self

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.models.base import AuditedModel, TimeStampedModel

PATH_STEP = 7  # characters per level in Branch.path: zero-padded ids plus a separator ("0000012/")


class BranchKind(models.TextChoices):
    DEPARTMENT = "department", _("Customs Department")
    REGIONAL = "regional", _("Regional customs branch")
    OFFICE = "office", _("Customs office")
    TEAM = "team", _("Team / division")


class Province(TimeStampedModel):
    """A province or centrally-run city; the 2025 mergers are kept as merged_into with validity dates."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    search_name = models.CharField(max_length=120, editable=False, default="")

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["name_vi"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="crm_province_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name_vi


class BranchQuerySet(models.QuerySet["Branch"]):
    def visible_to(self, user) -> Self:
        from crm import access

        return access.scope_branches(self, user)

    def subtree_of(self, branch: "Branch") -> Self:
        """The branch and every unit under it (one indexed prefix match on path)."""
        return self.filter(path__startswith=branch.path)

    def active_on(self, day) -> Self:
        return self.filter(Q(active_from__isnull=True) | Q(active_from__lte=day)).filter(
            Q(active_to__isnull=True) | Q(active_to__gte=day)
        )


class Branch(AuditedModel):
    """A customs unit. `path` is a materialised path of ancestor ids, maintained by crm.services.branches."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=BranchKind)
    code = models.CharField(_("code"), max_length=32, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    roman_numeral = models.CharField(_("region number"), max_length=6, blank=True)
    customs_office_code = models.CharField(_("customs office code"), max_length=8, blank=True)
    hq_province = models.ForeignKey(
        Province,
        verbose_name=_("head office province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active to"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    path = models.CharField(max_length=255, editable=False, default="", db_index=False)
    depth = models.PositiveSmallIntegerField(editable=False, default=0)

    objects = BranchQuerySet.as_manager()

    class Meta:
        verbose_name = _("customs unit")
        verbose_name_plural = _("customs units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=BranchKind.REGIONAL) | Q(roman_numeral=""),
                name="crm_branch_roman_numeral_only_regional",
            ),
            models.CheckConstraint(
                condition=Q(kind=BranchKind.DEPARTMENT) | Q(parent__isnull=False),
                name="crm_branch_only_department_is_root",
            ),
            models.CheckConstraint(
                condition=Q(active_to__isnull=True) | Q(active_from__isnull=True) | Q(active_to__gte=F("active_from")),
                name="crm_branch_active_range",
            ),
            models.UniqueConstraint(
                fields=["roman_numeral"],
                condition=~Q(roman_numeral=""),
                name="crm_branch_unique_roman_numeral",
            ),
        ]
        indexes = [
            # Subtree scoping in crm.access: WHERE path LIKE '<prefix>%' (text_pattern_ops added in 0002 on PG).
            models.Index(fields=["path"], name="crm_branch_path_idx"),
        ]

    def __str__(self) -> str:
        return self.name_vi

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return (self.active_from is None or self.active_from <= today) and (
            self.active_to is None or self.active_to >= today
        )

    def label(self, language: str = "vi") -> str:
        return self.name_en if language == "en" and self.name_en else self.name_vi


class BranchCoverage(AuditedModel):
    """Which unit manages a province over a dated period (Decision 382/QĐ-BTC, then 2019/QĐ-BTC from July 2025)."""

    branch = models.ForeignKey(
        Branch, verbose_name=_("customs unit"), on_delete=models.PROTECT, related_name="coverages"
    )
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="coverages"
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=120, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("province coverage")
        verbose_name_plural = _("province coverage")
        ordering = ["province__name_vi", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="crm_branchcoverage_valid_range",
            ),
            models.UniqueConstraint(
                fields=["branch", "province", "valid_from"], name="crm_branchcoverage_unique_start"
            ),
        ]
        indexes = [
            # "Which unit covers province P on day D" lookups.
            models.Index(fields=["province", "valid_from"], name="crm_coverage_province_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.branch_id}:{self.province_id} {self.valid_from}–{self.valid_to or ''}"

    def is_current(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)
