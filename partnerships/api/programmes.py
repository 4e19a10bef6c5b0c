"""API of the partnerships app: programmes, and the enrolments of enterprises in them with their annual reviews."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from crm import access
from crm.api.exports import ExportMixin
from crm.api.permissions import IsStaffMember, ManagerWrites
from crm.api.serializers import ScopedFieldsMixin
from crm.models import Branch, ComplianceLevel, Enterprise, User
from partnerships import selectors
from partnerships.exports import ENROLMENT_COLUMNS
from partnerships.filters import EnrolmentFilter
from partnerships.models import Enrolment, EnrolmentReview, EnrolmentStatus, LevelChange, Programme, ProgrammeKind
from partnerships.services import programmes as services


def focal_officer_choices(user):
    """Active staff of the user's subtree: who may be named focal officer of an enrolment."""
    staff = User.objects.filter(is_active=True, staff_membership__isnull=False)
    return access.scope_by_branch(staff, user, via="staff_membership__branch")


def enum_field(component: str, choices, description: str) -> type[serializers.ChoiceField]:
    """A ChoiceField whose values form one named OpenAPI component.

    Field names such as `status`, `kind` and `level` carry different choice sets across the API; naming the set
    keeps the schema free of enum-naming collisions whatever other resources declare.
    """
    values = [value for value, _label in choices]
    schema = {"type": "integer" if isinstance(values[0], int) else "string", "enum": values, "description": description}

    @extend_schema_field(schema, component_name=component)
    class Field(serializers.ChoiceField):
        def __init__(self, **kwargs):
            kwargs.setdefault("choices", choices)
            super().__init__(**kwargs)

    Field.__name__ = Field.__qualname__ = f"{component}Field"
    return Field


ProgrammeKindField = enum_field("ProgrammeKindEnum", ProgrammeKind.choices, "Kind of programme.")
EnrolmentStatusField = enum_field("EnrolmentStatusEnum", EnrolmentStatus.choices, "Status of an enrolment.")
LevelField = enum_field(
    "ComplianceLevelValueEnum", ComplianceLevel.choices, "Compliance level, 1 (priority) to 5 (non-compliant)."
)
LevelChangeField = enum_field("LevelChangeEnum", LevelChange.choices, "Level found compared with the previous one.")


# --- Serializers -------------------------------------------------------------------------------------------------


class ProgrammeSerializer(serializers.ModelSerializer):
    kind = ProgrammeKindField()
    member_count = serializers.IntegerField(
        read_only=True, help_text="Active members managed by the caller's unit and the units under it."
    )
    candidate_count = serializers.IntegerField(
        read_only=True, help_text="Invited, applied and accepted enterprises of the caller's subtree."
    )

    class Meta:
        model = Programme
        fields = [
            "id",
            "code",
            "kind",
            "name_vi",
            "name_en",
            "legal_basis",
            "started_on",
            "description",
            "member_count",
            "candidate_count",
        ]


class EnrolmentOfficerSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "display_name"]


class EnrolmentReviewSerializer(serializers.ModelSerializer):
    recorded_by = serializers.CharField(source="created_by.display_name", read_only=True, default=None)
    previous_level = LevelField(read_only=True, allow_null=True)
    level = LevelField(read_only=True)
    change = LevelChangeField(read_only=True, allow_blank=True)

    class Meta:
        model = EnrolmentReview
        fields = ["id", "reviewed_on", "previous_level", "level", "change", "notes", "recorded_by", "created_at"]
        read_only_fields = ["previous_level", "change", "created_at"]


class EnrolmentSerializer(serializers.ModelSerializer):
    """An enrolment as listed: its programme, enterprise, unit, MoU, dates and levels."""

    programme_name = serializers.CharField(source="programme.name_vi", read_only=True)
    enterprise_tax_code = serializers.CharField(source="enterprise.tax_code", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name_vi", read_only=True)
    branch_name = serializers.CharField(source="branch.name_vi", read_only=True)
    mou_label = serializers.CharField(source="mou", read_only=True, default=None)
    status = EnrolmentStatusField(read_only=True)
    baseline_level = LevelField(read_only=True, allow_null=True)
    current_level = LevelField(read_only=True, allow_null=True)
    target_level = LevelField(read_only=True, allow_null=True)
    allowed_actions = serializers.SerializerMethodField(help_text="The moves the caller may take now.")

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "programme",
            "programme_name",
            "enterprise",
            "enterprise_tax_code",
            "enterprise_name",
            "branch",
            "branch_name",
            "cohort",
            "mou",
            "mou_label",
            "status",
            "status_reason",
            "invited_on",
            "applied_on",
            "accepted_on",
            "activated_on",
            "ended_on",
            "baseline_level",
            "current_level",
            "target_level",
            "action_plan",
            "allowed_actions",
        ]
        read_only_fields = fields

    def get_allowed_actions(self, enrolment) -> list[str]:
        request = self.context.get("request")
        return services.allowed_actions(enrolment, request.user) if request else []


class EnrolmentDetailSerializer(EnrolmentSerializer):
    focal_officers = EnrolmentOfficerSerializer(many=True, read_only=True)
    reviews = EnrolmentReviewSerializer(many=True, read_only=True)

    class Meta(EnrolmentSerializer.Meta):
        fields = [*EnrolmentSerializer.Meta.fields, "focal_officers", "reviews"]
        read_only_fields = fields


class EnrolmentUpdateSerializer(ScopedFieldsMixin, serializers.ModelSerializer):
    """The record of an enrolment that staff may change; the status changes only through the actions."""

    scoped_fields = {
        "branch": lambda user: Branch.objects.visible_to(user),
        "mou": selectors.agreement_choices_for,
        "focal_officers": focal_officer_choices,
    }
    baseline_level = LevelField(required=False, allow_null=True)
    target_level = LevelField(required=False, allow_null=True)

    class Meta:
        model = Enrolment
        fields = [
            "branch",
            "cohort",
            "mou",
            "invited_on",
            "baseline_level",
            "target_level",
            "action_plan",
            "focal_officers",
        ]
        extra_kwargs = {"branch": {"required": False}}


class EnrolmentCreateSerializer(EnrolmentUpdateSerializer):
    scoped_fields = {
        **EnrolmentUpdateSerializer.scoped_fields,
        "enterprise": lambda user: Enterprise.objects.visible_to(user),
    }

    class Meta(EnrolmentUpdateSerializer.Meta):
        fields = ["programme", "enterprise", *EnrolmentUpdateSerializer.Meta.fields]
        extra_kwargs = {"branch": {"required": False, "help_text": "Default: the enterprise's managing unit."}}


class EnrolmentMoveSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, help_text="The day it happened (default: today).")


class EnrolmentEndSerializer(EnrolmentMoveSerializer):
    reason = serializers.CharField(help_text="Why the enterprise leaves the programme.")


class EnrolmentReviewInputSerializer(serializers.ModelSerializer):
    level = LevelField()

    class Meta:
        model = EnrolmentReview
        fields = ["reviewed_on", "level", "notes"]


# --- Viewsets ----------------------------------------------------------------------------------------------------


class ProgrammeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Programmes are shared by every unit; member counts are those of the caller's subtree. Managers edit them."""

    serializer_class = ProgrammeSerializer
    permission_classes = [ManagerWrites]
    filterset_fields = ["kind"]

    def get_queryset(self):
        return selectors.programmes_for(self.request.user)

    def perform_create(self, serializer):
        programme = services.save_programme(by=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=programme.pk)

    def perform_update(self, serializer):
        programme = services.save_programme(
            by=self.request.user, programme=serializer.instance, **serializer.validated_data
        )
        serializer.instance = self.get_queryset().get(pk=programme.pk)


MOVE_SERVICES = {
    "apply": services.mark_applied,
    "accept": services.accept_enrolment,
    "activate": services.activate_enrolment,
    "exit": services.exit_enrolment,
    "remove": services.remove_enrolment,
}


@extend_schema_view(
    create=extend_schema(request=EnrolmentCreateSerializer, responses={201: EnrolmentDetailSerializer}),
    update=extend_schema(request=EnrolmentUpdateSerializer, responses=EnrolmentDetailSerializer),
    partial_update=extend_schema(request=EnrolmentUpdateSerializer, responses=EnrolmentDetailSerializer),
)
class EnrolmentViewSet(
    ExportMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Enterprises in programmes, managed by the caller's subtree: invited → applied → accepted → active → ended.

    Any staff member enrols, edits, marks applied, activates, exits and records reviews; accepting and removing
    are for managers.
    """

    permission_classes = [IsStaffMember]
    filterset_class = EnrolmentFilter
    ordering_fields = ["invited_on", "activated_on", "status"]
    export_basename = "enrolments"
    export_columns = ENROLMENT_COLUMNS

    def get_queryset(self):
        if self.detail:
            return selectors.enrolment_detail_visible_to(self.request.user)
        return selectors.enrolments_visible_to(self.request.user)

    def filter_queryset(self, queryset):
        return queryset if self.detail else super().filter_queryset(queryset)

    def get_serializer_class(self):
        if self.action == "create":
            return EnrolmentCreateSerializer
        if self.action in ("update", "partial_update"):
            return EnrolmentUpdateSerializer
        if self.action == "list":
            return EnrolmentSerializer
        return EnrolmentDetailSerializer

    def _detail_response(self, enrolment, code=status.HTTP_200_OK) -> Response:
        enrolment = selectors.enrolment_detail_visible_to(self.request.user).get(pk=enrolment.pk)
        return Response(EnrolmentDetailSerializer(enrolment, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        enrolment = services.enrol_enterprise(
            by=request.user,
            programme=data.pop("programme"),
            enterprise=data.pop("enterprise"),
            branch=data.pop("branch", None),
            focal_officers=data.pop("focal_officers", ()),
            **data,
        )
        return self._detail_response(enrolment, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        enrolment = self.get_object()
        serializer = self.get_serializer(enrolment, data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        enrolment = services.update_enrolment(enrolment=enrolment, by=request.user, **serializer.validated_data)
        return self._detail_response(enrolment)

    def _move(self, request, name: str, payload_class) -> Response:
        if services.MOVES[name].manager_only and not access.is_manager(request.user):
            raise PermissionDenied(_("Only a manager can do this."))
        enrolment = self.get_object()
        payload = payload_class(data=request.data)
        payload.is_valid(raise_exception=True)
        enrolment = MOVE_SERVICES[name](enrolment=enrolment, by=request.user, **payload.validated_data)
        return self._detail_response(enrolment)

    @extend_schema(request=EnrolmentMoveSerializer, responses=EnrolmentDetailSerializer)
    @action(detail=True, methods=["post"])
    def apply(self, request, pk=None):
        """The enterprise applied (invited → applied)."""
        return self._move(request, "apply", EnrolmentMoveSerializer)

    @extend_schema(request=EnrolmentMoveSerializer, responses=EnrolmentDetailSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Managers accept an application (applied → accepted)."""
        return self._move(request, "accept", EnrolmentMoveSerializer)

    @extend_schema(request=EnrolmentMoveSerializer, responses=EnrolmentDetailSerializer)
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        """The membership starts (accepted → active); a voluntary-compliance member needs its signed MoU linked."""
        return self._move(request, "activate", EnrolmentMoveSerializer)

    @extend_schema(request=EnrolmentEndSerializer, responses=EnrolmentDetailSerializer)
    @action(detail=True, methods=["post"])
    def exit(self, request, pk=None):
        """The enterprise leaves the programme (any current status → exited), with the reason."""
        return self._move(request, "exit", EnrolmentEndSerializer)

    @extend_schema(request=EnrolmentEndSerializer, responses=EnrolmentDetailSerializer)
    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        """Managers remove the enterprise from the programme (any current status → removed), with the reason."""
        return self._move(request, "remove", EnrolmentEndSerializer)

    @extend_schema(methods=["GET"], request=None, responses=EnrolmentReviewSerializer(many=True))
    @extend_schema(methods=["POST"], request=EnrolmentReviewInputSerializer, responses={201: EnrolmentReviewSerializer})
    @action(detail=True, methods=["get", "post"])
    def reviews(self, request, pk=None):
        """The annual reviews of a member (newest first); POST records one and sets the member's current level."""
        enrolment = self.get_object()
        if request.method == "GET":
            reviews = enrolment.reviews.all()
            return Response(EnrolmentReviewSerializer(reviews, many=True).data)
        payload = EnrolmentReviewInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        review = services.record_enrolment_review(enrolment=enrolment, by=request.user, **payload.validated_data)
        return Response(EnrolmentReviewSerializer(review).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    """Add this module's viewsets to the one API router."""
    router.register("programmes", ProgrammeViewSet, basename="programme")
    router.register("enrolments", EnrolmentViewSet, basename="enrolment")
