"""API of the dialogues app: conferences, from invitations and registrations to check-in and the closing report.

Staff see the conferences of their branch's subtree and take every move. A portal user sees only the conferences
their enterprise is invited to or registered for (a read-only subset: no other enterprise's data), registers their
own enterprise and reads their own registrations; every other route is a 403 for them.

Order of refusals: the role (portal user on a staff route → 403), then the scoped queryset (→ 404), then the body
(400), then the service's rules (400).
"""

import json

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
)
from rest_framework import mixins, permissions, renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from crm import access
from crm import selectors as crm_selectors
from crm.api.exports import ExportMixin
from crm.api.serializers import ScopedFieldsMixin
from crm.models import Association, Branch, Enterprise, Segment
from dialogues import selectors
from dialogues.api.actions import ActionFieldsSerializer, ActionStatusField
from dialogues.calendar import to_ics
from dialogues.exports import CONFERENCE_COLUMNS
from dialogues.filters import ConferenceFilter
from dialogues.models import (
    ACTION_SETTLED,
    OPEN_FOR_REGISTRATION,
    Addressee,
    Attendee,
    Conference,
    ConferenceFormat,
    ConferenceKind,
    ConferenceReport,
    ConferenceStatus,
    Invitation,
    InvitationChannel,
    PlanItem,
    Registration,
    RegistrationStatus,
)
from dialogues.services import conferences as services
from partnerships.api.programmes import enum_field
from partnerships.models import Agreement
from partnerships.services.pledges import parse_tax_code_list

C = ConferenceStatus
ConferenceStatusField = enum_field("ConferenceStatusEnum", ConferenceStatus.choices, "Status of a conference.")
ConferenceKindField = enum_field("ConferenceKindEnum", ConferenceKind.choices, "Kind of conference.")
ConferenceFormatField = enum_field("ConferenceFormatEnum", ConferenceFormat.choices, "On site, online or hybrid.")
RegistrationStatusField = enum_field(
    "RegistrationStatusEnum", RegistrationStatus.choices, "Registered, on the waiting list, or cancelled."
)
AddresseeField = enum_field("RecommendationAddresseeEnum", Addressee.choices, "Who a recommendation goes to.")

# Names in `allowed`: POST /api/v1/conferences/{id}/<name>/ (update is PUT/PATCH on the conference).
CONFERENCE_MOVES = [
    "update",
    "invite",
    "register",
    "check-in",
    "undo-check-in",
    "walk-in",
    "close",
    "cancel",
    "publish-minutes",
    "close-follow-up",
]
ConferenceMoveField = enum_field(
    "ConferenceMoveEnum", [(name, name) for name in CONFERENCE_MOVES], "A move on a conference."
)
PORTAL_ACTIONS = {"list", "retrieve", "register", "registrations"}


def conferences_for(user, *, detail: bool = False) -> QuerySet[Conference]:
    """The conferences a user may read: staff their subtree's (counts annotated), a portal user those their
    enterprise is invited to or registered for (with their own registration prefetched, nobody else's)."""
    if access.is_staff_member(user):
        return selectors.conference_detail_visible_to(user) if detail else selectors.conferences_visible_to(user)
    enterprise_id = access.portal_enterprise_id(user)
    if enterprise_id is None:
        return Conference.objects.none()
    invited = Invitation.objects.filter(conference=OuterRef("pk"), enterprise_id=enterprise_id)
    registered = Registration.objects.filter(conference=OuterRef("pk"), enterprise_id=enterprise_id)
    own = Registration.objects.filter(enterprise_id=enterprise_id).prefetch_related(
        Prefetch("attendees", queryset=Attendee.objects.order_by("id"))
    )
    return (
        Conference.objects.filter(Q(Exists(invited)) | Q(Exists(registered)))
        .select_related("branch")
        .prefetch_related(Prefetch("registrations", queryset=own, to_attr="own_registrations"))
        .order_by("-starts_at", "-id")
    )


def allowed_moves(conference: Conference) -> list[str]:
    """The moves the conference's status allows now (staff; the services re-check every rule)."""
    if conference.status in OPEN_FOR_REGISTRATION:
        moves = ["update", "invite", "register", "check-in", "undo-check-in", "walk-in"]
        if conference.starts_at <= timezone.now():
            moves.append("close")
        return [*moves, "cancel"]
    if conference.status == C.HELD:
        return ["publish-minutes"]
    if conference.status == C.MINUTES_PUBLISHED and all(a.status in ACTION_SETTLED for a in conference.actions.all()):
        return ["close-follow-up"]
    return []


def enterprises_by_tax_code(user, text: str) -> list[Enterprise]:
    """Every code must name an active enterprise of the caller's units; otherwise a 400 listing the others."""
    codes = list(dict.fromkeys(row["tax_code"].replace(" ", "") for row in parse_tax_code_list(text)))
    codes = [code for code in codes if code]
    if not codes:
        raise serializers.ValidationError({"tax_codes": [_("Give at least one tax code, one per line.")]})
    found = {e.tax_code: e for e in Enterprise.objects.visible_to(user).active().filter(tax_code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        message = _("Nothing was invited: these tax codes are not active enterprises of your units: %(codes)s.")
        raise serializers.ValidationError({"tax_codes": [message % {"codes": ", ".join(unknown)}]})
    return list(found.values())


class ConferenceAccess(permissions.BasePermission):
    """Staff: every route. Portal users: list, retrieve, register and their own registrations only."""

    def has_permission(self, request, view):
        if access.is_staff_member(request.user):
            return True
        return access.portal_enterprise_id(request.user) is not None and view.action in PORTAL_ACTIONS


class CalendarRenderer(renderers.BaseRenderer):
    """Lets clients ask for text/calendar; the ics route answers the file itself, errors stay JSON text."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data.encode() if isinstance(data, str) else json.dumps(data, default=str).encode()


# --- Serializers: read -------------------------------------------------------------------------------------------


class ConferenceAttendeeSerializer(serializers.ModelSerializer):
    enterprise = serializers.IntegerField(source="registration.enterprise_id", read_only=True, default=None)
    enterprise_name = serializers.CharField(source="registration.enterprise.name_vi", read_only=True, default=None)
    enterprise_tax_code = serializers.CharField(source="registration.enterprise.tax_code", read_only=True, default=None)
    registration_status = RegistrationStatusField(source="registration.status", read_only=True, default=None)

    class Meta:
        model = Attendee
        fields = [
            "id",
            "registration",
            "registration_status",
            "enterprise",
            "enterprise_name",
            "enterprise_tax_code",
            "full_name",
            "position",
            "phone",
            "email",
            "organisation",
            "checked_in_at",
        ]
        read_only_fields = fields


class RegisteredPersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendee
        fields = ["id", "full_name", "position", "phone", "email", "checked_in_at"]
        read_only_fields = fields


class ConferenceRegistrationSerializer(serializers.ModelSerializer):
    status = RegistrationStatusField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name_vi", read_only=True)
    enterprise_tax_code = serializers.CharField(source="enterprise.tax_code", read_only=True)
    attendees = RegisteredPersonSerializer(many=True, read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "conference",
            "enterprise",
            "enterprise_name",
            "enterprise_tax_code",
            "status",
            "status_display",
            "walk_in",
            "note",
            "attendees",
            "created_at",
        ]
        read_only_fields = fields


class ConferenceNamedRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="__str__", read_only=True)


class ConferenceAgreementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agreement
        fields = ["id", "doc_number", "title"]
        read_only_fields = fields


class ConferenceRecommendationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    text = serializers.CharField()
    addressed_to = AddresseeField()
    is_public = serializers.BooleanField(default=True)


class ConferenceReportSerializer(serializers.ModelSerializer):
    has_minutes_pdf = serializers.SerializerMethodField()

    class Meta:
        model = ConferenceReport
        fields = [
            "attendee_count",
            "attendee_count_reason",
            "enterprise_count",
            "attending_associations",
            "minutes",
            "has_minutes_pdf",
            "answered_on_spot",
            "needing_written_answer",
            "survey_link",
            "published_at",
        ]
        read_only_fields = fields

    def get_has_minutes_pdf(self, report) -> bool:
        return bool(report.minutes_pdf)


class ConferenceActionItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    status = ActionStatusField(read_only=True)
    due_on = serializers.DateField(read_only=True)
    progress = serializers.IntegerField(read_only=True)


class ConferenceActionsSummarySerializer(serializers.Serializer):
    total = serializers.IntegerField()
    open = serializers.IntegerField(help_text=gettext_lazy("Open or in progress."))
    overdue = serializers.IntegerField()
    settled = serializers.IntegerField(help_text=gettext_lazy("Done, cancelled or referred."))
    items = ConferenceActionItemSerializer(many=True)


class ConferenceListSerializer(serializers.ModelSerializer):
    kind = ConferenceKindField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    format = ConferenceFormatField(read_only=True)
    status = ConferenceStatusField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    branch_code = serializers.CharField(source="branch.code", read_only=True)
    branch_name = serializers.CharField(source="branch.name_vi", read_only=True)
    invited_count = serializers.IntegerField(read_only=True)
    registered_count = serializers.IntegerField(
        read_only=True, help_text=gettext_lazy("Registered enterprises (waiting list not counted).")
    )
    checked_in_count = serializers.IntegerField(read_only=True, help_text=gettext_lazy("People checked in."))

    class Meta:
        model = Conference
        fields = [
            "id",
            "title",
            "kind",
            "kind_display",
            "branch",
            "branch_code",
            "branch_name",
            "starts_at",
            "ends_at",
            "format",
            "venue",
            "capacity",
            "status",
            "status_display",
            "is_public",
            "invited_count",
            "registered_count",
            "checked_in_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ConferenceDetailSerializer(ConferenceListSerializer):
    co_organising_associations = ConferenceNamedRefSerializer(many=True, read_only=True)
    target_segments = ConferenceNamedRefSerializer(many=True, read_only=True)
    agreements = ConferenceAgreementSerializer(many=True, read_only=True)
    report = serializers.SerializerMethodField()
    recommendations = ConferenceRecommendationSerializer(many=True, read_only=True)
    actions_summary = serializers.SerializerMethodField()
    allowed = serializers.SerializerMethodField(
        help_text=gettext_lazy("Moves the conference's status allows now: POST /api/v1/conferences/{id}/<name>/.")
    )

    class Meta(ConferenceListSerializer.Meta):
        fields = [
            *ConferenceListSerializer.Meta.fields,
            "plan_item",
            "co_organisers",
            "co_organising_associations",
            "online_link",
            "agenda",
            "chairs",
            "target_segments",
            "agreements",
            "report",
            "recommendations",
            "actions_summary",
            "allowed",
        ]
        read_only_fields = fields

    @extend_schema_field(ConferenceReportSerializer(allow_null=True))
    def get_report(self, conference):
        try:
            report = conference.report
        except ConferenceReport.DoesNotExist:
            return None
        return ConferenceReportSerializer(report, context=self.context).data

    @extend_schema_field(ConferenceActionsSummarySerializer)
    def get_actions_summary(self, conference) -> dict:
        actions = list(conference.actions.all())
        today = timezone.localdate()
        open_ = [a for a in actions if a.status not in ACTION_SETTLED]
        return ConferenceActionsSummarySerializer(
            {
                "total": len(actions),
                "open": len(open_),
                "overdue": sum(1 for a in open_ if a.due_on < today),
                "settled": len(actions) - len(open_),
                "items": actions,
            }
        ).data

    @extend_schema_field(serializers.ListField(child=ConferenceMoveField()))
    def get_allowed(self, conference) -> list[str]:
        return allowed_moves(conference)


class PortalConferenceSerializer(serializers.ModelSerializer):
    """What an invited enterprise sees: the event and its own registration, nothing about other enterprises."""

    kind = ConferenceKindField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    format = ConferenceFormatField(read_only=True)
    status = ConferenceStatusField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    branch_name = serializers.CharField(source="branch.name_vi", read_only=True)
    registration = serializers.SerializerMethodField()

    class Meta:
        model = Conference
        fields = [
            "id",
            "title",
            "kind",
            "kind_display",
            "branch_name",
            "starts_at",
            "ends_at",
            "format",
            "venue",
            "online_link",
            "agenda",
            "chairs",
            "status",
            "status_display",
            "registration",
        ]
        read_only_fields = fields

    @extend_schema_field(ConferenceRegistrationSerializer(allow_null=True))
    def get_registration(self, conference):
        own = getattr(conference, "own_registrations", [])
        return ConferenceRegistrationSerializer(own[0], context=self.context).data if own else None


# --- Serializers: write ------------------------------------------------------------------------------------------


class ConferenceWriteSerializer(ScopedFieldsMixin, serializers.ModelSerializer):
    """Create or edit a conference (details change only before it is held; after that only `is_public`)."""

    scoped_fields = {
        "branch": lambda user: Branch.objects.visible_to(user),
        "plan_item": lambda user: PlanItem.objects.visible_to(user),
        "agreements": lambda user: Agreement.objects.visible_to(user),
        "target_segments": crm_selectors.segments_for,
        "co_organising_associations": crm_selectors.associations_for,
    }
    kind = ConferenceKindField(required=False)
    format = ConferenceFormatField(required=False)

    class Meta:
        model = Conference
        fields = [
            "title",
            "kind",
            "branch",
            "co_organisers",
            "co_organising_associations",
            "plan_item",
            "starts_at",
            "ends_at",
            "format",
            "venue",
            "online_link",
            "agenda",
            "chairs",
            "capacity",
            "target_segments",
            "agreements",
            "is_public",
        ]
        extra_kwargs = {"capacity": {"min_value": 1}}
        validators = []  # dates and scopes are checked by the service


class ConferenceInviteSerializer(ScopedFieldsMixin, serializers.Serializer):
    """Exactly one way of choosing whom to invite."""

    scoped_fields = {
        "enterprises": lambda user: Enterprise.objects.visible_to(user),
        "segment": crm_selectors.segments_for,
        "association": crm_selectors.associations_for,
    }
    CHOICES = ("enterprises", "segment", "association", "tax_codes")

    enterprises = serializers.PrimaryKeyRelatedField(many=True, queryset=Enterprise.objects.none(), required=False)
    segment = serializers.PrimaryKeyRelatedField(
        queryset=Segment.objects.none(), required=False, help_text=gettext_lazy("Invite the segment's enterprises.")
    )
    association = serializers.PrimaryKeyRelatedField(
        queryset=Association.objects.none(),
        required=False,
        help_text=gettext_lazy("Invite the association's member enterprises."),
    )
    tax_codes = serializers.CharField(
        required=False,
        help_text=gettext_lazy(
            "One tax code per line. If any code is not an active enterprise of your units, nothing is invited."
        ),
    )

    def validate(self, attrs):
        given = [name for name in self.CHOICES if name in attrs]
        if len(given) != 1:
            raise serializers.ValidationError(_("Give exactly one of: enterprises, segment, association, tax_codes."))
        return attrs


class ConferenceInvitedSerializer(serializers.Serializer):
    invited = serializers.IntegerField(help_text=gettext_lazy("New invitations (already invited ones are skipped)."))


class ConferencePersonInputSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=120)
    position = serializers.CharField(max_length=120, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)


class ConferenceQuestionInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255, required=False, allow_blank=True)
    body = serializers.CharField(required=False, allow_blank=True)


class ConferenceRegisterSerializer(ScopedFieldsMixin, serializers.Serializer):
    scoped_fields = {"enterprise": lambda user: Enterprise.objects.visible_to(user)}

    enterprise = serializers.PrimaryKeyRelatedField(
        queryset=Enterprise.objects.none(),
        required=False,
        help_text=gettext_lazy("Required for staff; a portal user always registers their own enterprise."),
    )
    attendees = ConferencePersonInputSerializer(many=True)
    questions = ConferenceQuestionInputSerializer(
        many=True, required=False, help_text=gettext_lazy("Questions sent in advance of the conference.")
    )
    note = serializers.CharField(required=False, allow_blank=True)


class ConferenceAttendeeRefSerializer(serializers.Serializer):
    attendee = serializers.PrimaryKeyRelatedField(
        queryset=Attendee.objects.none(), help_text=gettext_lazy("An attendee of this conference.")
    )

    def __init__(self, *args, conference: Conference | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if conference is not None:
            self.fields["attendee"].queryset = Attendee.objects.filter(conference=conference)


class ConferenceWalkInSerializer(ScopedFieldsMixin, serializers.Serializer):
    scoped_fields = {"enterprise": lambda user: Enterprise.objects.visible_to(user)}

    full_name = serializers.CharField(max_length=120)
    position = serializers.CharField(max_length=120, required=False, allow_blank=True)
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.none(), required=False, allow_null=True)
    organisation = serializers.CharField(
        max_length=255, required=False, allow_blank=True, help_text=gettext_lazy("When not a registered enterprise.")
    )
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)


class ConferenceCloseSerializer(ScopedFieldsMixin, serializers.Serializer):
    scoped_fields = {"attending_associations": crm_selectors.associations_for}

    minutes = serializers.CharField()
    minutes_pdf = serializers.FileField(required=False, help_text=gettext_lazy("The signed minutes (PDF)."))
    attendee_count = serializers.IntegerField(
        min_value=0, required=False, help_text=gettext_lazy("Defaults to the number checked in.")
    )
    attendee_count_reason = serializers.CharField(max_length=255, required=False, allow_blank=True)
    answered_on_spot = serializers.IntegerField(min_value=0, required=False)
    needing_written_answer = serializers.IntegerField(min_value=0, required=False)
    survey_link = serializers.URLField(required=False, allow_blank=True)
    attending_associations = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Association.objects.none(), required=False
    )
    recommendations = ConferenceRecommendationSerializer(many=True, required=False)
    actions = ActionFieldsSerializer(many=True, required=False)


class ConferenceCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


# --- Viewset -----------------------------------------------------------------------------------------------------

SUB_RESOURCE = {"detail": True, "pagination_class": None, "filter_backends": []}
DETAIL_READS = {"retrieve"}
Q_PARAMETER = OpenApiParameter(
    "q", str, description="Name, organisation, enterprise name or tax code (diacritics optional)."
)


def _move_schema(summary: str, request=None, responses=None):
    return extend_schema(summary=summary, request=request, responses=responses or ConferenceDetailSerializer)


class ConferenceViewSet(
    ExportMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Dialogue conferences. Status changes only through the actions; portal users see their invitations only."""

    permission_classes = [ConferenceAccess]
    filterset_class = ConferenceFilter
    ordering_fields = ["starts_at", "created_at"]
    export_basename = "conferences"
    export_columns = CONFERENCE_COLUMNS  # staff only: the export is not among PORTAL_ACTIONS

    def get_queryset(self):
        return conferences_for(self.request.user, detail=self.action in DETAIL_READS)

    def filter_queryset(self, queryset):
        """The list filters and ordering apply to the list, not to one conference."""
        if self.detail:
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return ConferenceWriteSerializer
        if not access.is_staff_member(self.request.user):
            return PortalConferenceSerializer
        if self.action == "list":
            return ConferenceListSerializer
        return ConferenceDetailSerializer

    def _detail(self, conference: Conference, code: int = status.HTTP_200_OK) -> Response:
        conference = conferences_for(self.request.user, detail=True).get(pk=conference.pk)
        return Response(ConferenceDetailSerializer(conference, context=self.get_serializer_context()).data, status=code)

    def _payload(self, serializer_class, **kwargs) -> dict:
        payload = serializer_class(data=self.request.data, context=self.get_serializer_context(), **kwargs)
        payload.is_valid(raise_exception=True)
        return dict(payload.validated_data)

    @extend_schema(
        summary="Conferences (portal users: those their enterprise is invited to, as PortalConference)",
        responses=PolymorphicProxySerializer(
            component_name="ConferenceListItem",
            serializers=[ConferenceListSerializer, PortalConferenceSerializer],
            resource_type_field_name=None,
            many=True,
        ),
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="One conference (portal users: the PortalConference subset)",
        responses=PolymorphicProxySerializer(
            component_name="ConferenceOrPortalConference",
            serializers=[ConferenceDetailSerializer, PortalConferenceSerializer],
            resource_type_field_name=None,
        ),
    )
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=ConferenceWriteSerializer, responses={201: ConferenceDetailSerializer})
    def create(self, request, *args, **kwargs):
        data = self._payload(ConferenceWriteSerializer)
        conference = services.create_conference(by=request.user, **data)
        return self._detail(conference, status.HTTP_201_CREATED)

    @extend_schema(request=ConferenceWriteSerializer, responses=ConferenceDetailSerializer)
    def update(self, request, *args, **kwargs):
        conference = self.get_object()
        data = self._payload(ConferenceWriteSerializer, partial=kwargs.pop("partial", False))
        conference = services.update_conference(conference=conference, by=request.user, **data)
        return self._detail(conference)

    @extend_schema(request=ConferenceWriteSerializer, responses=ConferenceDetailSerializer)
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    # --- Invitations and registrations ---------------------------------------------------------------------------

    @_move_schema(
        "Invite enterprises: a list, a segment, an association or tax codes",
        ConferenceInviteSerializer,
        ConferenceInvitedSerializer,
    )
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        conference = self.get_object()
        data = self._payload(ConferenceInviteSerializer)
        user = request.user
        if "enterprises" in data:
            enterprises, channel = data["enterprises"], InvitationChannel.SINGLE
        elif "segment" in data:
            enterprises, channel = services.segment_enterprises(user, data["segment"]), InvitationChannel.SEGMENT
        elif "association" in data:
            enterprises = services.association_enterprises(user, data["association"])
            channel = InvitationChannel.ASSOCIATION
        else:
            enterprises, channel = enterprises_by_tax_code(user, data["tax_codes"]), InvitationChannel.TAX_CODES
        new = services.invite(conference=conference, by=user, enterprises=list(enterprises), channel=channel)
        return Response(ConferenceInvitedSerializer({"invited": len(new)}).data)

    @extend_schema(
        summary="Register attendees (portal users: their own enterprise; over capacity → waiting list)",
        request=ConferenceRegisterSerializer,
        responses={201: ConferenceRegistrationSerializer},
    )
    @action(detail=True, methods=["post"])
    def register(self, request, pk=None):
        conference = self.get_object()
        data = self._payload(ConferenceRegisterSerializer)
        enterprise = data.pop("enterprise", None)
        if enterprise is None:
            if access.is_staff_member(request.user):
                raise serializers.ValidationError({"enterprise": [_("Choose the enterprise to register.")]})
            enterprise = Enterprise.objects.get(pk=access.portal_enterprise_id(request.user))
        registration = services.register(conference=conference, by=request.user, enterprise=enterprise, **data)
        registration = selectors.registrations_visible_to(request.user).get(pk=registration.pk)
        context = self.get_serializer_context()
        return Response(
            ConferenceRegistrationSerializer(registration, context=context).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Registrations with their attendees and check-in times (portal users: their own)",
        responses=ConferenceRegistrationSerializer(many=True),
    )
    @action(methods=["get"], **SUB_RESOURCE)
    def registrations(self, request, pk=None):
        conference = self.get_object()
        rows = selectors.registrations_visible_to(request.user).filter(conference=conference)
        return Response(ConferenceRegistrationSerializer(rows, many=True, context=self.get_serializer_context()).data)

    # --- The day: attendees and check-in -------------------------------------------------------------------------

    @extend_schema(
        summary="Attendees; with ?q= the fast check-in search (at most 20 matches)",
        parameters=[Q_PARAMETER],
        responses=ConferenceAttendeeSerializer(many=True),
    )
    @action(methods=["get"], **SUB_RESOURCE)
    def attendees(self, request, pk=None):
        conference = self.get_object()
        query = request.query_params.get("q", "")
        rows = selectors.check_in_search(conference, query) if query.strip() else selectors.attendees_of(conference)
        return Response(ConferenceAttendeeSerializer(rows, many=True, context=self.get_serializer_context()).data)

    def _attendee_move(self, service) -> Response:
        conference = self.get_object()
        attendee = self._payload(ConferenceAttendeeRefSerializer, conference=conference)["attendee"]
        attendee = service(attendee=attendee, by=self.request.user)
        attendee = selectors.attendees_of(conference).get(pk=attendee.pk)
        return Response(ConferenceAttendeeSerializer(attendee, context=self.get_serializer_context()).data)

    @_move_schema("Check an attendee in", ConferenceAttendeeRefSerializer, ConferenceAttendeeSerializer)
    @action(detail=True, methods=["post"], url_path="check-in", url_name="check-in")
    def check_in(self, request, pk=None):
        return self._attendee_move(services.check_in)

    @_move_schema("Undo an attendee's check-in", ConferenceAttendeeRefSerializer, ConferenceAttendeeSerializer)
    @action(detail=True, methods=["post"], url_path="undo-check-in", url_name="undo-check-in")
    def undo_check_in(self, request, pk=None):
        return self._attendee_move(services.undo_check_in)

    @extend_schema(
        summary="Add someone who arrived without registering (checked in at once)",
        request=ConferenceWalkInSerializer,
        responses={201: ConferenceAttendeeSerializer},
    )
    @action(detail=True, methods=["post"], url_path="walk-in", url_name="walk-in")
    def walk_in(self, request, pk=None):
        conference = self.get_object()
        attendee = services.walk_in(conference=conference, by=request.user, **self._payload(ConferenceWalkInSerializer))
        attendee = selectors.attendees_of(conference).get(pk=attendee.pk)
        context = self.get_serializer_context()
        return Response(ConferenceAttendeeSerializer(attendee, context=context).data, status=status.HTTP_201_CREATED)

    # --- Closing -------------------------------------------------------------------------------------------------

    @extend_schema(
        summary="File the report (the conference becomes held), with recommendations and follow-up actions",
        request={"application/json": ConferenceCloseSerializer, "multipart/form-data": ConferenceCloseSerializer},
        responses=ConferenceDetailSerializer,
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def close(self, request, pk=None):
        conference = self.get_object()
        data = self._payload(ConferenceCloseSerializer)
        services.close_conference(conference=conference, by=request.user, **data)
        return self._detail(conference)

    @_move_schema("Publish the minutes of a held conference")
    @action(detail=True, methods=["post"], url_path="publish-minutes", url_name="publish-minutes")
    def publish_minutes(self, request, pk=None):
        return self._detail(services.publish_minutes(conference=self.get_object(), by=request.user))

    @_move_schema("Close the follow-up (every action done, cancelled or referred)")
    @action(detail=True, methods=["post"], url_path="close-follow-up", url_name="close-follow-up")
    def close_follow_up(self, request, pk=None):
        return self._detail(services.close_follow_up(conference=self.get_object(), by=request.user))

    @_move_schema("Cancel a conference that has not been held, with the reason", ConferenceCancelSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        conference = self.get_object()
        reason = self._payload(ConferenceCancelSerializer)["reason"]
        return self._detail(services.cancel_conference(conference=conference, by=request.user, reason=reason))

    # --- Calendar ------------------------------------------------------------------------------------------------

    @extend_schema(
        summary="The conference as an iCalendar file",
        responses={(200, "text/calendar"): OpenApiResponse(OpenApiTypes.STR, description="An RFC 5545 VCALENDAR.")},
    )
    @action(methods=["get"], renderer_classes=[renderers.JSONRenderer, CalendarRenderer], **SUB_RESOURCE)
    def ics(self, request, pk=None):
        conference = self.get_object()
        body = to_ics([conference], domain=request.get_host().split(":")[0], name=conference.title)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="conference-{conference.pk}.ics"'
        return response


def register(router) -> None:
    """Add this module's viewsets to the one API router."""
    router.register("conferences", ConferenceViewSet, basename="conference")
