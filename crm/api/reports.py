"""`/api/v1/reports/period/?unit=&period=`: the period report of a unit's subtree as JSON (every section with its
columns and rows), or `&as=xlsx` for the same workbook the page downloads."""

from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from crm import reports
from crm.api.dashboard import PERIOD_PARAMETER, UNIT_PARAMETER, period_json, requested_unit
from crm.api.permissions import ManagerReadsHqAdminWrites
from crm.errors import DomainError
from crm.periods import parse


class ReportUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class ReportPeriodSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="2026-H1, 2026-Q2, 2026-05, 2026 or 2026-01-01..2026-03-31")
    label = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()


class ReportColumnSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=gettext_lazy("The field name of this column in each row."))
    label = serializers.CharField()
    kind = serializers.CharField(
        help_text="text | date | count | percent | measure (a figure in the row's `unit`: count, percent, days…)"
    )


class ReportSectionSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text="key_figures | conferences | agreements | answered_on_time | overdue_actions | top_categories | "
        "recommendations"
    )
    title = serializers.CharField()
    note = serializers.CharField()
    columns = ReportColumnSerializer(many=True)
    rows = serializers.ListField(
        child=serializers.DictField(),
        help_text=gettext_lazy("One object per row, keyed by the columns' keys; dates as YYYY-MM-DD."),
    )


class ReportSerializer(serializers.Serializer):
    unit = ReportUnitSerializer()
    period = ReportPeriodSerializer()
    previous_period = ReportPeriodSerializer()
    as_of = serializers.DateField(help_text=gettext_lazy("The period's last day, or today while it is running."))
    sections = ReportSectionSerializer(many=True)


def as_json(report) -> dict:
    unit = report.unit
    return {
        "unit": {"id": unit.pk, "code": unit.code, "name": unit.name_vi},
        "period": period_json(report.period),
        "previous_period": period_json(report.previous),
        "as_of": report.as_of,
        "sections": [
            {
                "key": table.key,
                "title": table.title,
                "note": table.note,
                "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in table.columns],
                "rows": table.records(),
            }
            for table in report.sections
        ],
    }


class ReportViewSet(viewsets.ViewSet):
    """Managers read their subtree's reports; headquarters any unit's (`unit`)."""

    permission_classes = [ManagerReadsHqAdminWrites]

    @extend_schema(
        summary="The period report of a unit's subtree",
        parameters=[
            UNIT_PARAMETER,
            PERIOD_PARAMETER,
            OpenApiParameter("as", OpenApiTypes.STR, enum=["xlsx"], description="xlsx: the workbook instead of JSON."),
        ],
        responses={
            (200, "application/json"): ReportSerializer,
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY,
        },
    )
    @action(detail=False, methods=["get"])
    def period(self, request):
        unit = requested_unit(request)
        today = timezone.localdate()
        period = parse(request.query_params.get("period"), today=today)
        file_format = request.query_params.get("as", "")
        if file_format not in ("", "xlsx"):
            raise DomainError(gettext_lazy("Unknown format; use xlsx."), field="as")
        report = reports.period_report(unit, period, today=today)
        if file_format:
            return reports.xlsx_response(report)
        return Response(ReportSerializer(as_json(report)).data)


def register(router) -> None:
    router.register("reports", ReportViewSet, basename="report")
