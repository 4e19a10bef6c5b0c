"""The rules of the answer clock (managers read, headquarters administrators change): the working calendar — the
statutory holidays of this year and next, and the exceptions added here — and the deadline policy by category and
priority."""

from datetime import date

import holidays
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.errors import DomainError
from crm.forms.org import add_service_error
from crm.models import CalendarDay
from crm.views.decorators import hq_admin_required, manager_required
from dialogues.forms.deadlines import CalendarDayForm, DeadlinePolicyForm
from dialogues.models import DeadlinePolicy, QuestionPriority
from dialogues.services import deadlines as services


def _calendar_page(request, form, status=200):
    year = timezone.localdate().year
    language = "en_US" if get_language() == "en" else "vi"
    statutory = sorted(holidays.country_holidays("VN", years=[year, year + 1], language=language).items())
    context = {
        "form": form,
        "statutory": [(day, name) for day, name in statutory if day >= date(year, 1, 1)],
        "exceptions": list(CalendarDay.objects.filter(day__gte=date(year - 1, 1, 1)).order_by("day")),
        "subnav": "calendar",
    }
    return render(request, "dialogues/deadlines/calendar.html", context, status=status)


@manager_required
def calendar_list(request):
    return _calendar_page(request, CalendarDayForm())


@hq_admin_required
@require_POST
def calendar_create(request):
    form = CalendarDayForm(request.POST)
    if form.is_valid():
        try:
            services.add_calendar_day(by=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Calendar updated; open questions' due dates follow it."))
            return redirect("calendar-day-list")
    return _calendar_page(request, form, status=400)


@hq_admin_required
@require_POST
def calendar_delete(request, pk):
    services.remove_calendar_day(by=request.user, entry=get_object_or_404(CalendarDay, pk=pk))
    messages.success(request, _("Calendar updated; open questions' due dates follow it."))
    return redirect("calendar-day-list")


def _policy_page(request, form, editing=None, status=200):
    context = {
        "form": form,
        "editing": editing,
        "policies": list(DeadlinePolicy.objects.order_by("category", "priority")),
        "defaults": [
            (QuestionPriority(p).label, days, internal)
            for p, (days, internal) in settings.QUESTION_DEFAULT_WORKING_DAYS.items()
        ],
        "subnav": "deadlines",
    }
    return render(request, "dialogues/deadlines/policies.html", context, status=status)


@manager_required
def policy_list(request):
    return _policy_page(request, DeadlinePolicyForm())


def _save_policy(request, policy=None):
    form = DeadlinePolicyForm(request.POST)
    if form.is_valid():
        try:
            services.save_policy(by=request.user, policy=policy, **form.cleaned_data)
        except DomainError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Deadline policy saved."))
            return redirect("deadline-policy-list")
    return _policy_page(request, form, editing=policy, status=400)


@hq_admin_required
@require_POST
def policy_create(request):
    return _save_policy(request)


@hq_admin_required
def policy_edit(request, pk):
    policy = get_object_or_404(DeadlinePolicy, pk=pk)
    if request.method == "POST":
        return _save_policy(request, policy)
    initial = {
        "category": policy.category,
        "priority": policy.priority,
        "working_days": policy.working_days,
        "internal_working_days": policy.internal_working_days,
    }
    return _policy_page(request, DeadlinePolicyForm(initial=initial), editing=policy)


@hq_admin_required
@require_POST
def policy_delete(request, pk):
    services.delete_policy(by=request.user, policy=get_object_or_404(DeadlinePolicy, pk=pk))
    messages.success(request, _("Deadline policy removed."))
    return redirect("deadline-policy-list")


urlpatterns = [
    path("org/working-calendar/", calendar_list, name="calendar-day-list"),
    path("org/working-calendar/new/", calendar_create, name="calendar-day-create"),
    path("org/working-calendar/<int:pk>/delete/", calendar_delete, name="calendar-day-delete"),
    path("org/deadline-policies/", policy_list, name="deadline-policy-list"),
    path("org/deadline-policies/new/", policy_create, name="deadline-policy-create"),
    path("org/deadline-policies/<int:pk>/edit/", policy_edit, name="deadline-policy-edit"),
    path("org/deadline-policies/<int:pk>/delete/", policy_delete, name="deadline-policy-delete"),
]
