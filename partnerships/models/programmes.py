"""Programmes (voluntary compliance, AEO) and the enterprises enrolled in them, with annual level reviews."""

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm.models import AuditedModel, Branch, ComplianceLevel, Enterprise
from partnerships.models.agreements import Agreement


class ProgrammeKind(models.TextChoices):
    VOLUNTARY_COMPLIANCE = "voluntary_compliance", _("Voluntary-compliance programme")
    AEO = "aeo", _("Priority enterprise (AEO) programme")


class Programme(AuditedModel):
    """A programme run nationally or by a branch; enrolments belong to the managing branch."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=ProgrammeKind)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name_vi"]

    def __str__(self) -> str:
        return self.name_vi


class EnrolmentStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    APPLIED = "applied", _("Applied")
    ACCEPTED = "accepted", _("Accepted")
    ACTIVE = "active", pgettext_lazy("enrolment status", "Active")
    EXITED = "exited", _("Exited")
    REMOVED = "removed", _("Removed")


ENROLMENT_ENDED = (EnrolmentStatus.EXITED, EnrolmentStatus.REMOVED)


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def visible_to(self, user) -> Self:
        from crm import access

        return access.scope_by_branch(self, user, via="branch")

    def current(self) -> Self:
        return self.exclude(status__in=ENROLMENT_ENDED)


class Enrolment(AuditedModel):
    """An enterprise's membership of a programme, from invitation to exit."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="enrolments"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="enrolments"
    )
    branch = models.ForeignKey(
        Branch, verbose_name=_("managing unit"), on_delete=models.PROTECT, related_name="enrolments"
    )
    cohort = models.CharField(_("cohort"), max_length=60, blank=True)
    mou = models.ForeignKey(
        Agreement, verbose_name=_("MoU"), null=True, blank=True, on_delete=models.PROTECT, related_name="enrolments"
    )
    action_plan = models.TextField(_("action plan"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EnrolmentStatus, default=EnrolmentStatus.INVITED, editable=False
    )
    status_reason = models.TextField(_("reason"), blank=True, editable=False)
    invited_on = models.DateField(_("invited on"), null=True, blank=True)
    applied_on = models.DateField(_("applied on"), null=True, blank=True, editable=False)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True, editable=False)
    activated_on = models.DateField(_("member since"), null=True, blank=True, editable=False)
    ended_on = models.DateField(_("ended on"), null=True, blank=True, editable=False)
    baseline_level = models.PositiveSmallIntegerField(
        _("baseline compliance level"), choices=ComplianceLevel, null=True, blank=True
    )
    current_level = models.PositiveSmallIntegerField(
        _("current compliance level"), choices=ComplianceLevel, null=True, blank=True, editable=False
    )
    target_level = models.PositiveSmallIntegerField(
        _("target compliance level"), choices=ComplianceLevel, null=True, blank=True
    )
    focal_officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("focal officers"), blank=True, related_name="focal_enrolments"
    )

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "enterprise"],
                condition=~Q(status__in=["exited", "removed"]),
                name="enrolment_one_current_per_programme",
            ),
        ]
        indexes = [
            # Members of a programme by status (programme page, dashboard).
            models.Index(fields=["programme", "status"], name="enrolment_programme_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} – {self.programme}"


class LevelChange(models.TextChoices):
    RAISED = "raised", _("Raised")
    KEPT = "kept", _("Kept")
    LOWERED = "lowered", _("Lowered")


class EnrolmentReview(AuditedModel):
    """An annual review of a member: the compliance level found and how it compares with the previous one."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    previous_level = models.PositiveSmallIntegerField(
        _("previous level"), choices=ComplianceLevel, null=True, blank=True
    )
    level = models.PositiveSmallIntegerField(_("compliance level"), choices=ComplianceLevel)
    change = models.CharField(_("change"), max_length=8, choices=LevelChange, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("enrolment review")
        verbose_name_plural = _("enrolment reviews")
        ordering = ["enrolment", "-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.enrolment_id} @ {self.reviewed_on}: {self.level}"
