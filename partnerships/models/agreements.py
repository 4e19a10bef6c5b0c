"""Partnership agreements (MoUs): parties, two-sided commitments, reviews, documents and the lifecycle history."""

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm.models import Association, AuditedModel, Branch, Enterprise


class AgreementKind(models.TextChoices):
    COOPERATION = "cooperation", _("Cooperation agreement")
    MOU = "mou", _("Memorandum of understanding")
    VC_MOU = "vc_mou", _("Voluntary-compliance MoU")
    COORDINATION = "coordination", _("Coordination regulation")


class AgreementLevel(models.TextChoices):
    DEPARTMENT = "department", _("Customs Department")
    REGIONAL = "regional", _("Regional branch")
    OFFICE = "office", _("Customs office")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    INTERNAL_REVIEW = "internal_review", _("Internal review")
    NEGOTIATION = "negotiation", _("Negotiation")
    APPROVED = "approved", _("Approved")
    SIGNED = "signed", _("Signed")
    ACTIVE = "active", pgettext_lazy("agreement status", "Active")
    UNDER_REVIEW = "under_review", _("Under review")
    RENEWED = "renewed", _("Renewed")
    AMENDED = "amended", _("Amended")
    SUSPENDED = "suspended", pgettext_lazy("agreement status", "Suspended")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


# Before signature the text may still change; in force it binds both sides; final states keep history only.
PRE_SIGNATURE = (
    AgreementStatus.DRAFT,
    AgreementStatus.INTERNAL_REVIEW,
    AgreementStatus.NEGOTIATION,
    AgreementStatus.APPROVED,
)
IN_FORCE = (AgreementStatus.SIGNED, AgreementStatus.ACTIVE, AgreementStatus.UNDER_REVIEW, AgreementStatus.SUSPENDED)
FINAL = (AgreementStatus.RENEWED, AgreementStatus.AMENDED, AgreementStatus.EXPIRED, AgreementStatus.TERMINATED)


class Succession(models.TextChoices):
    RENEWAL = "renewal", _("Renewal")
    AMENDMENT = "amendment", _("Amendment")


class Health(models.TextChoices):
    """Computed from commitments, never typed in."""

    NONE = "none", _("No commitments")
    GOOD = "good", _("On track")
    ATTENTION = "attention", _("Needs attention")
    POOR = "poor", _("Commitments not met")


def _commitment_count(**filters):
    counted = (
        Commitment.objects.filter(agreement=OuterRef("pk"), **filters)
        .order_by()
        .values("agreement")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def visible_to(self, user) -> Self:
        from crm import access

        return access.scope_by_branch(self, user, via="branch")

    def with_health_counts(self) -> Self:
        """Annotate commitment counts by status (lists compute health without N+1).

        Correlated subqueries rather than a GROUP BY join: PostgreSQL evaluates them only for the rows of the page.
        """
        return self.annotate(
            commitments_total=_commitment_count(),
            commitments_not_met=_commitment_count(status=CommitmentStatus.NOT_MET),
            commitments_at_risk=_commitment_count(status=CommitmentStatus.AT_RISK),
        )

    def expiring_within(self, today, days: int) -> Self:
        from datetime import timedelta

        return self.filter(status__in=IN_FORCE, expires_on__gte=today, expires_on__lte=today + timedelta(days=days))


class Agreement(AuditedModel):
    """A partnership agreement signed by a customs unit with one or more enterprises and/or associations."""

    doc_number = models.CharField(
        _("document number"), max_length=60, blank=True, help_text=_("Required before the agreement is signed.")
    )
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=AgreementKind, default=AgreementKind.COOPERATION)
    level = models.CharField(_("level"), max_length=12, choices=AgreementLevel, default=AgreementLevel.REGIONAL)
    branch = models.ForeignKey(
        Branch, verbose_name=_("signing customs unit"), on_delete=models.PROTECT, related_name="agreements"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=AgreementStatus, default=AgreementStatus.DRAFT, editable=False
    )
    scope = models.TextField(_("scope"), blank=True)
    customs_signatory_name = models.CharField(_("customs signatory"), max_length=120, blank=True)
    customs_signatory_title = models.CharField(_("customs signatory's title"), max_length=120, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True, editable=False)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    review_cycle_months = models.PositiveSmallIntegerField(_("review cycle (months)"), default=12)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    focal_officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("focal officers"), blank=True, related_name="focal_agreements"
    )
    predecessor = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
        editable=False,
    )
    succession = models.CharField(_("succession"), max_length=10, choices=Succession, blank=True, editable=False)
    status_reason = models.TextField(_("reason"), blank=True, editable=False)
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True, editable=False)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(expires_on__gt=models.F("effective_from")),
                name="agreement_expires_after_effective",
            ),
            models.CheckConstraint(condition=Q(review_cycle_months__gte=1), name="agreement_review_cycle_positive"),
            models.UniqueConstraint(
                fields=["branch", "doc_number"],
                condition=~Q(doc_number=""),
                name="agreement_doc_number_unique_per_branch",
            ),
        ]
        indexes = [
            # The agreement list, newest first (its default order).
            models.Index(fields=["-created_at", "-id"], name="agreement_created_idx"),
            # The agreement list filtered by status, newest first.
            models.Index(fields=["status", "-created_at"], name="agreement_status_idx"),
            # The expiry scan (beat) and "expiring within N days".
            models.Index(fields=["expires_on"], name="agreement_expires_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.doc_number} – {self.title}" if self.doc_number else self.title

    @property
    def is_editable(self) -> bool:
        return self.status in PRE_SIGNATURE

    @property
    def health(self) -> Health:
        """From annotated counts (with_health_counts) when present, else from the (prefetched) commitments."""
        if hasattr(self, "commitments_total"):
            total, not_met, at_risk = self.commitments_total, self.commitments_not_met, self.commitments_at_risk
        else:
            statuses = [c.status for c in self.commitments.all()]
            total = len(statuses)
            not_met = statuses.count(CommitmentStatus.NOT_MET)
            at_risk = statuses.count(CommitmentStatus.AT_RISK)
        return health_from_counts(total=total, not_met=not_met, at_risk=at_risk)


def health_from_counts(*, total: int, not_met: int, at_risk: int) -> Health:
    if total == 0:
        return Health.NONE
    if not_met:
        return Health.POOR
    if at_risk:
        return Health.ATTENTION
    return Health.GOOD


class AgreementParty(models.Model):
    """One enterprise or one association that signs the agreement, with its signatory."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )
    signatory_name = models.CharField(_("signatory"), max_length=120, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.CheckConstraint(
                condition=Q(enterprise__isnull=False, association__isnull=True)
                | Q(enterprise__isnull=True, association__isnull=False),
                name="agreement_party_enterprise_xor_association",
            ),
            models.UniqueConstraint(
                fields=["agreement", "enterprise"],
                condition=Q(enterprise__isnull=False),
                name="agreement_party_enterprise_once",
            ),
            models.UniqueConstraint(
                fields=["agreement", "association"],
                condition=Q(association__isnull=False),
                name="agreement_party_association_once",
            ),
        ]

    def __str__(self) -> str:
        return str(self.enterprise or self.association)


class CommitmentSide(models.TextChoices):
    CUSTOMS = "customs", _("Customs")
    BUSINESS = "business", _("Business")


class CommitmentStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")


class Commitment(AuditedModel):
    """A numbered clause of an agreement, owned by one side, optionally measurable and dated."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="commitments")
    number = models.PositiveSmallIntegerField(_("clause no."))
    side = models.CharField(_("side"), max_length=10, choices=CommitmentSide)
    text = models.TextField(_("commitment"))
    indicator = models.CharField(_("indicator"), max_length=255, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CommitmentStatus, default=CommitmentStatus.ON_TRACK, editable=False
    )

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="commitment_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", _("Continue as agreed")
    AMEND = "amend", _("Continue with amendments")
    RENEW = "renew", _("Renew")
    TERMINATE = "terminate", _("Terminate")


class AgreementReview(AuditedModel):
    """A periodic (usually annual) review: the outcome and the commitment statuses found at that time."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=ReviewOutcome)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("agreement review")
        verbose_name_plural = _("agreement reviews")
        ordering = ["agreement", "-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.agreement} @ {self.reviewed_on}"


class ReviewedCommitment(models.Model):
    """The status a commitment had at one review (the snapshot that makes the review history readable)."""

    review = models.ForeignKey(AgreementReview, on_delete=models.CASCADE, related_name="commitment_statuses")
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="review_statuses")
    status = models.CharField(_("status"), max_length=10, choices=CommitmentStatus)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "commitment"], name="reviewed_commitment_once"),
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id}: {self.status}"


class DocumentKind(models.TextChoices):
    SIGNED_SCAN = "signed_scan", _("Signed agreement (scan)")
    AMENDMENT = "amendment", _("Amendment")
    ACTION_PLAN = "action_plan", _("Action plan")
    MINUTES = "minutes", _("Minutes")
    OTHER = "other", _("Other")


class AgreementDocument(AuditedModel):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=12, choices=DocumentKind, default=DocumentKind.OTHER)
    title = models.CharField(_("title"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to="agreements/%Y/")
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)

    class Meta:
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")
        ordering = ["agreement", "-created_at"]

    def __str__(self) -> str:
        return self.title or self.file.name


class EventAction(models.TextChoices):
    CREATE = "create", pgettext_lazy("agreement event", "Created")
    EDIT = "edit", _("Details changed")
    PARTIES = "parties", _("Parties changed")
    COMMITMENT = "commitment", _("Commitment status changed")
    DOCUMENT = "document", _("Document attached")
    SUBMIT = "submit", _("Submitted for internal review")
    RETURN_TO_DRAFT = "return_to_draft", _("Returned to draft")
    NEGOTIATE = "negotiate", _("Sent for negotiation")
    APPROVE = "approve", _("Approved")
    SIGN = "sign", _("Signed")
    ACTIVATE = "activate", _("Activated")
    START_REVIEW = "start_review", _("Review started")
    RECORD_REVIEW = "record_review", _("Review recorded")
    SUSPEND = "suspend", pgettext_lazy("agreement event", "Suspended")
    RESUME = "resume", _("Resumed")
    RENEW = "renew", _("Renewal")
    AMEND = "amend", _("Amendment")
    EXPIRE = "expire", pgettext_lazy("agreement event", "Expired")
    TERMINATE = "terminate", pgettext_lazy("agreement event", "Terminated")


class AgreementEvent(models.Model):
    """One line of an agreement's history: who moved it from which status to which, and why."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=24, choices=EventAction)
    from_status = models.CharField(_("from"), max_length=16, choices=AgreementStatus, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=AgreementStatus, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("agreement event")
        verbose_name_plural = _("agreement events")
        ordering = ["agreement", "-at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.from_status}→{self.to_status}"
