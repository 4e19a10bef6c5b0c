"""The public question bank: generalised questions and answers published for every business to find.

An entry is written from one or more answered questions (it keeps the links), anonymised, reviewed by a second person
and published. The public reads the *published* texts (`public_*`), a snapshot taken at approval: an editor may revise
the working texts (`question_vi`, `answer_vi`, …) of a live entry without the public seeing anything until the revision
is approved. `live` says whether the public sees the entry at all; `outdated_since` puts a notice on it (a legal
document it cites changed, or its review date passed) until it is re-approved.

On PostgreSQL the table also carries two stored generated columns that Django does not model (see migration 0003):
`search_vector` (accent-insensitive, the `crm_unaccent` text search configuration, GIN-indexed) and `search_exact`
(diacritics kept, used to rank exact matches first). `search_key` is the SQLite demo's fallback.

Status changes go through dialogues.services.bank only."""

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm.models import AuditedModel, Branch, Enterprise
from dialogues.models.legal import LegalDocument
from dialogues.models.questions import Question, QuestionCategory


class BankStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("bank entry status", "Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", pgettext_lazy("bank entry status", "Published")
    NEEDS_UPDATE = "needs_update", _("Needs update")
    ARCHIVED = "archived", pgettext_lazy("bank entry status", "Archived")


class BankEntryQuerySet(models.QuerySet["BankEntry"]):
    def visible_to(self, user) -> Self:
        """Staff: the entries of their units' subtree (headquarters: all). Everyone else: what is published."""
        from crm import access

        if access.is_staff_member(user):
            return access.scope_by_branch(self, user, via="branch")
        return self.public()

    def public(self) -> Self:
        return self.filter(live=True)


class BankEntry(AuditedModel):
    branch = models.ForeignKey(
        Branch, verbose_name=_("publishing unit"), on_delete=models.PROTECT, related_name="bank_entries"
    )
    category = models.CharField(_("category"), max_length=20, choices=QuestionCategory, default=QuestionCategory.OTHER)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=BankStatus, default=BankStatus.DRAFT, editable=False)

    # The working texts, edited by the branch (Vietnamese, English or both).
    question_vi = models.TextField(_("question (Vietnamese)"), blank=True)
    answer_vi = models.TextField(_("answer (Vietnamese)"), blank=True)
    question_en = models.TextField(_("question (English)"), blank=True)
    answer_en = models.TextField(_("answer (English)"), blank=True)

    # What the public reads: copied from the working texts when a revision is approved.
    public_question_vi = models.TextField(blank=True, editable=False)
    public_answer_vi = models.TextField(blank=True, editable=False)
    public_question_en = models.TextField(blank=True, editable=False)
    public_answer_en = models.TextField(blank=True, editable=False)
    # …and the approved classification (the approved legal basis is in BankPublicCitation).
    public_category = models.CharField(max_length=20, choices=QuestionCategory, blank=True, editable=False)
    public_tags = models.JSONField(default=list, blank=True, editable=False)
    search_key = models.TextField(blank=True, editable=False)  # the SQLite fallback: public texts without diacritics

    live = models.BooleanField(_("shown to the public"), default=False, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    flags_acknowledged = models.BooleanField(_("flagged details checked"), default=False, editable=False)
    review_note = models.TextField(_("reviewer's note"), blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    first_published_at = models.DateTimeField(_("first published at"), null=True, blank=True, editable=False)
    # The public "updated" date: the latest approval or review.
    published_at = models.DateTimeField(_("updated at"), null=True, blank=True, editable=False)
    review_due_on = models.DateField(_("review due on"), null=True, blank=True, editable=False)
    outdated_since = models.DateTimeField(_("flagged as outdated at"), null=True, blank=True, editable=False)
    outdated_reason = models.TextField(_("why it needs updating"), blank=True, editable=False)
    # The cited document that changed (None: the review date passed), to word the public notice in any language.
    outdated_document = models.ForeignKey(
        LegalDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)

    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    helpful_count = models.PositiveIntegerField(_("found it helpful"), default=0, editable=False)
    unhelpful_count = models.PositiveIntegerField(_("did not find it helpful"), default=0, editable=False)

    # The questions this entry answers (several questions can point to one entry).
    questions = models.ManyToManyField(
        Question, verbose_name=_("questions answered"), blank=True, related_name="bank_entries"
    )
    # The entries suggested to an enterprise while it typed a question it then submitted anyway.
    suggested_for = models.ManyToManyField(Question, blank=True, related_name="suggested_entries", editable=False)

    objects = BankEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("question bank entry")
        verbose_name_plural = _("question bank entries")
        indexes = [
            models.Index(fields=["live", "-view_count", "id"], name="bank_live_views_idx"),
            models.Index(fields=["live", "-published_at", "id"], name="bank_live_recent_idx"),
            models.Index(fields=["live", "public_category", "-view_count"], name="bank_live_category_idx"),
            models.Index(fields=["branch", "status"], name="bank_branch_status_idx"),
            models.Index(fields=["status", "review_due_on"], name="bank_status_review_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(live=False) | Q(first_published_at__isnull=False), name="bank_live_was_published"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def title(self) -> str:
        return (self.question_vi or self.question_en or "").strip().split("\n")[0][:120]

    def public_text(self, language: str) -> tuple[str, str, str]:
        """(question, answer, language shown) in the wanted language, falling back to the other one."""
        order = ("en", "vi") if language == "en" else ("vi", "en")
        for code in order:
            question = getattr(self, f"public_question_{code}")
            if question:
                return question, getattr(self, f"public_answer_{code}"), code
        return "", "", language

    @property
    def outdated_notice(self) -> str:
        """Why the entry is being reviewed, in the active language (empty when it is not)."""
        if self.outdated_since is None:
            return ""
        document = self.outdated_document
        if document is not None:
            return _("%(document)s is now “%(status)s”.") % {
                "document": f"{document.get_doc_type_display()} {document.number}",
                "status": document.get_status_display(),
            }
        return str(_("The review date has passed."))

    @property
    def languages(self) -> list[str]:
        return [code for code in ("vi", "en") if getattr(self, f"public_question_{code}")]


class BankCitation(models.Model):
    """A legal basis of the entry; when the document is amended or expires the entry is flagged for update."""

    entry = models.ForeignKey(BankEntry, on_delete=models.CASCADE, related_name="citations")
    document = models.ForeignKey(
        LegalDocument, verbose_name=_("legal document"), on_delete=models.PROTECT, related_name="bank_citations"
    )
    article = models.CharField(_("article / clause"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["entry", "id"]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.document_id} {self.article}"


class BankPublicCitation(models.Model):
    """The legal basis as last approved: what the public sees (copied from BankCitation on approval)."""

    entry = models.ForeignKey(BankEntry, on_delete=models.CASCADE, related_name="public_citations")
    document = models.ForeignKey(LegalDocument, on_delete=models.PROTECT, related_name="bank_public_citations")
    article = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["entry", "id"]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.document_id} {self.article}"


class BankVote(models.Model):
    """One "was this helpful?" answer per visitor and entry. `visitor` is a hash of the visitor's cookie (or of the
    user); `address` a hash of the network address, to cap how many votes one address may cast."""

    entry = models.ForeignKey(BankEntry, on_delete=models.CASCADE, related_name="votes")
    visitor = models.CharField(max_length=64)
    address = models.CharField(max_length=64)
    helpful = models.BooleanField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "visitor"], name="bank_vote_once_per_visitor")]
        indexes = [models.Index(fields=["address", "at"], name="bank_vote_address_idx")]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.helpful}"


class BankDeflection(models.Model):
    """An enterprise found its answer among the suggestions and did not submit its question."""

    entry = models.ForeignKey(BankEntry, on_delete=models.CASCADE, related_name="deflections")
    enterprise = models.ForeignKey(
        Enterprise, null=True, blank=True, on_delete=models.CASCADE, related_name="bank_deflections"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    query = models.TextField(_("what the enterprise typed"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("question answered by the bank")
        verbose_name_plural = _("questions answered by the bank")
        indexes = [models.Index(fields=["at"], name="bank_deflection_at_idx")]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.at:%Y-%m-%d}"
