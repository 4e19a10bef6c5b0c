"""Questions businesses raise (vướng mắc). This issue records them (e.g. asked in advance of a conference); the
answer workflow, deadline clock and categories come with the questions issue."""

from typing import Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from crm.models import AuditedModel, Branch, Contact, Enterprise
from dialogues.models.conferences import Conference


class QuestionChannel(models.TextChoices):
    PORTAL = "portal", _("Enterprise portal")
    CONFERENCE_ADVANCE = "conference_advance", _("Conference (sent in advance)")
    CONFERENCE_FLOOR = "conference_floor", _("Conference (asked on the spot)")
    HOTLINE = "hotline", _("Hotline")
    EMAIL = "email", _("Email")
    OFFICIAL_LETTER = "official_letter", _("Official letter")
    SOCIAL_GROUP = "social_group", _("Social-network support group")
    IN_PERSON = "in_person", _("In person")
    VC_PROGRAMME = "vc_programme", _("Voluntary-compliance programme")


class QuestionStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    TRIAGED = "triaged", _("Triaged")
    ASSIGNED = "assigned", _("Assigned")
    DRAFTING = "drafting", _("Drafting")
    PENDING_APPROVAL = "pending_approval", _("Pending approval")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    AWAITING_ENTERPRISE = "awaiting_enterprise", _("Awaiting the enterprise")
    ESCALATED = "escalated", _("Escalated")
    REOPENED = "reopened", _("Reopened")


class QuestionQuerySet(models.QuerySet["Question"]):
    def visible_to(self, user) -> Self:
        """Staff: questions received by their units; a portal user: their own enterprise's."""
        from crm import access

        if access.is_staff_member(user):
            return access.scope_by_branch(self, user, via="branch")
        enterprise_id = access.portal_enterprise_id(user)
        return self.filter(enterprise_id=enterprise_id) if enterprise_id else self.none()


class Question(AuditedModel):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    branch = models.ForeignKey(
        Branch, verbose_name=_("receiving unit"), on_delete=models.PROTECT, related_name="questions"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questions",
    )
    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=QuestionChannel)
    conference = models.ForeignKey(
        Conference,
        verbose_name=_("conference"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questions",
    )
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("question"))
    status = models.CharField(
        _("status"), max_length=20, choices=QuestionStatus, default=QuestionStatus.RECEIVED, editable=False
    )
    received_at = models.DateTimeField(_("received at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [
            # A unit's questions, newest first.
            models.Index(fields=["branch", "-received_at"], name="question_branch_received_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class QuestionSequence(models.Model):
    """The last reference number given in a year; locked while a question takes the next one (no gaps, no clash)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
