"""Follow-up actions: every promise made at a conference or an agreement review, tracked to done with evidence."""

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm.models import AuditedModel, Branch, Enterprise
from dialogues.models.conferences import Conference
from partnerships.models import AgreementReview


class ActionType(models.TextChoices):
    WRITTEN_ANSWER = "written_answer", _("Send a written answer")
    ESCALATE = "escalate", _("Escalate to a higher level")
    LEGAL_AMENDMENT = "legal_amendment", _("Propose amending a legal document")
    INTERNAL_GUIDANCE = "internal_guidance", _("Issue internal guidance")
    TRAINING = "training", _("Training")
    WORKING_VISIT = "working_visit", _("Working visit")
    COORDINATE = "coordinate", _("Coordinate with another agency")
    IT_FIX = "it_fix", _("Fix an IT issue")
    PUBLISH_BANK_ENTRY = "publish_bank_entry", _("Publish a question-bank entry")
    OTHER = "other", _("Other")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", pgettext_lazy("action status", "Cancelled")
    REFERRED = "referred", _("Referred to another body")


ACTION_OPEN = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
# A conference's follow-up is closed when none of its actions is still open.
ACTION_SETTLED = (ActionStatus.DONE, ActionStatus.CANCELLED, ActionStatus.REFERRED)


class OwnerSide(models.TextChoices):
    CUSTOMS = "customs", _("Customs")
    BUSINESS = "business", _("Enterprise")


class ActionQuerySet(models.QuerySet["FollowUpAction"]):
    def visible_to(self, user) -> Self:
        from crm import access

        return access.scope_by_branch(self, user, via="branch")

    def overdue(self, today) -> Self:
        return self.filter(status__in=ACTION_OPEN, due_on__lt=today)


class FollowUpAction(AuditedModel):
    """Comes from exactly one source: a conference, an agreement review or a question (a database constraint)."""

    conference = models.ForeignKey(Conference, null=True, blank=True, on_delete=models.PROTECT, related_name="actions")
    agreement_review = models.ForeignKey(
        AgreementReview, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    question = models.ForeignKey(
        "dialogues.Question", null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    type = models.CharField(_("type"), max_length=20, choices=ActionType)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    branch = models.ForeignKey(
        Branch, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="actions"
    )
    owner_side = models.CharField(_("owner"), max_length=10, choices=OwnerSide, default=OwnerSide.CUSTOMS)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible officer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
    )
    owner_enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("responsible enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus, default=ActionStatus.OPEN, editable=False
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, editable=False)
    is_public = models.BooleanField(_("public"), default=False)
    referred_to = models.CharField(_("referred to"), max_length=255, blank=True, editable=False)
    status_reason = models.TextField(_("reason"), blank=True, editable=False)
    evidence_note = models.TextField(_("evidence"), blank=True, editable=False)
    evidence_file = models.FileField(_("evidence file"), upload_to="actions/%Y/", blank=True, editable=False)
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(conference__isnull=False, agreement_review__isnull=True, question__isnull=True)
                | Q(conference__isnull=True, agreement_review__isnull=False, question__isnull=True)
                | Q(conference__isnull=True, agreement_review__isnull=True, question__isnull=False),
                name="action_has_exactly_one_source",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="action_progress_percent"),
            models.CheckConstraint(
                condition=~Q(status="done") | ~Q(evidence_note="") | ~Q(evidence_file=""),
                name="action_done_has_evidence",
            ),
            models.CheckConstraint(
                condition=Q(owner_side="customs", owner_enterprise__isnull=True)
                | Q(owner_side="business", owner_enterprise__isnull=False),
                name="action_owner_matches_side",
            ),
        ]
        indexes = [
            # The action board: open actions by due date.
            models.Index(fields=["status", "due_on"], name="action_status_due_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class ActionProgress(models.Model):
    """One line of an action's progress log."""

    action = models.ForeignKey(FollowUpAction, on_delete=models.CASCADE, related_name="log")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        ordering = ["action", "-at", "-id"]

    def __str__(self) -> str:
        return f"{self.action_id} {self.progress}%"
