"""The notification outbox: a row written in the same transaction as the action that notifies; delivered later."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from crm.models.base import AuditedModel


class NotificationKind(models.TextChoices):
    CONFERENCE_INVITATION = "conference_invitation", _("Conference invitation")
    REGISTRATION_CONFIRMED = "registration_confirmed", _("Registration confirmed")
    REGISTRATION_WAITLISTED = "registration_waitlisted", _("Registration on the waiting list")
    ACTION_ASSIGNED = "action_assigned", _("Follow-up action assigned")
    QUESTION_RECEIVED = "question_received", _("Question received")
    QUESTION_ASSIGNED = "question_assigned", _("Question assigned")
    QUESTION_INFO_REQUESTED = "question_info_requested", _("More information requested")
    QUESTION_AWAITING_APPROVAL = "question_awaiting_approval", _("Answer awaiting approval")
    QUESTION_ANSWERED = "question_answered", _("Question answered")
    QUESTION_ESCALATED = "question_escalated", _("Question escalated")
    PORTAL_INVITATION = "portal_invitation", _("Portal invitation")
    PORTAL_SIGNUP_DECIDED = "portal_signup_decided", _("Portal sign-up decided")
    # Reminders, found by the beat-driven scans (one per subject, kind and window: see crm.services.reminders).
    ACTION_DUE = "action_due", _("Follow-up action due")
    ACTION_OVERDUE = "action_overdue", _("Follow-up action overdue")
    ACTION_ESCALATED = "action_escalated", _("Overdue action escalated to you")
    QUESTION_DEADLINE_APPROACHING = "question_deadline_approaching", _("Answer deadline approaching")
    QUESTION_DEADLINE_BREACHED = "question_deadline_breached", _("Answer deadline breached")
    QUESTION_WAITING = "question_waiting", _("Question waiting for your reply")
    AGREEMENT_REVIEW_DUE = "agreement_review_due", _("Agreement review due")
    AGREEMENT_EXPIRING = "agreement_expiring", _("Agreement expiring")
    CONFERENCE_UPCOMING = "conference_upcoming", _("Conference coming up")
    CONFERENCE_NOT_CLOSED = "conference_not_closed", _("Conference report missing")
    BANK_ENTRY_NEEDS_UPDATE = "bank_entry_needs_update", _("Question-bank entry needs updating")
    WEEKLY_DIGEST = "weekly_digest", _("Weekly digest")


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed (will retry)")
    DEAD = "dead", _("Failed (gave up)")


class Notification(models.Model):
    """One message to one recipient (a user, or a contact by email). `dedupe_key` makes every send idempotent."""

    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    email = models.EmailField(_("email"), blank=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=8, default="vi")
    subject = models.CharField(_("about"), max_length=80, help_text=_("e.g. conference:12"))
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, unique=True)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=NotificationStatus, default=NotificationStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Delivery: the next try (after a transient failure, with backoff) and the lease of the worker sending it now
    # (a worker that dies mid-send leaves the lease to expire; the message is then sent again with the same
    # Message-ID, which mail systems treat as the same message).
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    claimed_until = models.DateTimeField(_("being sent until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False) | ~models.Q(email=""), name="notification_has_recipient"
            ),
        ]
        indexes = [
            # The delivery scan: pending messages, oldest first.
            models.Index(fields=["status", "created_at"], name="notification_pending_idx"),
            models.Index(fields=["status", "next_attempt_at"], name="notification_retry_idx"),
            # A user's inbox, newest first.
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id or self.email}"


class NotificationMute(models.Model):
    """A kind of message the user does not want by email (it still appears in the in-app inbox)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_mutes")
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind)

    class Meta:
        verbose_name = _("muted notification kind")
        verbose_name_plural = _("muted notification kinds")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_mute_unique")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"


class TaskRun(models.Model):
    """When a periodic task last ran and what it did (the operations page shows it: a beat that stopped is seen)."""

    name = models.CharField(_("task"), max_length=100, unique=True)
    started_at = models.DateTimeField(_("last started at"))
    finished_at = models.DateTimeField(_("last finished at"), null=True, blank=True)
    result = models.JSONField(_("last result"), default=dict, blank=True)

    class Meta:
        verbose_name = _("task run")
        verbose_name_plural = _("task runs")

    def __str__(self) -> str:
        return f"{self.name} {self.started_at:%Y-%m-%d %H:%M}"


class ReminderRule(models.TextChoices):
    """The reminders a branch can tune; the defaults (in crm.services.reminders.RULES) apply without a setting."""

    ACTION_DUE = "action_due", _("Follow-up action due")
    ACTION_OVERDUE = "action_overdue", _("Follow-up action overdue")
    ACTION_ESCALATION = "action_escalation", _("Overdue action escalated to the manager")
    QUESTION_DEADLINE = "question_deadline", _("Answer deadline approaching")
    QUESTION_BREACH = "question_breach", _("Answer deadline breached")
    QUESTION_WAITING = "question_waiting", _("Question waiting for the enterprise")
    AGREEMENT_REVIEW = "agreement_review", _("Agreement review due")
    AGREEMENT_EXPIRY = "agreement_expiry", _("Agreement expiring")
    CONFERENCE_UPCOMING = "conference_upcoming", _("Conference coming up")
    CONFERENCE_NOT_CLOSED = "conference_not_closed", _("Conference report missing")


class ReminderSetting(AuditedModel):
    """A branch's own offsets and recipients for one reminder; it applies to the branch's whole subtree unless a
    unit below has its own."""

    branch = models.ForeignKey(
        "crm.Branch", verbose_name=_("customs unit"), on_delete=models.CASCADE, related_name="reminder_settings"
    )
    rule = models.CharField(_("reminder"), max_length=32, choices=ReminderRule)
    enabled = models.BooleanField(_("send this reminder"), default=True)
    days = models.JSONField(_("days"), default=list, blank=True)
    copy_managers = models.BooleanField(_("also send to the unit's managers"), default=False)

    class Meta:
        verbose_name = _("reminder setting")
        verbose_name_plural = _("reminder settings")
        constraints = [models.UniqueConstraint(fields=["branch", "rule"], name="reminder_setting_unique")]

    def __str__(self) -> str:
        return f"{self.branch_id}: {self.rule} {self.days}"
