"""FilterSets shared by the partnerships API and HTML lists."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm.models import Branch, Enterprise
from crm.text import search_key
from partnerships.models import (
    Agreement,
    AgreementKind,
    AgreementLevel,
    AgreementStatus,
    Enrolment,
    EnrolmentStatus,
    Metric,
    MonthlyStatistic,
    Pledge,
    PledgeCampaign,
    PledgeStatus,
    Programme,
    Target,
)


def _visible_branches(request):
    if request is None:
        return Branch.objects.none()
    return Branch.objects.visible_to(request.user).order_by("path")


def _visible_enterprises(request):
    if request is None:
        return Enterprise.objects.none()
    return Enterprise.objects.visible_to(request.user)


class SubtreeFilter(django_filters.ModelChoiceFilter):
    """A unit and every unit under it; units outside the caller's scope are refused like missing ones."""

    def __init__(self, *, via: str, **kwargs):
        self.via = via
        kwargs.setdefault("queryset", _visible_branches)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        return qs.filter(**{f"{self.via}__path__startswith": value.path}) if value else qs


class AgreementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Number, title or party"))
    status = django_filters.MultipleChoiceFilter(choices=AgreementStatus.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=AgreementKind.choices, label=_("Kind"))
    level = django_filters.ChoiceFilter(choices=AgreementLevel.choices, label=pgettext_lazy("agreement level", "Level"))
    branch = SubtreeFilter(via="branch", label=_("Customs unit (with its units)"))
    party = django_filters.ModelChoiceFilter(
        queryset=_visible_enterprises, method="filter_party", label=_("Party (enterprise)")
    )
    expiring_within = django_filters.NumberFilter(
        method="filter_expiring", label=_("Expiring within (days)"), min_value=0, max_value=3650
    )

    class Meta:
        model = Agreement
        fields = []

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        key = search_key(value)
        return queryset.filter(
            Q(doc_number__icontains=value)
            | Q(title__icontains=value)
            | Q(parties__enterprise__search_text__contains=key)
            | Q(parties__enterprise__tax_code__startswith=value)
            | Q(parties__association__name_vi__icontains=value)
        ).distinct()

    def filter_party(self, queryset, name, enterprise):
        return queryset.filter(parties__enterprise=enterprise).distinct() if enterprise else queryset

    def filter_expiring(self, queryset, name, days):
        if days is None:
            return queryset
        return queryset.expiring_within(timezone.localdate(), int(days))


class CampaignFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))
    branch = SubtreeFilter(via="branch", label=_("Customs unit (with its units)"))
    year = django_filters.NumberFilter(method="filter_year", label=_("Year"))

    class Meta:
        model = PledgeCampaign
        fields = ["kind"]

    def filter_year(self, queryset, name, year):
        if not year:
            return queryset
        return queryset.filter(starts_on__year__lte=year, ends_on__year__gte=year)


class PledgeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Enterprise name or tax code"))
    campaign = django_filters.ModelChoiceFilter(
        queryset=lambda request: (
            PledgeCampaign.objects.visible_to(request.user) if request else PledgeCampaign.objects.none()
        ),
        label=_("Campaign"),
    )
    enterprise = django_filters.ModelChoiceFilter(queryset=_visible_enterprises, label=_("Enterprise"))
    status = django_filters.ChoiceFilter(choices=PledgeStatus.choices, label=_("Status"))

    class Meta:
        model = Pledge
        fields = []

    def filter_q(self, queryset, name, value):
        key = search_key(value)
        if not key:
            return queryset
        return queryset.filter(
            Q(enterprise__search_text__contains=key) | Q(enterprise__tax_code__startswith=value.strip())
        )


class EnrolmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Enterprise name or tax code"))
    programme = django_filters.ModelChoiceFilter(queryset=Programme.objects.order_by("name_vi"), label=_("Programme"))
    status = django_filters.MultipleChoiceFilter(choices=EnrolmentStatus.choices, label=_("Status"))
    branch = SubtreeFilter(via="branch", label=_("Managing unit (with its units)"))
    enterprise = django_filters.ModelChoiceFilter(queryset=_visible_enterprises, label=_("Enterprise"))
    cohort = django_filters.CharFilter(lookup_expr="iexact", label=_("Cohort"))

    class Meta:
        model = Enrolment
        fields = []

    def filter_q(self, queryset, name, value):
        key = search_key(value)
        if not key:
            return queryset
        return queryset.filter(
            Q(enterprise__search_text__contains=key) | Q(enterprise__tax_code__startswith=value.strip())
        )


class TargetFilter(django_filters.FilterSet):
    branch = django_filters.ModelChoiceFilter(queryset=_visible_branches, label=_("Customs unit"))
    year = django_filters.NumberFilter(label=_("Year"))
    metric = django_filters.ChoiceFilter(choices=Metric.choices, label=_("Metric"))

    class Meta:
        model = Target
        fields = []


class MonthlyStatisticFilter(django_filters.FilterSet):
    """Monthly statistics of a unit's subtree, by year or by a range of months (written 2026-05)."""

    branch = SubtreeFilter(via="branch", label=_("Customs unit (with its units)"))
    year = django_filters.NumberFilter(field_name="month__year", label=_("Year"), min_value=2000, max_value=2100)
    month_from = django_filters.DateFilter(
        field_name="month", lookup_expr="gte", label=_("From month"), input_formats=["%Y-%m", "%Y-%m-%d"]
    )
    month_to = django_filters.DateFilter(
        field_name="month", lookup_expr="lte", label=_("To month"), input_formats=["%Y-%m", "%Y-%m-%d"]
    )

    class Meta:
        model = MonthlyStatistic
        fields = []
