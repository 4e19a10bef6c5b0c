"""API of the partnership agreements: the register, every lifecycle move, commitments, reviews and documents.

Order of refusals on an agreement route: the scoped queryset first (outside the caller's subtree → 404, whatever the
action), then the role (an officer on a manager-only move → 403), then the body (400), then the service's rules (400).
"""

import copy
import os

import django_filters
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from crm import access
from crm.api.exports import ExportMixin
from crm.api.permissions import IsStaffMember
from crm.api.serializers import ScopedFieldsMixin
from crm.models import Association, Branch, Enterprise, User
from partnerships import selectors
from partnerships.exports import AGREEMENT_COLUMNS
from partnerships.filters import AgreementFilter
from partnerships.models import (
    Agreement,
    AgreementDocument,
    AgreementEvent,
    AgreementParty,
    AgreementReview,
    Commitment,
    CommitmentStatus,
    DocumentKind,
    Health,
    ReviewedCommitment,
    ReviewOutcome,
)
from partnerships.services import agreements as services

# Moves a user takes through the API (the scheduled "expire" is not one); record_review is POST …/reviews/.
API_MOVES = [name for name in services.MOVES if name != "expire"]


def _focal_officer_choices(user):
    """Active staff of the caller's subtree: the only users that may be named focal officers."""
    staff = User.objects.filter(staff_membership__isnull=False, is_active=True)
    return access.scope_by_branch(staff, user, via="staff_membership__branch")


# --- Serializers: read -------------------------------------------------------------------------------------------


class UserSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "full_name"]


class PartySummarySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = AgreementParty
        fields = ["id", "enterprise", "association", "name"]


class PartySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name_vi", read_only=True, default=None)
    enterprise_tax_code = serializers.CharField(source="enterprise.tax_code", read_only=True, default=None)
    association_name = serializers.CharField(source="association.name_vi", read_only=True, default=None)

    class Meta:
        model = AgreementParty
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "enterprise_tax_code",
            "association",
            "association_name",
            "name",
            "signatory_name",
            "signatory_title",
        ]


class CommitmentSerializer(serializers.ModelSerializer):
    """Read and edit a commitment; the status changes only through set-status or a review."""

    side_display = serializers.CharField(source="get_side_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "agreement",
            "number",
            "side",
            "side_display",
            "text",
            "indicator",
            "due_on",
            "status",
            "status_display",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["agreement", "status", "created_at", "updated_at"]
        extra_kwargs = {"number": {"required": False, "min_value": 1}}
        validators = []  # clause numbers are checked by the service, with a sentence the user can act on


class ReviewedCommitmentSerializer(serializers.ModelSerializer):
    number = serializers.IntegerField(source="commitment.number", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = ReviewedCommitment
        fields = ["commitment", "number", "status", "status_display", "note"]


class ReviewSerializer(serializers.ModelSerializer):
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)
    created_by_name = serializers.CharField(source="created_by.display_name", read_only=True, default=None)
    commitment_statuses = ReviewedCommitmentSerializer(many=True, read_only=True)

    class Meta:
        model = AgreementReview
        fields = [
            "id",
            "reviewed_on",
            "outcome",
            "outcome_display",
            "notes",
            "commitment_statuses",
            "created_by_name",
            "created_at",
        ]


class DocumentSerializer(serializers.ModelSerializer):
    """A document's metadata. The file itself is reached only through download_url (scope-checked)."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    created_by_name = serializers.CharField(source="created_by.display_name", read_only=True, default=None)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = AgreementDocument
        fields = ["id", "kind", "kind_display", "title", "size", "download_url", "created_by_name", "created_at"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, document) -> str:
        url = reverse(
            "api:agreement-document-download", kwargs={"pk": document.agreement_id, "document_pk": document.pk}
        )
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class EventSerializer(serializers.ModelSerializer):
    by_name = serializers.CharField(source="by.display_name", read_only=True, default=None)
    action_display = serializers.CharField(source="get_action_display", read_only=True)

    class Meta:
        model = AgreementEvent
        fields = ["id", "at", "by", "by_name", "action", "action_display", "from_status", "to_status", "note"]


class AgreementListSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    branch_code = serializers.CharField(source="branch.code", read_only=True)
    branch_name = serializers.CharField(source="branch.name_vi", read_only=True)
    health = serializers.ChoiceField(choices=Health.choices, read_only=True)
    health_display = serializers.CharField(source="health.label", read_only=True)
    parties = PartySummarySerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "doc_number",
            "title",
            "kind",
            "kind_display",
            "level",
            "branch",
            "branch_code",
            "branch_name",
            "status",
            "status_display",
            "signed_on",
            "effective_from",
            "expires_on",
            "next_review_on",
            "health",
            "health_display",
            "parties",
            "predecessor",
            "succession",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class AgreementDetailSerializer(AgreementListSerializer):
    parties = PartySerializer(many=True, read_only=True)
    commitments = CommitmentSerializer(many=True, read_only=True)
    reviews = ReviewSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)
    focal_officers = UserSummarySerializer(many=True, read_only=True)
    successors = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    created_by_name = serializers.CharField(source="created_by.display_name", read_only=True, default=None)
    allowed_actions = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "Lifecycle moves the caller may take now: POST /api/v1/agreements/{id}/<name, with - for _>/, "
            "except record_review, which is POST /api/v1/agreements/{id}/reviews/."
        )
    )

    class Meta(AgreementListSerializer.Meta):
        fields = [
            *AgreementListSerializer.Meta.fields,
            "scope",
            "customs_signatory_name",
            "customs_signatory_title",
            "review_cycle_months",
            "status_reason",
            "status_changed_on",
            "focal_officers",
            "successors",
            "allowed_actions",
            "parties",
            "commitments",
            "reviews",
            "documents",
            "events",
            "created_by_name",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=API_MOVES)))
    def get_allowed_actions(self, agreement) -> list[str]:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        return [name for name in services.allowed_actions(agreement, user) if name in API_MOVES]


# --- Serializers: write ------------------------------------------------------------------------------------------


class PartyInputSerializer(ScopedFieldsMixin, serializers.Serializer):
    """One party: an enterprise the caller may see, or an association. A foreign enterprise reads as a missing one."""

    scoped_fields = {"enterprise": lambda user: Enterprise.objects.visible_to(user)}

    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.none(), allow_null=True, required=False)
    association = serializers.PrimaryKeyRelatedField(
        queryset=Association.objects.all(), allow_null=True, required=False
    )
    signatory_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    signatory_title = serializers.CharField(max_length=120, required=False, allow_blank=True)


class AgreementWriteSerializer(ScopedFieldsMixin, serializers.ModelSerializer):
    """Create or edit an agreement. Sending `parties` replaces them all (only before signature)."""

    scoped_fields = {
        "branch": lambda user: Branch.objects.visible_to(user),
        "focal_officers": _focal_officer_choices,
    }
    parties = PartyInputSerializer(many=True, required=False)

    class Meta:
        model = Agreement
        fields = [
            "doc_number",
            "title",
            "kind",
            "level",
            "branch",
            "scope",
            "customs_signatory_name",
            "customs_signatory_title",
            "effective_from",
            "expires_on",
            "review_cycle_months",
            "next_review_on",
            "focal_officers",
            "parties",
        ]
        extra_kwargs = {"review_cycle_months": {"min_value": 1}}
        validators = []  # document numbers and dates are checked by the service


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class SignSerializer(serializers.Serializer):
    signed_on = serializers.DateField()
    effective_from = serializers.DateField(required=False, allow_null=True)
    expires_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class SuccessorSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, max_length=255)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class ReviewStatusInputSerializer(serializers.Serializer):
    commitment = serializers.IntegerField(help_text=gettext_lazy("Id of a commitment of this agreement."))
    status = serializers.ChoiceField(choices=CommitmentStatus.choices)


class ReviewInputSerializer(serializers.Serializer):
    reviewed_on = serializers.DateField()
    outcome = serializers.ChoiceField(choices=ReviewOutcome.choices)
    notes = serializers.CharField(required=False, allow_blank=True)
    statuses = ReviewStatusInputSerializer(many=True, required=False)


class DocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    kind = serializers.ChoiceField(choices=DocumentKind.choices, default=DocumentKind.OTHER)
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)


class CommitmentStatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CommitmentStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


class AgreementApiFilter(AgreementFilter):
    """AgreementFilter with the `party` filter typed for the schema: an enterprise id (spectacular cannot guess it)."""

    party = extend_schema_field(OpenApiTypes.INT)(copy.deepcopy(AgreementFilter.base_filters["party"]))


# --- Viewsets ----------------------------------------------------------------------------------------------------


def _move_schema(summary: str, request=NoteSerializer, created: bool = False):
    code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return extend_schema(summary=summary, request=request, responses={code: AgreementDetailSerializer})


# Sub-resource routes answer unpaginated, unfiltered lists (an agreement has a handful of each).
SUB_RESOURCE = {"detail": True, "pagination_class": None, "filter_backends": []}
DETAIL_READS = {"retrieve", "commitments", "reviews", "documents"}


class AgreementViewSet(
    ExportMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Partnership agreements of the caller's subtree. Status changes only through the lifecycle actions."""

    permission_classes = [IsStaffMember]
    filterset_class = AgreementApiFilter
    ordering_fields = ["created_at", "signed_on", "expires_on", "doc_number"]
    export_basename = "agreements"
    export_columns = AGREEMENT_COLUMNS

    def get_queryset(self):
        if self.action in DETAIL_READS and self.request.method == "GET":
            return selectors.agreement_detail_visible_to(self.request.user)
        return selectors.agreements_visible_to(self.request.user)

    def filter_queryset(self, queryset):
        """The list filters and ordering apply to the list, not to one agreement."""
        if self.detail:
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer_class(self):
        if self.action == "list":
            return AgreementListSerializer
        if self.action in ("create", "update", "partial_update"):
            return AgreementWriteSerializer
        return AgreementDetailSerializer

    def _detail(self, agreement: Agreement, code: int = status.HTTP_200_OK) -> Response:
        agreement = selectors.agreement_detail_visible_to(self.request.user).get(pk=agreement.pk)
        return Response(AgreementDetailSerializer(agreement, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=AgreementWriteSerializer, responses={201: AgreementDetailSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        agreement = services.create_agreement(by=request.user, **serializer.validated_data)
        return self._detail(agreement, status.HTTP_201_CREATED)

    @extend_schema(request=AgreementWriteSerializer, responses=AgreementDetailSerializer)
    def update(self, request, *args, **kwargs):
        agreement = self.get_object()
        serializer = self.get_serializer(agreement, data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        parties = fields.pop("parties", None)
        with transaction.atomic():
            if fields:
                agreement = services.update_agreement(agreement=agreement, by=request.user, **fields)
            if parties is not None:
                agreement = services.set_parties(agreement=agreement, by=request.user, parties=parties)
        return self._detail(agreement)

    @extend_schema(request=AgreementWriteSerializer, responses=AgreementDetailSerializer)
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    # --- Lifecycle -----------------------------------------------------------------------------------------------

    def _move(self, move: str, service, payload_class=None, *, created: bool = False) -> Response:
        agreement = self.get_object()  # out of scope → 404 before anything else
        if services.MOVES[move].manager_only and not access.is_manager(self.request.user):
            raise PermissionDenied(_("Only a manager can do this."))
        fields = {}
        if payload_class is not None:
            payload = payload_class(data=self.request.data)
            payload.is_valid(raise_exception=True)
            fields = payload.validated_data
        result = service(agreement=agreement, by=self.request.user, **fields)
        return self._detail(result, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @_move_schema("Submit a draft for internal review")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._move("submit", services.submit_for_review, NoteSerializer)

    @_move_schema("Return the agreement to draft")
    @action(detail=True, methods=["post"], url_path="return-to-draft", url_name="return-to-draft")
    def return_to_draft(self, request, pk=None):
        return self._move("return_to_draft", services.return_to_draft, NoteSerializer)

    @_move_schema("Send the agreement for negotiation with the parties")
    @action(detail=True, methods=["post"])
    def negotiate(self, request, pk=None):
        return self._move("negotiate", services.start_negotiation, NoteSerializer)

    @_move_schema("Approve the negotiated text (managers)")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._move("approve", services.approve_agreement, NoteSerializer)

    @_move_schema("Record the signature", request=SignSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        return self._move("sign", services.sign_agreement, SignSerializer)

    @_move_schema("Activate a signed agreement whose effective date has come", request=None)
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        return self._move("activate", services.activate_agreement)

    @_move_schema("Put the agreement under periodic review")
    @action(detail=True, methods=["post"], url_path="start-review", url_name="start-review")
    def start_review(self, request, pk=None):
        return self._move("start_review", services.start_review, NoteSerializer)

    @_move_schema("Suspend the agreement (managers)", request=ReasonSerializer)
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        return self._move("suspend", services.suspend_agreement, ReasonSerializer)

    @_move_schema("Resume a suspended agreement (managers)")
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        return self._move("resume", services.resume_agreement, NoteSerializer)

    @_move_schema("Terminate the agreement (managers)", request=ReasonSerializer)
    @action(detail=True, methods=["post"])
    def terminate(self, request, pk=None):
        return self._move("terminate", services.terminate_agreement, ReasonSerializer)

    @_move_schema("Draft the renewal; answers the new successor agreement", request=SuccessorSerializer, created=True)
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        return self._move("renew", services.renew_agreement, SuccessorSerializer, created=True)

    @_move_schema("Draft an amended version; answers the new successor", request=SuccessorSerializer, created=True)
    @action(detail=True, methods=["post"])
    def amend(self, request, pk=None):
        return self._move("amend", services.amend_agreement, SuccessorSerializer, created=True)

    # --- Commitments, reviews, documents -------------------------------------------------------------------------

    @extend_schema(methods=["GET"], responses=CommitmentSerializer(many=True))
    @extend_schema(methods=["POST"], request=CommitmentSerializer, responses={201: CommitmentSerializer})
    @action(methods=["get", "post"], **SUB_RESOURCE)
    def commitments(self, request, pk=None):
        """The numbered commitments of both sides. POST adds one (before signature), numbered next unless given."""
        agreement = self.get_object()
        context = self.get_serializer_context()
        if request.method == "GET":
            return Response(CommitmentSerializer(agreement.commitments.all(), many=True, context=context).data)
        payload = CommitmentSerializer(data=request.data, context=context)
        payload.is_valid(raise_exception=True)
        commitment = services.add_commitment(agreement=agreement, by=request.user, **payload.validated_data)
        return Response(CommitmentSerializer(commitment, context=context).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=ReviewSerializer(many=True))
    @extend_schema(methods=["POST"], request=ReviewInputSerializer, responses={201: ReviewSerializer})
    @action(methods=["get", "post"], **SUB_RESOURCE)
    def reviews(self, request, pk=None):
        """POST records a periodic review (record_review): commitment statuses, a snapshot, the next review date."""
        agreement = self.get_object()
        context = self.get_serializer_context()
        if request.method == "GET":
            return Response(ReviewSerializer(agreement.reviews.all(), many=True, context=context).data)
        payload = ReviewInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        review = services.record_review(
            agreement=agreement,
            by=request.user,
            reviewed_on=data["reviewed_on"],
            outcome=data["outcome"],
            notes=data.get("notes", ""),
            statuses={row["commitment"]: row["status"] for row in data.get("statuses", [])},
        )
        prefetch_related_objects(
            [review],
            Prefetch(
                "commitment_statuses",
                queryset=ReviewedCommitment.objects.select_related("commitment").order_by("commitment__number"),
            ),
        )
        return Response(ReviewSerializer(review, context=context).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=DocumentSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={201: DocumentSerializer},
        description="The signed scan must be a PDF; other kinds may also be JPEG or PNG scans. The type is read "
        "from the content, and the size is limited (settings.DOCUMENT_MAX_BYTES).",
    )
    @action(methods=["get", "post"], parser_classes=[MultiPartParser, FormParser], **SUB_RESOURCE)
    def documents(self, request, pk=None):
        """Documents attached to the agreement (signed scan, amendments, minutes…), newest first."""
        agreement = self.get_object()
        context = self.get_serializer_context()
        if request.method == "GET":
            return Response(DocumentSerializer(agreement.documents.all(), many=True, context=context).data)
        payload = DocumentUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        document = services.add_document(agreement=agreement, by=request.user, **payload.validated_data)
        return Response(DocumentSerializer(document, context=context).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("document_pk", int, OpenApiParameter.PATH, description="The document's id.")],
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    @action(
        methods=["get"],
        url_path=r"documents/(?P<document_pk>[0-9]+)/download",
        url_name="document-download",
        **SUB_RESOURCE,
    )
    def download_document(self, request, pk=None, document_pk=None):
        """The file, streamed only after the agreement passed the scope check (media URLs are never handed out)."""
        agreement = self.get_object()
        document = get_object_or_404(agreement.documents.all(), pk=document_pk)
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as exc:
            raise NotFound(_("The file of this document is missing from storage.")) from exc
        return FileResponse(handle, as_attachment=True, filename=os.path.basename(document.file.name))


class CommitmentFilter(django_filters.FilterSet):
    agreement = django_filters.ModelChoiceFilter(
        queryset=lambda request: (
            Agreement.objects.visible_to(request.user) if request is not None else Agreement.objects.none()
        ),
        label=gettext_lazy("Agreement"),
    )

    class Meta:
        model = Commitment
        fields = []


class CommitmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Commitments of the agreements in the caller's subtree. Text changes and removal only before signature."""

    serializer_class = CommitmentSerializer
    permission_classes = [IsStaffMember]
    filterset_class = CommitmentFilter

    def get_queryset(self):
        return selectors.commitments_visible_to(self.request.user)

    def filter_queryset(self, queryset):
        if self.detail:
            return queryset
        return super().filter_queryset(queryset)

    def perform_update(self, serializer):
        serializer.instance = services.update_commitment(
            commitment=serializer.instance, by=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.remove_commitment(commitment=instance, by=self.request.user)

    @extend_schema(request=CommitmentStatusInputSerializer, responses=CommitmentSerializer)
    @action(detail=True, methods=["post"], url_path="set-status", url_name="set-status")
    def set_status(self, request, pk=None):
        """Flag a commitment between reviews (e.g. at risk) while the agreement is in force."""
        commitment = self.get_object()
        payload = CommitmentStatusInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        commitment = services.set_commitment_status(commitment=commitment, by=request.user, **payload.validated_data)
        return Response(self.get_serializer(commitment).data)


def register(router) -> None:
    """Add this module's viewsets to the one API router."""
    router.register("agreements", AgreementViewSet, basename="agreement")
    router.register("commitments", CommitmentViewSet, basename="commitment")
