"""API of the notification outbox for headquarters administrators: every user's messages (without their payloads),
retrying a failed or dead one, and the backlog with the last run of each periodic task.

Headquarters administrators only: other staff and portal users get 403, anonymous callers 401. Retrying goes through
crm.services.notifications.retry; a message that has not failed is a 400 with a sentence saying why.
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from crm import access, exports
from crm.api.exports import ExportMixin
from crm.models import Notification, NotificationKind, NotificationStatus, TaskRun
from crm.services import notifications as services
from partnerships.api.programmes import enum_field

OutboxKindField = enum_field("OutboxKindEnum", NotificationKind.choices, "Kind of notification.")
OutboxStatusField = enum_field("OutboxStatusEnum", NotificationStatus.choices, "Where a message of the outbox stands.")


class IsHqAdmin(permissions.BasePermission):
    """Headquarters administrators only (the outbox holds every user's messages)."""

    def has_permission(self, request, view):
        return access.is_hq_admin(request.user)


class OutboxSerializer(serializers.ModelSerializer):
    kind = OutboxKindField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    recipient = serializers.CharField(
        source="recipient.username",
        read_only=True,
        default=None,
        help_text=gettext_lazy("Username of the recipient; null for a message to a contact by email."),
    )
    status = OutboxStatusField(read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "kind_label",
            "recipient",
            "email",
            "status",
            "attempts",
            "last_error",
            "created_at",
            "next_attempt_at",
            "sent_at",
        ]
        read_only_fields = fields


class BacklogCountsSerializer(serializers.Serializer):
    pending = serializers.IntegerField(help_text=gettext_lazy("Messages waiting to be sent."))
    failed = serializers.IntegerField(help_text=gettext_lazy("Messages that failed and will be retried."))
    dead = serializers.IntegerField(help_text=gettext_lazy("Messages given up on; an administrator may retry them."))


class TaskRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaskRun
        fields = ["name", "started_at", "finished_at", "result"]
        read_only_fields = fields


class OutboxHealthSerializer(serializers.Serializer):
    counts = BacklogCountsSerializer()
    oldest_pending = serializers.DateTimeField(
        allow_null=True, help_text=gettext_lazy("When the oldest waiting message was written; null when none waits.")
    )
    task_runs = TaskRunSerializer(many=True)


class OutboxViewSet(ExportMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Every user's notifications, newest first. Filter with `?status=pending|sent|failed|dead` and `?kind=…`;
    `retry` puts a failed or dead message back in the queue; `health` is the backlog and the periodic tasks' runs."""

    serializer_class = OutboxSerializer
    permission_classes = [IsHqAdmin]
    filterset_fields = ["status", "kind"]
    ordering_fields = ["created_at", "next_attempt_at", "attempts"]
    export_basename = "outbox"
    export_columns = exports.OUTBOX_COLUMNS

    def get_queryset(self):
        return Notification.objects.select_related("recipient").defer("payload").order_by("-created_at", "-id")

    @extend_schema(request=None, responses={200: OutboxSerializer, 400: OpenApiResponse()})
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        notification = services.retry(notification=self.get_object(), by=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=notification.pk)).data)

    @extend_schema(responses={200: OutboxHealthSerializer})
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def health(self, request):
        backlog = services.backlog()
        data = {
            "counts": {
                "pending": backlog["counts"][NotificationStatus.PENDING],
                "failed": backlog["counts"][NotificationStatus.FAILED],
                "dead": backlog["counts"][NotificationStatus.DEAD],
            },
            "oldest_pending": backlog["oldest_pending"],
            "task_runs": services.task_runs(),
        }
        return Response(OutboxHealthSerializer(data).data)


def register(router) -> None:
    router.register("outbox", OutboxViewSet, basename="outbox")
