"""API of the monthly statistics: a unit's figures per month, entered one by one or imported from a file."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from crm import access
from crm.api.exports import ExportMixin
from crm.api.permissions import ManagerWrites
from crm.api.serializers import ScopedFieldsMixin
from crm.models import Branch
from partnerships import selectors
from partnerships.exports import STATISTIC_COLUMNS
from partnerships.filters import MonthlyStatisticFilter
from partnerships.models import MonthlyStatistic
from partnerships.models.statistics import FIGURE_FIELDS
from partnerships.services import statistics as services


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-05"})
class MonthField(serializers.Field):
    """A month written 2026-05 (05/2026 and a date in the month are accepted too)."""

    def to_representation(self, value):
        return f"{value:%Y-%m}"

    def to_internal_value(self, data):
        month = services.parse_month(str(data))
        if month is None:
            raise serializers.ValidationError(_("Write the month as 2026-05."))
        return month


class MonthlyStatisticSerializer(ScopedFieldsMixin, serializers.ModelSerializer):
    scoped_fields = {"branch": lambda user: Branch.objects.visible_to(user)}
    branch_code = serializers.CharField(source="branch.code", read_only=True)
    branch_name = serializers.CharField(source="branch.name_vi", read_only=True)
    month = MonthField()

    class Meta:
        model = MonthlyStatistic
        fields = ["id", "branch", "branch_code", "branch_name", "month", *FIGURE_FIELDS, "source", "note"]
        read_only_fields = ["source"]
        # One row per unit and month: the service says so in a sentence, beside the month.
        validators = []
        extra_kwargs = {
            "budget_revenue_vnd": {"min_value": 0},
            "trade_import_usd": {"min_value": 0},
            "trade_export_usd": {"min_value": 0},
        }


class StatisticImportSerializer(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=True)


class MonthlyStatisticViewSet(
    ExportMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Monthly figures of the caller's subtree. Managers enter, import, change and delete them for their subtree."""

    serializer_class = MonthlyStatisticSerializer
    permission_classes = [ManagerWrites]
    filterset_class = MonthlyStatisticFilter
    export_basename = "monthly-statistics"
    export_columns = STATISTIC_COLUMNS

    def get_queryset(self):
        return selectors.monthly_statistics_visible_to(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.save_monthly_statistic(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.save_monthly_statistic(
            by=self.request.user, statistic=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.delete_monthly_statistic(by=self.request.user, statistic=instance)

    @extend_schema(request={"multipart/form-data": StatisticImportSerializer}, responses=dict)
    @action(detail=False, methods=["post"], url_path="import")
    def import_file(self, request):
        """Upload CSV/XLSX. dry_run=true (the default) previews; otherwise all rows are written or none is."""
        if not access.is_manager(request.user):
            raise PermissionDenied(_("Only managers can do this."))
        payload = StatisticImportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        report = services.import_statistics_file(
            upload=payload.validated_data["file"], by=request.user, dry_run=payload.validated_data["dry_run"]
        )
        code = status.HTTP_400_BAD_REQUEST if report.errors and not report.dry_run else status.HTTP_200_OK
        return Response(report.as_dict(), status=code)


def register(router) -> None:
    """Add this module's viewsets to the one API router."""
    router.register("monthly-stats", MonthlyStatisticViewSet, basename="monthly-statistic")
