"""`/api/v1/dashboard/?unit=&period=`: every figure of the managers' dashboard as JSON, with its definition key,
value, the value a year earlier, the target and the list behind it."""

from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from crm import dashboard
from crm.api.permissions import ManagerReadsHqAdminWrites
from crm.periods import parse


class KpiSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=gettext_lazy("Stable definition key, e.g. questions.on_time_rate."))
    label = serializers.CharField()
    unit = serializers.CharField(help_text="count | percent | days | score | vnd | usd")
    value = serializers.DecimalField(max_digits=24, decimal_places=2, allow_null=True, coerce_to_string=False)
    previous = serializers.DecimalField(
        max_digits=24,
        decimal_places=2,
        allow_null=True,
        coerce_to_string=False,
        help_text=gettext_lazy("The same period a year earlier (null for figures about today)."),
    )
    change = serializers.DecimalField(max_digits=24, decimal_places=1, allow_null=True, coerce_to_string=False)
    target = serializers.DecimalField(max_digits=24, decimal_places=2, allow_null=True, coerce_to_string=False)
    striving = serializers.DecimalField(max_digits=24, decimal_places=2, allow_null=True, coerce_to_string=False)
    progress = serializers.DecimalField(max_digits=24, decimal_places=1, allow_null=True, coerce_to_string=False)
    definition = serializers.CharField()
    drill = serializers.CharField(help_text=gettext_lazy("The staff list behind the figure, with its filters."))
    breakdown = serializers.ListField(child=serializers.DictField(), help_text='[{"label": …, "value": …}]')


class SectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    kpis = KpiSerializer(many=True)


class DashboardSerializer(serializers.Serializer):
    unit = serializers.DictField()
    period = serializers.DictField()
    previous_period = serializers.DictField()
    sections = SectionSerializer(many=True)


def period_json(period) -> dict:
    return {"key": period.key, "label": period.label, "start": period.start, "end": period.end}


UNIT_PARAMETER = OpenApiParameter("unit", OpenApiTypes.INT, description="A unit id (default: your own unit).")
PERIOD_PARAMETER = OpenApiParameter(
    "period", OpenApiTypes.STR, description="2026-05, 2026-Q2, 2026-H1, 2026 or 2026-01-01..2026-03-31."
)


def requested_unit(request):
    """The unit asked for with `unit` (default: the caller's own) if the caller may see it; else 404."""
    unit = dashboard.unit_for(request.user, request.query_params.get("unit"))
    if unit is None:
        raise NotFound(gettext_lazy("No such unit in your subtree."))
    return unit


def _kpi(kpi, unit) -> dict:
    return {
        "key": kpi.key,
        "label": kpi.label,
        "unit": kpi.unit,
        "value": kpi.value,
        "previous": kpi.previous,
        "change": kpi.change,
        "target": kpi.target,
        "striving": kpi.striving,
        "progress": kpi.progress,
        "definition": kpi.definition,
        "drill": dashboard.drill_url(kpi, unit),
        "breakdown": [{"label": label, "value": value} for label, value in kpi.breakdown],
    }


def as_json(board) -> dict:
    unit = board.unit
    return {
        "unit": {"id": unit.pk, "code": unit.code, "name": unit.name_vi},
        "period": period_json(board.period),
        "previous_period": period_json(board.previous),
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "kpis": [_kpi(kpi, unit) for kpi in section.kpis],
            }
            for section in board.sections
        ],
    }


class LeagueRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField(allow_null=True)
    unit = serializers.DictField()
    own = serializers.BooleanField(help_text=gettext_lazy("The unit's own records, without the units under it."))
    values = serializers.DictField(help_text=gettext_lazy("Every figure's value by its definition key."))


class LeagueSerializer(serializers.Serializer):
    unit = serializers.DictField(help_text=gettext_lazy("The unit whose units are ranked."))
    period = serializers.DictField()
    sort = serializers.CharField()
    descending = serializers.BooleanField()
    columns = KpiSerializer(many=True, help_text=gettext_lazy("Every figure, with the whole subtree's value."))
    rows = LeagueRowSerializer(many=True)


def league_json(table) -> dict:
    def unit(branch):
        return {"id": branch.pk, "code": branch.code, "name": branch.name_vi}

    return {
        "unit": unit(table.parent),
        "period": period_json(table.period),
        "sort": table.sort,
        "descending": table.descending,
        "columns": [_kpi(kpi, table.parent) for kpi in table.columns],
        "rows": [
            {
                "rank": row.rank,
                "unit": unit(row.unit),
                "own": row.own,
                "values": {k: kpi.value for k, kpi in row.kpis.items()},
            }
            for row in table.rows
        ],
    }


class DashboardViewSet(viewsets.ViewSet):
    """Managers see their subtree; headquarters sees every unit and picks one with `unit`."""

    permission_classes = [ManagerReadsHqAdminWrites]

    @extend_schema(
        summary="Every dashboard figure for a unit's subtree and a period",
        parameters=[
            UNIT_PARAMETER,
            PERIOD_PARAMETER,
        ],
        responses=DashboardSerializer,
    )
    def list(self, request):
        unit = requested_unit(request)
        period = parse(request.query_params.get("period"), today=timezone.localdate())
        board = dashboard.compose(unit=unit, period=period)
        return Response(DashboardSerializer(as_json(board)).data)

    @extend_schema(
        summary="The units under a unit side by side, ranked by any figure",
        parameters=[
            OpenApiParameter(
                "unit", OpenApiTypes.INT, description="The unit whose units are ranked (default: your own unit)."
            ),
            PERIOD_PARAMETER,
            OpenApiParameter(
                "sort", OpenApiTypes.STR, description="A figure's definition key (default: on-time rate)."
            ),
            OpenApiParameter("dir", OpenApiTypes.STR, enum=["asc", "desc"], description="Default: best first."),
        ],
        responses=LeagueSerializer,
    )
    @action(detail=False, methods=["get"])
    def league(self, request):
        parent = requested_unit(request)
        period = parse(request.query_params.get("period"), today=timezone.localdate())
        sort = request.query_params.get("sort", "")
        direction = request.query_params.get("dir")
        if direction not in (None, "", "asc", "desc"):
            raise ValidationError({"dir": [gettext_lazy("Use asc or desc.")]})
        table = dashboard.league(
            parent=parent, period=period, sort=sort, descending=None if not direction else direction == "desc"
        )
        if sort and table.sort != sort:
            raise ValidationError({"sort": [gettext_lazy("Unknown figure; use a definition key from the dashboard.")]})
        return Response(LeagueSerializer(league_json(table)).data)


def register(router) -> None:
    router.register("dashboard", DashboardViewSet, basename="dashboard")
