"""API of the units' reminder settings (`reminder-settings`) and of every reminder as it applies to one unit
(`reminder-settings/effective/`).

Staff read the settings of their subtree (headquarters: all; others' rows are 404); headquarters administrators write
(other staff and portal users 403, anonymous callers 401). Writes go through crm.services.reminders; a bad list of
days is a 400 on `days`, a second setting for the same unit and reminder a 400 on `rule`.
"""

import django_filters
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from crm import access
from crm.api.permissions import HqAdminWrites
from crm.api.serializers import ScopedFieldsMixin
from crm.models import Branch, ReminderRule, ReminderSetting
from crm.services import reminders as services
from crm.services.reminders import DEFAULT, INHERITED, OWN, effective_rows, settings_visible_to
from partnerships.api.programmes import enum_field

ReminderRuleField = enum_field("ReminderRuleEnum", ReminderRule.choices, "A reminder a unit can tune.")
ReminderSourceField = enum_field(
    "ReminderSourceEnum",
    [(DEFAULT, "default"), (OWN, "own"), (INHERITED, "inherited")],
    "Where the value comes from: the default, the unit's own setting, or a unit above.",
)
FIELDS = ("branch", "rule", "enabled", "days", "copy_managers")


def _visible_branches(request):
    return Branch.objects.visible_to(request.user if request is not None else None)


class ReminderSettingFilter(django_filters.FilterSet):
    branch = django_filters.ModelChoiceFilter(queryset=_visible_branches)
    rule = django_filters.ChoiceFilter(choices=ReminderRule.choices)

    class Meta:
        model = ReminderSetting
        fields = ["branch", "rule"]


class ReminderSettingSerializer(ScopedFieldsMixin, serializers.ModelSerializer):
    scoped_fields = {"branch": lambda user: Branch.objects.visible_to(user)}
    branch_name = serializers.CharField(source="branch.name_vi", read_only=True)
    rule = ReminderRuleField()
    rule_label = serializers.CharField(source="get_rule_display", read_only=True)
    days = serializers.ListField(
        child=serializers.IntegerField(),
        max_length=20,
        help_text=gettext_lazy("Whole numbers of days, 0–366; what they mean depends on the reminder."),
    )

    class Meta:
        model = ReminderSetting
        fields = [
            "id",
            "branch",
            "branch_name",
            "rule",
            "rule_label",
            "enabled",
            "days",
            "copy_managers",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators = []  # the service reports a second setting for the same unit and reminder beside `rule`


class SourceBranchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField(source="name_vi")


class EffectiveReminderSerializer(serializers.Serializer):
    rule = ReminderRuleField()
    label = serializers.CharField()
    days_help = serializers.CharField(help_text=gettext_lazy("What the days mean for this reminder."))
    enabled = serializers.BooleanField()
    days = serializers.ListField(child=serializers.IntegerField())
    copy_managers = serializers.BooleanField()
    source = ReminderSourceField()
    source_branch = SourceBranchSerializer(
        allow_null=True, help_text=gettext_lazy("The unit whose setting applies; null for the default.")
    )


class EffectiveQuerySerializer(serializers.Serializer):
    branch = serializers.IntegerField(required=False, min_value=1)


class ReminderSettingViewSet(viewsets.ModelViewSet):
    """Units' own reminder settings (filters `branch`, `rule`). A setting applies to the unit's whole subtree unless
    a unit below has its own; `effective/?branch=<id>` gives every reminder as it applies to one unit."""

    serializer_class = ReminderSettingSerializer
    permission_classes = [HqAdminWrites]
    filterset_class = ReminderSettingFilter
    ordering_fields = ["rule", "updated_at"]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return settings_visible_to(self.request.user).order_by("branch__path", "rule", "id")

    def _save(self, serializer, setting=None):
        given = serializer.validated_data
        current = setting or ReminderSetting()  # a new one starts from the model's defaults
        data = {name: given[name] if name in given else getattr(current, name) for name in FIELDS}
        serializer.instance = services.save_setting(by=self.request.user, setting=setting, **data)

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    def perform_destroy(self, instance):
        services.delete_setting(setting=instance, by=self.request.user)

    @extend_schema(
        parameters=[
            OpenApiParameter("branch", OpenApiTypes.INT, description="A unit you may see; by default your own unit.")
        ],
        responses={200: EffectiveReminderSerializer(many=True), 400: OpenApiResponse(), 404: OpenApiResponse()},
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def effective(self, request):
        query = EffectiveQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        visible = Branch.objects.visible_to(request.user)
        if "branch" in query.validated_data:
            branch = get_object_or_404(visible, pk=query.validated_data["branch"])
        else:
            branch = access.home_branch(request.user) or visible.order_by("path").first()
        if branch is None:
            raise Http404
        return Response(EffectiveReminderSerializer(effective_rows(branch), many=True).data)


def register(router) -> None:
    router.register("reminder-settings", ReminderSettingViewSet, basename="reminder-settings")
