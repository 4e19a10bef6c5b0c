"""API of the partnerships app: pledge campaigns, the pledges signed in them, and recording hundreds at once."""

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from crm.api.exports import ExportMixin
from crm.api.permissions import IsStaffMember
from crm.api.serializers import ScopedFieldsMixin
from crm.models import Branch, Enterprise, Segment
from crm.text import search_key
from partnerships import selectors
from partnerships.exports import CAMPAIGN_COLUMNS, PLEDGE_LIST_COLUMNS
from partnerships.filters import CampaignFilter, PledgeFilter
from partnerships.models import Pledge, PledgeCampaign
from partnerships.models.pledges import progress_of
from partnerships.services import pledges as services
from partnerships.views.pledges import scan_response

# --- Serializers -------------------------------------------------------------------------------------------------


class PledgeCampaignSerializer(ScopedFieldsMixin, serializers.ModelSerializer):
    scoped_fields = {"branch": lambda user: Branch.objects.visible_to(user)}
    branch_name = serializers.CharField(source="branch.name_vi", read_only=True)
    target_segment = serializers.PrimaryKeyRelatedField(queryset=Segment.objects.all(), required=False, allow_null=True)
    target_segment_name = serializers.CharField(source="target_segment.name_vi", read_only=True, default=None)
    signed_count = serializers.IntegerField(
        read_only=True, help_text=gettext_lazy("Pledges signed and not withdrawn (breached ones included).")
    )
    withdrawn_count = serializers.IntegerField(read_only=True)
    breached_count = serializers.IntegerField(read_only=True)
    progress_percent = serializers.SerializerMethodField(
        help_text=gettext_lazy("signed_count as a percentage of target_signers (one decimal).")
    )

    class Meta:
        model = PledgeCampaign
        fields = [
            "id",
            "name",
            "kind",
            "branch",
            "branch_name",
            "partner",
            "starts_on",
            "ends_on",
            "text_vi",
            "text_en",
            "target_signers",
            "target_segment",
            "target_segment_name",
            "signed_count",
            "withdrawn_count",
            "breached_count",
            "progress_percent",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_progress_percent(self, campaign) -> float | None:
        """The campaign comes from selectors.campaigns_visible_to, which annotates the counts."""
        pct = progress_of(campaign).percent
        return None if pct is None else float(pct)


class NonSignerSerializer(serializers.ModelSerializer):
    managing_branch_name = serializers.CharField(source="managing_branch.name_vi", read_only=True)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "tax_code",
            "name_vi",
            "short_name",
            "managing_branch",
            "managing_branch_name",
            "phone",
            "email",
        ]
        read_only_fields = fields


class PledgeSerializer(ScopedFieldsMixin, serializers.ModelSerializer):
    scoped_fields = {
        "campaign": lambda user: PledgeCampaign.objects.visible_to(user),
        "enterprise": lambda user: Enterprise.objects.visible_to(user),
    }
    campaign_name = serializers.CharField(source="campaign.name", read_only=True)
    enterprise_tax_code = serializers.CharField(source="enterprise.tax_code", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name_vi", read_only=True)
    scan = serializers.FileField(
        write_only=True,
        required=False,
        allow_null=True,
        help_text=gettext_lazy("The signed pledge as PDF, JPEG or PNG (send the request as multipart/form-data)."),
    )
    has_scan = serializers.SerializerMethodField()
    scan_url = serializers.SerializerMethodField(
        help_text=gettext_lazy("Where to download the signed scan (access-checked), or null.")
    )

    class Meta:
        model = Pledge
        fields = [
            "id",
            "campaign",
            "campaign_name",
            "enterprise",
            "enterprise_tax_code",
            "enterprise_name",
            "signatory_name",
            "signatory_title",
            "signed_on",
            "scan",
            "has_scan",
            "scan_url",
            "status",
            "status_reason",
            "breach_reference",
            "status_changed_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "status_reason",
            "breach_reference",
            "status_changed_on",
            "created_at",
            "updated_at",
        ]
        # One pledge per enterprise and campaign is the service's check (a clear message), not a serializer one.
        validators = []

    def get_has_scan(self, pledge) -> bool:
        return bool(pledge.scan)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_scan_url(self, pledge) -> str | None:
        if not pledge.scan:
            return None
        url = reverse("api:pledge-scan", args=[pledge.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text=gettext_lazy("Why the enterprise withdrew its pledge."))


class BreachSerializer(serializers.Serializer):
    reference = serializers.CharField(
        max_length=120, help_text=gettext_lazy("The violation record, e.g. the number of the penalty decision.")
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ScanSerializer(serializers.Serializer):
    scan = serializers.FileField(help_text=gettext_lazy("The signed pledge as PDF, JPEG or PNG."))


class BulkRowSerializer(serializers.Serializer):
    tax_code = serializers.CharField(allow_blank=True)
    signatory_name = serializers.CharField(required=False, allow_blank=True, max_length=120)
    signatory_title = serializers.CharField(required=False, allow_blank=True, max_length=120)
    signed_on = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("YYYY-MM-DD or DD/MM/YYYY; the request's signed_on when left out."),
    )


class BulkPledgeSerializer(ScopedFieldsMixin, serializers.Serializer):
    """Exactly one of `rows`, `text` (one tax code per line) or `file` (a CSV with a header row)."""

    scoped_fields = {"campaign": lambda user: PledgeCampaign.objects.visible_to(user)}
    campaign = serializers.PrimaryKeyRelatedField(queryset=PledgeCampaign.objects.none())
    signed_on = serializers.DateField(
        required=False, allow_null=True, help_text=gettext_lazy("The signing date of rows that give none.")
    )
    rows = BulkRowSerializer(many=True, required=False)
    text = serializers.CharField(
        required=False,
        help_text=gettext_lazy("One pledge per line: tax code[, signatory[, title[, DD/MM/YYYY]]]."),
    )
    file = serializers.FileField(
        required=False,
        help_text=gettext_lazy("CSV (UTF-8) with a header naming the tax code column (tax_code or Mã số thuế)."),
    )

    def validate(self, attrs):
        given = [name for name in ("rows", "text", "file") if attrs.get(name) not in (None, "", [])]
        if len(given) != 1:
            raise serializers.ValidationError(
                {"rows": [_("Send exactly one of rows, text or file.")]}, code="one_source"
            )
        upload = attrs.get("file")
        if upload is not None and upload.size > settings.DOCUMENT_MAX_BYTES:
            raise serializers.ValidationError({"file": [_("The file is too large; split the list.")]})
        return attrs

    def pledge_rows(self) -> list[dict]:
        """The rows to hand to services.record_pledges, numbered as the user will recognise them."""
        data = self.validated_data
        if data.get("file") is not None:
            return services.parse_pledge_csv(data["file"].read())
        if data.get("text"):
            return services.parse_tax_code_list(data["text"])
        return [{"row": number, **row} for number, row in enumerate(data["rows"], start=1)]


BULK_CREATED = inline_serializer("BulkPledgeCreated", {"created": serializers.IntegerField()})
BULK_ERRORS = inline_serializer(
    "BulkPledgeErrors",
    {
        "detail": serializers.CharField(),
        "errors": inline_serializer(
            "BulkPledgeRowError",
            {
                "row": serializers.IntegerField(allow_null=True),
                "tax_code": serializers.CharField(),
                "message": serializers.CharField(),
            },
            many=True,
        ),
    },
)


def bulk_error_payload(exc: services.BulkPledgeError) -> dict:
    return {
        "detail": exc.message,
        "errors": [{"row": row, "tax_code": code, "message": message} for row, code, message in exc.errors],
    }


# --- Viewsets ----------------------------------------------------------------------------------------------------


class PledgeCampaignViewSet(
    ExportMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Pledge campaigns of the caller's subtree, with counts of pledges signed, withdrawn and breached."""

    serializer_class = PledgeCampaignSerializer
    permission_classes = [IsStaffMember]
    filterset_class = CampaignFilter
    ordering_fields = ["starts_on", "ends_on", "name", "target_signers"]
    export_basename = "pledge-campaigns"
    export_columns = CAMPAIGN_COLUMNS

    def get_queryset(self):
        return selectors.campaigns_visible_to(self.request.user)

    def _reread(self, campaign: PledgeCampaign) -> PledgeCampaign:
        """The saved campaign with its counts, as the list shows it."""
        return self.get_queryset().get(pk=campaign.pk)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        campaign = services.create_campaign(by=self.request.user, branch=data.pop("branch"), **data)
        serializer.instance = self._reread(campaign)

    def perform_update(self, serializer):
        campaign = services.update_campaign(
            campaign=serializer.instance, by=self.request.user, **serializer.validated_data
        )
        serializer.instance = self._reread(campaign)

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description="Enterprise name (diacritics optional) or tax code.")],
        responses=NonSignerSerializer(many=True),
    )
    @action(detail=True, methods=["get"], url_path="non-signers", filter_backends=[])
    def non_signers(self, request, pk=None):
        """Active enterprises of the target segment in the campaign unit's subtree that have not signed yet."""
        enterprises = selectors.campaign_non_signers(request.user, self.get_object())
        query = request.query_params.get("q", "").strip()
        if query:
            enterprises = enterprises.filter(Q(search_text__contains=search_key(query)) | Q(tax_code__startswith=query))
        page = self.paginate_queryset(enterprises)
        return self.get_paginated_response(NonSignerSerializer(page, many=True).data)


class PledgeViewSet(
    ExportMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Pledges in the caller's campaigns. Status changes are actions (withdraw, breach); `bulk` records many."""

    serializer_class = PledgeSerializer
    permission_classes = [IsStaffMember]
    filterset_class = PledgeFilter
    ordering_fields = ["signed_on", "created_at"]
    export_basename = "pledges"
    export_columns = PLEDGE_LIST_COLUMNS

    def get_queryset(self):
        return selectors.pledges_visible_to(self.request.user)

    def filter_queryset(self, queryset):
        """List filters apply to the list; one pledge (and its actions) is found by its id alone."""
        if self.detail:
            return queryset
        return super().filter_queryset(queryset)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        pledge = services.record_pledge(
            by=self.request.user,
            campaign=data.pop("campaign"),
            enterprise=data.pop("enterprise"),
            signed_on=data.pop("signed_on"),
            scan=data.pop("scan", None),
            **data,
        )
        serializer.instance = self.get_queryset().get(pk=pledge.pk)

    def _answer(self, pledge: Pledge) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=pledge.pk)).data)

    @extend_schema(request=WithdrawSerializer, responses=PledgeSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        payload = WithdrawSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        pledge = services.withdraw_pledge(pledge=self.get_object(), by=request.user, **payload.validated_data)
        return self._answer(pledge)

    @extend_schema(request=BreachSerializer, responses=PledgeSerializer)
    @action(detail=True, methods=["post"])
    def breach(self, request, pk=None):
        payload = BreachSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        pledge = services.mark_pledge_breached(pledge=self.get_object(), by=request.user, **payload.validated_data)
        return self._answer(pledge)

    @extend_schema(
        methods=["GET"],
        summary="Download the signed scan",
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            404: OpenApiResponse(description="No such pledge, or it has no scan."),
        },
    )
    @extend_schema(
        methods=["POST"],
        summary="Attach (or replace) the signed scan",
        request={"multipart/form-data": ScanSerializer},
        responses=PledgeSerializer,
    )
    @action(detail=True, methods=["get", "post"])
    def scan(self, request, pk=None):
        pledge = self.get_object()
        if request.method == "POST":
            payload = ScanSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            return self._answer(services.attach_pledge_scan(pledge=pledge, by=request.user, **payload.validated_data))
        return scan_response(pledge)

    @extend_schema(
        request={"application/json": BulkPledgeSerializer, "multipart/form-data": BulkPledgeSerializer},
        responses={201: BULK_CREATED, 400: BULK_ERRORS},
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """Record many pledges in one campaign: every row is checked and all are saved, or none is."""
        payload = BulkPledgeSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        rows = payload.pledge_rows()
        try:
            created = services.record_pledges(
                campaign=payload.validated_data["campaign"],
                by=request.user,
                rows=rows,
                signed_on=payload.validated_data.get("signed_on"),
            )
        except services.BulkPledgeError as exc:
            return Response(bulk_error_payload(exc), status=status.HTTP_400_BAD_REQUEST)
        return Response({"created": len(created)}, status=status.HTTP_201_CREATED)


def register(router) -> None:
    """Add this module's viewsets to the one API router."""
    router.register("pledge-campaigns", PledgeCampaignViewSet, basename="pledge-campaign")
    router.register("pledges", PledgeViewSet, basename="pledge")
