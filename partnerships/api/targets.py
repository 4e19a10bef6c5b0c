"""API of the partnerships app: yearly targets per unit and metric, and the progress of a unit against them."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from crm import access
from crm.api.exports import ExportMixin
from crm.api.permissions import ManagerWrites
from crm.api.serializers import ScopedFieldsMixin
from crm.models import Branch
from partnerships import selectors
from partnerships.api.programmes import enum_field
from partnerships.exports import TARGET_COLUMNS
from partnerships.filters import TargetFilter
from partnerships.models import Metric, Target
from partnerships.services import targets as services

YEAR_MIN, YEAR_MAX = 2000, 2100
MetricField = enum_field("TargetMetricEnum", Metric.choices, "What a target measures.")


class TargetSerializer(ScopedFieldsMixin, serializers.ModelSerializer):
    scoped_fields = {"branch": lambda user: Branch.objects.visible_to(user)}
    branch_name = serializers.CharField(source="branch.name_vi", read_only=True)
    metric = MetricField()
    metric_label = serializers.CharField(source="get_metric_display", read_only=True)
    year = serializers.IntegerField(min_value=YEAR_MIN, max_value=YEAR_MAX)

    class Meta:
        model = Target
        fields = [
            "id",
            "branch",
            "branch_name",
            "year",
            "metric",
            "metric_label",
            "assigned",
            "striving",
            "doc_ref",
            "note",
        ]
        # One target per unit, year and metric: the service says so in a sentence, beside the metric.
        validators = []
        extra_kwargs = {"assigned": {"min_value": 0}, "striving": {"min_value": 0}}


class TargetProgressQuerySerializer(serializers.Serializer):
    branch = serializers.IntegerField(required=False, help_text="A unit of the caller's subtree (default: home unit).")
    year = serializers.IntegerField(
        required=False, min_value=YEAR_MIN, max_value=YEAR_MAX, help_text="Default: the current year."
    )


class TargetProgressSerializer(serializers.Serializer):
    metric = MetricField()
    label = serializers.CharField(source="metric.label")
    assigned = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    striving = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    actual = serializers.DecimalField(
        max_digits=20, decimal_places=2, allow_null=True, help_text="null: the data is not recorded yet."
    )
    pct_of_assigned = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True)
    pct_of_striving = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True)


def default_branch(user) -> Branch | None:
    """The user's home unit (a superuser without one: the top of the tree)."""
    return access.home_branch(user) or Branch.objects.visible_to(user).order_by("path").first()


class TargetViewSet(
    ExportMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Targets of the caller's subtree by year and metric. Managers set them for their unit and the units under it."""

    serializer_class = TargetSerializer
    permission_classes = [ManagerWrites]
    filterset_class = TargetFilter
    export_basename = "targets"
    export_columns = TARGET_COLUMNS

    def get_queryset(self):
        return selectors.targets_visible_to(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.save_target(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.save_target(
            by=self.request.user, target=serializer.instance, **serializer.validated_data
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("branch", int, description="Unit id (default: the caller's home unit)."),
            OpenApiParameter("year", int, description="Default: the current year."),
        ],
        responses=TargetProgressSerializer(many=True),
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def progress(self, request):
        """For every metric: the unit's targets, its actual figure (its whole subtree) and the percentages.

        A unit outside the caller's subtree is a 404, like a missing one.
        """
        query = TargetProgressQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        branches = Branch.objects.visible_to(request.user)
        if "branch" in query.validated_data:
            branch = get_object_or_404(branches, pk=query.validated_data["branch"])
        else:
            branch = default_branch(request.user)
            if branch is None:
                return Response([])
        year = query.validated_data.get("year") or timezone.localdate().year
        rows = selectors.target_progress(request.user, branch=branch, year=year)
        return Response(TargetProgressSerializer(rows, many=True).data)


def register(router) -> None:
    """Add this module's viewsets to the one API router."""
    router.register("targets", TargetViewSet, basename="target")
