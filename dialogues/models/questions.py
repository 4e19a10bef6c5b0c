"""Questions businesses raise (vướng mắc) and their answers: intake from every channel, a working-day deadline clock
that pauses while waiting for the enterprise, answers with their legal basis approved by a manager, escalation,
merging of duplicates, and the enterprise's rating of the answer.

Status changes go through dialogues.services.questions only (the MOVES table there)."""

import secrets
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm.models import AuditedModel, Branch, Contact, Enterprise
from dialogues.models.conferences import Conference
from dialogues.models.legal import LegalDocument


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
    ASSIGNED = "assigned", pgettext_lazy("question status", "Assigned")
    DRAFTING = "drafting", _("Drafting")
    PENDING_APPROVAL = "pending_approval", _("Pending approval")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", pgettext_lazy("question status", "Closed")
    AWAITING_ENTERPRISE = "awaiting_enterprise", _("Awaiting the enterprise")
    ESCALATED = "escalated", pgettext_lazy("question status", "Escalated")
    REOPENED = "reopened", _("Reopened")


# Still on the branch's books: the deadline clock applies (paused while awaiting the enterprise).
QUESTION_OPEN = (
    QuestionStatus.RECEIVED,
    QuestionStatus.TRIAGED,
    QuestionStatus.ASSIGNED,
    QuestionStatus.DRAFTING,
    QuestionStatus.PENDING_APPROVAL,
    QuestionStatus.AWAITING_ENTERPRISE,
    QuestionStatus.ESCALATED,
    QuestionStatus.REOPENED,
)
QUESTION_DONE = (QuestionStatus.ANSWERED, QuestionStatus.CLOSED)


class QuestionCategory(models.TextChoices):
    """The 15 subject areas of customs questions."""

    CLASSIFICATION = "classification", _("Tariff classification (HS code)")
    VALUATION = "valuation", _("Customs valuation")
    ORIGIN = "origin", _("Origin and FTAs (C/O)")
    PROCEDURES = "procedures", _("Declaration procedures")
    INSPECTION = "inspection", _("Inspection and supervision")
    DUTIES = "duties", _("Duties, exemptions and refunds")
    PROCESSING = "processing", _("Processing, production for export, EPEs")
    SPECIALISED = "specialised", _("Specialised inspection and licences")
    POST_CLEARANCE = "post_clearance", _("Post-clearance audit")
    PENALTIES = "penalties", _("Penalties and complaints")
    AEO = "aeo", _("AEO and compliance level")
    IT_SYSTEMS = "it_systems", _("IT systems (VNACCS, e-payment, VASSCM)")
    IPR = "ipr", _("Intellectual property and counterfeits")
    BORDER_ECOMMERCE = "border_ecommerce", _("Border trade, e-commerce, express")
    OTHER = "other", pgettext_lazy("question category", "Other")


class QuestionPriority(models.TextChoices):
    NORMAL = "normal", pgettext_lazy("priority", "Normal")
    HIGH = "high", pgettext_lazy("priority", "High")
    URGENT = "urgent", pgettext_lazy("priority", "Urgent")


class EscalationLevel(models.TextChoices):
    DEPARTMENT = "department", _("Customs Department")
    MINISTRY = "ministry", _("Ministry of Finance")
    OTHER_AGENCY = "other_agency", _("Another agency")


class AnswerSource(models.TextChoices):
    DRAFTED = "drafted", _("Drafted by the branch")
    BANK = "bank", _("From the question bank")


class QuestionQuerySet(models.QuerySet["Question"]):
    def visible_to(self, user) -> Self:
        """Staff: questions received by their units; a portal user: every question of their own enterprise."""
        from crm import access

        if access.is_staff_member(user):
            return access.scope_by_branch(self, user, via="branch")
        enterprise_id = access.portal_enterprise_id(user)
        return self.filter(enterprise_id=enterprise_id) if enterprise_id else self.none()

    def open(self) -> Self:
        return self.filter(status__in=QUESTION_OPEN)


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
    # Who asked, when the asker is not a registered contact (a hotline caller, an email sender).
    asker_name = models.CharField(_("asked by"), max_length=150, blank=True)
    asker_email = models.EmailField(_("asker's email"), blank=True)
    asker_phone = models.CharField(_("asker's phone"), max_length=30, blank=True)
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
    category = models.CharField(_("category"), max_length=20, choices=QuestionCategory, default=QuestionCategory.OTHER)
    subcategory = models.CharField(_("subcategory"), max_length=120, blank=True)
    priority = models.CharField(_("priority"), max_length=10, choices=QuestionPriority, default=QuestionPriority.NORMAL)
    hs_codes = models.JSONField(_("HS codes"), default=list, blank=True)
    declaration_numbers = models.JSONField(_("declaration numbers"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=QuestionStatus, default=QuestionStatus.RECEIVED, editable=False
    )
    received_at = models.DateTimeField(_("received at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # Who works on it.
    assigned_unit = models.ForeignKey(
        Branch,
        verbose_name=_("assigned unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_questions",
        editable=False,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned officer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_questions",
        editable=False,
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True, editable=False)

    # The deadline clock (working days; see dialogues.services.questions).
    allowed_working_days = models.PositiveSmallIntegerField(_("working days allowed"), default=10, editable=False)
    internal_working_days = models.PositiveSmallIntegerField(
        _("internal target (working days)"), default=7, editable=False
    )
    due_on = models.DateField(_("due on"), null=True, blank=True, editable=False)
    internal_due_on = models.DateField(_("internal target"), null=True, blank=True, editable=False)
    forward_due_at = models.DateTimeField(_("forward by"), null=True, blank=True, editable=False)
    # The clock counts from receipt, or from the day a question was reopened.
    clock_start = models.DateField(_("clock started on"), null=True, blank=True, editable=False)
    paused_at = models.DateTimeField(_("paused since"), null=True, blank=True, editable=False)
    paused_working_days = models.PositiveSmallIntegerField(_("working days paused"), default=0, editable=False)
    resume_status = models.CharField(max_length=20, choices=QuestionStatus, blank=True, editable=False)
    extension_days = models.PositiveSmallIntegerField(_("extension (working days)"), default=0, editable=False)
    extension_reason = models.TextField(_("reason for the extension"), blank=True, editable=False)

    # What happened when (for the dashboard's on-time rate and medians).
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True, editable=False)
    first_response_working_days = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    answer_working_days = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    last_answered_at = models.DateTimeField(_("last answered at"), null=True, blank=True, editable=False)
    answered_on_time = models.BooleanField(_("answered on time"), null=True, blank=True, editable=False)
    answer_source = models.CharField(
        _("answer source"), max_length=10, choices=AnswerSource, blank=True, editable=False
    )
    answered_from = models.ForeignKey(
        "self",
        verbose_name=_("answer reused from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0, editable=False)

    escalated_to = models.CharField(
        _("escalated to"), max_length=20, choices=EscalationLevel, blank=True, editable=False
    )
    escalated_to_name = models.CharField(_("receiving body"), max_length=255, blank=True, editable=False)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
        editable=False,
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        indexes = [
            # A unit's questions, newest first.
            models.Index(fields=["branch", "-received_at"], name="question_branch_received_idx"),
            # The inbox: open questions by deadline; an officer's own.
            models.Index(fields=["status", "due_on"], name="question_status_due_idx"),
            models.Index(fields=["assignee", "status"], name="question_assignee_status_idx"),
            models.Index(fields=["enterprise", "-received_at"], name="question_enterprise_idx"),
            # Headquarters' list of every question, newest first.
            models.Index(models.F("received_at").desc(), models.F("id").desc(), name="question_received_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(merged_into=models.F("id")), name="question_not_merged_into_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None


class QuestionSequence(models.Model):
    """The last reference number given in a year; locked while a question takes the next one (no gaps, no clash)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class DeadlinePolicy(models.Model):
    """How many working days a question may take, by category and priority (blank matches any). The most specific
    matching row wins; without one, settings.QUESTION_DEFAULT_WORKING_DAYS applies."""

    category = models.CharField(_("category"), max_length=20, choices=QuestionCategory, blank=True)
    priority = models.CharField(_("priority"), max_length=10, choices=QuestionPriority, blank=True)
    working_days = models.PositiveSmallIntegerField(_("working days to answer"))
    internal_working_days = models.PositiveSmallIntegerField(_("internal target (working days)"))

    class Meta:
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")
        constraints = [
            models.UniqueConstraint(fields=["category", "priority"], name="deadline_policy_unique"),
            models.CheckConstraint(
                condition=Q(internal_working_days__lte=models.F("working_days")),
                name="deadline_policy_internal_stricter",
            ),
            models.CheckConstraint(condition=Q(working_days__gte=1), name="deadline_policy_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.category or '*'}/{self.priority or '*'}: {self.working_days}"


class AnswerKind(models.TextChoices):
    FINAL = "final", _("Answer")
    INTERIM = "interim", _("Interim reply")


class AnswerStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("answer status", "Draft")
    SUBMITTED = "submitted", _("Awaiting approval")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", pgettext_lazy("answer status", "Sent")
    SUPERSEDED = "superseded", _("Superseded")


class Answer(models.Model):
    """One version of an answer. A new draft supersedes the previous one; approved versions are what the enterprise
    sees. An interim reply (sent when escalating) is approved as it is sent."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    version = models.PositiveSmallIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=10, choices=AnswerKind, default=AnswerKind.FINAL)
    body = models.TextField(_("answer"))
    status = models.CharField(_("status"), max_length=12, choices=AnswerStatus, default=AnswerStatus.DRAFT)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("reviewer's note"), blank=True)
    letter_number = models.CharField(_("official letter number"), max_length=60, blank=True)
    letter_date = models.DateField(_("official letter date"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["question", "version"]
        constraints = [
            models.UniqueConstraint(fields=["question", "version"], name="answer_version_unique"),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(sent_at__isnull=False), name="answer_sent_when_approved"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id} v{self.version}"


class Citation(models.Model):
    """A legal basis of an answer: a document and, where it matters, the article or clause."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="citations")
    document = models.ForeignKey(
        LegalDocument, verbose_name=_("legal document"), on_delete=models.PROTECT, related_name="citations"
    )
    article = models.CharField(_("article / clause"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["answer", "id"]

    def __str__(self) -> str:
        return f"{self.document_id} {self.article}"


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    STATUS = "status", _("Status changed")
    NOTE = "note", _("Internal note")
    INFO_REQUESTED = "info_requested", _("Information requested")
    ENTERPRISE_REPLY = "enterprise_reply", _("Reply from the enterprise")
    EXTENDED = "extended", _("Deadline extended")
    MERGED = "merged", _("Merged")


class QuestionEvent(models.Model):
    """The question's timeline. `public` events are shown to the enterprise; internal notes never are."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind)
    from_status = models.CharField(max_length=20, choices=QuestionStatus, blank=True)
    to_status = models.CharField(max_length=20, choices=QuestionStatus, blank=True)
    text = models.TextField(_("text"), blank=True)
    public = models.BooleanField(_("shown to the enterprise"), default=False)

    class Meta:
        verbose_name = _("question event")
        verbose_name_plural = _("question events")
        ordering = ["question", "at", "id"]
        indexes = [models.Index(fields=["question", "at"], name="question_event_idx")]

    def __str__(self) -> str:
        return f"{self.question_id} {self.kind}"


class QuestionAttachment(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="questions/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    kind = models.CharField(_("type"), max_length=10)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    internal = models.BooleanField(_("internal (staff only)"), default=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["question", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


def _rating_token() -> str:
    return secrets.token_urlsafe(24)


class Rating(models.Model):
    """The enterprise's satisfaction with an answer: requested when the answer is sent, given once (in the portal or
    from the one-time link, which needs no login and expires)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="ratings")
    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="rating")
    token = models.CharField(max_length=64, unique=True, default=_rating_token, editable=False)
    expires_at = models.DateTimeField(_("link expires at"))
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True, rated_at__isnull=True) | Q(score__isnull=False, rated_at__isnull=False),
                name="rating_score_with_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.score}"
