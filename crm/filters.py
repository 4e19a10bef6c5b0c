"""FilterSets shared by the API and the HTML lists."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from crm.models import (
    AeoStatus,
    Branch,
    ComplianceLevel,
    Contact,
    DeclarationType,
    Enterprise,
    EnterpriseStatus,
    Ownership,
    Province,
    Segment,
)
from crm.models.enterprises import FDI_OWNERSHIPS
from crm.text import search_key


def _visible_branches(request):
    if request is None:
        return Branch.objects.none()
    return Branch.objects.visible_to(request.user).order_by("path")


def _segments(request):
    return Segment.objects.order_by("name_vi")


OWNERSHIP_FILTER_CHOICES = [("fdi", _("FDI (any foreign investment)")), *Ownership.choices]


class EnterpriseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Name or tax code"))
    managing_branch = django_filters.ModelChoiceFilter(
        queryset=_visible_branches, method="filter_branch", label=_("Managing unit (with its units)")
    )
    province = django_filters.ModelChoiceFilter(queryset=Province.objects.order_by("name_vi"), label=_("Province"))
    ownership = django_filters.ChoiceFilter(
        choices=OWNERSHIP_FILTER_CHOICES, method="filter_ownership", label=_("Ownership")
    )
    investor_country = django_filters.CharFilter(method="filter_country", label=_("Investor country"))
    is_export_processing = django_filters.BooleanFilter(label=_("Export-processing"))
    aeo_status = django_filters.ChoiceFilter(choices=AeoStatus.choices, label=_("AEO status"))
    compliance_level = django_filters.ChoiceFilter(choices=ComplianceLevel.choices, label=_("Compliance level"))
    segment = django_filters.ModelChoiceFilter(field_name="segments", queryset=_segments, label=_("Segment"))
    type_code = django_filters.ModelChoiceFilter(
        field_name="declaration_types",
        queryset=DeclarationType.objects.order_by("code"),
        to_field_name="code",
        label=_("Import–export type code"),
    )
    status = django_filters.ChoiceFilter(choices=EnterpriseStatus.choices, label=_("Business status"))
    include_inactive = django_filters.BooleanFilter(method="filter_inactive", label=_("Include deactivated"))

    class Meta:
        model = Enterprise
        fields = []

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("include_inactive"):
            queryset = queryset.filter(deactivated_at__isnull=True)
        return queryset

    def filter_q(self, queryset, name, value):
        key = search_key(value)
        if not key:
            return queryset
        digits = value.replace("-", "").replace(" ", "")
        condition = Q(search_text__contains=key)
        if digits.isdigit():
            condition |= Q(tax_code__startswith=value.strip())
        return queryset.filter(condition)

    def filter_branch(self, queryset, name, branch):
        return queryset.filter(managing_branch__path__startswith=branch.path) if branch else queryset

    def filter_ownership(self, queryset, name, value):
        if value == "fdi":
            return queryset.filter(ownership__in=FDI_OWNERSHIPS)
        return queryset.filter(ownership=value)

    def filter_country(self, queryset, name, value):
        return queryset.filter(investor_country=value.strip().upper()) if value.strip() else queryset

    def filter_inactive(self, queryset, name, value):
        return queryset  # applied in .qs so that the default (unset) hides deactivated enterprises


def _visible_enterprises(request):
    if request is None:
        return Enterprise.objects.none()
    return Enterprise.objects.visible_to(request.user)


class ContactFilter(django_filters.FilterSet):
    """An enterprise outside the caller's scope is refused exactly like one that does not exist (no id probing)."""

    enterprise = django_filters.ModelChoiceFilter(queryset=_visible_enterprises, label=_("Enterprise"))

    class Meta:
        model = Contact
        fields = ["enterprise", "is_active", "language"]
