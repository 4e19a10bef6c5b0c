"""API of the dialogues app: the register of legal documents that answers cite as their legal basis.

Every signed-in user may read (portal users see the legal basis of their answers); staff register and correct
documents; only managers change a document's status (amended, expired) — the service refuses others with a 403.
Documents are never deleted: answers keep citing them.
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response

from crm import access
from crm.api.exports import ExportMixin
from dialogues import selectors
from dialogues.exports import LEGAL_DOCUMENT_COLUMNS
from dialogues.filters import LegalDocumentFilter
from dialogues.models import LegalDocument, LegalDocumentStatus, LegalDocumentType
from dialogues.services import legal as services
from partnerships.api.programmes import enum_field

LegalDocumentTypeField = enum_field("LegalDocumentTypeEnum", LegalDocumentType.choices, "Type of a legal document.")
LegalDocumentStatusField = enum_field(
    "LegalDocumentStatusEnum", LegalDocumentStatus.choices, "In force, amended or expired."
)


class LegalDocumentSerializer(serializers.ModelSerializer):
    doc_type = LegalDocumentTypeField(read_only=True)
    doc_type_display = serializers.CharField(source="get_doc_type_display", read_only=True)
    status = LegalDocumentStatusField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    amended_by_number = serializers.CharField(source="amended_by.number", read_only=True, default=None)

    class Meta:
        model = LegalDocument
        fields = [
            "id",
            "number",
            "doc_type",
            "doc_type_display",
            "title",
            "issuer",
            "issued_on",
            "effective_from",
            "expires_on",
            "status",
            "status_display",
            "amended_by",
            "amended_by_number",
            "url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class LegalDocumentWriteSerializer(serializers.Serializer):
    """The document's details; the service checks the number's format (38/2015/TT-BTC) and that it is unique."""

    number = serializers.CharField(max_length=60, help_text=gettext_lazy("For example 38/2015/TT-BTC."))
    doc_type = LegalDocumentTypeField()
    title = serializers.CharField(max_length=500)
    issuer = serializers.CharField(max_length=200)
    issued_on = serializers.DateField()
    effective_from = serializers.DateField(required=False, allow_null=True)
    expires_on = serializers.DateField(required=False, allow_null=True)
    status = LegalDocumentStatusField(
        required=False, help_text=gettext_lazy("Changing it on an existing document is for managers.")
    )
    amended_by = serializers.PrimaryKeyRelatedField(
        queryset=LegalDocument.objects.all(), required=False, allow_null=True
    )
    url = serializers.URLField(required=False, allow_blank=True)


class LegalDocumentAccess(permissions.BasePermission):
    """Every signed-in user reads; staff write (the status is the service's to guard)."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return bool(request.user and request.user.is_authenticated)
        return access.is_staff_member(request.user)


class LegalDocumentViewSet(
    ExportMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Legal documents (laws, decrees, circulars, official letters…). No delete: answers cite them."""

    permission_classes = [LegalDocumentAccess]
    filterset_class = LegalDocumentFilter
    ordering_fields = ["issued_on", "number"]
    serializer_class = LegalDocumentSerializer
    export_basename = "legal-documents"
    export_columns = LEGAL_DOCUMENT_COLUMNS

    def get_queryset(self):
        return selectors.legal_documents_visible_to(self.request.user).order_by("-issued_on", "number", "id")

    def filter_queryset(self, queryset):
        if self.detail:
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return LegalDocumentWriteSerializer
        return LegalDocumentSerializer

    def _read(self, document: LegalDocument, code: int = status.HTTP_200_OK) -> Response:
        document = selectors.legal_documents_visible_to(self.request.user).get(pk=document.pk)
        return Response(LegalDocumentSerializer(document, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=LegalDocumentWriteSerializer, responses={201: LegalDocumentSerializer})
    def create(self, request, *args, **kwargs):
        payload = LegalDocumentWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        document = services.create_legal_document(by=request.user, **payload.validated_data)
        return self._read(document, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Correct a document; changing its status is for managers",
        request=LegalDocumentWriteSerializer,
        responses=LegalDocumentSerializer,
    )
    def partial_update(self, request, *args, **kwargs):
        document = self.get_object()
        payload = LegalDocumentWriteSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        document = services.update_legal_document(document=document, by=request.user, **payload.validated_data)
        return self._read(document)


def register(router) -> None:
    """Add this module's viewsets to the one API router."""
    router.register("legal-documents", LegalDocumentViewSet, basename="legal-document")
