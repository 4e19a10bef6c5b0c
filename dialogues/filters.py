"""FilterSets shared by the dialogues API and HTML lists."""

from datetime import timedelta

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialogues.models import (
    ActionStatus,
    ActionType,
    Conference,
    ConferenceKind,
    ConferenceStatus,
    FollowUpAction,
)
from partnerships.filters import SubtreeFilter


class ConferenceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Title"))
    status = django_filters.MultipleChoiceFilter(choices=ConferenceStatus.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=ConferenceKind.choices, label=_("Kind"))
    branch = SubtreeFilter(via="branch", label=_("Organising unit (with its units)"))
    year = django_filters.NumberFilter(field_name="starts_at__year", label=_("Year"))

    class Meta:
        model = Conference
        fields = []


class ActionFilter(django_filters.FilterSet):
    """`view`: mine (the caller is responsible), overdue, week (due within 7 days); otherwise every action."""

    q = django_filters.CharFilter(method="filter_q", label=_("Title"))
    status = django_filters.MultipleChoiceFilter(choices=ActionStatus.choices, label=_("Status"))
    type = django_filters.ChoiceFilter(choices=ActionType.choices, label=_("Type"))
    branch = SubtreeFilter(via="branch", label=_("Responsible unit (with its units)"))
    conference = django_filters.NumberFilter(field_name="conference_id", label=_("Conference"))
    view = django_filters.ChoiceFilter(
        choices=[("mine", _("Mine")), ("overdue", _("Overdue")), ("week", _("Due this week"))],
        method="filter_view",
        label=_("Show"),
    )

    class Meta:
        model = FollowUpAction
        fields = []

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value)) if value else queryset

    def filter_view(self, queryset, name, value):
        today = timezone.localdate()
        open_ = queryset.filter(status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS])
        if value == "mine":
            return queryset.filter(owner=self.request.user) if self.request else queryset.none()
        if value == "overdue":
            return open_.filter(due_on__lt=today)
        if value == "week":
            return open_.filter(due_on__gte=today, due_on__lte=today + timedelta(days=7))
        return queryset
