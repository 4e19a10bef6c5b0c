"""API of the answer clock's rules: the working calendar's exceptions (`calendar-days`) and the deadline policy
(`deadline-policies`). Staff read; headquarters administrators write (the services decide)."""

from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from crm.api.permissions import HqAdminWrites
from crm.models import CalendarDay, CalendarDayKind
from dialogues.models import DeadlinePolicy, QuestionCategory, QuestionPriority
from dialogues.services import deadlines as services
from partnerships.api.programmes import enum_field

CalendarDayKindField = enum_field("CalendarDayKindEnum", CalendarDayKind.choices, "A day off or a make-up working day.")


class CalendarDaySerializer(serializers.ModelSerializer):
    kind = CalendarDayKindField()

    class Meta:
        model = CalendarDay
        fields = ["id", "day", "kind", "name"]


class DeadlinePolicySerializer(serializers.ModelSerializer):
    category = serializers.ChoiceField(choices=[("", "any"), *QuestionCategory.choices], allow_blank=True)
    priority = serializers.ChoiceField(choices=[("", "any"), *QuestionPriority.choices], allow_blank=True)

    class Meta:
        model = DeadlinePolicy
        fields = ["id", "category", "priority", "working_days", "internal_working_days"]
        validators = []  # the service reports a duplicate rule as a 400 beside `category`


class CalendarDayViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Days off added on top of the public holidays, and make-up working days. A change moves the due dates of
    open questions."""

    serializer_class = CalendarDaySerializer
    permission_classes = [HqAdminWrites]
    pagination_class = None

    def get_queryset(self):
        return CalendarDay.objects.order_by("day")

    def perform_create(self, serializer):
        serializer.instance = services.add_calendar_day(by=self.request.user, **serializer.validated_data)

    def destroy(self, request, *args, **kwargs):
        services.remove_calendar_day(by=request.user, entry=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class DeadlinePolicyViewSet(viewsets.ModelViewSet):
    """Working days allowed to answer, by category and priority (blank = any); the most specific rule wins."""

    serializer_class = DeadlinePolicySerializer
    permission_classes = [HqAdminWrites]
    pagination_class = None
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return DeadlinePolicy.objects.order_by("category", "priority")

    def perform_create(self, serializer):
        serializer.instance = services.save_policy(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        data = {
            name: serializer.validated_data.get(name, getattr(serializer.instance, name))
            for name in ("category", "priority", "working_days", "internal_working_days")
        }
        serializer.instance = services.save_policy(by=self.request.user, policy=serializer.instance, **data)

    def perform_destroy(self, instance):
        services.delete_policy(by=self.request.user, policy=instance)


def register(router) -> None:
    router.register("calendar-days", CalendarDayViewSet, basename="calendar-day")
    router.register("deadline-policies", DeadlinePolicyViewSet, basename="deadline-policy")
