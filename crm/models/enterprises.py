"""Enterprises (keyed by tax code), their dependent units, contacts, segments and associations."""

from typing import Self

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm.models.base import AuditedModel
from crm.models.branches import Branch, Province


class Ownership(models.TextChoices):
    STATE = "state", _("State-owned")
    DOMESTIC = "domestic", _("Domestic private")
    # xgettext:no-python-format
    FDI_100 = "fdi_100", _("100% foreign-invested")
    FDI_JV = "fdi_jv", _("Joint venture (FDI)")


FDI_OWNERSHIPS = (Ownership.FDI_100, Ownership.FDI_JV)


class AeoStatus(models.TextChoices):
    NONE = "none", _("Not an AEO")
    APPLICANT = "applicant", _("Applicant")
    RECOGNISED = "recognised", _("Priority enterprise (AEO)")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")


class ComplianceLevel(models.IntegerChoices):
    """Compliance levels of Circular 81/2019/TT-BTC: a lower number is better."""

    PRIORITY = 1, _("Level 1 – priority enterprise")
    HIGH = 2, _("Level 2 – high compliance")
    MEDIUM = 3, _("Level 3 – medium compliance")
    LOW = 4, _("Level 4 – low compliance")
    NON_COMPLIANT = 5, _("Level 5 – non-compliant")


class EnterpriseStatus(models.TextChoices):
    ACTIVE = "active", _("Operating")
    SUSPENDED = "suspended", _("Suspended business")
    DISSOLVED = "dissolved", _("Dissolved")
    TAX_CODE_CLOSED = "closed", _("Tax code closed")


class TradeDirection(models.TextChoices):
    IMPORT = "import", pgettext_lazy("trade direction", "Import")
    EXPORT = "export", pgettext_lazy("trade direction", "Export")


class UnitKind(models.TextChoices):
    BRANCH = "branch", _("Branch")
    REP_OFFICE = "rep_office", _("Representative office")
    FACTORY = "factory", _("Factory / business location")


class ContactLanguage(models.TextChoices):
    VI = "vi", "Tiếng Việt"
    EN = "en", "English"
    KO = "ko", "한국어"
    JA = "ja", "日本語"
    ZH = "zh", "中文"


class DeclarationType(models.Model):
    """An import–export type code (mã loại hình) of Decision 1357/QĐ-TCHQ, e.g. E31 or A12."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    direction = models.CharField(_("direction"), max_length=8, choices=TradeDirection)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("import–export type code")
        verbose_name_plural = _("import–export type codes")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Segment(AuditedModel):
    """A group of enterprises that share a regime (processing/SXXK, export processing, trading, logistics…)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    description = models.TextField(_("description"), blank=True)
    declaration_types = models.ManyToManyField(
        DeclarationType, verbose_name=_("typical type codes"), blank=True, related_name="segments"
    )

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["name_vi"]

    def __str__(self) -> str:
        return self.name_vi


class Association(AuditedModel):
    """A business association (VCCI, EuroCham, KoCham, a provincial association…)."""

    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name_vi"]

    def __str__(self) -> str:
        return self.short_name or self.name_vi


class EnterpriseQuerySet(models.QuerySet["Enterprise"]):
    def visible_to(self, user) -> Self:
        """Enterprises this user may see at all: see crm.access for the rule."""
        from crm import access

        return access.scope_enterprises(self, user)

    def active(self) -> Self:
        return self.filter(deactivated_at__isnull=True)


class Enterprise(AuditedModel):
    """A business identified by its tax code. Deactivate (deactivated_at) instead of deleting."""

    tax_code = models.CharField(_("tax code"), max_length=14, unique=True)
    name_vi = models.CharField(_("legal name (Vietnamese)"), max_length=255)
    name_foreign = models.CharField(_("foreign name"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    ownership = models.CharField(_("ownership"), max_length=12, choices=Ownership, default=Ownership.DOMESTIC)
    investor_country = models.CharField(_("investor country"), max_length=2, blank=True)
    is_export_processing = models.BooleanField(_("export-processing enterprise"), default=False)
    industrial_park = models.CharField(_("industrial park"), max_length=150, blank=True)
    aeo_status = models.CharField(_("AEO status"), max_length=12, choices=AeoStatus, default=AeoStatus.NONE)
    aeo_decision = models.CharField(_("AEO decision number"), max_length=60, blank=True)
    aeo_decision_date = models.DateField(_("AEO decision date"), null=True, blank=True)
    compliance_level = models.PositiveSmallIntegerField(
        _("compliance level"), choices=ComplianceLevel, null=True, blank=True
    )
    compliance_assessed_on = models.DateField(_("compliance assessed on"), null=True, blank=True)
    managing_branch = models.ForeignKey(
        Branch, verbose_name=_("managing customs unit"), on_delete=models.PROTECT, related_name="enterprises"
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=EnterpriseStatus, default=EnterpriseStatus.ACTIVE)
    declaration_types = models.ManyToManyField(
        DeclarationType, verbose_name=_("import–export type codes"), blank=True, related_name="enterprises"
    )
    segments = models.ManyToManyField(Segment, verbose_name=_("segments"), blank=True, related_name="enterprises")
    associations = models.ManyToManyField(
        Association, verbose_name=_("associations"), blank=True, related_name="members"
    )
    notes = models.TextField(_("notes"), blank=True)
    deactivated_at = models.DateTimeField(_("deactivated at"), null=True, blank=True)
    # Lower-case, diacritic-free names and tax code (crm.text.search_key), written by crm.services.enterprises.
    search_text = models.CharField(max_length=700, editable=False, default="")

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        constraints = [
            models.CheckConstraint(
                condition=Q(tax_code__regex=r"^[0-9]{10}(-[0-9]{3})?$"), name="crm_enterprise_tax_code_format"
            ),
            models.CheckConstraint(
                condition=Q(investor_country="") | Q(investor_country__regex=r"^[A-Z]{2}$"),
                name="crm_enterprise_investor_country_iso",
            ),
        ]
        indexes = [
            # Staff lists: scoped by branch, newest name order.
            models.Index(fields=["managing_branch", "name_vi"], name="crm_ent_branch_name_idx"),
            # Lists hide deactivated enterprises by default.
            models.Index(fields=["deactivated_at"], name="crm_ent_deactivated_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name_vi} ({self.tax_code})"

    @property
    def is_fdi(self) -> bool:
        return self.ownership in FDI_OWNERSHIPS

    @property
    def is_active(self) -> bool:
        return self.deactivated_at is None


class EnterpriseOwnedQuerySet(models.QuerySet):
    """Records that belong to one enterprise (units, contacts) are visible exactly when the enterprise is."""

    def visible_to(self, user) -> Self:
        from crm import access

        return access.scope_by_enterprise(self, user, via="enterprise")


class EnterpriseUnit(AuditedModel):
    """A dependent unit (branch, representative office, factory) with its own 13-digit tax code."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="units"
    )
    tax_code = models.CharField(_("tax code"), max_length=14, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=12, choices=UnitKind, default=UnitKind.BRANCH)
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dependent unit")
        verbose_name_plural = _("dependent units")
        ordering = ["tax_code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tax_code__regex=r"^[0-9]{10}-[0-9]{3}$"),
                name="crm_enterpriseunit_tax_code_format",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.tax_code})"


class Contact(AuditedModel):
    """A person at an enterprise customs talks to: director, chief accountant, import–export manager…"""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="contacts"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(
        _("preferred language"), max_length=2, choices=ContactLanguage, default=ContactLanguage.VI
    )
    is_legal_representative = models.BooleanField(_("legal representative"), default=False)
    consent_date = models.DateField(_("consent to be contacted on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = EnterpriseOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["enterprise_id", "full_name"]

    def __str__(self) -> str:
        return self.full_name
