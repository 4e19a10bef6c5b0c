"""Legal documents that answers cite as their legal basis (a law, decree, circular, decision or official letter)."""

from typing import Self

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm.models import AuditedModel


class LegalDocumentType(models.TextChoices):
    LAW = "law", _("Law")
    RESOLUTION = "resolution", _("Resolution")
    DECREE = "decree", _("Decree")
    DECISION = "decision", pgettext_lazy("legal document type", "Decision")
    CIRCULAR = "circular", _("Circular")
    OFFICIAL_LETTER = "official_letter", _("Official letter")
    TREATY = "treaty", _("International agreement")
    OTHER = "other", pgettext_lazy("legal document type", "Other")


class LegalDocumentStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    AMENDED = "amended", _("Amended")
    EXPIRED = "expired", _("Expired")


class LegalDocumentQuerySet(models.QuerySet["LegalDocument"]):
    def visible_to(self, user) -> Self:
        """Legal documents are public reference data: every signed-in user may read them."""
        return self if user is not None and user.is_authenticated else self.none()


class LegalDocument(AuditedModel):
    number = models.CharField(_("number"), max_length=60, unique=True, help_text=_("For example 38/2015/TT-BTC."))
    doc_type = models.CharField(_("type"), max_length=20, choices=LegalDocumentType)
    title = models.CharField(_("title"), max_length=500)
    issuer = models.CharField(_("issuer"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=LegalDocumentStatus, default=LegalDocumentStatus.IN_FORCE
    )
    amended_by = models.ForeignKey(
        "self",
        verbose_name=_("amended or replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="amends",
    )
    url = models.URLField(_("link to the text"), blank=True)

    objects = LegalDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        ordering = ["-issued_on", "number"]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} {self.number}"
