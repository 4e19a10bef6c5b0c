"""Serializers of the core register: they shape data; writes go through crm.services."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from crm.models import (
    Association,
    Branch,
    BranchCoverage,
    Contact,
    DeclarationType,
    Enterprise,
    EnterpriseUnit,
    Province,
    Role,
    Segment,
    User,
)
from crm.taxcodes import normalise_tax_code


class ScopedFieldsMixin:
    """Narrow related-field choices to what the requesting user may see, so a foreign id is a plain 400."""

    scoped_fields: dict = {}

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for name, make_queryset in self.scoped_fields.items():
            field = fields.get(name)
            if field is None or field.read_only:
                continue
            target = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
            target.queryset = make_queryset(user)
        return fields


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["id", "code", "name_vi", "name_en", "valid_from", "valid_to", "merged_into"]


class BranchSerializer(ScopedFieldsMixin, serializers.ModelSerializer):
    scoped_fields = {"parent": lambda user: Branch.objects.visible_to(user)}
    parent_name = serializers.CharField(source="parent.name_vi", read_only=True, default=None)

    class Meta:
        model = Branch
        fields = [
            "id",
            "parent",
            "parent_name",
            "kind",
            "code",
            "name_vi",
            "name_en",
            "short_name",
            "roman_numeral",
            "customs_office_code",
            "hq_province",
            "address",
            "phone",
            "email",
            "active_from",
            "active_to",
            "depth",
        ]
        read_only_fields = ["depth"]


class BranchCoverageSerializer(ScopedFieldsMixin, serializers.ModelSerializer):
    scoped_fields = {"branch": lambda user: Branch.objects.visible_to(user)}
    branch_name = serializers.CharField(source="branch.name_vi", read_only=True)
    province_name = serializers.CharField(source="province.name_vi", read_only=True)

    class Meta:
        model = BranchCoverage
        fields = [
            "id",
            "branch",
            "branch_name",
            "province",
            "province_name",
            "valid_from",
            "valid_to",
            "legal_basis",
            "note",
        ]


class EndCoverageSerializer(serializers.Serializer):
    valid_to = serializers.DateField()


class DeclarationTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeclarationType
        fields = ["code", "direction", "name_vi", "name_en"]


class SegmentSerializer(serializers.ModelSerializer):
    declaration_types = serializers.SlugRelatedField(
        many=True, slug_field="code", queryset=DeclarationType.objects.all(), required=False
    )

    class Meta:
        model = Segment
        fields = ["id", "code", "name_vi", "name_en", "description", "declaration_types"]


class AssociationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Association
        fields = [
            "id",
            "name_vi",
            "name_en",
            "short_name",
            "province",
            "website",
            "email",
            "phone",
            "contact_person",
        ]


class ContactSerializer(ScopedFieldsMixin, serializers.ModelSerializer):
    scoped_fields = {"enterprise": lambda user: Enterprise.objects.visible_to(user)}

    class Meta:
        model = Contact
        fields = [
            "id",
            "enterprise",
            "full_name",
            "position",
            "phone",
            "email",
            "language",
            "is_legal_representative",
            "consent_date",
            "is_active",
        ]


class EnterpriseUnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = EnterpriseUnit
        fields = ["id", "tax_code", "name", "kind", "province", "address"]


class EnterpriseSerializer(ScopedFieldsMixin, serializers.ModelSerializer):
    scoped_fields = {"managing_branch": lambda user: Branch.objects.visible_to(user)}
    managing_branch_name = serializers.CharField(source="managing_branch.name_vi", read_only=True)
    province_name = serializers.CharField(source="province.name_vi", read_only=True, default=None)
    declaration_types = serializers.SlugRelatedField(
        many=True, slug_field="code", queryset=DeclarationType.objects.all(), required=False
    )
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "tax_code",
            "name_vi",
            "name_foreign",
            "short_name",
            "ownership",
            "investor_country",
            "is_export_processing",
            "industrial_park",
            "aeo_status",
            "aeo_decision",
            "aeo_decision_date",
            "compliance_level",
            "compliance_assessed_on",
            "managing_branch",
            "managing_branch_name",
            "province",
            "province_name",
            "address",
            "phone",
            "email",
            "website",
            "status",
            "declaration_types",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"tax_code": {"validators": []}}

    def validate_tax_code(self, value):
        from django.core.exceptions import ValidationError

        try:
            return normalise_tax_code(value)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc

    def validate_investor_country(self, value):
        value = (value or "").strip().upper()
        if value and (len(value) != 2 or not value.isalpha()):
            raise serializers.ValidationError(_("Use the two-letter ISO country code, e.g. KR or JP."))
        return value


class EnterpriseDetailSerializer(EnterpriseSerializer):
    segments = serializers.PrimaryKeyRelatedField(many=True, queryset=Segment.objects.all(), required=False)
    associations = serializers.PrimaryKeyRelatedField(many=True, queryset=Association.objects.all(), required=False)
    contacts = ContactSerializer(many=True, read_only=True)
    units = EnterpriseUnitSerializer(many=True, read_only=True)

    class Meta(EnterpriseSerializer.Meta):
        fields = [*EnterpriseSerializer.Meta.fields, "segments", "associations", "notes", "contacts", "units"]


class EnterpriseImportSerializer(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=True)


class StaffAccountSerializer(ScopedFieldsMixin, serializers.ModelSerializer):
    scoped_fields = {"branch": lambda user: Branch.objects.visible_to(user)}
    branch = serializers.PrimaryKeyRelatedField(source="staff_membership.branch", queryset=Branch.objects.none())
    branch_name = serializers.CharField(source="staff_membership.branch.name_vi", read_only=True)
    role = serializers.ChoiceField(source="staff_membership.role", choices=Role.choices)
    title = serializers.CharField(source="staff_membership.title", required=False, allow_blank=True)
    password = serializers.CharField(
        write_only=True, required=False, allow_blank=True, style={"input_type": "password"}
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "email",
            "language",
            "is_active",
            "branch",
            "branch_name",
            "role",
            "title",
            "password",
            "last_login",
        ]
        read_only_fields = ["last_login"]

    def validate_password(self, value):
        from django.contrib.auth.password_validation import validate_password
        from django.core.exceptions import ValidationError

        if value:
            try:
                validate_password(value)
            except ValidationError as exc:
                raise serializers.ValidationError(exc.messages) from exc
        return value
