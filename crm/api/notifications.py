"""API of the signed-in user's in-app inbox (`notifications`) and of the kinds they do not want by email
(`notification-settings`).

Any signed-in user, staff or portal, sees only their own messages: another user's message is a 404 and anonymous
callers get 401. Reads go through crm.services.notifications.inbox(); marking read and the mutes go through its
services.
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from crm import access, exports
from crm.api.exports import ExportMixin
from crm.errors import DomainError
from crm.models import Notification, NotificationKind, NotificationMute
from crm.services import notifications as services
from crm.services.notification_links import link_for, muted_kinds
from partnerships.api.programmes import enum_field

NotificationKindField = enum_field("NotificationKindEnum", NotificationKind.choices, "Kind of notification.")


class NotificationSerializer(serializers.ModelSerializer):
    kind = NotificationKindField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    link = serializers.SerializerMethodField(
        help_text=gettext_lazy("The page of the application this notification is about (a path), or null.")
    )

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_label", "subject", "payload", "created_at", "read_at", "link"]
        read_only_fields = fields

    def get_link(self, obj) -> str | None:
        request = self.context.get("request")
        return link_for(obj, is_staff=request is not None and access.is_staff_member(request.user))


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField(help_text=gettext_lazy("How many of your notifications are unread."))


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        allow_empty=False,
        max_length=1000,
        help_text=gettext_lazy("Ids of your notifications to mark read (others' ids are ignored)."),
    )


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text=gettext_lazy("How many notifications were unread and are now read."))


UNREAD_PARAMETER = OpenApiParameter(
    "unread", OpenApiTypes.BOOL, description="true: only the notifications not read yet."
)


@extend_schema_view(
    list=extend_schema(parameters=[UNREAD_PARAMETER]),
    export=extend_schema(parameters=[UNREAD_PARAMETER]),
)
class NotificationViewSet(ExportMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Your own notifications, newest first (`?unread=true`: only the unread ones). `unread-count`, `mark-read` and
    `mark-all-read` act on your own notifications only."""

    serializer_class = NotificationSerializer
    filter_backends: list = []
    export_basename = "notifications"
    export_columns = exports.NOTIFICATION_COLUMNS

    def get_queryset(self):
        queryset = services.inbox(self.request.user)
        if self.action in ("list", "export") and self.request.query_params.get("unread", "").lower() in ("true", "1"):
            queryset = queryset.filter(read_at__isnull=True)
        return queryset

    @extend_schema(responses={200: UnreadCountSerializer})
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request):
        return Response({"unread": services.unread_count(request.user)})

    @extend_schema(request=MarkReadSerializer, responses={200: MarkedSerializer, 400: OpenApiResponse()})
    @action(detail=False, methods=["post"], url_path="mark-read")
    def mark_read(self, request):
        body = MarkReadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return Response({"marked": services.mark_read(user=request.user, ids=body.validated_data["ids"])})

    @extend_schema(request=None, responses={200: MarkedSerializer})
    @action(detail=False, methods=["post"], url_path="mark-all-read")
    def mark_all_read(self, request):
        return Response({"marked": services.mark_all_read(user=request.user)})


class KindSerializer(serializers.Serializer):
    value = NotificationKindField()
    label = serializers.CharField()
    mutable = serializers.BooleanField(help_text=gettext_lazy("False for kinds that are always emailed."))


@extend_schema_serializer(many=False)
class NotificationSettingsSerializer(serializers.Serializer):
    muted = serializers.ListField(
        child=NotificationKindField(),
        help_text=gettext_lazy("The kinds you do not want by email (they still appear in your inbox)."),
    )
    kinds = KindSerializer(many=True, read_only=True)


class MutesSerializer(serializers.Serializer):
    muted = serializers.ListField(
        child=serializers.CharField(max_length=32),
        allow_empty=True,
        max_length=len(NotificationKind.values) + 10,
        help_text=gettext_lazy("Every kind you do not want by email; replaces the previous choice. [] mutes none."),
    )


def settings_of(user) -> dict:
    muted = sorted(muted_kinds(user))
    kinds = [
        {"value": value, "label": str(label), "mutable": value not in services.UNMUTABLE}
        for value, label in NotificationKind.choices
    ]
    return {"muted": muted, "kinds": kinds}


class NotificationSettingsViewSet(viewsets.GenericViewSet):
    """Your notification settings, one resource at /notification-settings/: GET reads them, PUT replaces the kinds
    you do not want by email with `{"muted": [...]}` (an unknown or an unmutable kind is a 400 on `muted`)."""

    serializer_class = NotificationSettingsSerializer
    pagination_class = None
    filter_backends: list = []

    @classmethod
    def as_view(cls, actions=None, **initkwargs):
        # The router routes GET (and POST) on a list URL; this singleton answers PUT there instead of POST.
        if actions and actions.get("get") == "list":
            actions = {"get": "list", "put": "replace"}
        return super().as_view(actions, **initkwargs)

    def get_queryset(self):
        return NotificationMute.objects.filter(user=self.request.user).order_by("kind")

    @extend_schema(operation_id="notification_settings_retrieve", responses={200: NotificationSettingsSerializer})
    def list(self, request):
        return Response(settings_of(request.user))

    @extend_schema(request=MutesSerializer, responses={200: NotificationSettingsSerializer, 400: OpenApiResponse()})
    def replace(self, request):
        body = MutesSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            services.set_mutes(user=request.user, kinds=body.validated_data["muted"])
        except DomainError as exc:
            raise serializers.ValidationError({"muted": [exc.message]}) from exc
        return Response(settings_of(request.user))


def register(router) -> None:
    router.register("notifications", NotificationViewSet, basename="notification")
    router.register("notification-settings", NotificationSettingsViewSet, basename="notification-setting")
