"""API viewsets of the core register. get_queryset() always returns a scoped selector; writes call services."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from crm import access, exports, selectors
from crm.api import permissions, serializers
from crm.api.exports import EXPORT_PARAMETER, ExportMixin
from crm.filters import ContactFilter, EnterpriseFilter
from crm.services import branches as branch_services
from crm.services import enterprises as enterprise_services
from crm.services import imports as import_services
from crm.services import reference as reference_services
from crm.services import staff as staff_services


class TokenView(ObtainAuthToken):
    """POST username and password, get {"token": "..."} for the header `Authorization: Token ...`."""

    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"


class BranchViewSet(
    ExportMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Customs units in the caller's subtree (headquarters: all). Headquarters administrators edit the tree."""

    serializer_class = serializers.BranchSerializer
    permission_classes = [permissions.HqAdminWrites]
    filterset_fields = ["kind", "parent"]
    ordering_fields = ["code", "name_vi", "path"]

    export_basename = "customs-units"
    export_columns = exports.BRANCH_COLUMNS

    def get_queryset(self):
        return selectors.branches_visible_to(self.request.user)

    def get_export_queryset(self):
        tree = selectors.branch_tree_visible_to(self.request.user)
        return exports.branch_export_queryset(self.filter_queryset(tree))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = branch_services.create_branch(
            by=self.request.user, parent=data.pop("parent", None), **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        parent = data.pop("parent", serializer.instance.parent)
        serializer.instance = branch_services.update_branch(
            branch=serializer.instance, by=self.request.user, parent=parent, **data
        )


class BranchCoverageViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Which unit covers which province, with validity dates. Periods end through the `end` action."""

    serializer_class = serializers.BranchCoverageSerializer
    permission_classes = [permissions.HqAdminWrites]
    filterset_fields = ["branch", "province"]

    def get_queryset(self):
        return selectors.coverages_visible_to(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = branch_services.add_coverage(by=self.request.user, **serializer.validated_data)

    @extend_schema(request=serializers.EndCoverageSerializer, responses=serializers.BranchCoverageSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        payload = serializers.EndCoverageSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        coverage = branch_services.end_coverage(by=request.user, coverage=self.get_object(), **payload.validated_data)
        return Response(self.get_serializer(coverage).data)


class ProvinceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Provinces (public reference data, readable by any signed-in user); headquarters administrators edit them."""

    serializer_class = serializers.ProvinceSerializer
    pagination_class = None

    def get_permissions(self):
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            return [IsAuthenticated()]
        return [permissions.HqAdminWrites()]

    def get_queryset(self):
        return selectors.provinces()

    def perform_create(self, serializer):
        serializer.instance = reference_services.save_province(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = reference_services.save_province(
            by=self.request.user, province=serializer.instance, **serializer.validated_data
        )


class SegmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Groups of enterprises by regime. Staff read; managers edit."""

    serializer_class = serializers.SegmentSerializer
    permission_classes = [permissions.ManagerWrites]

    def get_queryset(self):
        return selectors.segments_for(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = reference_services.save_segment(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = reference_services.save_segment(
            by=self.request.user, segment=serializer.instance, **serializer.validated_data
        )


class AssociationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Business associations. Staff read; managers edit."""

    serializer_class = serializers.AssociationSerializer
    permission_classes = [permissions.ManagerWrites]

    def get_queryset(self):
        return selectors.associations_for(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = reference_services.save_association(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = reference_services.save_association(
            by=self.request.user, association=serializer.instance, **serializer.validated_data
        )


class EnterpriseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Enterprises managed by the caller's subtree (portal users: their own, read-only)."""

    permission_classes = [permissions.StaffOrPortal]
    filterset_class = EnterpriseFilter
    ordering_fields = ["name_vi", "tax_code", "created_at", "compliance_level"]

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.enterprise_detail_visible_to(self.request.user)
        return selectors.enterprises_visible_to(self.request.user)

    def filter_queryset(self, queryset):
        """List filters (deactivated hidden by default) apply to lists and exports, not to one enterprise."""
        if self.detail:
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer_class(self):
        if self.action in ("retrieve", "create", "update", "partial_update"):
            return serializers.EnterpriseDetailSerializer
        return serializers.EnterpriseSerializer

    def perform_create(self, serializer):
        serializer.instance = enterprise_services.register_enterprise(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = enterprise_services.update_enterprise(
            enterprise=serializer.instance, by=self.request.user, **serializer.validated_data
        )

    def _require_manager(self):
        if not access.is_manager(self.request.user):
            raise PermissionDenied(_("Only managers can do this."))

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        self._require_manager()
        enterprise = enterprise_services.deactivate_enterprise(enterprise=self.get_object(), by=request.user)
        return Response(serializers.EnterpriseSerializer(enterprise, context=self.get_serializer_context()).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def reactivate(self, request, pk=None):
        self._require_manager()
        enterprise = enterprise_services.reactivate_enterprise(enterprise=self.get_object(), by=request.user)
        return Response(serializers.EnterpriseSerializer(enterprise, context=self.get_serializer_context()).data)

    @extend_schema(parameters=[EXPORT_PARAMETER], responses={(200, "text/csv"): bytes})
    @action(detail=False, methods=["get"])
    def export(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        return exports.enterprise_export_response(queryset, request.query_params.get("as", "csv"))

    @extend_schema(request={"multipart/form-data": serializers.EnterpriseImportSerializer}, responses=dict)
    @action(detail=False, methods=["post"], url_path="import")
    def import_file(self, request):
        """Upload CSV/XLSX. dry_run=true (the default) previews; otherwise all rows are written or none is."""
        self._require_manager()
        payload = serializers.EnterpriseImportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        report = import_services.import_enterprises_file(
            upload=payload.validated_data["file"], by=request.user, dry_run=payload.validated_data["dry_run"]
        )
        code = status.HTTP_400_BAD_REQUEST if report.errors and not report.dry_run else status.HTTP_200_OK
        return Response(report.as_dict(), status=code)


class ContactViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Contacts of visible enterprises. Staff edit; portal users read their enterprise's contacts."""

    serializer_class = serializers.ContactSerializer
    permission_classes = [permissions.StaffOrPortal]
    filterset_class = ContactFilter

    def get_queryset(self):
        return selectors.contacts_visible_to(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = enterprise_services.add_contact(
            enterprise=data.pop("enterprise"), by=self.request.user, **data
        )

    def perform_update(self, serializer):
        serializer.instance = enterprise_services.update_contact(
            contact=serializer.instance, by=self.request.user, **serializer.validated_data
        )


class StaffAccountViewSet(
    ExportMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Staff logins. Managers read their subtree's staff; headquarters administrators create and edit them."""

    serializer_class = serializers.StaffAccountSerializer
    permission_classes = [permissions.ManagerReadsHqAdminWrites]
    export_basename = "staff-accounts"
    export_columns = exports.STAFF_COLUMNS

    def get_queryset(self):
        return selectors.staff_accounts_visible_to(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        membership = data.pop("staff_membership")
        serializer.instance = staff_services.create_staff_account(
            by=self.request.user,
            password=data.pop("password", None) or None,
            branch=membership["branch"],
            role=membership["role"],
            title=membership.get("title", ""),
            **data,
        )

    def perform_update(self, serializer):
        user = serializer.instance
        data = dict(serializer.validated_data)
        membership = data.pop("staff_membership", {})
        data.pop("username", None)
        password = data.pop("password", None)
        current = user.staff_membership
        serializer.instance = staff_services.update_staff_account(
            by=self.request.user,
            user=user,
            branch=membership.get("branch", current.branch),
            role=membership.get("role", current.role),
            title=membership.get("title", current.title),
            full_name=data.get("full_name", user.full_name),
            email=data.get("email", user.email),
            language=data.get("language", user.language),
            is_active=data.get("is_active", user.is_active),
        )
        if password:
            staff_services.set_password(by=self.request.user, user=user, password=password)
