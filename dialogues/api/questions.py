"""API of the dialogues app: questions businesses raise, their answers (with legal basis), attachments, and the
one-time rating link.

Staff see the questions received by their branch's subtree and take every move. A portal user sees every question of
their own enterprise (not only their own) through separate serializers that carry no staff-only field: no assignee or
assigned unit, no internal dates or clock fields, no internal notes or files, no draft, returned or superseded answer
versions. A portal user may ask (create), reply to a request for information, reopen, rate, read the sent answers and
read or add attachments; every other route is a 403 for them.

Order of refusals: the role (portal user on a staff route → 403), then the scoped queryset (→ 404), then the body
(400), then the service's rules (400; 403 where a role is missing, e.g. approval by an officer).

The rating link (`question-ratings/{token}/`) needs no login: an unknown token is a 404, a used or expired one a 400.
"""

import os

from django.db.models import Prefetch
from django.http import FileResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
)
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle

from crm import access
from crm.api.exports import ExportMixin
from crm.api.serializers import ScopedFieldsMixin
from crm.models import Branch, Contact, Enterprise, User
from crm.taxcodes import normalise_tax_code
from dialogues import exports, selectors
from dialogues.api.actions import responsible_officer_choices
from dialogues.api.conferences import conferences_for
from dialogues.filters import QuestionFilter
from dialogues.models import (
    QUESTION_DONE,
    Answer,
    AnswerKind,
    AnswerSource,
    AnswerStatus,
    BankEntry,
    Citation,
    Conference,
    EscalationLevel,
    EventKind,
    LegalDocument,
    Question,
    QuestionAttachment,
    QuestionCategory,
    QuestionChannel,
    QuestionEvent,
    QuestionPriority,
    QuestionStatus,
    Rating,
)
from dialogues.services import bank as bank_services
from dialogues.services import questions as services
from partnerships.api.programmes import enum_field

QuestionStatusField = enum_field("QuestionStatusEnum", QuestionStatus.choices, "Status of a question.")
QuestionChannelField = enum_field("QuestionChannelEnum", QuestionChannel.choices, "How the question came in.")
QuestionCategoryField = enum_field("QuestionCategoryEnum", QuestionCategory.choices, "Subject area of a question.")
QuestionPriorityField = enum_field("QuestionPriorityEnum", QuestionPriority.choices, "Priority of a question.")
AnswerStatusField = enum_field(
    "AnswerStatusEnum", AnswerStatus.choices, "Status of an answer version (approved = sent to the enterprise)."
)
AnswerKindField = enum_field("AnswerKindEnum", AnswerKind.choices, "A final answer or an interim reply.")
AnswerSourceField = enum_field("AnswerSourceEnum", AnswerSource.choices, "Drafted by the branch or from the bank.")
EscalationLevelField = enum_field("EscalationLevelEnum", EscalationLevel.choices, "Where a question was escalated.")
QuestionEventKindField = enum_field("QuestionEventKindEnum", EventKind.choices, "Kind of a timeline entry.")

# The service's move names → the API route that takes the move (POST /api/v1/questions/{id}/<route>/).
ROUTE_OF_MOVE = {
    "triage": "triage",
    "assign": "assign",
    "draft": "answer",
    "submit": "submit",
    "return": "return",
    "approve": "approve",
    "request_info": "request-info",
    "provide_info": "reply",
    "escalate": "escalate",
    "extend": "extend",
    "answer_from_bank": "answer-from-bank",
    "merge": "merge",
    "close": "close",
    "reopen": "reopen",
}
QUESTION_ROUTES = [*ROUTE_OF_MOVE.values(), "rate"]
QuestionMoveField = enum_field(
    "QuestionMoveEnum", [(name, name) for name in QUESTION_ROUTES], "A move on a question (an API route name)."
)
ALLOWED_ACTIONS_HELP = gettext_lazy(
    "What the caller may do now: POST /api/v1/questions/{id}/<name>/ (the service re-checks every rule)."
)

# Routes open to portal users; every other route of the question viewset is a 403 for them.
PORTAL_ACTIONS = {"list", "export", "retrieve", "create", "reply", "reopen", "rate", "answers", "attachments"}


def allowed_routes(question: Question, user) -> list[str]:
    """The service's allowed moves as route names, plus `rate` while the enterprise's latest answer is unrated."""
    routes = [ROUTE_OF_MOVE[name] for name in services.allowed_actions(question, user)]
    if (
        not access.is_staff_member(user)
        and question.enterprise_id is not None
        and access.portal_enterprise_id(user) == question.enterprise_id
    ):
        ratings = getattr(question, "all_ratings", None)
        if ratings and ratings[-1].rated_at is None:
            routes.append("rate")
    return routes


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if request is not None else url


# --- Serializers: read (staff) -------------------------------------------------------------------------------------


class LegalCitationSerializer(serializers.Serializer):
    document = serializers.IntegerField(source="document.pk", read_only=True)
    number = serializers.CharField(source="document.number", read_only=True)
    doc_type = serializers.CharField(source="document.doc_type", read_only=True)
    title = serializers.CharField(source="document.title", read_only=True)
    document_status = serializers.CharField(source="document.status", read_only=True)
    article = serializers.CharField(read_only=True)


class AnswerSerializer(serializers.ModelSerializer):
    """One answer version, as staff see it."""

    kind = AnswerKindField(read_only=True)
    status = AnswerStatusField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    drafted_by_name = serializers.CharField(source="drafted_by.display_name", read_only=True, default=None)
    reviewed_by_name = serializers.CharField(source="reviewed_by.display_name", read_only=True, default=None)
    citations = LegalCitationSerializer(many=True, read_only=True)

    class Meta:
        model = Answer
        fields = [
            "id",
            "version",
            "kind",
            "status",
            "status_display",
            "body",
            "citations",
            "drafted_by",
            "drafted_by_name",
            "drafted_at",
            "reviewed_by",
            "reviewed_by_name",
            "reviewed_at",
            "review_note",
            "letter_number",
            "letter_date",
            "sent_at",
        ]
        read_only_fields = fields


class PortalAnswerSerializer(serializers.ModelSerializer):
    """A sent answer as the enterprise sees it: no reviewer, no internal review note."""

    kind = AnswerKindField(read_only=True)
    citations = LegalCitationSerializer(many=True, read_only=True)

    class Meta:
        model = Answer
        fields = ["id", "version", "kind", "body", "citations", "letter_number", "letter_date", "sent_at"]
        read_only_fields = fields


class QuestionEventSerializer(serializers.ModelSerializer):
    kind = QuestionEventKindField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    by_name = serializers.CharField(source="by.display_name", read_only=True, default=None)
    from_status = serializers.CharField(read_only=True, help_text=gettext_lazy("A QuestionStatus value, or empty."))
    to_status = serializers.CharField(read_only=True, help_text=gettext_lazy("A QuestionStatus value, or empty."))

    class Meta:
        model = QuestionEvent
        fields = ["id", "at", "kind", "kind_display", "by", "by_name", "from_status", "to_status", "text", "public"]
        read_only_fields = fields


class PortalQuestionEventSerializer(serializers.ModelSerializer):
    """A public timeline entry: what happened, not which officer did it."""

    kind = QuestionEventKindField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)

    class Meta:
        model = QuestionEvent
        fields = ["id", "at", "kind", "kind_display", "from_status", "to_status", "text"]
        read_only_fields = fields


class QuestionAttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = QuestionAttachment
        fields = ["id", "name", "size", "kind", "uploaded_by", "uploaded_at", "internal", "download_url"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, attachment) -> str:
        url = reverse("api:question-attachment-download", kwargs={"pk": attachment.pk})
        return _absolute(self.context.get("request"), url)


class PortalQuestionAttachmentSerializer(QuestionAttachmentSerializer):
    class Meta(QuestionAttachmentSerializer.Meta):
        fields = ["id", "name", "size", "kind", "uploaded_at", "download_url"]
        read_only_fields = fields


class RatingSerializer(serializers.ModelSerializer):
    """The enterprise's rating of the latest sent answer (never the link's token)."""

    answer_version = serializers.IntegerField(source="answer.version", read_only=True)

    class Meta:
        model = Rating
        fields = ["answer", "answer_version", "score", "comment", "rated_at", "expires_at"]
        read_only_fields = fields


class QuestionSerializer(serializers.ModelSerializer):
    """A row of the staff list."""

    status = QuestionStatusField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    channel = QuestionChannelField(read_only=True)
    channel_display = serializers.CharField(source="get_channel_display", read_only=True)
    category = QuestionCategoryField(read_only=True)
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    priority = QuestionPriorityField(read_only=True)
    branch_code = serializers.CharField(source="branch.code", read_only=True)
    branch_name = serializers.CharField(source="branch.name_vi", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name_vi", read_only=True, default=None)
    enterprise_tax_code = serializers.CharField(source="enterprise.tax_code", read_only=True, default=None)
    conference_title = serializers.CharField(source="conference.title", read_only=True, default=None)
    assigned_unit_name = serializers.CharField(source="assigned_unit.name_vi", read_only=True, default=None)
    assignee_name = serializers.CharField(source="assignee.display_name", read_only=True, default=None)
    is_paused = serializers.BooleanField(read_only=True)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = [
            "id",
            "reference",
            "title",
            "status",
            "status_display",
            "channel",
            "channel_display",
            "category",
            "category_display",
            "subcategory",
            "priority",
            "branch",
            "branch_code",
            "branch_name",
            "enterprise",
            "enterprise_name",
            "enterprise_tax_code",
            "asker_name",
            "conference",
            "conference_title",
            "hs_codes",
            "declaration_numbers",
            "received_at",
            "due_on",
            "internal_due_on",
            "is_paused",
            "is_overdue",
            "assigned_unit",
            "assigned_unit_name",
            "assignee",
            "assignee_name",
            "answered_at",
            "answered_on_time",
            "merged_into",
        ]
        read_only_fields = fields

    def get_is_overdue(self, question) -> bool:
        return (
            question.status not in QUESTION_DONE
            and question.paused_at is None
            and question.due_on is not None
            and question.due_on < timezone.localdate()
        )


class QuestionDetailSerializer(QuestionSerializer):
    """One question with everything staff see: clock, answers (every version), timeline, files and rating."""

    contact_name = serializers.CharField(source="contact.full_name", read_only=True, default=None)
    resume_status = serializers.CharField(read_only=True)
    answer_source = serializers.CharField(read_only=True)
    escalated_to = serializers.CharField(read_only=True)
    answered_from_reference = serializers.CharField(source="answered_from.reference", read_only=True, default=None)
    merged_into_reference = serializers.CharField(source="merged_into.reference", read_only=True, default=None)
    answers = AnswerSerializer(source="visible_answers", many=True, read_only=True)
    events = QuestionEventSerializer(source="visible_events", many=True, read_only=True)
    attachments = QuestionAttachmentSerializer(source="visible_attachments", many=True, read_only=True)
    rating = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField(help_text=ALLOWED_ACTIONS_HELP)

    class Meta(QuestionSerializer.Meta):
        fields = [
            *QuestionSerializer.Meta.fields,
            "body",
            "contact",
            "contact_name",
            "asker_email",
            "asker_phone",
            "submitted_by",
            "assigned_at",
            "allowed_working_days",
            "internal_working_days",
            "forward_due_at",
            "paused_at",
            "paused_working_days",
            "resume_status",
            "extension_days",
            "extension_reason",
            "first_response_at",
            "first_response_working_days",
            "answer_working_days",
            "answer_source",
            "answered_from",
            "answered_from_reference",
            "closed_at",
            "reopen_count",
            "escalated_to",
            "escalated_to_name",
            "escalated_at",
            "merged_into_reference",
            "answers",
            "events",
            "attachments",
            "rating",
            "allowed_actions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(RatingSerializer(allow_null=True))
    def get_rating(self, question):
        ratings = getattr(question, "all_ratings", None) or []
        return RatingSerializer(ratings[-1]).data if ratings else None

    @extend_schema_field(serializers.ListField(child=QuestionMoveField()))
    def get_allowed_actions(self, question) -> list[str]:
        return allowed_routes(question, self.context["request"].user)


# --- Serializers: read (portal) ------------------------------------------------------------------------------------


class PortalQuestionSerializer(serializers.ModelSerializer):
    """A row of the portal list: the enterprise's own question, without any staff-only field."""

    status = QuestionStatusField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    channel = QuestionChannelField(read_only=True)
    channel_display = serializers.CharField(source="get_channel_display", read_only=True)
    category = QuestionCategoryField(read_only=True)
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    branch_name = serializers.CharField(source="branch.name_vi", read_only=True)
    conference_title = serializers.CharField(source="conference.title", read_only=True, default=None)
    merged = serializers.SerializerMethodField(help_text=gettext_lazy("Merged into another question on the point."))

    class Meta:
        model = Question
        fields = [
            "id",
            "reference",
            "title",
            "status",
            "status_display",
            "channel",
            "channel_display",
            "category",
            "category_display",
            "subcategory",
            "branch_name",
            "conference",
            "conference_title",
            "hs_codes",
            "declaration_numbers",
            "received_at",
            "due_on",
            "answered_at",
            "closed_at",
            "merged",
        ]
        read_only_fields = fields

    def get_merged(self, question) -> bool:
        return question.merged_into_id is not None


class PortalQuestionDetailSerializer(PortalQuestionSerializer):
    """One question as its enterprise sees it: the sent answers (a merged duplicate shows those of the question it
    was merged into), the public timeline, the non-internal files and its rating."""

    escalated_to = serializers.CharField(read_only=True)
    answers = serializers.SerializerMethodField()
    events = PortalQuestionEventSerializer(source="visible_events", many=True, read_only=True)
    attachments = PortalQuestionAttachmentSerializer(source="visible_attachments", many=True, read_only=True)
    rating = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField(help_text=ALLOWED_ACTIONS_HELP)

    class Meta(PortalQuestionSerializer.Meta):
        fields = [
            *PortalQuestionSerializer.Meta.fields,
            "body",
            "asker_name",
            "extension_days",
            "extension_reason",
            "escalated_to",
            "answers",
            "events",
            "attachments",
            "rating",
            "allowed_actions",
        ]
        read_only_fields = fields

    @extend_schema_field(PortalAnswerSerializer(many=True))
    def get_answers(self, question):
        return PortalAnswerSerializer(selectors.sent_answers(question), many=True).data

    @extend_schema_field(RatingSerializer(allow_null=True))
    def get_rating(self, question):
        ratings = getattr(question, "all_ratings", None) or []
        return RatingSerializer(ratings[-1]).data if ratings else None

    @extend_schema_field(serializers.ListField(child=QuestionMoveField()))
    def get_allowed_actions(self, question) -> list[str]:
        return allowed_routes(question, self.context["request"].user)


# --- Serializers: write --------------------------------------------------------------------------------------------


class CodeListField(serializers.ListField):
    """A list of codes (or one text with commas, semicolons or new lines); the service checks each format."""

    child = serializers.CharField(max_length=40)

    def to_internal_value(self, data):
        if isinstance(data, str):
            return data
        return super().to_internal_value(data)


class StaffQuestionCreateSerializer(ScopedFieldsMixin, serializers.Serializer):
    """A question logged by staff from any channel. Name the enterprise by id or by tax code (matched among the
    enterprises of the caller's units); units, enterprises, contacts and conferences outside the scope read as
    missing ones."""

    scoped_fields = {
        "branch": lambda user: Branch.objects.visible_to(user),
        "enterprise": lambda user: Enterprise.objects.visible_to(user),
        "contact": lambda user: Contact.objects.visible_to(user),
        "conference": lambda user: conferences_for(user),
    }

    branch = serializers.PrimaryKeyRelatedField(
        queryset=Branch.objects.none(), help_text=gettext_lazy("Receiving unit; your own unit or one under it.")
    )
    channel = QuestionChannelField()
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.none(), required=False, allow_null=True)
    tax_code = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Instead of `enterprise`: the enterprise's tax code (one of your units' enterprises)."),
    )
    contact = serializers.PrimaryKeyRelatedField(queryset=Contact.objects.none(), required=False, allow_null=True)
    asker_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    asker_email = serializers.EmailField(required=False, allow_blank=True)
    asker_phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    conference = serializers.PrimaryKeyRelatedField(queryset=Conference.objects.none(), required=False, allow_null=True)
    title = serializers.CharField(max_length=255, required=False, allow_blank=True)
    body = serializers.CharField(required=False, allow_blank=True)
    category = QuestionCategoryField(required=False)
    subcategory = serializers.CharField(required=False, allow_blank=True, max_length=120)
    priority = QuestionPriorityField(required=False)
    hs_codes = CodeListField(required=False, help_text=gettext_lazy("4, 6 or 8 digits each, e.g. 8517.62.59."))
    declaration_numbers = CodeListField(required=False, help_text=gettext_lazy("12 digits each."))
    received_at = serializers.DateTimeField(
        required=False, help_text=gettext_lazy("When it was received (a letter or call logged later); default now.")
    )

    def validate(self, attrs):
        tax_code = (attrs.pop("tax_code", "") or "").strip()
        if tax_code:
            attrs["enterprise"] = self._enterprise_by_tax_code(tax_code, attrs.get("enterprise"))
        return attrs

    def _enterprise_by_tax_code(self, tax_code: str, given):
        from django.core.exceptions import ValidationError

        try:
            code = normalise_tax_code(tax_code)
        except ValidationError as exc:
            raise serializers.ValidationError({"tax_code": exc.messages}) from exc
        user = self.context["request"].user
        enterprise = Enterprise.objects.visible_to(user).filter(tax_code=code).first()
        if enterprise is None:
            raise serializers.ValidationError(
                {"tax_code": [_("No enterprise of your units has the tax code %(code)s.") % {"code": code}]}
            )
        if given is not None and given.pk != enterprise.pk:
            raise serializers.ValidationError(
                {"tax_code": [_("The tax code belongs to another enterprise than the one chosen.")]}
            )
        return enterprise


class PortalQuestionCreateSerializer(ScopedFieldsMixin, serializers.Serializer):
    """A question asked in the portal for the user's enterprise; its managing unit receives it. Other fields (unit,
    channel, priority…) are not the enterprise's to set and are ignored."""

    scoped_fields = {"conference": lambda user: conferences_for(user)}

    title = serializers.CharField(max_length=255)
    body = serializers.CharField()
    category = QuestionCategoryField(required=False)
    subcategory = serializers.CharField(required=False, allow_blank=True, max_length=120)
    hs_codes = CodeListField(required=False, help_text=gettext_lazy("4, 6 or 8 digits each, e.g. 8517.62.59."))
    declaration_numbers = CodeListField(required=False, help_text=gettext_lazy("12 digits each."))
    conference = serializers.PrimaryKeyRelatedField(
        queryset=Conference.objects.none(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("A conference your enterprise is invited to, if the question is for it."),
    )
    suggested_entries = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        max_length=20,
        help_text=gettext_lazy("The question bank entries suggested while the question was typed (ids)."),
    )


class QuestionUpdateSerializer(serializers.Serializer):
    """Intake details staff may correct while the question is open (the status never changes here)."""

    title = serializers.CharField(max_length=255, required=False)
    body = serializers.CharField(required=False)
    subcategory = serializers.CharField(required=False, allow_blank=True, max_length=120)
    asker_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    asker_email = serializers.EmailField(required=False, allow_blank=True)
    asker_phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    hs_codes = CodeListField(required=False)
    declaration_numbers = CodeListField(required=False)


class QuestionNoteInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class QuestionTriageSerializer(serializers.Serializer):
    category = QuestionCategoryField()
    priority = QuestionPriorityField()
    subcategory = serializers.CharField(required=False, allow_blank=True, max_length=120)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class QuestionAssignSerializer(ScopedFieldsMixin, serializers.Serializer):
    scoped_fields = {
        "unit": lambda user: Branch.objects.visible_to(user),
        "assignee": responsible_officer_choices,
    }

    unit = serializers.PrimaryKeyRelatedField(queryset=Branch.objects.none())
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("An officer of the unit (optional)."),
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class QuestionBulkAssignSerializer(QuestionAssignSerializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        min_length=1,
        max_length=200,
        help_text=gettext_lazy("Question ids."),
    )
    note = None


class QuestionBulkAssignedSerializer(serializers.Serializer):
    assigned = serializers.IntegerField()


class QuestionMessageSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=4000, help_text=gettext_lazy("What the enterprise should send."))


class QuestionReplySerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, max_length=8000)
    attachments = serializers.ListField(
        child=serializers.FileField(), required=False, help_text=gettext_lazy("PDF, JPEG or PNG (multipart).")
    )


class CitationInputSerializer(serializers.Serializer):
    document = serializers.PrimaryKeyRelatedField(queryset=LegalDocument.objects.all())
    article = serializers.CharField(required=False, allow_blank=True, max_length=120)


class QuestionAnswerSerializer(serializers.Serializer):
    body = serializers.CharField()
    citations = CitationInputSerializer(many=True, required=False)
    submit = serializers.BooleanField(
        required=False, default=False, help_text=gettext_lazy("Send the new version for approval at once.")
    )


class QuestionReturnSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=4000, help_text=gettext_lazy("What needs to change."))


class QuestionApproveSerializer(serializers.Serializer):
    letter_number = serializers.CharField(required=False, allow_blank=True, max_length=60)
    letter_date = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class QuestionEscalateSerializer(serializers.Serializer):
    level = EscalationLevelField()
    body_name = serializers.CharField(
        required=False, allow_blank=True, max_length=255, help_text=gettext_lazy("Required for another agency.")
    )
    interim_reply = serializers.CharField(help_text=gettext_lazy("Sent to the enterprise now."))


class QuestionExtendSerializer(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, help_text=gettext_lazy("Working days."))
    reason = serializers.CharField(max_length=4000)


class QuestionBankSerializer(ScopedFieldsMixin, serializers.Serializer):
    """Either `source` (an earlier answered question) or `entry` (a published question bank entry)."""

    scoped_fields = {
        "source": lambda user: Question.objects.visible_to(user),
        "entry": lambda user: BankEntry.objects.public(),
    }

    source = serializers.PrimaryKeyRelatedField(
        queryset=Question.objects.none(),
        required=False,
        help_text=gettext_lazy("An answered question of your units."),
    )
    entry = serializers.PrimaryKeyRelatedField(
        queryset=BankEntry.objects.none(),
        required=False,
        help_text=gettext_lazy("A published question bank entry (the question is then linked to it)."),
    )


class QuestionMergeSerializer(ScopedFieldsMixin, serializers.Serializer):
    scoped_fields = {"into": lambda user: Question.objects.visible_to(user)}

    into = serializers.PrimaryKeyRelatedField(
        queryset=Question.objects.none(), help_text=gettext_lazy("The question this one duplicates.")
    )


class QuestionReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000)


class QuestionRateSerializer(serializers.Serializer):
    score = serializers.IntegerField(help_text=gettext_lazy("1 (poor) to 5 (excellent)."))
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class QuestionNoteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=8000)


class QuestionAttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=gettext_lazy("PDF, JPEG or PNG (checked by content)."))
    internal = serializers.BooleanField(
        required=False, default=False, help_text=gettext_lazy("Staff only: never shown to the enterprise.")
    )


# --- Permissions and throttling ------------------------------------------------------------------------------------


class QuestionAccess(permissions.BasePermission):
    """Staff: every route. Portal users: the routes in PORTAL_ACTIONS (their queryset is their enterprise's)."""

    def has_permission(self, request, view):
        if access.is_staff_member(request.user):
            return True
        return access.portal_enterprise_id(request.user) is not None and view.action in PORTAL_ACTIONS


class RatingLinkThrottle(SimpleRateThrottle):
    """Per client address, signed in or not: the link needs no login, so it is the one guard against guessing."""

    scope = "question-rating"

    def get_rate(self):
        return self.THROTTLE_RATES.get(self.scope) or "30/min"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


# --- Viewsets ------------------------------------------------------------------------------------------------------

QUESTION_RESPONSE = PolymorphicProxySerializer(
    component_name="QuestionOrPortalQuestion",
    serializers=[QuestionDetailSerializer, PortalQuestionDetailSerializer],
    resource_type_field_name=None,
)


def _move_schema(summary: str, request=None):
    return extend_schema(summary=summary, request=request, responses=QUESTION_RESPONSE)


MULTIPART = [JSONParser, MultiPartParser, FormParser]


class QuestionViewSet(
    ExportMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Questions: staff their subtree's, portal users their enterprise's. Status changes only through the actions."""

    permission_classes = [QuestionAccess]
    filterset_class = QuestionFilter
    ordering_fields = ["received_at", "due_on", "reference"]
    export_basename = "questions"

    def get_export_columns(self):
        """Portal users export their enterprise's questions in the portal's words, without any staff-only field."""
        return exports.QUESTION_COLUMNS if self.staff else exports.PORTAL_QUESTION_COLUMNS

    def get_queryset(self):
        user = self.request.user
        if self.action == "retrieve":
            return selectors.question_detail_visible_to(user)
        return selectors.questions_visible_to(user)

    def filter_queryset(self, queryset):
        """The list filters and ordering apply to the list, not to one question."""
        if self.detail:
            return queryset
        return super().filter_queryset(queryset)

    @property
    def staff(self) -> bool:
        return access.is_staff_member(self.request.user)

    def get_serializer_class(self):
        if self.action == "create":
            return StaffQuestionCreateSerializer if self.staff else PortalQuestionCreateSerializer
        if self.action == "partial_update":
            return QuestionUpdateSerializer
        if self.action == "list":
            return QuestionSerializer if self.staff else PortalQuestionSerializer
        return QuestionDetailSerializer if self.staff else PortalQuestionDetailSerializer

    def _detail(self, question: Question, code: int = status.HTTP_200_OK) -> Response:
        question = selectors.question_detail_visible_to(self.request.user).get(pk=question.pk)
        serializer_class = QuestionDetailSerializer if self.staff else PortalQuestionDetailSerializer
        return Response(serializer_class(question, context=self.get_serializer_context()).data, status=code)

    def _payload(self, serializer_class, **kwargs) -> dict:
        payload = serializer_class(data=self.request.data, context=self.get_serializer_context(), **kwargs)
        payload.is_valid(raise_exception=True)
        return dict(payload.validated_data)

    @extend_schema(
        summary="Questions (portal users: their enterprise's, as PortalQuestion)",
        responses=PolymorphicProxySerializer(
            component_name="QuestionListItem",
            serializers=[QuestionSerializer, PortalQuestionSerializer],
            resource_type_field_name=None,
            many=True,
        ),
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="One question (portal users: the PortalQuestionDetail subset)", responses=QUESTION_RESPONSE)
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Log a question (staff, any channel) or ask one (portal users, for their enterprise)",
        request=PolymorphicProxySerializer(
            component_name="QuestionCreate",
            serializers=[StaffQuestionCreateSerializer, PortalQuestionCreateSerializer],
            resource_type_field_name=None,
        ),
        responses={201: QUESTION_RESPONSE},
    )
    def create(self, request, *args, **kwargs):
        if self.staff:
            question = services.record_question(by=request.user, **self._payload(StaffQuestionCreateSerializer))
        else:
            data = self._payload(PortalQuestionCreateSerializer)
            suggested = data.pop("suggested_entries", [])
            question = services.submit_question(by=request.user, **data)
            bank_services.record_suggestions(question=question, entry_ids=suggested)
        return self._detail(question, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Correct the intake details (staff; not once answered)",
        request=QuestionUpdateSerializer,
        responses=QuestionDetailSerializer,
    )
    def partial_update(self, request, *args, **kwargs):
        question = self.get_object()
        data = self._payload(QuestionUpdateSerializer, partial=True)
        return self._detail(services.update_question(question=question, by=request.user, **data))

    def _move(self, service, serializer_class=None, **extra) -> Response:
        question = self.get_object()  # out of scope → 404 before the body is read
        data = self._payload(serializer_class) if serializer_class is not None else {}
        service(question=question, by=self.request.user, **data, **extra)
        return self._detail(question)

    # --- Triage and assignment -----------------------------------------------------------------------------------

    @_move_schema("Classify the question (category and priority set the deadline)", QuestionTriageSerializer)
    @action(detail=True, methods=["post"])
    def triage(self, request, pk=None):
        return self._move(services.triage, QuestionTriageSerializer)

    @_move_schema("Assign to a unit inside the receiving unit and, optionally, an officer", QuestionAssignSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        return self._move(services.assign, QuestionAssignSerializer)

    @extend_schema(
        summary="Assign several questions at once (all or nothing)",
        request=QuestionBulkAssignSerializer,
        responses=QuestionBulkAssignedSerializer,
    )
    @action(detail=False, methods=["post"], url_path="bulk-assign", url_name="bulk-assign")
    def bulk_assign(self, request):
        data = self._payload(QuestionBulkAssignSerializer)
        ids = list(dict.fromkeys(data.pop("ids")))
        found = {q.pk: q for q in Question.objects.visible_to(request.user).filter(pk__in=ids)}
        missing = [str(pk) for pk in ids if pk not in found]
        if missing:
            message = _("Nothing was assigned: no such questions in your units: %(ids)s.") % {"ids": ", ".join(missing)}
            raise serializers.ValidationError({"ids": [message]})
        count = services.bulk_assign(questions=[found[pk] for pk in ids], by=request.user, **data)
        return Response(QuestionBulkAssignedSerializer({"assigned": count}).data)

    # --- Information from the enterprise -------------------------------------------------------------------------

    @_move_schema("Ask the enterprise for information (the deadline clock stops)", QuestionMessageSerializer)
    @action(detail=True, methods=["post"], url_path="request-info", url_name="request-info")
    def request_info(self, request, pk=None):
        return self._move(services.request_info, QuestionMessageSerializer)

    @extend_schema(
        summary="The enterprise's reply (portal users; staff record one received by phone or letter)",
        request={"application/json": QuestionReplySerializer, "multipart/form-data": QuestionReplySerializer},
        responses=QUESTION_RESPONSE,
    )
    @action(detail=True, methods=["post"], parser_classes=MULTIPART)
    def reply(self, request, pk=None):
        return self._move(services.provide_info, QuestionReplySerializer)

    # --- Answers -------------------------------------------------------------------------------------------------

    @_move_schema(
        "Save a new version of the answer with its legal basis; `submit` sends it for approval",
        QuestionAnswerSerializer,
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        question = self.get_object()
        data = self._payload(QuestionAnswerSerializer)
        citations = [(c["document"], c.get("article", "")) for c in data.get("citations", [])]
        services.draft_answer(
            question=question, by=request.user, body=data["body"], citations=citations, submit=data["submit"]
        )
        return self._detail(question)

    @_move_schema("Send the latest draft for approval")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._move(services.submit_answer)

    @_move_schema("Return the submitted answer to the officer (managers)", QuestionReturnSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_answer(self, request, pk=None):
        return self._move(services.return_answer, QuestionReturnSerializer)

    @_move_schema("Approve and send the submitted answer (managers)", QuestionApproveSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._move(services.approve_answer, QuestionApproveSerializer)

    @_move_schema("Answer with the approved answer of an earlier question (the question bank)", QuestionBankSerializer)
    @action(detail=True, methods=["post"], url_path="answer-from-bank", url_name="answer-from-bank")
    def answer_from_bank(self, request, pk=None):
        return self._move(services.answer_from_bank, QuestionBankSerializer)

    @extend_schema(
        summary="Answer versions: staff every version; portal users the sent answers only",
        responses=PolymorphicProxySerializer(
            component_name="AnswerOrPortalAnswer",
            serializers=[AnswerSerializer, PortalAnswerSerializer],
            resource_type_field_name=None,
            many=True,
        ),
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def answers(self, request, pk=None):
        question = self.get_object()
        if self.staff:
            rows = (
                question.answers.select_related("drafted_by", "reviewed_by")
                .prefetch_related(Prefetch("citations", queryset=Citation.objects.select_related("document")))
                .order_by("version")
            )
            return Response(AnswerSerializer(rows, many=True).data)
        return Response(PortalAnswerSerializer(selectors.sent_answers(question), many=True).data)

    # --- Escalation, deadline, merge, close ----------------------------------------------------------------------

    @_move_schema("Escalate with an interim reply to the enterprise", QuestionEscalateSerializer)
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        return self._move(services.escalate, QuestionEscalateSerializer)

    @_move_schema("Extend the deadline once, with a reason the enterprise sees", QuestionExtendSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        return self._move(services.extend_deadline, QuestionExtendSerializer)

    @_move_schema("Close this question as a duplicate of another", QuestionMergeSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        return self._move(services.merge, QuestionMergeSerializer)

    @_move_schema("Close an answered question", QuestionNoteInputSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._move(services.close, QuestionNoteInputSerializer)

    @_move_schema("Reopen within the reopening window (staff or the enterprise)", QuestionReasonSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._move(services.reopen, QuestionReasonSerializer)

    # --- The enterprise's rating ---------------------------------------------------------------------------------

    @_move_schema("Rate the latest sent answer, 1 to 5 (portal users of the enterprise)", QuestionRateSerializer)
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        return self._move(services.rate, QuestionRateSerializer)

    # --- Internal notes ------------------------------------------------------------------------------------------

    @extend_schema(methods=["GET"], summary="Internal notes (staff only)", responses=QuestionEventSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        summary="Add an internal note (never shown to the enterprise)",
        request=QuestionNoteSerializer,
        responses={201: QuestionEventSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def notes(self, request, pk=None):
        question = self.get_object()
        if request.method == "POST":
            data = self._payload(QuestionNoteSerializer)
            note = services.add_note(question=question, by=request.user, text=data["text"])
            note = QuestionEvent.objects.select_related("by").get(pk=note.pk)
            return Response(QuestionEventSerializer(note).data, status=status.HTTP_201_CREATED)
        rows = question.events.filter(kind=EventKind.NOTE).select_related("by").order_by("at", "id")
        return Response(QuestionEventSerializer(rows, many=True).data)

    # --- Attachments ---------------------------------------------------------------------------------------------

    @extend_schema(
        methods=["GET"],
        summary="Files (portal users: the non-internal ones)",
        responses=PolymorphicProxySerializer(
            component_name="QuestionAttachmentOrPortal",
            serializers=[QuestionAttachmentSerializer, PortalQuestionAttachmentSerializer],
            resource_type_field_name=None,
            many=True,
        ),
    )
    @extend_schema(
        methods=["POST"],
        summary="Upload a PDF, JPEG or PNG (size, type and count limits; `internal` for staff-only files)",
        request={"multipart/form-data": QuestionAttachmentUploadSerializer},
        responses={201: QuestionAttachmentSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        pagination_class=None,
        filter_backends=[],
        parser_classes=[MultiPartParser, FormParser],
    )
    def attachments(self, request, pk=None):
        question = self.get_object()
        serializer_class = QuestionAttachmentSerializer if self.staff else PortalQuestionAttachmentSerializer
        context = self.get_serializer_context()
        if request.method == "POST":
            data = self._payload(QuestionAttachmentUploadSerializer)
            attachment = services.add_attachment(
                question=question, by=request.user, upload=data["file"], internal=data["internal"]
            )
            return Response(serializer_class(attachment, context=context).data, status=status.HTTP_201_CREATED)
        rows = question.attachments.order_by("uploaded_at", "id")
        if not self.staff:
            rows = rows.filter(internal=False)
        return Response(serializer_class(rows, many=True, context=context).data)


class QuestionAttachmentViewSet(viewsets.GenericViewSet):
    """Downloads of question files, streamed only when the question is visible to the caller and, for portal users,
    the file is not internal (otherwise 404: media URLs are never handed out)."""

    def get_queryset(self):
        user = self.request.user
        rows = QuestionAttachment.objects.filter(question__in=Question.objects.visible_to(user))
        if not access.is_staff_member(user):
            rows = rows.filter(internal=False)
        return rows

    @extend_schema(
        summary="Download a question's file",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            404: OpenApiResponse(description="No such file on a question the caller may see."),
        },
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def download(self, request, pk=None):
        attachment = self.get_object()
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as exc:
            raise NotFound(_("The file is missing from storage.")) from exc
        name = attachment.name or os.path.basename(attachment.file.name)
        return FileResponse(handle, as_attachment=True, filename=name)


# --- The one-time rating link (no login) ---------------------------------------------------------------------------


class RatingLinkSerializer(serializers.Serializer):
    """What the link shows: the question and the answer to rate, nothing else."""

    reference = serializers.CharField(source="question.reference", read_only=True)
    title = serializers.CharField(source="question.title", read_only=True)
    answer = serializers.CharField(source="answer.body", read_only=True)


class RatingGivenSerializer(serializers.Serializer):
    reference = serializers.CharField(source="question.reference", read_only=True)
    score = serializers.IntegerField(read_only=True)
    comment = serializers.CharField(read_only=True)
    rated_at = serializers.DateTimeField(read_only=True)


class RatingLinkViewSet(viewsets.GenericViewSet):
    """GET shows what the emailed link rates; POST gives the score. Unknown token → 404; used or expired → 400."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_classes = [RatingLinkThrottle]
    lookup_field = "token"
    lookup_value_regex = r"[A-Za-z0-9_\-]+"
    serializer_class = RatingLinkSerializer
    pagination_class = None
    filter_backends = []

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        """The router maps only GET/PUT/PATCH/DELETE on a detail route; the link also takes a POST (the rating)."""
        if actions and actions.get("get") == "retrieve":
            actions = {**actions, "post": "rate"}
        return super().as_view(actions, **initkwargs)

    def _rating(self) -> Rating:
        token = self.kwargs["token"]
        if not Rating.objects.filter(token=token).exists():
            raise NotFound(_("This rating link is not valid."))
        return services.rating_for_token(token)  # used or expired → DomainError → 400

    @extend_schema(
        summary="What a rating link rates (no login)",
        responses={
            200: RatingLinkSerializer,
            400: OpenApiResponse(description="The link was already used, or has expired."),
            404: OpenApiResponse(description="No such link."),
        },
    )
    def retrieve(self, request, token=None):
        return Response(RatingLinkSerializer(self._rating()).data)

    @extend_schema(
        summary="Rate the answer from the link, 1 to 5 (no login; the link works once)",
        request=QuestionRateSerializer,
        responses={
            200: RatingGivenSerializer,
            400: OpenApiResponse(description="A bad score, or the link was already used or has expired."),
            404: OpenApiResponse(description="No such link."),
        },
    )
    def rate(self, request, token=None):
        self._rating()
        payload = QuestionRateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        rating = services.rate_by_token(token=token, **payload.validated_data)
        rating = Rating.objects.select_related("question").get(pk=rating.pk)
        return Response(RatingGivenSerializer(rating).data)


def register(router) -> None:
    """Add this module's viewsets to the one API router."""
    router.register("questions", QuestionViewSet, basename="question")
    router.register("question-attachments", QuestionAttachmentViewSet, basename="question-attachment")
    router.register("question-ratings", RatingLinkViewSet, basename="question-rating")
