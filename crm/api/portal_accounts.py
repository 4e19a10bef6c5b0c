"""API of portal accounts: the staff verification queue of self-registrations (approve, reject) and the portal users
of the caller's enterprises (invite, deactivate).

Staff only: portal users get 403, anonymous callers 401. Objects outside the caller's subtree are 404; an enterprise
or contact outside it in a request body is a plain 400 (it reads as a missing one). Decisions go through
crm.services.portal_accounts; a repeat decision is a 400 with a sentence saying why.
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from crm import exports
from crm.api.exports import ExportMixin
from crm.api.permissions import IsStaffMember
from crm.api.serializers import ScopedFieldsMixin
from crm.models import Contact, Enterprise, PortalSignup, SignupStatus, User
from crm.services import portal_accounts as services
from partnerships.api.programmes import enum_field

SignupStatusField = enum_field("PortalSignupStatusEnum", SignupStatus.choices, "Where a portal sign-up stands.")
LanguageField = enum_field("PortalLanguageEnum", [("vi", "Tiếng Việt"), ("en", "English")], "Preferred language.")


class PortalSignupSerializer(serializers.ModelSerializer):
    status = SignupStatusField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)
    email = serializers.CharField(source="user.email", read_only=True)
    phone = serializers.CharField(source="user.phone", read_only=True)
    registered_name = serializers.CharField(
        source="enterprise.name_vi",
        read_only=True,
        default=None,
        help_text=gettext_lazy("Legal name of the registered enterprise matched by tax code."),
    )
    managing_branch = serializers.IntegerField(source="enterprise.managing_branch_id", read_only=True, default=None)
    reviewed_by_name = serializers.CharField(source="reviewed_by.display_name", read_only=True, default=None)

    class Meta:
        model = PortalSignup
        fields = [
            "id",
            "tax_code",
            "enterprise_name",
            "full_name",
            "position",
            "email",
            "phone",
            "enterprise",
            "registered_name",
            "managing_branch",
            "status",
            "status_display",
            "reviewed_by",
            "reviewed_by_name",
            "reviewed_at",
            "review_note",
            "created_at",
        ]
        read_only_fields = fields


class ApproveSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text=gettext_lazy("The applicant is told this reason."))


class PortalSignupViewSet(ExportMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Self-registrations to verify: those matched to an enterprise of the caller's subtree (headquarters: also the
    unmatched ones). Filter with `?status=pending|approved|rejected`."""

    serializer_class = PortalSignupSerializer
    permission_classes = [IsStaffMember]
    filterset_fields = ["status"]
    ordering_fields = ["created_at", "tax_code"]
    export_basename = "portal-signups"
    export_columns = exports.SIGNUP_COLUMNS

    def get_queryset(self):
        return services.signups_visible_to(self.request.user)

    @extend_schema(request=ApproveSerializer, responses={200: PortalSignupSerializer, 400: OpenApiResponse()})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        signup = self.get_object()
        body = ApproveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        signup = services.approve_signup(by=request.user, signup=signup, note=body.validated_data["note"])
        return Response(self.get_serializer(signup).data)

    @extend_schema(request=RejectSerializer, responses={200: PortalSignupSerializer, 400: OpenApiResponse()})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        signup = self.get_object()
        body = RejectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        signup = services.reject_signup(by=request.user, signup=signup, reason=body.validated_data["reason"])
        return Response(self.get_serializer(signup).data)


class PortalUserSerializer(serializers.ModelSerializer):
    enterprise = serializers.IntegerField(source="portal_membership.enterprise_id", read_only=True)
    enterprise_name = serializers.CharField(source="portal_membership.enterprise.name_vi", read_only=True)
    contact = serializers.IntegerField(source="portal_membership.contact_id", read_only=True, default=None)
    contact_name = serializers.CharField(source="portal_membership.contact.full_name", read_only=True, default=None)
    language = LanguageField(read_only=True)
    has_password = serializers.SerializerMethodField(
        help_text=gettext_lazy("False until the invited person has chosen a password.")
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "email",
            "phone",
            "language",
            "enterprise",
            "enterprise_name",
            "contact",
            "contact_name",
            "is_active",
            "has_password",
            "last_login",
            "date_joined",
        ]
        read_only_fields = fields

    def get_has_password(self, obj) -> bool:
        return obj.has_usable_password()


class InviteSerializer(ScopedFieldsMixin, serializers.Serializer):
    """Invite one of the enterprise's contacts, or a person by name and email (the email becomes the login)."""

    scoped_fields = {
        "enterprise": lambda user: Enterprise.objects.visible_to(user),
        "contact": lambda user: Contact.objects.visible_to(user),
    }

    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.none())
    contact = serializers.PrimaryKeyRelatedField(queryset=Contact.objects.none(), required=False, allow_null=True)
    full_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    email = serializers.EmailField(max_length=150, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    language = LanguageField(required=False, default="")

    def validate(self, attrs):
        if attrs.get("contact") is None and not (attrs.get("full_name") and attrs.get("email")):
            raise serializers.ValidationError(
                gettext_lazy("Choose a contact of the enterprise, or give the person's full name and email.")
            )
        return attrs


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "enterprise", OpenApiTypes.INT, description="Only the portal users of this enterprise (in your scope)."
            )
        ]
    )
)
class PortalUserViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Portal users of the enterprises of the caller's subtree. POST invites one (an active login without a password
    and a queued email with a set-password link); `deactivate` stops one signing in. Filter with `?enterprise=<id>`."""

    permission_classes = [IsStaffMember]
    ordering_fields = ["full_name", "date_joined", "last_login"]

    def get_serializer_class(self):
        return InviteSerializer if self.action == "create" else PortalUserSerializer

    def get_queryset(self):
        queryset = services.portal_users_visible_to(self.request.user)
        enterprise = self.request.query_params.get("enterprise", "")
        if self.action == "list" and enterprise:
            queryset = queryset.filter(portal_membership__enterprise_id=enterprise if enterprise.isdigit() else 0)
        return queryset

    @extend_schema(request=InviteSerializer, responses={201: PortalUserSerializer, 400: OpenApiResponse()})
    def create(self, request, *args, **kwargs):
        body = InviteSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        user = services.invite_portal_user(
            by=request.user, site_url=request.build_absolute_uri("/"), **body.validated_data
        )
        user = services.portal_users_visible_to(request.user).get(pk=user.pk)
        return Response(
            PortalUserSerializer(user, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=None, responses={200: PortalUserSerializer, 400: OpenApiResponse()})
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        user = services.deactivate_portal_user(by=request.user, user=self.get_object())
        user = services.portal_users_visible_to(request.user).get(pk=user.pk)
        return Response(PortalUserSerializer(user, context=self.get_serializer_context()).data)


def register(router) -> None:
    router.register("portal-signups", PortalSignupViewSet, basename="portal-signup")
    router.register("portal-users", PortalUserViewSet, basename="portal-user")
