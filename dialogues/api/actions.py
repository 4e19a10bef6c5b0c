"""API of the dialogues app: follow-up actions (from a conference or an agreement review), tracked to done.

Staff only. Order of refusals on an action route: the scoped queryset first (outside the caller's subtree → 404),
then the body (400), then the service's rules (400). The evidence file is streamed only through the scoped route.
"""

import os

from django.http import FileResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from crm import access
from crm.api.exports import ExportMixin
from crm.api.permissions import IsStaffMember
from crm.api.serializers import ScopedFieldsMixin
from crm.models import Branch, Enterprise, User
from dialogues import selectors
from dialogues.exports import ACTION_COLUMNS
from dialogues.filters import ActionFilter
from dialogues.models import (
    ActionProgress,
    ActionStatus,
    ActionType,
    Conference,
    FollowUpAction,
    OwnerSide,
    Question,
)
from dialogues.services import actions as services
from partnerships.api.programmes import enum_field
from partnerships.models import AgreementReview

ActionStatusField = enum_field("ActionStatusEnum", ActionStatus.choices, "Status of a follow-up action.")
ActionTypeField = enum_field("ActionTypeEnum", ActionType.choices, "What a follow-up action delivers.")
OwnerSideField = enum_field("ActionOwnerSideEnum", OwnerSide.choices, "Which side is responsible for the action.")

# Names in `allowed_actions`: the moves (POST …/{name}/), plus progress and update while the action is open.
ACTION_MOVES = [*services.MOVES, "progress", "update"]
ActionMoveField = enum_field("ActionMoveEnum", [(name, name) for name in ACTION_MOVES], "A move on a follow-up action.")


def responsible_officer_choices(user):
    """Active staff of the caller's subtree: who may be named responsible officer."""
    staff = User.objects.filter(is_active=True, staff_membership__isnull=False)
    return access.scope_by_branch(staff, user, via="staff_membership__branch")


def agreement_review_choices(user):
    return access.scope_by_branch(AgreementReview.objects.all(), user, via="agreement__branch")


# --- Serializers: read -------------------------------------------------------------------------------------------


class ActionProgressSerializer(serializers.ModelSerializer):
    status = ActionStatusField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    by_name = serializers.CharField(source="by.display_name", read_only=True, default=None)

    class Meta:
        model = ActionProgress
        fields = ["id", "at", "by", "by_name", "progress", "status", "status_display", "note"]
        read_only_fields = fields


class ActionSerializer(serializers.ModelSerializer):
    type = ActionTypeField(read_only=True)
    type_display = serializers.CharField(source="get_type_display", read_only=True)
    status = ActionStatusField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    owner_side = OwnerSideField(read_only=True)
    branch_code = serializers.CharField(source="branch.code", read_only=True)
    branch_name = serializers.CharField(source="branch.name_vi", read_only=True)
    owner_name = serializers.CharField(source="owner.display_name", read_only=True, default=None)
    owner_enterprise_name = serializers.CharField(source="owner_enterprise.name_vi", read_only=True, default=None)
    conference_title = serializers.CharField(source="conference.title", read_only=True, default=None)
    agreement = serializers.IntegerField(source="agreement_review.agreement_id", read_only=True, default=None)
    agreement_doc_number = serializers.CharField(
        source="agreement_review.agreement.doc_number", read_only=True, default=None
    )
    is_overdue = serializers.SerializerMethodField()
    evidence_url = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "What the caller may do now: POST /api/v1/actions/{id}/<name>/ (update is PATCH on the action)."
        )
    )

    class Meta:
        model = FollowUpAction
        fields = [
            "id",
            "conference",
            "conference_title",
            "agreement_review",
            "question",
            "agreement",
            "agreement_doc_number",
            "type",
            "type_display",
            "title",
            "description",
            "branch",
            "branch_code",
            "branch_name",
            "owner_side",
            "owner",
            "owner_name",
            "owner_enterprise",
            "owner_enterprise_name",
            "due_on",
            "status",
            "status_display",
            "progress",
            "is_overdue",
            "is_public",
            "referred_to",
            "status_reason",
            "evidence_note",
            "evidence_url",
            "completed_on",
            "allowed_actions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_is_overdue(self, obj) -> bool:
        return obj.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS) and obj.due_on < timezone.localdate()

    @extend_schema_field(OpenApiTypes.URI)
    def get_evidence_url(self, obj) -> str | None:
        if not obj.evidence_file:
            return None
        url = reverse("api:action-evidence", kwargs={"pk": obj.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url

    @extend_schema_field(serializers.ListField(child=ActionMoveField()))
    def get_allowed_actions(self, obj) -> list[str]:
        moves = services.allowed_actions(obj)
        if obj.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS):
            moves += ["progress", "update"]
        return moves


class ActionDetailSerializer(ActionSerializer):
    log = ActionProgressSerializer(many=True, read_only=True)

    class Meta(ActionSerializer.Meta):
        fields = [*ActionSerializer.Meta.fields, "log"]
        read_only_fields = fields


# --- Serializers: write ------------------------------------------------------------------------------------------


class ActionFieldsSerializer(ScopedFieldsMixin, serializers.Serializer):
    """The details of an action. Units, officers and enterprises outside the caller's scope read as missing ones."""

    scoped_fields = {
        "branch": lambda user: Branch.objects.visible_to(user),
        "owner": responsible_officer_choices,
        "owner_enterprise": lambda user: Enterprise.objects.visible_to(user),
    }

    type = ActionTypeField()
    title = serializers.CharField(max_length=255)
    description = serializers.CharField(required=False, allow_blank=True)
    due_on = serializers.DateField()
    branch = serializers.PrimaryKeyRelatedField(
        queryset=Branch.objects.none(),
        required=False,
        help_text=gettext_lazy("Responsible unit; defaults to the unit of the conference or agreement."),
    )
    owner_side = OwnerSideField(required=False)
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.none(), required=False, allow_null=True)
    owner_enterprise = serializers.PrimaryKeyRelatedField(
        queryset=Enterprise.objects.none(), required=False, allow_null=True
    )
    is_public = serializers.BooleanField(required=False)


class ActionCreateSerializer(ActionFieldsSerializer):
    """A new action from exactly one source: a conference or an agreement review of the caller's units."""

    scoped_fields = {
        **ActionFieldsSerializer.scoped_fields,
        "conference": lambda user: Conference.objects.visible_to(user),
        "agreement_review": agreement_review_choices,
        "question": lambda user: Question.objects.visible_to(user),
    }

    conference = serializers.PrimaryKeyRelatedField(queryset=Conference.objects.none(), required=False, allow_null=True)
    question = serializers.PrimaryKeyRelatedField(queryset=Question.objects.none(), required=False, allow_null=True)
    agreement_review = serializers.PrimaryKeyRelatedField(
        queryset=AgreementReview.objects.none(), required=False, allow_null=True
    )

    def validate(self, attrs):
        if sum(attrs.get(name) is not None for name in ("conference", "agreement_review", "question")) != 1:
            raise serializers.ValidationError(
                _("Give exactly one source: a conference, an agreement review or a question.")
            )
        return attrs


class ActionUpdateSerializer(ActionFieldsSerializer):
    """Every field optional (PATCH); PUT needs type, title and due_on."""


class ActionNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ActionReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class ActionReferSerializer(serializers.Serializer):
    referred_to = serializers.CharField(max_length=255)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ActionCompleteSerializer(serializers.Serializer):
    evidence_note = serializers.CharField(required=False, allow_blank=True)
    evidence_file = serializers.FileField(
        required=False, help_text=gettext_lazy("PDF, JPEG or PNG (checked by content).")
    )
    completed_on = serializers.DateField(required=False, help_text=gettext_lazy("Defaults to today."))


class ActionProgressInputSerializer(serializers.Serializer):
    progress = serializers.IntegerField(min_value=0, max_value=99)
    note = serializers.CharField(max_length=2000)


# --- Viewset -----------------------------------------------------------------------------------------------------


def _move_schema(summary: str, request=ActionNoteSerializer):
    return extend_schema(summary=summary, request=request, responses=ActionDetailSerializer)


DETAIL_READS = {"retrieve", "progress"}


class ActionViewSet(
    ExportMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Follow-up actions of the caller's units. Status changes only through start, complete, cancel and refer."""

    permission_classes = [IsStaffMember]
    filterset_class = ActionFilter
    ordering_fields = ["due_on", "created_at", "progress"]
    export_basename = "follow-up-actions"
    export_columns = ACTION_COLUMNS

    def get_queryset(self):
        if self.action in DETAIL_READS and self.request.method == "GET":
            return selectors.action_detail_visible_to(self.request.user)
        return selectors.actions_visible_to(self.request.user)

    def filter_queryset(self, queryset):
        """The list filters apply to the list, not to one action."""
        if self.detail:
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer_class(self):
        if self.action == "list":
            return ActionSerializer
        if self.action == "create":
            return ActionCreateSerializer
        if self.action in ("update", "partial_update"):
            return ActionUpdateSerializer
        return ActionDetailSerializer

    def _detail(self, obj: FollowUpAction, code: int = status.HTTP_200_OK) -> Response:
        obj = selectors.action_detail_visible_to(self.request.user).get(pk=obj.pk)
        return Response(ActionDetailSerializer(obj, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=ActionCreateSerializer, responses={201: ActionDetailSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        created = services.create_action(by=request.user, **serializer.validated_data)
        return self._detail(created, status.HTTP_201_CREATED)

    @extend_schema(request=ActionUpdateSerializer, responses=ActionDetailSerializer)
    def update(self, request, *args, **kwargs):
        obj = self.get_object()
        serializer = self.get_serializer(data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        obj = services.update_action(action=obj, by=request.user, **serializer.validated_data)
        return self._detail(obj)

    @extend_schema(request=ActionUpdateSerializer, responses=ActionDetailSerializer)
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    def _move(self, service, payload_class=None) -> Response:
        obj = self.get_object()  # out of scope → 404 before anything else
        fields = {}
        if payload_class is not None:
            payload = payload_class(data=self.request.data)
            payload.is_valid(raise_exception=True)
            fields = payload.validated_data
        return self._detail(service(action=obj, by=self.request.user, **fields))

    @_move_schema("Start working on an open action")
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._move(services.start_action, ActionNoteSerializer)

    @extend_schema(
        summary="Complete the action with its evidence (a note and/or a PDF, JPEG or PNG file)",
        request={"multipart/form-data": ActionCompleteSerializer, "application/json": ActionCompleteSerializer},
        responses=ActionDetailSerializer,
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def complete(self, request, pk=None):
        return self._move(services.complete_action, ActionCompleteSerializer)

    @_move_schema("Cancel the action, with the reason", request=ActionReasonSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._move(services.cancel_action, ActionReasonSerializer)

    @_move_schema("Refer the action to another body (e.g. the Customs Department)", request=ActionReferSerializer)
    @action(detail=True, methods=["post"])
    def refer(self, request, pk=None):
        return self._move(services.refer_action, ActionReferSerializer)

    @extend_schema(
        methods=["GET"], summary="The progress log, newest first", responses=ActionProgressSerializer(many=True)
    )
    @extend_schema(
        methods=["POST"],
        summary="Record progress (0–99%; an open action starts)",
        request=ActionProgressInputSerializer,
        responses=ActionDetailSerializer,
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def progress(self, request, pk=None):
        obj = self.get_object()
        if request.method == "GET":
            return Response(
                ActionProgressSerializer(obj.log.all(), many=True, context=self.get_serializer_context()).data
            )
        return self._move(services.log_progress, ActionProgressInputSerializer)

    @extend_schema(
        summary="Download the evidence file",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            404: OpenApiResponse(description="No such action in the caller's units, or no evidence file."),
        },
    )
    @action(detail=True, methods=["get"], url_path="evidence", url_name="evidence", pagination_class=None)
    def evidence(self, request, pk=None):
        """Streamed only after the action passed the scope check (media URLs are never handed out)."""
        obj = self.get_object()
        if not obj.evidence_file:
            raise NotFound(_("This action has no evidence file."))
        try:
            handle = obj.evidence_file.open("rb")
        except FileNotFoundError as exc:
            raise NotFound(_("The evidence file is missing from storage.")) from exc
        return FileResponse(handle, as_attachment=True, filename=os.path.basename(obj.evidence_file.name))


def register(router) -> None:
    """Add this module's viewsets to the one API router."""
    router.register("actions", ActionViewSet, basename="action")
