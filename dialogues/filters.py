"""FilterSets shared by the dialogues API and HTML lists."""

from datetime import timedelta

import django_filters
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialogues.models import (
    QUESTION_OPEN,
    ActionStatus,
    ActionType,
    Conference,
    ConferenceKind,
    ConferenceStatus,
    FollowUpAction,
    LegalDocument,
    LegalDocumentStatus,
    LegalDocumentType,
    Question,
    QuestionCategory,
    QuestionChannel,
    QuestionPriority,
    QuestionStatus,
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


QUESTION_VIEWS = [
    ("mine", _("Assigned to me")),
    ("unit", _("My unit's")),
    ("unassigned", _("Unassigned")),
    ("due_soon", _("Due within 2 working days")),
    ("overdue", _("Overdue")),
    ("awaiting", _("Awaiting the enterprise")),
    ("escalated", _("Escalated")),
    ("approval", _("Awaiting approval")),
]


class QuestionFilter(django_filters.FilterSet):
    """The staff inbox and the API list. `view` picks an inbox tab; the other fields narrow it."""

    q = django_filters.CharFilter(method="filter_q", label=_("Reference, title or text"))
    status = django_filters.MultipleChoiceFilter(choices=QuestionStatus.choices, label=_("Status"))
    category = django_filters.ChoiceFilter(choices=QuestionCategory.choices, label=_("Category"))
    channel = django_filters.ChoiceFilter(choices=QuestionChannel.choices, label=_("Channel"))
    priority = django_filters.ChoiceFilter(choices=QuestionPriority.choices, label=_("Priority"))
    branch = SubtreeFilter(via="branch", label=_("Receiving unit (with its units)"))
    enterprise = django_filters.NumberFilter(field_name="enterprise_id", label=_("Enterprise"))
    conference = django_filters.NumberFilter(field_name="conference_id", label=_("Conference"))
    received_from = django_filters.DateFilter(field_name="received_at__date", lookup_expr="gte", label=_("From"))
    received_to = django_filters.DateFilter(field_name="received_at__date", lookup_expr="lte", label=_("To"))
    view = django_filters.ChoiceFilter(choices=QUESTION_VIEWS, method="filter_view", label=_("Show"))

    class Meta:
        model = Question
        fields = []

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(reference__iexact=value) | Q(title__icontains=value) | Q(body__icontains=value))

    def filter_view(self, queryset, name, value):
        """A work tab lists the nearest deadline first (paused questions last); the others stay newest first."""
        rows = self._view_rows(queryset, value)
        if value in ("mine", "unit", "unassigned", "due_soon", "overdue", "approval"):
            rows = rows.order_by(F("due_on").asc(nulls_last=True), "received_at", "id")
        return rows

    def _view_rows(self, queryset, value):
        from crm import access
        from crm.workdays import Calendar

        user = self.request.user if self.request else None
        today = timezone.localdate()
        open_ = queryset.filter(status__in=QUESTION_OPEN)
        running = open_.exclude(status=QuestionStatus.AWAITING_ENTERPRISE)
        if value == "mine":
            return open_.filter(assignee=user) if user else queryset.none()
        if value == "unit":
            unit = access.home_branch(user)
            return open_.filter(Q(assigned_unit=unit) | Q(assigned_unit__isnull=True, branch=unit)) if unit else open_
        if value == "unassigned":
            return open_.filter(assignee__isnull=True)
        if value == "due_soon":
            return running.filter(due_on__gte=today, due_on__lte=Calendar().add(today, 2))
        if value == "overdue":
            return running.filter(due_on__lt=today)
        if value == "awaiting":
            return queryset.filter(status=QuestionStatus.AWAITING_ENTERPRISE)
        if value == "escalated":
            return queryset.filter(status=QuestionStatus.ESCALATED)
        if value == "approval":
            return queryset.filter(status=QuestionStatus.PENDING_APPROVAL)
        return queryset


class LegalDocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Number or title"))
    doc_type = django_filters.ChoiceFilter(choices=LegalDocumentType.choices, label=_("Type"))
    status = django_filters.ChoiceFilter(choices=LegalDocumentStatus.choices, label=_("Status"))

    class Meta:
        model = LegalDocument
        fields = []

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(number__icontains=value) | Q(title__icontains=value)) if value else queryset
